from playwright.sync_api import expect

from accession.models import Accession, Status
from tests.browser.steps import log_in
from tests.factories import CoordinatorFactory, totp_code

NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)
PHONE = {"width": 390, "height": 844}


def test_on_a_phone_one_coordinator_records_an_accession_and_another_approves_it(
    page, browser, live_server, edition_1, artifacts
):
    recorder, colleague = CoordinatorFactory(), CoordinatorFactory()
    page.set_viewport_size(PHONE)

    log_in(page, recorder.email, second_factor=totp_code)
    page.goto("/review/")
    page.get_by_role("link", name="Record an accession on someone's behalf").click()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.get_by_label("Public name:").fill("Nasta Loika")
    page.get_by_label("Region:").select_option("brest")
    page.get_by_label("initials and region").check()
    page.get_by_label("by phone").check()
    page.get_by_label("When:").fill("2026-03-02")
    page.get_by_label("To whom:").fill("Coordinator on duty, Vilnius office")
    page.get_by_label("The person confirmed").check()
    page.get_by_role("button", name="Record the accession").click()

    expect(page.get_by_role("heading", name="Accession recorded")).to_be_visible()
    code = page.locator(".claim-code code").inner_text()
    assert len(code) == 19
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=artifacts / "assisted-recorded-390.png", full_page=True)
    page.get_by_role("link", name="The request").click()
    expect(page.get_by_role("heading", name="Conflict of interest")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert code not in page.content()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    second = browser.new_context(base_url=live_server.url, viewport=PHONE)
    second_page = second.new_page()
    log_in(second_page, colleague.email, second_factor=totp_code)
    second_page.goto("/review/")
    expect(second_page.get_by_text("assisted")).to_be_visible()
    second_page.get_by_role("link", name="Nasta Loika").click()
    expect(second_page.get_by_text("Coordinator on duty, Vilnius office")).to_be_visible()
    assert second_page.evaluate(NO_HORIZONTAL_SCROLL)
    second_page.screenshot(path=artifacts / "assisted-request-390.png", full_page=True)
    second_page.get_by_role("button", name="Approve").click()
    expect(second_page.locator(".status")).to_have_text("approved")
    assert second_page.evaluate(NO_HORIZONTAL_SCROLL)
    second.close()

    accession = Accession.objects.get()
    assert (accession.status, accession.recorded_by, accession.decided_by) == (
        Status.APPROVED,
        recorder,
        colleague,
    )
    page.goto("/registry/")
    expect(page.get_by_text("N. L.")).to_be_visible()
