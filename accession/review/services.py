"""The review desk's transitions: taking a request, deciding it, due process for a signatory,
and recording each view of private data.

Only coordinators reach these; a coordinator with a conflict of interest (principle 15) is
refused here, whatever the page offered. They share the primitives of accession.services: row
locks in one order, a history row with actor and event code, e-mail after commit, publish().
"""

import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accession import events
from accession.models import (
    OPEN_STATUSES,
    STANDING_STATUSES,
    Accession,
    PrivateDataView,
    Status,
)
from accession.services import AccessionError, lock_signatory, notify, publish, record, required
from accounts.models import User
from accounts.policy import is_coordinator
from organizations.models import Representative

REVIEWABLE = [Status.SUBMITTED, Status.RESUBMITTED]


class ReviewError(AccessionError):
    pass


class MissingReason(ReviewError):
    """The decision needs a reason for the signatory: a form error, not a refusal."""


def conflict_of_interest(coordinator: User, accession: Accession) -> str | None:
    """Why `coordinator` may not act on, or read, `accession` as a coordinator; or None."""
    if accession.kind == Accession.Kind.INDIVIDUAL and accession.user_id == coordinator.pk:
        return _("You are the applicant.")
    if (
        accession.organization_id
        and Representative.objects.filter(
            organization_id=accession.organization_id, user=coordinator
        ).exists()
    ):
        return _("You represent the applying organization.")
    return None


def _lock_for_review(coordinator: User, accession: Accession, statuses: list[Status]) -> Accession:
    if not is_coordinator(coordinator):
        raise Http404
    lock_signatory(accession.signatory_id)
    accession = Accession.objects.select_for_update().get(pk=accession.pk)
    conflict = conflict_of_interest(coordinator, accession)
    if conflict:
        raise ReviewError(conflict)
    if accession.status not in statuses:
        if accession.decided_by_id and accession.status not in REVIEWABLE:
            raise ReviewError(
                _("Already decided by %(who)s: %(status)s.")
                % {"who": accession.decided_by, "status": accession.get_status_display()}
            )
        raise ReviewError(
            _("Not possible while the accession is %(status)s.")
            % {"status": accession.get_status_display()}
        )
    return accession


def _decide(
    coordinator: User,
    accession: Accession,
    status: Status,
    event: str,
    reason: str = "",
    internal_note: str = "",
) -> Accession:
    accession.status = status
    accession.decided_by = coordinator
    accession.decided_at = timezone.now()
    accession.reviewer = None
    accession.review_started_at = None
    record(accession, coordinator, event, reason=reason, internal_note=internal_note)
    notify(accession, event)
    publish(accession.signatory)
    return accession


@transaction.atomic
def take(coordinator: User, accession: Accession, *, takeover: bool = False) -> Accession:
    """Start reviewing a request; taking it from another coordinator must be explicit."""
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    if accession.reviewer_id == coordinator.pk:
        return accession
    if accession.reviewer_id and not takeover:
        return accession
    event = events.TAKEN_OVER if accession.reviewer_id else events.TAKEN
    accession.reviewer = coordinator
    accession.review_started_at = timezone.now()
    record(accession, coordinator, event)
    return accession


@transaction.atomic
def approve(
    coordinator: User, accession: Accession, *, reason: str = "", internal_note: str = ""
) -> Accession:
    """Approve a request. A signatory stands by one accession: approving a reaffirmation
    supersedes the accession to the older edition, which stays in the timeline only."""
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    standing = (
        Accession.objects.select_for_update()
        .filter(signatory=accession.signatory_id, status__in=STANDING_STATUSES)
        .first()
    )
    if standing is not None:
        if standing.status == Status.SUSPENDED:
            raise ReviewError(
                _("The signatory is suspended: reinstate or expel before approving this.")
            )
        if standing.edition_number >= accession.edition_number:
            raise ReviewError(
                _("The signatory already stands by edition %(number)s.")
                % {"number": standing.edition_number}
            )
        standing.status = Status.SUPERSEDED
        record(standing, coordinator, events.SUPERSEDED)
    accession.approved_at = accession.approved_at or timezone.now()
    return _decide(coordinator, accession, Status.APPROVED, events.APPROVED, reason, internal_note)


@transaction.atomic
def reject(
    coordinator: User, accession: Accession, *, reason: str, internal_note: str = ""
) -> Accession:
    reason = required(reason, _("Give the applicant a reason for the rejection."), MissingReason)
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    return _decide(coordinator, accession, Status.REJECTED, events.REJECTED, reason, internal_note)


@transaction.atomic
def request_changes(
    coordinator: User, accession: Accession, *, reason: str, internal_note: str = ""
) -> Accession:
    reason = required(reason, _("Tell the applicant what to change."), MissingReason)
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    return _decide(
        coordinator,
        accession,
        Status.CHANGES_REQUESTED,
        events.CHANGES_REQUESTED,
        reason,
        internal_note,
    )


@transaction.atomic
def suspend(
    coordinator: User, accession: Accession, *, reason: str, internal_note: str = ""
) -> Accession:
    reason = required(
        reason, _("Give the signatory the reasons for the suspension."), MissingReason
    )
    accession = _lock_for_review(coordinator, accession, [Status.APPROVED])
    accession.signatory_response = ""
    return _decide(
        coordinator, accession, Status.SUSPENDED, events.SUSPENDED, reason, internal_note
    )


@transaction.atomic
def reinstate(
    coordinator: User, accession: Accession, *, reason: str = "", internal_note: str = ""
) -> Accession:
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    accession.expulsion_proposed_by = None
    return _decide(
        coordinator, accession, Status.APPROVED, events.REINSTATED, reason, internal_note
    )


@transaction.atomic
def propose_expulsion(
    coordinator: User, accession: Accession, *, reason: str, internal_note: str = ""
) -> Accession:
    """The first of the four eyes: a second coordinator must confirm. Not a decision: the
    signatory learns of it only when confirmed."""
    reason = required(reason, _("Give the reasons for the expulsion."), MissingReason)
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    if accession.expulsion_proposed_by_id:
        raise ReviewError(_("An expulsion has already been proposed."))
    accession.expulsion_proposed_by = coordinator
    record(
        accession,
        coordinator,
        events.EXPULSION_PROPOSED,
        reason=reason,
        internal_note=internal_note,
    )
    return accession


@transaction.atomic
def confirm_expulsion(
    coordinator: User, accession: Accession, *, internal_note: str = ""
) -> Accession:
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    if not accession.expulsion_proposed_by_id:
        raise ReviewError(_("No expulsion has been proposed."))
    if accession.expulsion_proposed_by_id == coordinator.pk:
        raise ReviewError(_("Another coordinator must confirm the expulsion you proposed."))
    # The proposal's reason is the one the signatory reads.
    reason = (
        accession.history.filter(history_change_reason=events.EXPULSION_PROPOSED).latest().reason
    )
    # The signatory is expelled, not one accession: a reaffirmation waiting for review closes
    # too, so that no single coordinator's approval could bring them back.
    for pending in (
        Accession.objects.select_for_update()
        .filter(signatory=accession.signatory_id, status__in=OPEN_STATUSES)
        .exclude(pk=accession.pk)
    ):
        pending.status = Status.EXPELLED
        pending.reviewer = None
        record(pending, coordinator, events.EXPELLED, reason=reason)
    return _decide(coordinator, accession, Status.EXPELLED, events.EXPELLED, reason, internal_note)


# Seeing a request's page again within this time is the same visit: after each decision the desk
# returns to the page, and a reload is no new reading.
VISIT = datetime.timedelta(minutes=10)


def record_private_view(coordinator: User, accession: Accession) -> PrivateDataView:
    """Every visit to an applicant's private data is recorded: who and when, nothing else; one
    record per coordinator and request every VISIT. Two requests at the same moment may both
    record one, which errs on the side of the record."""
    if not is_coordinator(coordinator):
        raise Http404
    recent = (
        accession.views.filter(coordinator=coordinator, at__gte=timezone.now() - VISIT)
        .order_by("at")
        .last()
    )
    return recent or PrivateDataView.objects.create(accession=accession, coordinator=coordinator)
