from playwright.sync_api import expect

from accession.models import Accession, Status
from tests.browser.steps import log_in, tick_the_three_confirmations
from tests.factories import AccessionFactory, CoordinatorFactory, totp_code


def test_a_coordinator_asks_for_changes_and_approves_the_resubmitted_accession(
    page, new_context, edition_1
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

    applicant_page = new_context().new_page()
    log_in(applicant_page, accession.user.email)
    applicant_page.goto(accession.get_absolute_url())
    expect(applicant_page.get_by_text("Please add your affiliation.", exact=True)).to_be_visible()
    expect(applicant_page.get_by_text("Known to the Gomel group.")).to_have_count(0)
    applicant_page.get_by_role("link", name="Edit and resubmit").click()
    applicant_page.get_by_label("Affiliation:").fill("Vitebsk human rights group")
    tick_the_three_confirmations(applicant_page)
    applicant_page.get_by_role("button", name="Resubmit").click()
    expect(applicant_page.locator("#status")).to_have_text("resubmitted")

    page.goto("/review/")
    page.get_by_role("link", name="Sasha Ivanova").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".status")).to_have_text("approved")

    applicant_page.goto("/accession/")
    expect(applicant_page.get_by_text("approved")).to_be_visible()
    assert Accession.objects.get().status == Status.APPROVED
