"""Claims to represent an organization: asked by a person, granted or refused by a coordinator."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.http import Http404

from accession import services
from accession.models import Accession
from accession.registry import public
from organizations import claims, events
from organizations.models import Claim, ClaimView, Representative
from tests.concurrency import at_once
from tests.factories import (
    ClaimFactory,
    CoordinatorFactory,
    ImportedOrganizationAccessionFactory,
    OrganizationAccessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def last_history(claim):
    return claim.history.order_by("-history_date", "-history_id").first()


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def imported(edition_1):
    """An organization carried over from the letters: listed, with nobody representing it."""
    return ImportedOrganizationAccessionFactory().organization


# Asking


def test_a_person_asks_to_represent_an_organization_stating_the_basis(imported):
    person = UserFactory()

    claim = claims.request_claim(person, imported, basis="  Chair of the board.  ")

    assert (claim.status, claim.basis, claim.user) == (
        Claim.Status.PENDING,
        "Chair of the board.",
        person,
    )
    row = last_history(claim)
    assert (row.history_user, row.history_change_reason) == (person, events.CLAIM_REQUESTED)


def test_a_claim_is_refused_when_it_states_no_basis(imported):
    with pytest.raises(claims.ClaimError):
        claims.request_claim(UserFactory(), imported, basis=" \n ")

    assert not Claim.objects.exists()


def test_a_second_claim_is_refused_while_the_first_waits(imported):
    person = UserFactory()
    first = claims.request_claim(person, imported, basis="Chair.")

    with pytest.raises(claims.AlreadyClaimed) as refused:
        claims.request_claim(person, imported, basis="Chair, again.")

    assert refused.value.claim == first
    assert Claim.objects.count() == 1


def test_a_person_may_ask_again_when_the_first_claim_was_refused(imported, coordinator):
    person = UserFactory()
    claims.refuse(coordinator, claims.request_claim(person, imported, basis="Chair."), reason="?")

    again = claims.request_claim(person, imported, basis="Chair; the minutes are attached.")

    assert again.status == Claim.Status.PENDING
    assert Claim.objects.filter(user=person).count() == 2


def test_two_people_may_claim_the_same_organization(imported):
    first = claims.request_claim(UserFactory(), imported, basis="Chair.")
    second = claims.request_claim(UserFactory(), imported, basis="Secretary.")

    assert first.status == second.status == Claim.Status.PENDING


def test_a_representative_cannot_claim_their_own_organization(edition_1):
    organization = OrganizationAccessionFactory().organization
    representative = organization.representatives.get().user

    with pytest.raises(claims.ClaimError):
        claims.request_claim(representative, organization, basis="Chair.")

    assert not Claim.objects.exists()


# Withdrawing


def test_the_claimant_withdraws_a_waiting_claim(edition_1):
    claim = ClaimFactory()

    claims.withdraw_claim(claim.user, claim)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN
    assert claim.closed_at is not None
    assert last_history(claim).history_change_reason == events.CLAIM_WITHDRAWN


def test_someone_else_cannot_withdraw_a_claim(edition_1):
    claim = ClaimFactory()

    with pytest.raises(Http404):
        claims.withdraw_claim(UserFactory(), claim)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_a_decided_claim_cannot_be_withdrawn(edition_1, coordinator):
    claim = ClaimFactory()
    claims.grant(coordinator, claim)

    with pytest.raises(claims.ClaimError):
        claims.withdraw_claim(claim.user, claim)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.GRANTED


# Deciding


def test_granting_makes_the_claimant_a_representative_with_the_coordinator_in_history(
    edition_1, coordinator
):
    claim = ClaimFactory()

    claims.grant(coordinator, claim, reason="Welcome.", internal_note="Called the office.")

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (Claim.Status.GRANTED, coordinator)
    row = last_history(claim)
    assert (row.history_user, row.history_change_reason, row.reason, row.internal_note) == (
        coordinator,
        events.CLAIM_GRANTED,
        "Welcome.",
        "Called the office.",
    )
    seat = Representative.objects.get(organization=claim.organization)
    assert seat.user == claim.user
    seat_row = seat.history.get()
    assert (seat_row.history_user, seat_row.history_change_reason) == (
        coordinator,
        events.CLAIM_GRANTED,
    )


def test_refusing_keeps_the_organization_without_representatives(edition_1, coordinator):
    claim = ClaimFactory()

    claims.refuse(coordinator, claim, reason="We could not verify this.")

    claim.refresh_from_db()
    assert (claim.status, claim.reason) == (Claim.Status.REFUSED, "We could not verify this.")
    assert not claim.organization.representatives.exists()


def test_refusing_needs_a_reason_for_the_claimant(edition_1, coordinator):
    claim = ClaimFactory()

    with pytest.raises(claims.ClaimError):
        claims.refuse(coordinator, claim, reason="  ")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


@pytest.mark.parametrize("decide", [claims.grant, claims.refuse], ids=["grant", "refuse"])
def test_the_decision_is_e_mailed_after_commit_with_the_claims_id_and_nothing_else(
    edition_1, coordinator, django_capture_on_commit_callbacks, enqueued_tasks, decide
):
    claim = ClaimFactory()

    with django_capture_on_commit_callbacks(execute=True):
        decide(coordinator, claim, reason="REASONMARKER", internal_note="INTERNALMARKER")

    assert enqueued_tasks == [("send_claim_email", [claim.pk], {})]
    (message,) = mail.outbox
    assert message.to == [claim.user.email]
    for secret in ("REASONMARKER", "INTERNALMARKER", "BASISMARKER", claim.organization.name):
        assert secret not in message.subject + message.body
    assert "/en/accounts/" in message.body


def test_with_full_mail_the_decision_e_mail_points_to_the_dashboard(
    edition_1, coordinator, django_capture_on_commit_callbacks, settings
):
    settings.MAIL_DETAIL = "full"
    claim = ClaimFactory()

    with django_capture_on_commit_callbacks(execute=True):
        claims.grant(coordinator, claim, reason="", internal_note="")

    assert "decided on your request" in mail.outbox[0].body
    assert "/en/accession/" in mail.outbox[0].body


def test_nothing_is_e_mailed_when_the_decision_is_rolled_back(
    edition_1, coordinator, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(claims.ClaimError):
        claims.refuse(coordinator, claim, reason="")

    assert mail.outbox == []


def test_a_grant_is_refused_when_the_organization_has_representatives_meanwhile(
    edition_1, coordinator
):
    claim = ClaimFactory()
    claim.organization.representatives.create(user=UserFactory())

    with pytest.raises(claims.ClaimError):
        claims.grant(coordinator, claim)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert claim.organization.representatives.count() == 1


def test_once_one_claim_is_granted_another_on_the_organization_cannot_be(edition_1, coordinator):
    first = ClaimFactory()
    second = ClaimFactory(organization=first.organization)
    claims.grant(coordinator, first)

    with pytest.raises(claims.ClaimError):
        claims.grant(coordinator, second)

    assert [seat.user for seat in first.organization.representatives.all()] == [first.user]


@pytest.mark.parametrize("decide", [claims.grant, claims.refuse], ids=["grant", "refuse"])
def test_the_second_decision_is_told_who_decided_first(edition_1, decide):
    claim = ClaimFactory()
    first = CoordinatorFactory(email="first-coordinator@example.org")
    claims.refuse(first, claim, reason="No.")

    with pytest.raises(claims.ClaimError, match=re.escape("first-coordinator@example.org")):
        decide(CoordinatorFactory(), claim, reason="Yes.")


@pytest.mark.parametrize("act", ["take", "grant", "refuse", "view"])
def test_someone_who_is_not_a_coordinator_cannot_take_decide_or_view(edition_1, act):
    claim = ClaimFactory()
    calls = {
        "take": lambda user: claims.take(user, claim),
        "grant": lambda user: claims.grant(user, claim),
        "refuse": lambda user: claims.refuse(user, claim, reason="No."),
        "view": lambda user: claims.record_view(user, claim),
    }

    with pytest.raises(Http404):
        calls[act](UserFactory())

    claim.refresh_from_db()
    assert (claim.status, claim.reviewer) == (Claim.Status.PENDING, None)
    assert not ClaimView.objects.exists()


@pytest.mark.parametrize("act", ["take", "grant", "refuse"])
def test_a_coordinator_cannot_take_or_decide_their_own_claim(edition_1, coordinator, act):
    claim = ClaimFactory(user=coordinator)
    calls = {
        "take": lambda: claims.take(coordinator, claim),
        "grant": lambda: claims.grant(coordinator, claim),
        "refuse": lambda: claims.refuse(coordinator, claim, reason="No."),
    }

    with pytest.raises(claims.ClaimError, match="You made this request"):
        calls[act]()

    claim.refresh_from_db()
    assert (claim.status, claim.reviewer) == (Claim.Status.PENDING, None)
    assert not claim.organization.representatives.exists()


@pytest.mark.parametrize("act", ["take", "refuse"])
def test_a_coordinator_who_represents_the_organization_cannot_take_or_decide_a_claim_on_it(
    edition_1, coordinator, act
):
    organization = OrganizationAccessionFactory(organization__representative=coordinator)
    claim = ClaimFactory(organization=organization.organization)

    with pytest.raises(claims.ClaimError, match="You represent the organization"):
        if act == "take":
            claims.take(coordinator, claim)
        else:
            claims.refuse(coordinator, claim, reason="Not one of us.")

    claim.refresh_from_db()
    assert (claim.status, claim.reviewer) == (Claim.Status.PENDING, None)


def test_taking_a_claim_records_the_reviewer_in_history(edition_1, coordinator):
    claim = ClaimFactory()

    claims.take(coordinator, claim)

    claim.refresh_from_db()
    assert claim.reviewer == coordinator and claim.review_started_at is not None
    assert last_history(claim).history_change_reason == events.CLAIM_TAKEN


def test_a_claim_someone_reviews_is_taken_over_only_explicitly(edition_1, coordinator):
    claim = ClaimFactory()
    other = CoordinatorFactory()
    claims.take(coordinator, claim)

    claims.take(other, claim)
    claim.refresh_from_db()
    assert claim.reviewer == coordinator

    claims.take(other, claim, takeover=True)
    claim.refresh_from_db()
    assert claim.reviewer == other
    assert last_history(claim).history_change_reason == events.CLAIM_TAKEN_OVER


def test_a_view_of_the_claimants_data_is_recorded(edition_1, coordinator):
    claim = ClaimFactory()

    claims.record_view(coordinator, claim)

    assert ClaimView.objects.get().coordinator == coordinator


# The new representative's powers


def test_the_new_representative_hides_the_organization_and_it_leaves_the_registry(
    edition_1, coordinator
):
    claim = ClaimFactory()
    accession = Accession.objects.get(organization=claim.organization)
    signatory_id = accession.signatory_id
    assert public.listed_signatories().filter(pk=signatory_id).exists()
    claims.grant(coordinator, claim)

    services.hide_now(claim.user, accession)

    assert not public.listed_signatories().filter(pk=signatory_id).exists()


def test_before_the_grant_the_claimant_cannot_hide_the_organization(edition_1):
    claim = ClaimFactory()
    accession = Accession.objects.get(organization=claim.organization)

    with pytest.raises(Http404):
        services.hide_now(claim.user, accession)

    assert public.listed_signatories().filter(pk=accession.signatory_id).exists()


# Concurrency, on PostgreSQL (SQLite serialises writers, so there is nothing to race)


def race(*actions):
    return sorted(at_once(*actions, refused=claims.ClaimError), key=str)


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_grants_make_one_decision_and_one_representative(
    edition_1, enqueued_tasks
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL")
    claim = ClaimFactory()
    coordinators = [CoordinatorFactory() for _ in range(10)]

    outcomes = race(*[lambda c=c: claims.grant(c, claim) for c in coordinators])

    assert outcomes == ["done"] + ["refused"] * 9
    assert claim.history.filter(history_change_reason=events.CLAIM_GRANTED).count() == 1
    assert Representative.objects.filter(organization=claim.organization).count() == 1
    assert enqueued_tasks == [("send_claim_email", [claim.pk], {})]


@pytest.mark.django_db(transaction=True)
def test_grant_against_refuse_at_once_gives_one_outcome(edition_1):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL")
    claim = ClaimFactory()
    first, second = CoordinatorFactory(), CoordinatorFactory()

    outcomes = race(
        lambda: claims.grant(first, claim),
        lambda: claims.refuse(second, claim, reason="No."),
    )

    assert outcomes == ["done", "refused"]
    claim.refresh_from_db()
    seated = claim.organization.representatives.exists()
    assert seated == (claim.status == Claim.Status.GRANTED)
    assert Claim.history.filter(id=claim.pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_claims_on_one_organization_granted_at_once_seat_one_claimant(edition_1):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL")
    first = ClaimFactory()
    second = ClaimFactory(organization=first.organization)
    coordinators = CoordinatorFactory(), CoordinatorFactory()

    outcomes = race(
        lambda: claims.grant(coordinators[0], first),
        lambda: claims.grant(coordinators[1], second),
    )

    assert outcomes == ["done", "refused"]
    assert Representative.objects.filter(organization=first.organization).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_claim_is_one_claim(edition_1):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL")
    organization = ImportedOrganizationAccessionFactory().organization
    person = UserFactory()

    outcomes = race(
        *[lambda: claims.request_claim(person, organization, basis="Chair.") for _ in range(5)]
    )

    assert outcomes == ["done"] + ["refused"] * 4
    assert Claim.objects.filter(user=person).count() == 1


def test_a_coordinator_who_once_asked_for_the_organization_stays_a_party_after_withdrawing(
    edition_1,
):
    coordinator = CoordinatorFactory()
    rival = ClaimFactory()
    own = ClaimFactory(organization=rival.organization, user=coordinator)
    claims.withdraw_claim(coordinator, own)

    with pytest.raises(claims.ClaimError, match="You too have asked"):
        claims.grant(coordinator, rival)


def test_deciding_a_claim_erased_meanwhile_is_a_404(edition_1):
    coordinator = CoordinatorFactory()
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).delete()

    with pytest.raises(Http404):
        claims.grant(coordinator, claim)
