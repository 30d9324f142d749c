import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accession import services
from accession.models import Accession, Signatory, Status
from accession.review import services as review
from accession.review import timeline
from organizations import claims
from organizations.models import Claim
from principles.models import Edition
from tests.factories import (
    AccessionFactory,
    ClaimFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
    current_edition,
)

pytestmark = pytest.mark.django_db


def aged(days, factory=AccessionFactory, **fields):
    """An accession last changed, and closed if its status closes it, `days` ago."""
    accession = factory(legal_name="Oldmarker", statement="Oldstatement", **fields)
    then = timezone.now() - datetime.timedelta(days=days)
    Accession.objects.filter(pk=accession.pk).update(updated_at=then)
    Accession.objects.filter(pk=accession.pk, closed_at__isnull=False).update(closed_at=then)
    return accession


def purge():
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("status", [Status.REJECTED, Status.WITHDRAWN])
def test_closed_accessions_past_retention_are_anonymised_history_included(edition_1, status):
    accession = aged(181, status=status)

    output = purge()

    accession.refresh_from_db()
    assert (accession.legal_name, accession.public_name, accession.statement) == ("", "", "")
    assert accession.user is None
    assert accession.anonymised_at is not None
    assert not Accession.history.filter(id=accession.pk, legal_name="Oldmarker").exists()
    assert not Accession.history.filter(id=accession.pk, user_id__isnull=False).exists()
    assert "Anonymised 1 closed accessions" in output


def test_anonymised_history_names_no_actor(edition_1):
    person = UserFactory()
    accession = services.submit_individual(
        person,
        AccessionFactory.build(user=person, signatory=None),
        edition=current_edition(),
        listing="initials",
    )
    services.withdraw(person, accession)
    Accession.objects.filter(pk=accession.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=181)
    )
    assert Accession.history.filter(id=accession.pk, history_user=person).exists()

    purge()

    assert not Accession.history.filter(id=accession.pk, history_user_id__isnull=False).exists()
    signatory = Signatory.objects.get(pk=accession.signatory_id)
    assert signatory.user is None
    assert not signatory.history.filter(history_user_id__isnull=False).exists()
    assert not signatory.history.filter(user_id__isnull=False).exists()


def test_the_coordinators_timeline_shows_no_applicant_after_anonymisation(edition_1):
    person, coordinator = UserFactory(email="applicantmarker@example.org"), CoordinatorFactory()
    accession = services.submit_individual(
        person,
        AccessionFactory.build(user=person, signatory=None),
        edition=current_edition(),
        listing="initials",
    )
    review.reject(coordinator, accession, reason="No.")
    Accession.objects.filter(pk=accession.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=181)
    )

    purge()

    entries = timeline.for_coordinators(Accession.objects.get(pk=accession.pk))
    assert "applicantmarker" not in " ".join(f"{entry.actor} {entry.what}" for entry in entries)


def test_retention_counts_from_closing_not_from_the_last_edit(client, edition_1):
    """Editing an organization re-saves nothing of its closed accessions' dates."""
    accession = aged(181, factory=OrganizationAccessionFactory, status=Status.WITHDRAWN)
    client.force_login(accession.user)
    organization = accession.organization
    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        {
            "name": "Renamed",
            "kind": organization.kind,
            "registration_status": organization.registration_status,
            "region": organization.region,
        },
    )

    purge()

    accession.refresh_from_db()
    assert accession.anonymised_at is not None


@pytest.mark.parametrize(
    "days, status",
    [
        (179, Status.REJECTED),
        (179, Status.WITHDRAWN),
        (400, Status.APPROVED),
        (400, Status.SUBMITTED),
        (400, Status.SUSPENDED),
        (400, Status.CHANGES_REQUESTED),
    ],
)
def test_recent_or_open_accessions_are_kept(edition_1, days, status):
    accession = aged(days, status=status)

    purge()

    accession.refresh_from_db()
    assert accession.legal_name == "Oldmarker"


def test_purging_twice_changes_nothing_more(edition_1):
    aged(200, status=Status.REJECTED)
    purge()

    output = purge()

    assert "Anonymised 0 closed accessions" in output


def test_the_retention_period_is_a_setting(edition_1, settings):
    settings.RETENTION_DAYS = 30
    accession = aged(31, status=Status.WITHDRAWN)

    purge()

    accession.refresh_from_db()
    assert accession.anonymised_at is not None


def test_finished_task_results_are_pruned(db):
    from django_tasks_db.models import DBTaskResult

    def result(days_ago, finished=True):
        when = timezone.now() - datetime.timedelta(days=days_ago)
        return DBTaskResult.objects.create(
            task_path="accession.tasks.send_accession_email",
            args_kwargs={"args": [1, "submitted"], "kwargs": {}},
            status="SUCCESSFUL" if finished else "READY",
            finished_at=when if finished else None,
            backend_name="default",
        )

    old, recent, waiting = result(30), result(1), result(30, finished=False)

    output = purge()

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert old.pk not in DBTaskResult.objects.values_list("pk", flat=True)
    assert "pruned 1 finished task results" in output


def test_expired_sessions_are_deleted_and_live_ones_kept(db):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    def session(expires_in_hours):
        store = SessionStore()
        store["account_password_reset_verification"] = {"email": "typed@example.org"}
        store.set_expiry(timezone.now() + datetime.timedelta(hours=expires_in_hours))
        store.save()
        return store.session_key

    expired, live = session(-1), session(1)

    purge()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert not Session.objects.filter(session_key=expired).exists()


def test_a_superseded_accession_is_anonymised_once_its_signatory_has_left(edition_2):
    older = aged(400, status=Status.SUPERSEDED, edition=Edition.objects.get(number=1))
    newer = aged(181, status=Status.WITHDRAWN, user=older.user)

    purge()

    for accession in (older, newer):
        accession.refresh_from_db()
        assert accession.legal_name == ""
    assert Signatory.objects.get(pk=older.signatory_id).user is None


def test_a_superseded_accession_is_kept_while_its_signatory_stands(edition_2):
    older = aged(400, status=Status.SUPERSEDED, edition=Edition.objects.get(number=1))
    aged(400, status=Status.APPROVED, user=older.user)

    purge()

    older.refresh_from_db()
    assert older.legal_name == "Oldmarker"


def closed_claim(days, decide):
    """A claim decided (or withdrawn), its closing moved `days` back."""
    claim = ClaimFactory()
    if decide == "withdraw":
        claims.withdraw_claim(claim.user, claim)
    elif decide == "grant":
        claims.grant(CoordinatorFactory(), claim)
    else:
        claims.refuse(CoordinatorFactory(), claim, reason="No.")
    then = timezone.now() - datetime.timedelta(days=days)
    Claim.objects.filter(pk=claim.pk).update(closed_at=then)
    return claim


@pytest.mark.parametrize("decide", ["refuse", "withdraw"])
def test_refused_and_withdrawn_claims_past_retention_are_deleted_history_included(
    edition_1, decide
):
    claim = closed_claim(181, decide)

    output = purge()

    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Claim.history.filter(id=claim.pk).exists()
    assert "deleted 1 closed requests to represent an organization" in output


@pytest.mark.parametrize("days, decide", [(179, "refuse"), (179, "withdraw"), (400, "grant")])
def test_recent_and_granted_claims_are_kept(edition_1, days, decide):
    claim = closed_claim(days, decide)

    purge()

    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_waiting_claim_is_kept_however_old(edition_1):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )

    purge()

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PENDING


def test_a_withdrawn_recorded_accession_past_retention_keeps_no_consent_record(edition_1):
    from tests.factories import record_assisted

    recorder = CoordinatorFactory()
    accession, _code = record_assisted(recorder, consent_given_to="Oldconsent taker")
    review.withdraw_on_request(CoordinatorFactory(), accession, reason="She asked.")
    then = timezone.now() - datetime.timedelta(days=181)
    Accession.objects.filter(pk=accession.pk).update(closed_at=then)

    purge()

    accession.refresh_from_db()
    assert (accession.consent_given_to, accession.consent_date, accession.recorded_by) == (
        "",
        None,
        None,
    )
    history = Accession.history.filter(id=accession.pk)
    assert not history.exclude(consent_given_to="").exists()
    assert not history.filter(recorded_by_id__isnull=False).exists()


def test_closed_concerns_past_retention_are_anonymised_by_the_daily_purge(edition_1):
    from accession.concerns import services as concerns
    from accession.concerns.models import Concern
    from tests.factories import CoordinatorFactory, raise_concern

    concern, _code = raise_concern()
    concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="No.")
    then = timezone.now() - datetime.timedelta(days=181)
    Concern.objects.filter(pk=concern.pk).update(closed_at=then)

    assert "anonymised 1 closed concerns" in purge()
    concern.refresh_from_db()
    assert (concern.account, concern.anonymised_at is not None) == ("", True)
