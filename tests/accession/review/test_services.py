import pytest
from django.core import mail
from django.db import connection
from django.http import Http404

from accession import events, services
from accession.models import Accession, PrivateDataView, Status
from accession.review import services as review
from tests.concurrency import at_once
from tests.factories import (
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DECISIONS = {
    "approve": (review.approve, Status.APPROVED),
    "reject": (review.reject, Status.REJECTED),
    "request_changes": (review.request_changes, Status.CHANGES_REQUESTED),
}


def last_history(accession):
    return accession.history.order_by("-history_date", "-history_id").first()


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("status", review.REVIEWABLE)
def test_a_coordinator_decides_a_request_waiting_for_review(
    edition_1, coordinator, decision, status
):
    decide, outcome = DECISIONS[decision]
    accession = AccessionFactory(status=status)

    decide(coordinator, accession, reason="Because.", internal_note="Checked with Viasna.")

    accession.refresh_from_db()
    assert accession.status == outcome
    assert accession.decided_by == coordinator
    row = last_history(accession)
    assert (row.history_user, row.reason, row.internal_note) == (
        coordinator,
        "Because.",
        "Checked with Viasna.",
    )


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("status", [s for s in Status if s not in review.REVIEWABLE], ids=str)
def test_a_decision_is_refused_outside_the_queue(edition_1, coordinator, decision, status):
    decide, _outcome = DECISIONS[decision]
    accession = AccessionFactory(status=status)

    with pytest.raises(review.ReviewError):
        decide(coordinator, accession, reason="Because.")

    accession.refresh_from_db()
    assert accession.status == status


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_rejecting_or_asking_for_changes_needs_a_reason_for_the_applicant(
    edition_1, coordinator, decision
):
    accession = AccessionFactory()

    with pytest.raises(review.ReviewError):
        DECISIONS[decision][0](coordinator, accession, reason="  ")

    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


@pytest.mark.parametrize("decision", DECISIONS)
def test_someone_who_is_not_a_coordinator_cannot_decide(edition_1, decision):
    accession = AccessionFactory()

    with pytest.raises(Http404):
        DECISIONS[decision][0](UserFactory(), accession, reason="Because.")

    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_a_decision_is_e_mailed_after_commit_without_the_reason(
    settings, edition_1, coordinator, django_capture_on_commit_callbacks, enqueued_tasks
):
    # The fuller mail, which says what was decided; the neutral one does not (tests/common).
    settings.MAIL_DETAIL = "full"
    accession = AccessionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        review.reject(coordinator, accession, reason="Not a defender.", internal_note="x")

    assert enqueued_tasks == [("send_accession_email", [accession.pk, events.REJECTED], {})]
    assert mail.outbox[-1].to == [accession.user.email]
    assert "Not a defender." not in mail.outbox[-1].body
    assert "rejected" in mail.outbox[-1].body


def test_the_second_decision_is_told_who_decided_first(edition_1):
    first, second = CoordinatorFactory(), CoordinatorFactory()
    accession = AccessionFactory()
    review.approve(first, accession)

    with pytest.raises(review.ReviewError, match=f"Already decided by {first.email}"):
        review.reject(second, accession, reason="No.")

    accession.refresh_from_db()
    assert (accession.status, accession.history.count()) == (Status.APPROVED, 2)


# Conflict of interest


def test_a_coordinator_cannot_decide_their_own_accession(edition_1):
    coordinator = CoordinatorFactory()
    accession = AccessionFactory(user=coordinator)

    with pytest.raises(review.ReviewError, match="You are the applicant"):
        review.approve(coordinator, accession)

    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


@pytest.mark.parametrize(
    "act",
    [
        lambda c, a: review.take(c, a),
        lambda c, a: review.approve(c, a),
        lambda c, a: review.reject(c, a, reason="x"),
        lambda c, a: review.request_changes(c, a, reason="x"),
    ],
    ids=["take", "approve", "reject", "request changes"],
)
def test_a_representative_of_the_organization_cannot_take_or_decide_its_request(edition_1, act):
    coordinator = CoordinatorFactory()
    accession = OrganizationAccessionFactory()
    accession.organization.representatives.create(user=coordinator)

    with pytest.raises(review.ReviewError, match="You represent the applying organization"):
        act(coordinator, accession)

    accession.refresh_from_db()
    assert (accession.status, accession.reviewer_id) == (Status.SUBMITTED, None)


@pytest.mark.parametrize(
    "act",
    [
        lambda c, a: review.suspend(c, a, reason="x"),
        lambda c, a: review.propose_expulsion(c, a, reason="x"),
    ],
    ids=["suspend", "propose expulsion"],
)
def test_a_conflicted_coordinator_cannot_suspend_or_expel(edition_1, act):
    coordinator = CoordinatorFactory()
    status = Status.APPROVED
    accession = OrganizationAccessionFactory(status=status)
    accession.organization.representatives.create(user=coordinator)

    with pytest.raises(review.ReviewError):
        act(coordinator, accession)

    accession.refresh_from_db()
    assert accession.status == status


# Taking and taking over


def test_taking_a_request_records_the_reviewer_in_history(edition_1, coordinator):
    accession = AccessionFactory()

    review.take(coordinator, accession)

    accession.refresh_from_db()
    assert accession.reviewer == coordinator
    assert last_history(accession).history_change_reason == events.TAKEN


def test_a_request_someone_reviews_is_not_taken_silently(edition_1):
    first, second = CoordinatorFactory(), CoordinatorFactory()
    accession = AccessionFactory()
    review.take(first, accession)

    review.take(second, accession)

    accession.refresh_from_db()
    assert accession.reviewer == first


def test_a_takeover_is_explicit_and_in_the_timeline(edition_1):
    first, second = CoordinatorFactory(), CoordinatorFactory()
    accession = AccessionFactory()
    review.take(first, accession)

    review.take(second, accession, takeover=True)

    accession.refresh_from_db()
    assert accession.reviewer == second
    row = last_history(accession)
    assert (row.history_user, row.history_change_reason) == (second, events.TAKEN_OVER)


# Due process


def test_suspension_needs_reasons_and_notifies_the_signatory(
    edition_1, coordinator, django_capture_on_commit_callbacks
):
    accession = AccessionFactory(status=Status.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        review.suspend(coordinator, accession, reason="Public call to violence.", internal_note="n")

    accession.refresh_from_db()
    assert accession.status == Status.SUSPENDED
    assert accession.reason == "Public call to violence."
    assert mail.outbox[-1].to == [accession.user.email]


def test_suspension_without_a_reason_is_refused(edition_1, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)

    with pytest.raises(review.ReviewError):
        review.suspend(coordinator, accession, reason="")

    accession.refresh_from_db()
    assert accession.status == Status.APPROVED


def test_the_signatory_responds_to_a_suspension(edition_1, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)
    review.suspend(coordinator, accession, reason="Why?")

    services.respond_to_suspension(accession.user, accession, response="It was a quotation.")

    accession.refresh_from_db()
    assert accession.signatory_response == "It was a quotation."
    assert last_history(accession).history_user == accession.user


def test_only_the_signatory_may_respond(edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUSPENDED)

    with pytest.raises(Http404):
        services.respond_to_suspension(UserFactory(), accession, response="Not me.")


def test_responding_is_only_for_suspended_accessions(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)

    with pytest.raises(services.AccessionError):
        services.respond_to_suspension(accession.user, accession, response="Hello.")


def test_reinstating_a_suspended_accession(edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUSPENDED)

    review.reinstate(coordinator, accession, reason="Clarified.")

    accession.refresh_from_db()
    assert accession.status == Status.APPROVED


def test_expulsion_needs_a_second_coordinator(edition_1):
    first, second = CoordinatorFactory(), CoordinatorFactory()
    accession = AccessionFactory(status=Status.SUSPENDED)
    review.propose_expulsion(first, accession, reason="Repeated violence.")

    with pytest.raises(review.ReviewError, match="Another coordinator must confirm"):
        review.confirm_expulsion(first, accession)
    accession.refresh_from_db()
    assert accession.status == Status.SUSPENDED

    review.confirm_expulsion(second, accession)
    accession.refresh_from_db()
    assert (accession.status, accession.decided_by, accession.reason) == (
        Status.EXPELLED,
        second,
        "Repeated violence.",
    )


def test_expulsion_cannot_be_confirmed_without_a_proposal(edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUSPENDED)

    with pytest.raises(review.ReviewError, match="No expulsion has been proposed"):
        review.confirm_expulsion(coordinator, accession)


def test_an_approved_accession_cannot_be_expelled_without_suspension(edition_1, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)

    with pytest.raises(review.ReviewError):
        review.propose_expulsion(coordinator, accession, reason="x")


def test_reinstating_clears_an_expulsion_proposal(edition_1):
    first, second = CoordinatorFactory(), CoordinatorFactory()
    accession = AccessionFactory(status=Status.SUSPENDED)
    review.propose_expulsion(first, accession, reason="x")

    review.reinstate(second, accession)

    accession.refresh_from_db()
    assert (accession.status, accession.expulsion_proposed_by) == (Status.APPROVED, None)


def test_a_view_of_private_data_is_recorded(edition_1, coordinator):
    accession = AccessionFactory()

    review.record_private_view(coordinator, accession)

    assert PrivateDataView.objects.get().coordinator == coordinator


# Concurrency, on PostgreSQL (SQLite serialises writers, so there is nothing to race)


def race(*actions):
    return sorted(at_once(*actions, refused=services.AccessionError))


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_approvals_make_one_decision_one_history_row_one_email(
    edition_1, enqueued_tasks
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL")
    accession = AccessionFactory()
    coordinators = [CoordinatorFactory() for _ in range(10)]

    outcomes = race(*[lambda c=c: review.approve(c, accession) for c in coordinators])

    assert outcomes == ["done"] + ["refused"] * 9
    accession.refresh_from_db()
    assert accession.status == Status.APPROVED
    assert accession.history.filter(history_change_reason=events.APPROVED).count() == 1
    assert [task for task in enqueued_tasks if task[1][1] == events.APPROVED] == [
        ("send_accession_email", [accession.pk, events.APPROVED], {})
    ]


@pytest.mark.django_db(transaction=True)
def test_approve_against_reject_at_once_gives_one_outcome(edition_1):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL")
    accession = AccessionFactory()
    first, second = CoordinatorFactory(), CoordinatorFactory()

    outcomes = race(
        lambda: review.approve(first, accession),
        lambda: review.reject(second, accession, reason="No."),
    )

    assert outcomes == ["done", "refused"]
    accession.refresh_from_db()
    assert accession.status in {Status.APPROVED, Status.REJECTED}
    assert Accession.history.filter(id=accession.pk).count() == 2
