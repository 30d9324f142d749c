from playwright.sync_api import expect

from accession.models import Accession, Status
from tests.factories import PASSWORD, AccessionFactory, CoordinatorFactory, totp_code


def log_in(page, email, second_factor=None):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if second_factor:
        page.get_by_role("textbox", name="Code").fill(second_factor())
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def test_a_coordinator_asks_for_changes_and_approves_the_resubmitted_accession(
    page, browser, live_server, edition_1
):
    coordinator = CoordinatorFactory()
    accession = AccessionFactory(public_name="Sasha Ivanova", region="vitebsk")

    log_in(page, coordinator.email, second_factor=totp_code)
    page.goto("/review/")
    page.get_by_role("link", name="Sasha Ivanova").click()
    expect(page.get_by_text("You are reviewing this request.")).to_be_visible()
    page.get_by_label("Reason for the signatory").fill("Please add your affiliation.")
    page.get_by_label("Internal note").fill("Known to the Gomel group.")
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.locator(".status")).to_have_text("changes requested")

    applicant = browser.new_context(base_url=live_server.url)
    applicant_page = applicant.new_page()
    log_in(applicant_page, accession.user.email)
    applicant_page.goto(accession.get_absolute_url())
    expect(applicant_page.get_by_text("Please add your affiliation.", exact=True)).to_be_visible()
    expect(applicant_page.get_by_text("Known to the Gomel group.")).to_have_count(0)
    applicant_page.get_by_role("link", name="Edit and resubmit").click()
    applicant_page.get_by_label("Affiliation:").fill("Vitebsk human rights group")
    applicant_page.get_by_label("I have read and accept all fifteen principles").check()
    applicant_page.get_by_label("I act, and will act, peacefully").check()
    applicant_page.get_by_label("I consent").check()
    applicant_page.get_by_role("button", name="Resubmit").click()
    expect(applicant_page.locator("#status")).to_have_text("resubmitted")

    page.goto("/review/")
    page.get_by_role("link", name="Sasha Ivanova").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".status")).to_have_text("approved")

    applicant_page.goto("/accession/")
    expect(applicant_page.get_by_text("approved")).to_be_visible()
    applicant.close()
    assert Accession.objects.get().status == Status.APPROVED
