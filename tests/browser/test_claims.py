from playwright.sync_api import expect

from accession.models import Signatory
from organizations.models import Claim
from tests.browser.steps import log_in
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    ImportedOrganizationAccessionFactory,
    UserFactory,
    totp_code,
)

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


def test_on_a_phone_a_person_claims_an_imported_organization_is_granted_it_and_hides_it(
    page, browser, live_server, edition_1, artifacts
):
    accession = ImportedOrganizationAccessionFactory(
        organization__name="Viasna Human Rights Centre"
    )
    organization = accession.organization
    person = UserFactory(email="chair@viasna.example.org")
    coordinator = CoordinatorFactory()
    page.set_viewport_size(PHONE)

    # The person finds the organization's profile, logs in from it and asks.
    page.goto(f"/organizations/{organization.slug}/")
    expect(page.get_by_role("heading", name="Do you represent this organization?")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.get_by_role("link", name="Log in to ask to represent it").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Ask to represent Viasna")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.get_by_label("Your role in the organization").fill(
        "Chair of the board since 2019; the Vilnius office can confirm it."
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request has been sent to the coordinators.")).to_be_visible()
    expect(page.get_by_text("waiting for the coordinators")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    # A coordinator grants it from the review desk.
    desk = browser.new_context(base_url=live_server.url, viewport=PHONE)
    desk_page = desk.new_page()
    log_in(desk_page, coordinator.email, second_factor=totp_code)
    desk_page.goto("/review/")
    desk_page.get_by_role("link", name="Requests to represent an organization (1)").click()
    assert desk_page.evaluate(NO_HORIZONTAL_SCROLL)
    desk_page.get_by_role("link", name="Viasna Human Rights Centre").click()
    expect(desk_page.get_by_text("the Vilnius office can confirm it")).to_be_visible()
    expect(desk_page.locator(".facts").get_by_text("chair@viasna.example.org")).to_be_visible()
    expect(desk_page.get_by_text("You are reviewing this request.")).to_be_visible()
    assert desk_page.evaluate(NO_HORIZONTAL_SCROLL)
    desk_page.get_by_label("Internal note").fill("Confirmed by phone with the Vilnius office.")
    desk_page.get_by_role("button", name="Grant").click()
    expect(desk_page.locator("h1 .status")).to_have_text("granted")
    assert desk_page.evaluate(NO_HORIZONTAL_SCROLL)
    desk_page.screenshot(path=artifacts / "claim-granted-390.png", full_page=True)
    desk.close()
    assert Claim.objects.get().status == Claim.Status.GRANTED

    # The new representative hides the organization at once.
    page.goto("/accession/")
    expect(page.locator(".claims .status")).to_have_text("granted")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=artifacts / "claim-dashboard-390.png", full_page=True)
    page.locator("table").get_by_role("link", name="Viasna Human Rights Centre").click()
    page.locator("#main").get_by_role("button", name="Hide me now").click()
    expect(page.get_by_role("button", name="Hide me now")).to_have_count(0)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert Signatory.objects.get(organization=organization).hidden_at is not None

    page.goto("/registry/")
    expect(page.get_by_role("link", name="Viasna Human Rights Centre")).to_have_count(0)
    assert page.goto(f"/organizations/{organization.slug}/").status == 404
