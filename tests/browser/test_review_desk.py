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


PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_on_a_phone_a_coordinator_approves_and_the_signatory_reads_the_decision_as_a_letter(
    page, browser, live_server, edition_1, artifacts
):
    coordinator = CoordinatorFactory()
    accession = AccessionFactory(public_name="Nasta Loika", region="brest", listing="initials")
    page.set_viewport_size(PHONE)

    log_in(page, coordinator.email, second_factor=totp_code)
    page.goto("/review/")
    page.get_by_role("link", name="Nasta Loika").click()
    page.get_by_role("button", name="Approve").click()

    expect(page.get_by_text("Approved. The signatory has been told.")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=artifacts / "review-approved-390.png", full_page=True)

    signatory = browser.new_context(base_url=live_server.url, viewport=PHONE)
    signatory.set_default_timeout(10_000)
    signatory_page = signatory.new_page()
    try:
        log_in(signatory_page, accession.user.email)
        signatory_page.get_by_role("link", name="My accession").click()
        signatory_page.get_by_role("link", name="In my own name", exact=True).click()

        letter = signatory_page.locator("#letter")
        expect(letter.get_by_role("heading", name="Your accession is approved")).to_be_visible()
        expect(letter).to_contain_text(
            "Your entry is in the registry as you chose: N. L., Brest region."
        )
        expect(letter).to_contain_text(
            "You can change how you are listed, or hide your entry, at any time."
        )
        assert signatory_page.evaluate(NO_SIDEWAYS_SCROLL)
        signatory_page.screenshot(path=artifacts / "decision-letter-390.png", full_page=True)
    finally:
        signatory.close()
