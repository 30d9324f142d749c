"""The registry's counts are right by construction: one writer, locks in one order, reconciled."""

import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accession import services
from accession.models import Listing, Signatory, Status, Tally
from accession.review import services as review
from accounts.models import User
from tests.concurrency import at_once, meanwhile
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db

ROUNDS = 30


def kept():
    return {(t.kind, t.named): t.count for t in Tally.objects.all() if t.count}


def true():
    return {key: n for key, n in Tally.true_counts().items() if n}


def concurrently(*calls):
    """What the calls, run at the same moment, raised: nothing, for each of them."""
    return [outcome for outcome in at_once(*calls) if outcome != "done"]


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_approvals_are_all_counted(edition_1):
    postgresql_only()
    coordinators = [CoordinatorFactory(), CoordinatorFactory()]
    for _ in range(ROUNDS):
        pending = [AccessionFactory(status=Status.SUBMITTED) for _ in range(2)]

        errors = concurrently(
            *(
                lambda c=coordinator, a=accession: review.approve(c, a)
                for coordinator, accession in zip(coordinators, pending, strict=True)
            )
        )

        assert errors == []
    assert kept() == true() == {("individual", True): ROUNDS * 2}


@pytest.mark.django_db(transaction=True)
def test_opposite_listing_changes_at_once_never_deadlock_or_drift(edition_1):
    postgresql_only()
    named = AccessionFactory(status=Status.APPROVED, listing=Listing.FULL_NAME)
    counted = AccessionFactory(status=Status.APPROVED, listing=Listing.COUNTED)
    for number in range(ROUNDS):
        forwards = number % 2 == 0
        to_counted = Listing.COUNTED if forwards else Listing.FULL_NAME
        to_named = Listing.FULL_NAME if forwards else Listing.COUNTED

        errors = concurrently(
            lambda to=to_counted: services.change_listing(named.user, named, listing=to),
            lambda to=to_named: services.change_listing(counted.user, counted, listing=to),
        )

        assert errors == []
        assert kept() == true() == {("individual", True): 1, ("individual", False): 1}


@pytest.mark.django_db(transaction=True)
def test_hiding_and_relisting_at_once_never_deadlock_or_drift(edition_1):
    postgresql_only()
    hider = AccessionFactory(status=Status.APPROVED, listing=Listing.FULL_NAME)
    relister = OrganizationAccessionFactory(status=Status.APPROVED, listing=Listing.COUNTED)
    for _ in range(ROUNDS):
        errors = concurrently(
            lambda: services.hide_now(hider.user, hider),
            lambda: services.change_listing(relister.user, relister, listing=Listing.LISTED),
        )
        assert errors == []
        errors = concurrently(
            lambda: services.change_listing(hider.user, hider, listing=Listing.FULL_NAME),
            lambda: services.change_listing(relister.user, relister, listing=Listing.COUNTED),
        )
        assert errors == []
    assert kept() == true() == {("individual", True): 1, ("organization", False): 1}


@pytest.mark.django_db(transaction=True)
def test_one_signatory_hiding_while_approved_is_counted_once(edition_1):
    postgresql_only()
    coordinator = CoordinatorFactory()
    for _ in range(ROUNDS):
        accession = AccessionFactory(status=Status.SUBMITTED)

        errors = concurrently(
            lambda a=accession: review.approve(coordinator, a),
            lambda a=accession: services.hide_now(a.user, a),
        )

        assert errors == []
    assert kept() == true() == {}


def publishing(first, then):
    """Showing again the signatories of two accessions in one transaction, pausing between."""

    def publish_both(pause):
        with transaction.atomic():
            services.publish(first.signatory, hidden=False)
            pause()
            services.publish(then.signatory, hidden=False)

    return publish_both


@pytest.mark.django_db(transaction=True)
def test_hiding_while_another_transaction_publishes_the_same_names_never_deadlocks(edition_1):
    postgresql_only()
    hider = AccessionFactory(status=Status.APPROVED, public_name="Anna Brava")
    shown_first = AccessionFactory(
        status=Status.APPROVED, public_name="Xavier Brava", hidden_at=timezone.now()
    )
    shown_next = AccessionFactory(
        status=Status.APPROVED, public_name="Anna Zhukava", hidden_at=timezone.now()
    )
    # As an import of letters or an account's deletion does: several signatories, one after
    # another, in one transaction; the hiding comes in between.
    several = publishing(shown_first, shown_next)

    errors = meanwhile(several, lambda: services.hide_now(hider.user, hider))

    assert errors == []
    assert Signatory.objects.get(pk=hider.signatory_id).hidden_at is not None


@pytest.mark.django_db(transaction=True)
def test_reconciling_while_another_transaction_publishes_never_deadlocks(edition_1):
    postgresql_only()
    AccessionFactory(status=Status.APPROVED)
    OrganizationAccessionFactory(status=Status.APPROVED)
    organization = OrganizationAccessionFactory(status=Status.APPROVED, hidden_at=timezone.now())
    person = AccessionFactory(status=Status.APPROVED, hidden_at=timezone.now())

    errors = meanwhile(publishing(organization, person), Tally.reconcile)

    assert errors == []
    assert kept() == true() == {("individual", True): 2, ("organization", True): 2}


def test_every_transition_keeps_the_tally_true(edition_1):
    coordinator = CoordinatorFactory()
    person = AccessionFactory()
    organization = OrganizationAccessionFactory()

    review.approve(coordinator, person)
    review.approve(coordinator, organization)
    services.change_listing(person.user, person, listing=Listing.COUNTED)
    services.hide_now(organization.user, organization)
    services.change_listing(organization.user, organization, listing=Listing.LISTED)
    review.suspend(coordinator, organization, reason="Why?")
    review.reinstate(coordinator, organization)
    services.withdraw(person.user, person)

    assert kept() == true() == {("organization", True): 1}


def test_erasure_keeps_the_tally_true(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    organization = OrganizationFactory(representative=accession.user)
    OrganizationAccessionFactory(status=Status.APPROVED, organization=organization)
    OrganizationAccessionFactory(status=Status.APPROVED)  # someone else's, stays
    client.force_login(accession.user)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert kept() == true() == {("organization", True): 1}


def test_purge_expired_repairs_and_reports_drift(edition_1, caplog):
    AccessionFactory(status=Status.APPROVED)
    Tally.objects.filter(kind="individual", named=True).update(count=7)

    with caplog.at_level(logging.WARNING):
        call_command("purge_expired", stdout=io.StringIO())

    assert kept() == true() == {("individual", True): 1}
    assert "tally drift" in caplog.text
    assert "individual" in caplog.text


def test_reconciling_a_true_tally_changes_and_reports_nothing(edition_1, caplog):
    AccessionFactory(status=Status.APPROVED)

    with caplog.at_level(logging.WARNING):
        call_command("purge_expired", stdout=io.StringIO())

    assert "drift" not in caplog.text


# The admin is no side door


@pytest.fixture
def superuser(client):
    user = with_totp(User.objects.create_superuser("root@example.org", PASSWORD))
    client.force_login(user)
    return user


def test_the_admin_cannot_change_an_accessions_state(client, edition_1, superuser):
    accession = AccessionFactory(status=Status.SUBMITTED)
    url = reverse("admin:accession_accession_change", args=[accession.pk])

    page = client.get(url)
    client.post(url, {"status": "approved", "decided_by": superuser.pk})

    accession.refresh_from_db()
    assert page.status_code == 200
    assert b'name="status"' not in page.content
    assert accession.status == Status.SUBMITTED


def test_the_admin_cannot_delete_accessions_in_bulk(client, edition_1, superuser):
    accession = AccessionFactory(status=Status.APPROVED)

    changelist = client.get(reverse("admin:accession_accession_changelist"))
    response = client.post(
        reverse("admin:accession_accession_changelist"),
        {"action": "delete_selected", "_selected_action": [accession.pk], "post": "yes"},
    )

    assert b"delete_selected" not in changelist.content
    assert response.status_code in {200, 302, 403}
    assert Signatory.objects.get().accession_id == accession.pk
    assert kept() == true() == {("individual", True): 1}


def test_the_admin_cannot_change_a_signatorys_listing(client, edition_1, superuser):
    accession = AccessionFactory(status=Status.APPROVED)
    signatory = accession.signatory
    url = reverse("admin:accession_signatory_change", args=[signatory.pk])

    client.post(url, {"listing": "counted", "kind": "individual"})

    signatory.refresh_from_db()
    assert signatory.listing == Listing.FULL_NAME
    assert kept() == true()
