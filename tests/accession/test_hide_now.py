"""'Hide me now' in one tap from every page, for a signed-in person with a public entry: their
own, or an organization's they represent."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accession import selectors, services
from accession.context_processors import hide_now
from accession.models import PUBLIC, Signatory, Status
from tests.factories import (
    AccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def header(client, url=None):
    content = client.get(url or reverse("registry:list")).content.decode()
    return re.search(r"<header.*?</header>", content, re.DOTALL).group(0)


def hide_form(accession):
    return f'action="{reverse("accession:hide", args=[accession.public_id])}"'


def test_the_header_hides_a_signatory_with_a_public_entry_in_one_tap(client, person, edition_1):
    accession = AccessionFactory(user=person, status=Status.APPROVED)

    content = header(client)

    assert hide_form(accession) in content
    assert "Hide me now" in content


@pytest.mark.parametrize(
    "url", ["home", "registry:list", "accession:dashboard", "account_home", "privacy"]
)
def test_the_header_offers_hiding_on_every_page(client, person, edition_1, url):
    accession = AccessionFactory(user=person, status=Status.APPROVED)

    assert hide_form(accession) in header(client, reverse(url))


def test_the_header_hides_the_organization_of_a_representative_with_no_entry_of_their_own(
    client, person, edition_1
):
    accession = OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=person), status=Status.APPROVED
    )

    assert hide_form(accession) in header(client)


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.WITHDRAWN, Status.SUSPENDED]
)
def test_the_header_offers_no_hiding_without_a_public_entry(client, person, edition_1, status):
    AccessionFactory(user=person, status=status)

    assert "Hide me now" not in header(client)


def test_the_header_offers_no_hiding_once_hidden(client, person, edition_1):
    AccessionFactory(user=person, status=Status.APPROVED, hidden_at=timezone.now())

    assert "Hide me now" not in header(client)


def test_the_header_offers_no_hiding_of_someone_elses_entry(client, person, edition_1):
    AccessionFactory(status=Status.APPROVED)
    OrganizationAccessionFactory(status=Status.APPROVED)

    assert "Hide me now" not in header(client)


def test_the_header_offers_no_hiding_to_a_visitor(client, edition_1):
    AccessionFactory(status=Status.APPROVED)
    client.logout()

    assert "Hide me now" not in header(client)


def test_with_several_public_entries_the_header_leads_to_the_dashboards_hide_section(
    client, person, edition_1
):
    AccessionFactory(user=person, status=Status.APPROVED)
    OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=person), status=Status.APPROVED
    )

    content = header(client)

    assert f'href="{reverse("accession:dashboard")}#hide"' in content
    assert 'action="/en/accession/' not in content


def test_the_dashboard_offers_hiding_each_public_entry_the_person_speaks_for(
    client, person, edition_1
):
    own = AccessionFactory(user=person, status=Status.APPROVED)
    organization = OrganizationAccessionFactory(
        organization=OrganizationFactory(name="Viasna", representative=person),
        status=Status.APPROVED,
    )
    pending = OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=person), status=Status.SUBMITTED
    )

    content = client.get(reverse("accession:dashboard")).content.decode()
    section = re.search(r'<section id="hide".*?</section>', content, re.DOTALL).group(0)

    assert hide_form(own) in section
    assert hide_form(organization) in section
    assert hide_form(pending) not in section


def test_hiding_from_the_header_says_the_entry_is_hidden_from_every_public_output(
    client, person, edition_1
):
    accession = AccessionFactory(user=person, status=Status.APPROVED)

    response = client.post(reverse("accession:hide", args=[accession.public_id]), follow=True)

    content = response.content.decode()
    assert "you no longer appear anywhere public" in content
    assert "hidden from every public page" in content
    assert signatory(accession).hidden_at is not None


def test_hiding_an_organization_says_the_organization_is_hidden(client, person, edition_1):
    accession = OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=person), status=Status.APPROVED
    )

    response = client.post(reverse("accession:hide", args=[accession.public_id]), follow=True)

    assert "the organization no longer appears anywhere public" in response.content.decode()
    assert signatory(accession).hidden_at is not None


def test_hiding_someone_elses_entry_is_a_404_and_hides_nothing(client, person, edition_1):
    theirs = AccessionFactory(status=Status.APPROVED)

    response = client.post(reverse("accession:hide", args=[theirs.public_id]))

    assert response.status_code == 404
    assert signatory(theirs).hidden_at is None


def test_the_header_costs_no_query_for_a_visitor(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()

    with django_assert_num_queries(0):
        hide_now(request)


def test_the_header_costs_one_query_per_request_for_a_signed_in_person(
    edition_1, django_assert_num_queries
):
    user = UserFactory()
    AccessionFactory(user=user, status=Status.APPROVED)
    for _ in range(3):
        OrganizationAccessionFactory(
            organization=OrganizationFactory(representative=user), status=Status.APPROVED
        )
    request = RequestFactory().get("/")
    request.user = user

    with django_assert_num_queries(1):
        hide_now(request)
        hide_now(request)


@pytest.mark.parametrize("organizations", [0, 5, 20])
def test_a_page_for_a_signed_in_signatory_runs_a_fixed_number_of_queries(
    client, person, edition_1, django_assert_max_num_queries, organizations
):
    AccessionFactory(user=person, status=Status.APPROVED)
    for _ in range(organizations):
        OrganizationAccessionFactory(
            organization=OrganizationFactory(representative=person), status=Status.APPROVED
        )

    # Session, user (and coordinator?), the edition and its principles, the header's public
    # entries.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("home"))

    assert response.status_code == 200


def test_the_headers_query_finds_what_the_orms_definition_of_public_entries_finds(edition_1):
    user, other = UserFactory(), UserFactory()
    own = AccessionFactory(user=user, status=Status.APPROVED)
    AccessionFactory(user=other, status=Status.APPROVED)
    represented = [OrganizationFactory(representative=user) for _ in range(4)]
    theirs = OrganizationAccessionFactory(organization=represented[0], status=Status.APPROVED)
    OrganizationAccessionFactory(organization=represented[1], status=Status.SUBMITTED)
    hidden = OrganizationAccessionFactory(organization=represented[2], status=Status.APPROVED)
    services.hide_now(user, hidden)
    OrganizationAccessionFactory(organization=represented[3], status=Status.APPROVED)
    OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=other), status=Status.APPROVED
    )

    for person in (user, other, UserFactory()):
        expected = list(
            Signatory.objects.for_user(person)
            .filter(PUBLIC)
            .order_by("pk")
            .values_list("accession__public_id", flat=True)[:2]
        )
        assert selectors.public_entries(person) == expected
    assert selectors.public_entries(user) == [own.public_id, theirs.public_id]
