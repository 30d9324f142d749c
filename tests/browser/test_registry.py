import csv
import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from accession.models import Listing
from accession.registry.public import COLUMNS
from tests.factories import AccessionFactory, OrganizationAccessionFactory, OrganizationFactory

# Typed into the "Name" box. PostgreSQL searches by trigrams and forgives a typo: a doubled
# letter, which keeps enough trigrams in common with "viasna" to clear pg_trgm's default
# word-similarity threshold of 0.6. SQLite only matches a substring, ignoring case.
TYPO = "Viassna"
SUBSTRING = "viasna"


@pytest.fixture
def signatories(edition_1):
    """An organization and four individuals, approved; one individual counted but not named."""
    viasna = OrganizationAccessionFactory(
        status="approved",
        organization=OrganizationFactory(name="Viasna Human Rights Centre", region="minsk-city"),
        authority_basis="Board resolution kept in the safe",
    )
    loika = AccessionFactory(
        status="approved",
        legal_name="Anastasiya Loika-Private",
        public_name="Nasta Loika",
        region="vitebsk",
        affiliation="Secret affiliation of Nasta",
        statement="A statement only coordinators read.",
    )
    AccessionFactory(status="approved", public_name="Marfa Rabkova", region="vitebsk")
    AccessionFactory(status="approved", public_name="Leanid Sudalenka", region="gomel")
    counted = AccessionFactory(
        status="approved",
        public_name="Uladzimir Labkovich",
        legal_name="Uladzimir Labkovich",
        region="vitebsk",
        listing=Listing.COUNTED,
    )
    return {"viasna": viasna, "loika": loika, "counted": counted}


def private_values(signatories):
    """What no public page or export may ever contain."""
    loika, viasna, counted = (signatories[key] for key in ("loika", "viasna", "counted"))
    return [
        loika.legal_name,
        loika.affiliation,
        loika.statement,
        loika.user.email,
        viasna.authority_basis,
        viasna.user.email,
        counted.public_name,
    ]


def assert_nothing_private(text, signatories):
    for value in private_values(signatories):
        assert value not in text


def test_a_visitor_finds_an_organization_despite_a_typo_and_opens_its_profile(
    page, live_server, settings, signatories
):
    # Entries link to the profile by absolute address; here the site is the live server.
    settings.SITE_URL = live_server.url
    page.goto("/registry/")
    expect(page.locator(".summary")).to_have_text(
        "1 organization, 3 human rights defenders "
        "and 1 more counted but not named at their request."
    )
    assert_nothing_private(page.content(), signatories)

    page.get_by_label("Name").fill(TYPO if connection.vendor == "postgresql" else SUBSTRING)
    page.get_by_role("button", name="Show").click()

    rows = page.locator("table.registry tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_role("link", name="Viasna Human Rights Centre")).to_be_visible()
    expect(page.get_by_role("link", name="Nasta Loika")).to_have_count(0)
    assert_nothing_private(page.content(), signatories)

    page.get_by_role("link", name="Viasna Human Rights Centre").click()
    expect(page.get_by_role("heading", name="Viasna Human Rights Centre")).to_be_visible()
    assert_nothing_private(page.content(), signatories)

    page.get_by_role("link", name="Organization profile").click()
    expect(page).to_have_url(re.compile(r"/organizations/[^/]+/$"))
    expect(page.get_by_role("heading", name="Viasna Human Rights Centre")).to_be_visible()
    expect(page.get_by_text("Minsk city")).to_be_visible()
    assert_nothing_private(page.content(), signatories)


def test_a_visitor_filters_the_registry_by_region_and_sees_only_that_region(
    page, signatories, artifacts
):
    page.goto("/registry/")
    page.get_by_label("Region").select_option(label="Vitebsk region")
    page.get_by_role("button", name="Show").click()

    expect(page.locator(".summary")).to_have_text("2 signatories in Vitebsk region.")
    rows = page.locator("table.registry tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Vitebsk region")).to_have_count(2)
    expect(rows.filter(has_text="Nasta Loika")).to_have_count(1)
    expect(rows.filter(has_text="Marfa Rabkova")).to_have_count(1)
    expect(page.get_by_role("link", name="Leanid Sudalenka")).to_have_count(0)
    expect(page.get_by_role("link", name="Viasna Human Rights Centre")).to_have_count(0)
    page.screenshot(path=artifacts / "registry.png", full_page=True)
    assert_nothing_private(page.content(), signatories)


def test_a_visitor_downloads_the_registry_as_csv_with_only_the_public_columns(
    page, signatories, tmp_path
):
    page.goto("/registry/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "signatories.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    # The byte-order mark that spreadsheets need is no part of the first column's name.
    text = path.read_text(encoding="utf-8-sig")
    header, *records = csv.reader(text.splitlines())
    assert header == COLUMNS
    entries = [dict(zip(header, record, strict=True)) for record in records]
    viasna = signatories["viasna"].signatory
    assert {
        "id": viasna.public_id,
        "kind": "organization",
        "name": "Viasna Human Rights Centre",
        "region": "minsk-city",
        "edition": "1",
    }.items() <= next(entry for entry in entries if entry["id"] == viasna.public_id).items()
    assert sorted(entry["name"] for entry in entries) == [
        "Leanid Sudalenka",
        "Marfa Rabkova",
        "Nasta Loika",
        "Viasna Human Rights Centre",
    ]
    assert_nothing_private(text, signatories)
