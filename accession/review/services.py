"""The review desk's transitions: taking a request, deciding it, due process for a signatory,
and recording each view of private data.

Only coordinators reach these; a coordinator with a conflict of interest (principle 15) is
refused here, whatever the page offered. They share the primitives of accession.services: row
locks in one order, a history row with actor and event code, e-mail after commit, publish().
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accession import codes, events
from accession.models import (
    INDIVIDUAL_LISTINGS,
    OPEN_STATUSES,
    STANDING_STATUSES,
    Accession,
    Kind,
    PrivateDataView,
    Signatory,
    Status,
)
from accession.services import (
    AccessionError,
    lock_signatory,
    notify,
    publish,
    record,
    required,
    withdraw_locked,
)
from accounts.models import User
from accounts.policy import VISIT, is_coordinator
from common.queries import Prepared
from organizations.models import Representative
from principles.models import Edition

REVIEWABLE = [Status.SUBMITTED, Status.RESUBMITTED]


class ReviewError(AccessionError):
    pass


class MissingReason(ReviewError):
    """The decision needs a reason for the signatory: a form error, not a refusal."""


def conflict_of_interest(coordinator: User, accession: Accession) -> str | None:
    """Why `coordinator` may not act on, or read, `accession` as a coordinator; or None."""
    if accession.kind == Accession.Kind.INDIVIDUAL and accession.user_id == coordinator.pk:
        return _("You are the applicant.")
    if accession.recorded_by_id == coordinator.pk:
        return _("You recorded this accession on the person's behalf.")
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
    if accession.user_id is None:
        raise ReviewError(
            _(
                "Nobody could make the changes: the person has not claimed this accession into "
                "an account. Approve or reject it."
            )
        )
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


# Every view of an accession's private data, oldest first.
VIEWS = Prepared(lambda pk: PrivateDataView.objects.filter(accession_id=pk), pk=-1)


def record_private_view(coordinator: User, accession: Accession) -> list[PrivateDataView]:
    """Every visit to an applicant's private data is recorded: who and when, nothing else; one
    record per coordinator and request every VISIT. Two requests at the same moment may both
    record one, which errs on the side of the record. Gives every view of the accession, this
    one's included, oldest first: the page's timeline lists them."""
    if not is_coordinator(coordinator):
        raise Http404
    views = list(VIEWS(pk=accession.pk))
    since = timezone.now() - VISIT
    if not any(view.coordinator_id == coordinator.pk and view.at >= since for view in views):
        views.append(PrivateDataView.objects.create(accession=accession, coordinator=coordinator))
    return views


# Assisted accessions: recorded for a person who asked by another channel and has no account.
# Another coordinator decides them (the recorder is a party: see conflict_of_interest). Until
# the person claims one with a code, the coordinators act on it at the person's request: those
# acts carry out the person's own choice, as "Hide me now" and withdrawing do with no review,
# so the recorder may do them too.


class AlreadyRecorded(ReviewError):
    def __init__(self, accession: Accession) -> None:
        self.accession = accession
        super().__init__(_("This accession has already been recorded."))


@transaction.atomic
def record_on_behalf(
    coordinator: User, accession: Accession, *, listing: str, claim_code: bool = False
) -> tuple[Accession, str]:
    """Save a new individual accession (unsaved, from the form: public name, region, edition
    and the consent record) for a person without an account. It waits for another
    coordinator's approval. Returns it, and the claim code to hand over when one was asked for
    (shown once: only its keyed hash is kept). The form's random public id makes a repeated
    submission find the first one."""
    if not is_coordinator(coordinator):
        raise Http404
    if accession.edition.status != Edition.Status.CURRENT:
        raise ReviewError(_("Only the current edition is open for accession."))
    if listing not in INDIVIDUAL_LISTINGS:
        raise ReviewError(_("Choose one of the listing options offered."))
    required(accession.consent_method, _("Say how the person gave their consent."), ReviewError)
    signatory = Signatory(kind=Kind.INDIVIDUAL, listing=listing)
    signatory._history_user = coordinator  # type: ignore[attr-defined]
    signatory._change_reason = events.RECORDED  # type: ignore[attr-defined]
    accession.signatory = signatory
    accession.kind = Kind.INDIVIDUAL
    accession.edition_number = accession.edition.number
    accession.edition_fingerprint = accession.edition.fingerprint
    accession.status = Status.SUBMITTED
    accession.user = None
    accession.recorded_by = coordinator
    # The person confirmed these to whoever took their consent, as the form says.
    accession.accepts_principles = accession.acts_peacefully = True
    accession.consents_to_processing = True
    try:
        # A savepoint: a repeated submission of the same form hits the unique public id.
        with transaction.atomic():
            signatory.save()
            record(accession, coordinator, events.RECORDED)
    except IntegrityError:
        existing = Accession.objects.filter(
            public_id=accession.public_id, recorded_by=coordinator
        ).first()
        if existing is None:
            # The form's id is another's: a form tampered with, or from another coordinator.
            raise ReviewError(_("This form has expired. Fill it in again.")) from None
        raise AlreadyRecorded(existing) from None
    return accession, _issue_claim_code(coordinator, accession) if claim_code else ""


def _lock_unclaimed(coordinator: User, accession: Accession) -> Accession:
    if not is_coordinator(coordinator):
        raise Http404
    lock_signatory(accession.signatory_id)
    accession = Accession.objects.select_for_update().get(pk=accession.pk)
    if not accession.unclaimed:
        raise ReviewError(
            _("The person has claimed this accession, or it is closed: they act on it themselves.")
        )
    return accession


def _issue_claim_code(coordinator: User, accession: Accession) -> str:
    code = codes.new_code()
    accession.claim_digest = codes.digests(code)[0]
    accession.claim_expires_at = timezone.now() + datetime.timedelta(days=settings.CLAIM_CODE_DAYS)
    record(accession, coordinator, events.CLAIM_CODE_ISSUED)
    return code


@transaction.atomic
def issue_claim_code(coordinator: User, accession: Accession) -> str:
    """A new claim code for an unclaimed accession, replacing any earlier one, to be shown once."""
    return _issue_claim_code(coordinator, _lock_unclaimed(coordinator, accession))


@transaction.atomic
def hide_on_request(coordinator: User, accession: Accession, *, reason: str) -> Accession:
    """Hide the person from every public output at once, as they asked (`reason`: who asked
    and how). Idempotent."""
    reason = required(reason, _("Say who asked for this, and how."), ReviewError)
    accession = _lock_unclaimed(coordinator, accession)
    if accession.signatory.hidden_at is None:
        record(accession, coordinator, events.HIDDEN_ON_REQUEST, reason=reason)
        publish(accession.signatory, actor=coordinator, event=events.HIDDEN_ON_REQUEST, hidden=True)
    return accession


@transaction.atomic
def withdraw_on_request(coordinator: User, accession: Accession, *, reason: str) -> Accession:
    """Withdraw the accession (and so the signatory, if it is the standing one) as the person
    asked (`reason`: who asked and how); its claim code goes with it."""
    reason = required(reason, _("Say who asked for this, and how."), ReviewError)
    accession = _lock_unclaimed(coordinator, accession)
    withdraw_locked(coordinator, accession, event=events.WITHDRAWN_ON_REQUEST, reason=reason)
    return accession
