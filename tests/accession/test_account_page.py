"""The account page leads somewhere: each signatory the person speaks for (themselves, and every
organization they represent), its status, and the next step."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accession import selectors
from accession.models import Accession, Status
from tests.conftest import TEST_EDITIONS
from tests.factories import (
    AccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def account_page(client):
    return client.get(reverse("account_home")).content.decode()


def test_the_account_page_offers_to_accede_to_a_person_who_has_not(client, person, edition_1):
    content = account_page(client)

    assert "not acceded yet" in content
    assert f'href="{reverse("accession:accede")}"' in content


def test_the_account_page_says_a_submitted_accession_is_under_review(client, person, edition_1):
    accession = AccessionFactory(user=person, status=Status.SUBMITTED)

    content = account_page(client)

    assert "submitted" in content
    assert f'<a href="{accession.get_absolute_url()}">Follow the review</a>' in content


def test_the_account_page_leads_to_the_edit_form_when_changes_were_requested(
    client, person, edition_1
):
    accession = AccessionFactory(user=person, status=Status.CHANGES_REQUESTED)

    content = account_page(client)

    assert reverse("accession:edit", args=[accession.public_id]) in content
    assert "Edit and resubmit" in content


def test_the_account_page_offers_to_change_the_listing_when_approved(client, person, edition_1):
    accession = AccessionFactory(user=person, status=Status.APPROVED)

    content = account_page(client)

    assert f'href="{accession.get_absolute_url()}#listing">Change the listing</a>' in content


def test_the_account_page_says_an_entry_is_hidden(client, person, edition_1):
    AccessionFactory(user=person, status=Status.APPROVED, hidden_at=timezone.now())

    assert "hidden from every public page" in account_page(client)


def test_the_account_page_offers_to_reaffirm_when_a_newer_edition_is_current(
    client, person, edition_1
):
    accession = AccessionFactory(user=person, status=Status.APPROVED)
    call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO())

    content = account_page(client)

    assert f"{reverse('accession:accede')}?from={accession.public_id}" in content
    assert "Reaffirm for the current edition" in content


def test_the_account_page_offers_to_accede_again_after_withdrawing(client, person, edition_1):
    AccessionFactory(user=person, status=Status.WITHDRAWN)

    content = account_page(client)

    assert "withdrawn" in content
    assert f'<a href="{reverse("accession:accede")}">' in content


def test_the_account_page_shows_the_standing_accession_over_a_closed_newer_one(
    client, person, edition_1
):
    standing = AccessionFactory(user=person, status=Status.APPROVED)
    call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO())
    AccessionFactory(user=person, status=Status.REJECTED)

    content = account_page(client)

    assert f"?from={standing.public_id}" in content


def test_the_account_page_shows_each_organization_represented_and_its_next_step(
    client, person, edition_1
):
    registered = OrganizationFactory(name="Viasna", representative=person)
    acceded = OrganizationAccessionFactory(
        organization=OrganizationFactory(name="Legal Initiative", representative=person),
        user=person,
    )

    content = account_page(client)

    assert "Viasna" in content
    assert reverse("accession:accede_organization", args=[registered.slug]) in content
    assert "Legal Initiative" in content
    assert acceded.get_absolute_url() in content


def test_the_account_page_shows_nothing_of_other_peoples_accessions(client, person, edition_1):
    theirs = AccessionFactory(status=Status.APPROVED)
    their_organization = OrganizationAccessionFactory(status=Status.APPROVED)

    content = account_page(client)

    assert theirs.public_id not in content
    assert their_organization.organization.name not in content
    assert their_organization.public_id not in content


@pytest.mark.parametrize("organizations", [0, 5, 20])
def test_the_account_page_runs_a_fixed_number_of_queries(
    client, person, edition_1, django_assert_max_num_queries, organizations
):
    AccessionFactory(user=person, status=Status.APPROVED)
    for _ in range(organizations):
        OrganizationAccessionFactory(
            organization=OrganizationFactory(representative=person), user=person
        )

    # Session, user (and coordinator?), accessions, organizations, concerns raised, the
    # header's public entries.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("account_home"))

    assert response.status_code == 200


def test_a_coordinator_without_two_factors_is_told_on_the_account_page(client):
    from tests.factories import CoordinatorFactory

    client.force_login(CoordinatorFactory(totp=False))

    content = client.get(reverse("account_home")).content.decode()

    assert "set up two-factor authentication before using the review desk" in content


def test_a_coordinator_with_two_factors_is_not_told_again(client):
    from tests.factories import CoordinatorFactory

    client.force_login(CoordinatorFactory())

    content = client.get(reverse("account_home")).content.decode()

    assert "before using the review desk" not in content


def test_the_accessions_read_with_the_organizations_are_those_the_person_may_manage(edition_1):
    person, other = UserFactory(), UserFactory()
    AccessionFactory(user=person, status=Status.APPROVED)
    AccessionFactory(user=other, status=Status.APPROVED)
    for _ in range(2):
        OrganizationAccessionFactory(organization=OrganizationFactory(representative=person))
    OrganizationAccessionFactory(organization=OrganizationFactory(representative=other))

    for user in (person, other, UserFactory()):
        organizations = list(selectors.organizations_of(user))
        read = selectors.accessions_of(user, organizations)
        assert sorted(read.values_list("pk", flat=True)) == sorted(
            Accession.objects.for_user(user).values_list("pk", flat=True)
        )
    assert selectors.accessions_of(person, list(selectors.organizations_of(person))).count() == 3
