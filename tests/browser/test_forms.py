"""A failed submit in a real browser: the focus on the summary, the summary's links, what was
typed and ticked still there (and, as on every page, axe finds nothing)."""

import re

from playwright.sync_api import expect

from tests.browser.steps import log_in
from tests.factories import UserFactory


def test_a_failed_login_puts_the_focus_on_the_error_summary_and_error_in_the_title(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password:").fill("not the password")
    page.get_by_role("button", name="Sign In").click()

    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_a_failed_accession_keeps_what_was_ticked_and_links_to_the_missing_field(
    page, edition_1, artifacts
):
    user = UserFactory()
    log_in(page, user.email)
    page.goto("/accession/new/")
    page.get_by_label("Public name:").fill("Sasha Ivanova")
    page.get_by_role("radio", name="initials and region").check()
    page.get_by_label("I act, and will act, peacefully and without violence.").check()
    page.get_by_role("button", name="Submit my accession").click()

    expect(page.locator(".error-summary")).to_be_focused()
    page.screenshot(path=artifacts / "accede-errors.png")
    expect(page.get_by_label("Public name:")).to_have_value("Sasha Ivanova")
    expect(page.get_by_role("radio", name="initials and region")).to_be_checked()
    expect(
        page.get_by_label("I act, and will act, peacefully and without violence.")
    ).to_be_checked()
    page.get_by_role("link", name="Legal name: This field is required.").click()
    expect(page.get_by_label("Legal name:")).to_be_focused()
