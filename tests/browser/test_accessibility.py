"""The axe check that every browser test gets, checked itself."""

from tests.browser import accessibility

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>A form</title></head>"
    "<body><main><form>{}</form></main></body></html>"
)
UNLABELED = PAGE.format("<input type='text' name='secret'>")
LABELED = PAGE.format("<label>Secret <input type='text' name='secret'></label>")


def test_each_page_a_test_loads_is_recorded_as_the_browser_had_it(page, documents, edition_1):
    page.goto("/")

    assert [document.url for document in documents] == [page.url]
    assert documents[0].html.startswith('<!DOCTYPE html><html lang="en">')


def test_the_check_reports_an_unlabeled_input_with_its_rule_selector_and_address(
    page, documents, browser, live_server
):
    page.route(
        "**/unlabeled/", lambda route: route.fulfill(body=UNLABELED, content_type="text/html")
    )
    page.goto("/unlabeled/")

    found = accessibility.violations(browser, documents)
    # Reported here, not by the check every test gets when it ends.
    documents.clear()

    assert found == [f"{live_server.url}/unlabeled/: label (Form elements must have labels): input"]


def test_the_check_finds_nothing_on_a_page_that_keeps_the_rules(page, documents, browser):
    page.route(
        "**/labeled/",
        lambda route: route.fulfill(body=LABELED, content_type="text/html"),
    )
    page.goto("/labeled/")

    assert accessibility.violations(browser, documents) == []
