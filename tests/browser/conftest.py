"""Headless Chromium driven by Playwright: $CHROMIUM if set, else Debian's /usr/bin/chromium, else
the one Playwright installed under PLAYWRIGHT_BROWSERS_PATH. `make test` installs one when none is
there (tools/ensure-chromium, which looks in the same order)."""

import os
import sys
import threading
import traceback
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser import accessibility

SYSTEM_CHROMIUM = "/usr/bin/chromium"
# No network but the test server: Chromium must not call home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


def thread_stacks():
    """Where every thread of this process is, the live server's request threads among them."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    return "\n".join(
        f"--- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame))
        for ident, frame in sys._current_frames().items()
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test that passed fails still when a page it loaded has a WCAG 2.1 A/AA
    violation, with one line per element: address, axe rule, what it asks, selector.

    One that timed out waiting for the live server says where the server's threads were."""
    from playwright.sync_api import TimeoutError

    try:
        result = yield
    except TimeoutError:
        item.add_report_section("call", "threads when it timed out", thread_stacks())
        raise
    documents = item.funcargs.get("documents")
    if documents and (found := accessibility.violations(item.funcargs["browser"], documents)):
        pytest.fail("axe found WCAG 2.1 A/AA violations:\n" + "\n".join(found), pytrace=False)
    return result


def chromium_executable():
    """The Chromium to launch, or None for Playwright's own."""
    if named := os.environ.get("CHROMIUM"):
        if not os.access(named, os.X_OK):
            pytest.fail(f"CHROMIUM={named} is not an executable file.", pytrace=False)
        return named
    if os.access(SYSTEM_CHROMIUM, os.X_OK):
        return SYSTEM_CHROMIUM
    # Where tools/ensure-chromium installs it.
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", str(Path(cache) / "ms-playwright"))
    return None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    executable = chromium_executable()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as error:
            if executable or "Executable doesn't exist" not in error.message:
                raise
            browser = None
        if browser is None:
            pytest.fail(
                f"No Chromium: neither {SYSTEM_CHROMIUM} nor Playwright's own in "
                f"{os.environ['PLAYWRIGHT_BROWSERS_PATH']}. Run `make test`, which installs one "
                "(or set CHROMIUM to a Chromium executable).",
                pytrace=False,
            )
        yield browser
        browser.close()


@pytest.fixture
def documents():
    """Every document the test's browser contexts loaded, checked by axe when the test ends."""
    return []


@pytest.fixture
def new_context(browser, live_server, documents):
    """A browser context for another person on the live server, its pages checked by axe."""
    contexts = []

    def new_context():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        accessibility.record(context, documents)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
