"""What every public output shows, for every status, listing choice and kind of signatory."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accession.models import INDIVIDUAL_LISTINGS, ORGANIZATION_LISTINGS, Status
from tests.factories import (
    AccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARKERS = {
    "legal_name": "Legalmarker Secretname",
    "statement": "STATEMENTMARKER",
    "authority_basis": "AUTHORITYMARKER",
    "internal_note": "INTERNALMARKER",
    "reason": "REASONMARKER",
    "signatory_response": "RESPONSEMARKER",
}
EMAIL = "emailmarker@example.org"
CASES = [
    ("individual", listing, status, hidden)
    for listing in INDIVIDUAL_LISTINGS
    for status in Status
    for hidden in (False, True)
] + [
    ("organization", listing, status, hidden)
    for listing in ORGANIZATION_LISTINGS
    for status in Status
    for hidden in (False, True)
]


def make(kind, listing, status, hidden):
    fields = {
        **MARKERS,
        "status": status,
        "listing": listing,
        "hidden_at": timezone.now() if hidden else None,
        "user": UserFactory(email=EMAIL),
    }
    if kind == "individual":
        return AccessionFactory(public_name="Publicname Markerova", region="abroad", **fields)
    organization = OrganizationFactory(
        name="Orgmarker Centre", region="abroad", representative=fields["user"]
    )
    return OrganizationAccessionFactory(organization=organization, **fields)


def results(html):
    """The registry table alone: the search box repeats whatever was searched for."""
    return (
        html.split('<table class="registry">')[1].split("</table>")[0]
        if "registry" in html and '<table class="registry">' in html
        else ""
    )


def public_outputs(client, accession):
    """Everything anyone can fetch without logging in, as text."""
    outputs = {
        "page": client.get(reverse("registry:list")).content.decode(),
        "search": results(
            client.get(reverse("registry:list"), {"q": expected_name(accession)}).content.decode()
        ),
        # Searching for the full name must not find someone listed by initials.
        "search_full": results(
            client.get(reverse("registry:list"), {"q": "Publicname Markerova"}).content.decode()
        ),
        "csv": b"".join(client.get(reverse("registry:csv")).streaming_content).decode(),
        "json": b"".join(client.get(reverse("registry:json")).streaming_content).decode(),
        "feed": client.get(reverse("registry:feed")).content.decode(),
        "statistics": client.get(reverse("registry:statistics")).content.decode(),
        "sitemap": client.get(reverse("sitemap")).content.decode(),
    }
    permalink = client.get(reverse("registry:entry", args=[accession.public_id]))
    outputs["permalink"] = permalink.content.decode()
    if accession.organization_id:
        slug = accession.organization.slug
        outputs["profile"] = client.get(reverse("organizations:profile", args=[slug])).content
        outputs["badge"] = client.get(reverse("registry:badge", args=[accession.public_id])).content
        outputs["profile"] = outputs["profile"].decode()
        outputs["badge"] = outputs["badge"].decode()
    return outputs, permalink.status_code


def expected_name(accession):
    if accession.kind == "organization":
        return "Orgmarker Centre"
    return "Publicname Markerova" if accession.listing == "full-name" else "P. M."


@pytest.mark.parametrize("kind, listing, status, hidden", CASES, ids=str)
def test_public_outputs_show_exactly_the_approved_listed_and_nothing_private(
    client, edition_1, kind, listing, status, hidden
):
    accession = make(kind, listing, status, hidden)
    listed = status == Status.APPROVED and listing != "counted" and not hidden

    outputs, permalink_status = public_outputs(client, accession)

    everything = "\n".join(outputs.values())
    if listing != "full-name":
        assert "Publicname" not in everything
    for marker in [*MARKERS.values(), EMAIL, "Secretname", "Legalmarker"]:
        assert marker not in everything
    if listing != "full-name":
        assert accession.public_id not in outputs["search_full"]
    name = expected_name(accession)
    for output in ["page", "search", "csv", "json", "feed"]:
        assert (accession.public_id in outputs[output]) == listed, output
        assert (name in outputs[output]) == listed, output
    assert permalink_status == (200 if listed else 404)
    if kind == "organization":
        assert ("Orgmarker Centre" in outputs["profile"]) == listed
        assert ("Orgmarker Centre" in outputs["badge"]) == listed
        assert (accession.organization.slug in outputs["sitemap"]) == listed
    else:
        assert accession.public_id not in outputs["sitemap"]


@pytest.mark.parametrize("kind, listing, status, hidden", CASES, ids=str)
def test_statistics_count_approved_signatories_that_are_not_hidden(
    client, edition_1, kind, listing, status, hidden
):
    # Four others in the same region, so one more crosses the small-count threshold.
    for _ in range(4):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="counted")
    make(kind, listing, status, hidden)
    counted = status == Status.APPROVED and not hidden

    content = client.get(reverse("registry:statistics")).content.decode()

    abroad = content.split("<td>abroad</td>")[1].split("</tr>")[0]
    assert ("<td>5</td>" in abroad) == counted
    assert ("fewer than 5" in abroad) == (not counted)


def test_the_csv_and_json_carry_the_documented_fields(client, edition_1):
    from accession.public import COLUMNS

    OrganizationAccessionFactory(status=Status.APPROVED)
    AccessionFactory(status=Status.APPROVED)

    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(client.get(reverse("registry:csv")).streaming_content).decode())
        )
    )
    items = json.loads(b"".join(client.get(reverse("registry:json")).streaming_content))

    assert list(rows[0]) == COLUMNS
    assert [sorted(item) for item in items] == [sorted(COLUMNS)] * 2
    assert {row["kind"] for row in rows} == {"organization", "individual"}
    data_page = client.get(reverse("registry:data")).content.decode()
    documented = {
        name.strip()
        for term in re.findall(r"<dt>(.*?)</dt>", data_page)
        for name in term.split(",")
    }
    assert set(COLUMNS) <= documented
