import re

from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD


def test_a_visitor_follows_the_link_to_principle_11_and_reads_it(page, edition_1, artifacts):
    page.goto("/")
    page.screenshot(path=artifacts / "principles.png", full_page=True)

    page.get_by_role("link", name="Confidentiality and protection of personal data").click()

    expect(page).to_have_url(re.compile(r"/#principle-11$"))
    section = page.locator("#principle-11")
    expect(section).to_be_in_viewport()
    expect(section).to_contain_text("the fact of applying for assistance;")
    expect(section.locator("li")).to_have_count(3)


def test_a_person_signs_up_confirms_through_the_emailed_link_and_logs_in(page, edition_1):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("defender@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill("defender@example.org")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text("defender@example.org", exact=True)).to_be_visible()
