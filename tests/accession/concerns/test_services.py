"""The concern procedure's transitions, by right and wrong role, recusal, the case code,
retention and erasure."""

import datetime

import pytest
from django.core import mail
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from accession.concerns import events
from accession.concerns import services as concerns
from accession.concerns.models import Concern, ConcernView
from accession.models import Status
from tests.factories import (
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
    raise_concern,
)

pytestmark = pytest.mark.django_db


def last_history(concern):
    return concern.history.order_by("-history_date", "-history_id").first()


def test_an_anonymous_concern_gets_a_case_code_stored_only_as_its_hash(edition_1):
    concern, code = raise_concern()

    assert code and code not in concern.case_digest
    assert concern.complainant is None
    assert concerns.find_by_code(code) == concern


def test_an_anonymous_concerns_history_names_no_account_and_keeps_no_code(edition_1):
    concern, _code = raise_concern()

    row = last_history(concern)
    assert (row.history_user, row.history_change_reason) == (None, events.RAISED)
    assert not hasattr(row, "case_digest")


def test_a_concern_raised_from_an_account_has_no_case_code(edition_1):
    person = UserFactory()

    concern, code = raise_concern(complainant=person)

    assert (code, concern.case_digest, concern.complainant) == ("", None, person)


def test_a_wrong_case_code_finds_nothing(edition_1):
    raise_concern()

    assert concerns.find_by_code("ABCD-EFGH-JKLM-NPQR") is None
    assert concerns.find_by_code("") is None


def test_a_concern_needs_a_principle(edition_1):
    with pytest.raises(concerns.MissingText):
        raise_concern(principles=[])


def test_a_concern_refuses_a_principle_that_does_not_exist(edition_1):
    with pytest.raises(concerns.MissingText):
        raise_concern(principles=[16])


def test_a_concern_needs_a_signatory_named_when_none_is_picked(edition_1):
    with pytest.raises(concerns.MissingText):
        concerns.raise_concern(None, signatory=None, principles=[1], account="Something.")


def test_a_coordinator_takes_a_concern_with_the_event_in_the_history(edition_1):
    concern, _code = raise_concern()
    coordinator = CoordinatorFactory()

    concerns.take(coordinator, concern)

    concern.refresh_from_db()
    assert concern.reviewer == coordinator
    row = last_history(concern)
    assert (row.history_user, row.history_change_reason) == (coordinator, events.TAKEN)


def test_a_person_who_is_not_a_coordinator_cannot_take_a_concern(edition_1):
    concern, _code = raise_concern()

    with pytest.raises(Http404):
        concerns.take(UserFactory(), concern)


def test_a_coordinator_who_is_the_signatory_is_recused(edition_1):
    coordinator = CoordinatorFactory()
    concern, _code = raise_concern(AccessionFactory(user=coordinator, status=Status.APPROVED))

    with pytest.raises(concerns.ConcernError):
        concerns.take(coordinator, concern)


def test_a_coordinator_who_represents_the_signatory_organization_is_recused(edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)
    coordinator = CoordinatorFactory()
    accession.organization.representatives.create(user=coordinator)
    concern, _code = raise_concern(accession)

    with pytest.raises(concerns.ConcernError):
        concerns.close(coordinator, concern, outcome="dismissed", reason="No.")


def test_a_coordinator_who_raised_the_concern_is_recused(edition_1):
    coordinator = CoordinatorFactory()
    concern, _code = raise_concern(complainant=coordinator)

    assert concerns.conflict_of_interest(coordinator, concern)
    with pytest.raises(concerns.ConcernError):
        concerns.ask_signatory(coordinator, concern, question="Respond, please.")


def test_the_complainant_answers_a_question_through_the_case_code(edition_1):
    concern, code = raise_concern()
    concerns.ask_complainant(CoordinatorFactory(), concern, question="When was it?")

    concerns.answer(concerns.find_by_code(code), "On 3 May.")

    concern.refresh_from_db()
    assert concern.status == Concern.Status.RECEIVED
    row = last_history(concern)
    assert (row.history_user, row.reply) == (None, "On 3 May.")
    assert row.history_change_reason == events.COMPLAINANT_ANSWERED


def test_the_complainant_cannot_answer_when_nothing_was_asked(edition_1):
    concern, _code = raise_concern()

    with pytest.raises(concerns.ConcernError):
        concerns.answer(concern, "More.")


def test_the_signatory_responds_once_asked(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    concern, _code = raise_concern(accession)
    concerns.ask_signatory(CoordinatorFactory(), concern, question="Did you publish it?")

    concerns.respond(accession.user, concern, "We did not.")

    row = last_history(concern)
    assert (row.history_user, row.history_change_reason) == (
        accession.user,
        events.SIGNATORY_RESPONDED,
    )


def test_someone_other_than_the_signatory_cannot_respond(edition_1):
    concern, _code = raise_concern()
    concerns.ask_signatory(CoordinatorFactory(), concern, question="Did you publish it?")

    with pytest.raises(Http404):
        concerns.respond(UserFactory(), concern, "We did not.")


def test_the_signatory_cannot_respond_before_being_asked(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    concern, _code = raise_concern(accession)

    with pytest.raises(Http404):
        concerns.respond(accession.user, concern, "Preemptively.")


@pytest.mark.parametrize("outcome", ["dismissed", "resolved", "referred"])
def test_a_coordinator_closes_a_concern_with_an_outcome_and_reasons(edition_1, outcome):
    concern, _code = raise_concern()
    coordinator = CoordinatorFactory()

    concerns.close(coordinator, concern, outcome=outcome, reason="Because.", internal_note="n")

    concern.refresh_from_db()
    assert (concern.status, concern.outcome, concern.decided_by) == (
        Concern.Status.CLOSED,
        outcome,
        coordinator,
    )
    assert last_history(concern).to_complainant == "Because."


def test_closing_needs_reasons(edition_1):
    concern, _code = raise_concern()

    with pytest.raises(concerns.MissingText):
        concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason=" ")


def test_a_closed_concern_cannot_be_closed_again(edition_1):
    concern, _code = raise_concern()
    concerns.close(CoordinatorFactory(), concern, outcome="resolved", reason="Settled.")

    with pytest.raises(concerns.ConcernError):
        concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="No.")


def test_a_view_of_the_complainants_details_is_recorded_once_per_visit(edition_1):
    concern, _code = raise_concern()
    coordinator = CoordinatorFactory()

    concerns.record_view(coordinator, concern)
    concerns.record_view(coordinator, concern)

    assert ConcernView.objects.filter(concern=concern, coordinator=coordinator).count() == 1


@override_settings(RETENTION_DAYS=30)
def test_a_closed_concern_is_anonymised_after_retention_history_included(edition_1):
    concern, code = raise_concern()
    concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="REASONMARKER")

    concerns.anonymise_closed(timezone.now() + datetime.timedelta(days=31))

    concern.refresh_from_db()
    assert concern.anonymised_at and concern.outcome == "dismissed"
    texts = [
        f"{row.account}{row.evidence}{row.contact}{row.to_complainant}"
        for row in concern.history.all()
    ]
    assert not any(texts)
    assert concerns.find_by_code(code) is None


@override_settings(RETENTION_DAYS=30)
def test_a_closed_concern_is_kept_within_retention(edition_1):
    concern, code = raise_concern()
    concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="No.")

    assert concerns.anonymise_closed(timezone.now() + datetime.timedelta(days=29)) == 0
    assert concerns.find_by_code(code) == concern


def test_forgetting_a_complainant_removes_them_and_their_contact_from_the_history(edition_1):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)

    concerns.forget_complainant(person)

    concern.refresh_from_db()
    assert (concern.complainant, concern.contact) == (None, "")
    assert not concern.history.filter(history_user=person).exists()
    assert not concern.history.exclude(contact="").exists()


def test_asking_the_signatory_e_mails_them_after_commit_with_ids_only(
    edition_1, django_capture_on_commit_callbacks, enqueued_tasks, settings
):
    settings.MAIL_DETAIL = "full"
    accession = AccessionFactory(status=Status.APPROVED)
    concern, _code = raise_concern(accession, complainant=UserFactory(email="who@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        concerns.ask_signatory(CoordinatorFactory(), concern, question="QUESTIONMARKER")

    assert enqueued_tasks == [("send_concern_email", [concern.pk, events.SIGNATORY_ASKED], {})]
    (message,) = mail.outbox
    assert message.to == [accession.user.email]
    for secret in ("QUESTIONMARKER", "ACCOUNTMARKER", "who@example.org"):
        assert secret not in message.subject + message.body


def test_closing_e_mails_a_complainant_with_an_account_but_not_an_unasked_signatory(
    edition_1, django_capture_on_commit_callbacks
):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)

    with django_capture_on_commit_callbacks(execute=True):
        concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="No.")

    assert [message.to for message in mail.outbox] == [[person.email]]


def test_an_anonymous_complainant_gets_no_e_mail(edition_1, django_capture_on_commit_callbacks):
    concern, _code = raise_concern()

    with django_capture_on_commit_callbacks(execute=True):
        concerns.ask_complainant(CoordinatorFactory(), concern, question="When?")

    assert mail.outbox == []
