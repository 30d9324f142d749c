"""Asking to represent an organization, from its public profile, and following the request."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from accession.models import Status
from accession.registry.views import claim_url as claim_address
from organizations import claims
from organizations.models import Claim
from tests.factories import (
    ClaimFactory,
    CoordinatorFactory,
    ImportedOrganizationAccessionFactory,
    OrganizationAccessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(edition_1):
    return ImportedOrganizationAccessionFactory().organization


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def page(response):
    """The page as text, without its CSRF token, which differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def claim_url(organization):
    return claim_address(organization.slug)


def test_the_profile_offers_a_signed_in_person_to_ask_to_represent_the_organization(
    client, imported, person
):
    content = client.get(reverse("organizations:profile", args=[imported.slug])).content.decode()

    assert "Do you represent this organization?" in content
    assert f'href="{claim_url(imported)}"' in content


def test_the_profile_offers_a_visitor_to_log_in_and_come_back_to_ask(client, imported):
    content = client.get(reverse("organizations:profile", args=[imported.slug])).content.decode()

    login = reverse("account_login")
    assert f'href="{login}?next={quote(claim_url(imported))}"' in content


def test_asking_without_being_logged_in_leads_to_the_login_and_back(client, imported):
    response = client.get(claim_url(imported))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert response["Location"].endswith("?next=" + quote(claim_url(imported)))


def test_a_person_asks_to_represent_an_organization_and_sees_the_request_on_their_page(
    client, imported, person
):
    response = client.post(claim_url(imported), {"basis": "Chair of the board since 2019."})

    assert response.status_code == 302
    assert response["Location"] == reverse("accession:dashboard")
    claim = Claim.objects.get()
    assert (claim.user, claim.organization, claim.basis) == (
        person,
        imported,
        "Chair of the board since 2019.",
    )
    content = client.get(response["Location"]).content.decode()
    assert "My requests to represent an organization" in content
    assert imported.name in content
    assert "waiting for the coordinators" in content


@pytest.mark.parametrize("basis", ["", "   ", "Chair\x00", "x" * 2001])
def test_a_request_with_a_missing_or_invalid_basis_shows_the_form_and_saves_nothing(
    client, imported, person, basis
):
    response = client.post(claim_url(imported), {"basis": basis})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Claim.objects.exists()


def test_asking_twice_keeps_one_request_and_says_so(client, imported, person):
    client.post(claim_url(imported), {"basis": "Chair."})

    response = client.post(claim_url(imported), {"basis": "Chair."}, follow=True)

    assert Claim.objects.count() == 1
    assert "You have already asked to represent this organization" in response.content.decode()


def test_a_representative_is_sent_to_the_organizations_page_instead(client, edition_1):
    organization = OrganizationAccessionFactory(status=Status.APPROVED).organization
    client.force_login(organization.representatives.get().user)

    response = client.get(claim_url(organization))

    assert response["Location"] == reverse("organizations:manage", args=[organization.slug])
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "state",
    ["counted", "hidden", "submitted", "withdrawn"],
)
def test_an_organization_the_registry_does_not_list_cannot_be_claimed_and_looks_unknown(
    client, edition_1, person, state
):
    if state == "counted":
        accession = ImportedOrganizationAccessionFactory(listing="counted")
    elif state == "hidden":
        accession = ImportedOrganizationAccessionFactory(hidden_at=timezone.now())
    else:
        accession = OrganizationAccessionFactory(status=state)
    slug = accession.organization.slug

    response = client.post(claim_url(accession.organization), {"basis": "Chair."})
    unknown = client.post(claim_address("0123456789abcdef"), {"basis": "x"})

    assert response.status_code == unknown.status_code == 404
    assert page(response) == page(unknown).replace("0123456789abcdef", slug)
    assert not Claim.objects.exists()


def test_requests_to_represent_are_rate_limited(client, imported, person, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "claim": "1/d/user"}
    client.post(claim_url(imported), {"basis": "Chair."})
    other = ImportedOrganizationAccessionFactory().organization

    response = client.post(claim_url(other), {"basis": "Chair."})

    assert response.status_code == 429
    assert Claim.objects.count() == 1


def test_the_claimant_reads_the_coordinators_reason_but_never_the_internal_note(
    client, edition_1, person
):
    claim = ClaimFactory(user=person)
    claims.refuse(
        CoordinatorFactory(), claim, reason="We could not verify it.", internal_note="INTERNAL"
    )

    content = client.get(reverse("accession:dashboard")).content.decode()

    assert "refused" in content
    assert "We could not verify it." in content
    assert "INTERNAL" not in content


def test_the_claimant_withdraws_a_waiting_request_from_their_page(client, edition_1, person):
    claim = ClaimFactory(user=person)

    response = client.post(reverse("accession:claim_withdraw", args=[claim.public_id]))

    assert response["Location"] == reverse("accession:dashboard")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


def test_someone_elses_request_cannot_be_withdrawn_and_is_a_404(client, edition_1, person):
    claim = ClaimFactory()

    response = client.post(reverse("accession:claim_withdraw", args=[claim.public_id]))

    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_withdrawing_a_decided_request_says_why(client, edition_1, person):
    claim = ClaimFactory(user=person)
    claims.grant(CoordinatorFactory(), claim)

    response = client.post(reverse("accession:claim_withdraw", args=[claim.public_id]), follow=True)

    assert "This request has already been decided." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.GRANTED


def test_once_granted_the_organization_and_its_accession_are_on_the_claimants_page(
    client, edition_1, person
):
    claim = ClaimFactory(user=person)
    claims.grant(CoordinatorFactory(), claim)

    response = client.get(reverse("accession:dashboard"))

    assert list(response.context["organizations"]) == [claim.organization]
    assert [a.organization for a in response.context["accessions"]] == [claim.organization]


def test_the_address_to_ask_names_the_organization_only_in_its_query(client, imported):
    from urllib.parse import urlsplit

    address = urlsplit(claim_url(imported))

    assert imported.slug not in address.path
    assert imported.slug in address.query
