import re

from playwright.sync_api import expect

from tests.browser.steps import sign_up_and_confirm


def test_a_visitor_follows_the_link_to_principle_11_and_reads_it(page, edition_1, artifacts):
    page.goto("/")
    page.screenshot(path=artifacts / "principles.png", full_page=True)

    page.get_by_role("link", name="Confidentiality and protection of personal data").click()

    expect(page).to_have_url(re.compile(r"/#principle-11$"))
    section = page.locator("#principle-11")
    expect(section).to_be_in_viewport()
    expect(section).to_contain_text("the fact of applying for assistance;")
    expect(section.locator("li")).to_have_count(3)


def test_a_person_signs_up_and_the_emailed_code_confirms_the_address_and_logs_in(page, edition_1):
    sign_up_and_confirm(page, "defender@example.org")

    expect(page.get_by_text("defender@example.org", exact=True)).to_be_visible()
