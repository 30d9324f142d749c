from playwright.sync_api import expect

from accession.concerns.models import Concern
from accession.models import Status
from tests.browser.steps import assert_fits, log_in
from tests.factories import AccessionFactory, CoordinatorFactory, totp_code

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_a_visitor_raises_a_concern_answers_with_the_case_code_and_it_is_closed(
    page, new_context, live_server, edition_1, artifacts
):
    accession = AccessionFactory(status=Status.APPROVED, public_name="Nasta Loika")
    coordinator = CoordinatorFactory()
    page.set_viewport_size(PHONE)

    # A visitor raises an anonymous concern from the registry entry.
    page.goto(f"/registry/{accession.signatory.public_id}/")
    page.get_by_role("link", name="Raise a concern about this signatory").click()
    expect(page.get_by_text("About: Nasta Loika")).to_be_visible()
    assert_fits(page)
    page.get_by_label("Principle 4", exact=True).check()
    page.get_by_label("What happened?").fill("They published a client's name on 3 May.")
    page.get_by_role("button", name="Send the concern").click()
    expect(page.get_by_role("heading", name="Concern received")).to_be_visible()
    code = page.locator(".case-code").inner_text().strip()
    assert_fits(page)
    page.screenshot(path=artifacts / "concern-received-390.png", full_page=True)

    # A coordinator asks them a question from the review desk.
    desk = new_context().new_page()
    desk.set_viewport_size(PHONE)
    log_in(desk, coordinator.email, second_factor=totp_code)
    desk.goto("/review/")
    desk.get_by_role("link", name="Concerns about signatories (1)").click()
    desk.get_by_role("link", name="Nasta Loika").click()
    expect(desk.get_by_text("You are handling this concern.")).to_be_visible()
    assert_fits(desk)
    asking = desk.locator("form[action$='/ask-complainant/']")
    asking.get_by_label("Question").fill("Where was it published?")
    asking.get_by_role("button", name="Ask").click()
    expect(desk.get_by_text("Asked. The person who raised it reads")).to_be_visible()

    # The visitor reads the question with the case code and answers it.
    page.goto("/concerns/case/")
    page.get_by_label("Case code").fill(code)
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_text("Where was it published?")).to_be_visible()
    page.get_by_label("Your answer").fill("On their public channel.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("On their public channel.")).to_be_visible()
    assert_fits(page)
    page.screenshot(path=artifacts / "concern-case-390.png", full_page=True)

    # The coordinator asks the signatory for a response, then closes the concern.
    desk.reload()
    expect(desk.get_by_text("On their public channel.")).to_be_visible()
    responding = desk.locator("form[action$='/ask-signatory/']")
    responding.get_by_label("Question").fill("Did you publish the name?")
    responding.get_by_role("button", name="Ask for a response").click()
    expect(desk.get_by_text("Asked. The signatory reads")).to_be_visible()
    closing = desk.locator("form[action$='/close/']")
    closing.get_by_label("resolved").check()
    closing.get_by_label("Reasons").fill("The post was taken down and the client apologised to.")
    closing.get_by_role("button", name="Close").click()
    expect(desk.locator("h1 .status")).to_contain_text("closed")
    assert_fits(desk)
    desk.screenshot(path=artifacts / "concern-closed-390.png", full_page=True)
    assert Concern.objects.get().outcome == Concern.Outcome.RESOLVED
