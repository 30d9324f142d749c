from playwright.sync_api import expect

from accession.models import Accession, Status
from tests.browser.steps import log_in
from tests.factories import CoordinatorFactory, totp_code

FILE = (
    "\ufeffkind;name;organization_kind;registration_status;region;listing;edition;acceded\r\n"
    "organization;Viasna Human Rights Centre;human-rights;liquidated;minsk-city;listed;1;"
    "2021-05\r\n"
    "individual;Nasta Loika;;;brest;initials;1;2020-03-14\r\n"
).encode()
NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


def test_a_coordinator_on_a_phone_uploads_previews_and_confirms_an_import(
    page, edition_1, artifacts
):
    coordinator = CoordinatorFactory()
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, coordinator.email, second_factor=totp_code)
    page.goto("/review/")
    page.get_by_role("link", name="Import earlier accessions").click()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.get_by_label("CSV file").set_input_files(
        {"name": "signatories.csv", "mimeType": "text/csv", "buffer": FILE}
    )
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Preview of the import")).to_be_visible()
    expect(page.get_by_text("2 signatories will be carried over.")).to_be_visible()
    expect(page.get_by_text("Viasna Human Rights Centre")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=artifacts / "import-preview-390.png", full_page=True)
    assert not Accession.objects.exists()
    page.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_text("2 signatories carried over.")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert Accession.objects.filter(status=Status.APPROVED, decided_by=coordinator).count() == 2
    page.goto("/registry/")
    expect(page.get_by_role("link", name="Viasna Human Rights Centre")).to_be_visible()
    expect(page.get_by_text("N. L.")).to_be_visible()
