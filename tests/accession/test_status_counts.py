"""The review desk's counts per status, kept by the database, are the true counts."""

import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from accession import services
from accession.models import Accession, Status, StatusCount
from accession.review import services as review
from principles.models import Edition
from tests.concurrency import meanwhile
from tests.factories import AccessionFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db


def true_counts():
    counts = Accession.objects.order_by().values_list("status").annotate(n=Count("pk"))
    return dict(counts)


def kept_counts():
    return {status: n for status, n in StatusCount.counts().items() if n}


def test_a_new_accession_is_counted_in_its_status(edition_1):
    AccessionFactory.create_batch(2)
    AccessionFactory(status=Status.APPROVED)

    assert kept_counts() == true_counts() == {Status.SUBMITTED: 2, Status.APPROVED: 1}


def test_a_decision_moves_an_accession_from_one_count_to_another(edition_1):
    accession = AccessionFactory()
    coordinator = CoordinatorFactory()
    review.take(coordinator, accession)

    review.approve(coordinator, accession)

    assert kept_counts() == true_counts() == {Status.APPROVED: 1}


def test_a_change_to_many_accessions_at_once_is_counted_once_for_each(edition_1):
    AccessionFactory.create_batch(3)
    AccessionFactory(status=Status.APPROVED)

    Accession.objects.filter(status=Status.SUBMITTED).update(status=Status.WITHDRAWN)

    assert kept_counts() == true_counts() == {Status.WITHDRAWN: 3, Status.APPROVED: 1}


def test_a_change_that_keeps_the_status_changes_no_count(edition_1):
    accession = AccessionFactory()

    Accession.objects.filter(pk=accession.pk).update(public_name="Another Name")

    assert kept_counts() == true_counts() == {Status.SUBMITTED: 1}


def test_a_deleted_accession_is_no_longer_counted(edition_1):
    _kept, gone = AccessionFactory.create_batch(2)

    gone.delete()

    assert kept_counts() == true_counts() == {Status.SUBMITTED: 1}


def test_purge_expired_repairs_and_reports_a_status_count_that_drifted(edition_1, caplog):
    AccessionFactory.create_batch(2)
    AccessionFactory(status=Status.APPROVED)
    StatusCount.objects.filter(status=Status.SUBMITTED).update(count=9)
    StatusCount.objects.filter(status=Status.APPROVED).delete()

    with caplog.at_level(logging.WARNING):
        call_command("purge_expired", stdout=io.StringIO())

    assert kept_counts() == true_counts() == {Status.SUBMITTED: 2, Status.APPROVED: 1}
    assert "status count drift repaired: submitted was 9, is 2" in caplog.text
    assert "status count drift repaired: approved was 0, is 1" in caplog.text


def test_reconciling_true_status_counts_changes_and_reports_nothing(edition_1):
    AccessionFactory.create_batch(2)
    review.approve(CoordinatorFactory(), AccessionFactory())

    assert StatusCount.reconcile() == {}
    assert kept_counts() == true_counts()


@pytest.mark.django_db(transaction=True)
def test_leaving_with_a_reaffirmation_pending_while_another_request_is_withdrawn_never_deadlocks(
    edition_2, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")
    leaving = AccessionFactory(status=Status.APPROVED, edition=Edition.objects.get(number=1))
    AccessionFactory(user=leaving.user, signatory=leaving.signatory, edition=edition_2)
    other = AccessionFactory()
    recorded = services.record

    def leaving_pausing_in_between(pause):
        # Leaving closes the standing accession, then the reaffirmation: the other request is
        # withdrawn in between.
        def record(accession, *args, **kwargs):
            recorded(accession, *args, **kwargs)
            if accession.pk == leaving.pk:
                pause()

        monkeypatch.setattr(services, "record", record)
        services.withdraw(leaving.user, leaving)

    errors = meanwhile(leaving_pausing_in_between, lambda: services.withdraw(other.user, other))

    assert errors == []
    assert kept_counts() == true_counts() == {Status.WITHDRAWN: 3}
