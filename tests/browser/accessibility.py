"""axe-core over every document the browser tests load.

Each document is recorded as the browser had it when it finished loading (its DOM, after the
site's scripts ran), and checked after the test in a page of its own: checking it where it
loaded would race the test, which may already be navigating away. The recording runs as a
Playwright init script, which the site's Content-Security-Policy does not govern, so the policy
stays exactly as the application sends it.
"""

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.1, levels A and AA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BINDING = "__recordDocumentForAxe"
RECORD = f"""
window.addEventListener("load", () => {{
  if (window !== window.top || document.contentType !== "text/html") return;
  const doctype = document.doctype ? "<!DOCTYPE " + document.doctype.name + ">" : "";
  window.{BINDING}(location.href.split("#")[0], doctype + document.documentElement.outerHTML);
}});
"""


@dataclass(frozen=True)
class Document:
    url: str
    html: str


def record(context, documents):
    """Append a Document to `documents` for each page `context` loads from now on."""
    context.expose_binding(BINDING, lambda source, url, html: documents.append(Document(url, html)))
    context.add_init_script(RECORD)


def violations(browser, documents):
    """Each WCAG 2.1 A/AA violation in `documents`, one readable line per element."""
    found = []
    context = browser.new_context()
    try:
        page = context.new_page()
        for document in documents:
            found += _check(page, document)
    finally:
        context.close()
    return found


def _check(page, document):
    def serve(route):
        if route.request.url == document.url:
            route.fulfill(body=document.html, content_type="text/html; charset=utf-8")
        elif route.request.resource_type == "script":
            # The recorded DOM already holds what the site's scripts did: not twice.
            route.abort()
        else:
            route.fallback()  # stylesheets and images, from the live server

    page.route("**/*", serve)
    try:
        page.goto(document.url)
        results = Axe().run(
            page,
            options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
        )
    finally:
        page.unroute("**/*", serve)
    return [
        f"{document.url}: {violation['id']} ({violation['help']}): {_selector(node['target'])}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def _selector(target):
    # A selector inside a frame or shadow root is a list of selectors.
    return " >> ".join(_selector(part) if isinstance(part, list) else part for part in target)
