"""Claims: a person asks to represent an organization the registry lists (one carried over from
the letters has no representative on the site), stating their role and how the coordinators can
verify it; a coordinator takes the claim on the review desk and grants or refuses it. Granted,
the claimant is a representative like any other (`services.seat`).

A claim is private, like an accession request: it never reaches a public output, and the
organization's public profile offers the same way to ask whoever represents it, so neither a
claim nor its outcome shows there. Every change takes the claim's row lock (after the
organization's, when granting), records its actor and event code in the history, and e-mails
the claimant after commit with the claim's id only. A coordinator who is the claimant or
represents the organization may not take, decide or read it (principle 15).
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import VISIT, is_coordinator

from . import events
from .models import Claim, ClaimView, Organization, Representative
from .services import OrganizationError, seat
from .tasks import send_claim_email


class ClaimError(OrganizationError):
    """A claim refused in its current state; the message is for the person who asked."""


class MissingReason(ClaimError):
    """The decision needs a reason for the claimant: a form error, not a refusal."""


class AlreadyClaimed(ClaimError):
    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        super().__init__(
            _("You have already asked to represent this organization: the coordinators will reply.")
        )


def _save(claim: Claim, actor: User, event: str, *, reason: str = "", note: str = "") -> None:
    """Save with one history row naming the actor, the event's code and its own reasons."""
    claim.reason = reason
    claim.internal_note = note
    claim._history_user = actor  # type: ignore[attr-defined]
    claim._change_reason = event  # type: ignore[attr-defined]
    claim.save()


def _required(text: str | None, message: str, error: type[ClaimError] = ClaimError) -> str:
    if not text or not text.strip():
        raise error(message)
    return text.strip()


# The claimant.


@transaction.atomic
def request_claim(actor: User, organization: Organization, *, basis: str) -> Claim:
    """Ask to represent `organization`, one the registry lists (the caller finds it among
    those, so that any other is the profile's 404)."""
    basis = _required(basis, _("Tell the coordinators your role and how they can verify it."))
    if organization.representatives.filter(user=actor).exists():
        raise ClaimError(_("You already represent this organization."))
    claim = Claim(organization=organization, user=actor, basis=basis)
    try:
        # A savepoint: a replayed or concurrent request hits the unique constraint, not a 500.
        with transaction.atomic():
            _save(claim, actor, events.CLAIM_REQUESTED)
    except IntegrityError:
        pending = Claim.objects.filter(
            organization=organization, user=actor, status=Claim.Status.PENDING
        ).first()
        if pending is None:
            raise
        raise AlreadyClaimed(pending) from None
    return claim


@transaction.atomic
def withdraw_claim(actor: User, claim: Claim) -> Claim:
    """The claimant takes their request back while it waits; other people's claims are 404s."""
    locked = Claim.objects.select_for_update().filter(pk=claim.pk, user=actor).first()
    if locked is None:
        raise Http404
    if locked.status != Claim.Status.PENDING:
        raise ClaimError(_("This request has already been decided."))
    locked.status = Claim.Status.WITHDRAWN
    locked.reviewer, locked.review_started_at = None, None
    locked.closed_at = timezone.now()
    _save(locked, actor, events.CLAIM_WITHDRAWN)
    return locked


# The review desk.


def conflict_of_interest(coordinator: User, claim: Claim) -> str | None:
    """Why `coordinator` may not act on, or read, `claim` as a coordinator; or None."""
    if claim.user_id == coordinator.pk:
        return _("You made this request.")
    # Whatever became of it: one who asked for the organization once is a party to it.
    if Claim.objects.filter(organization_id=claim.organization_id, user=coordinator).exists():
        return _("You too have asked to represent the organization.")
    if Representative.objects.filter(
        organization_id=claim.organization_id, user=coordinator
    ).exists():
        return _("You represent the organization.")
    return None


def _lock_for_review(coordinator: User, claim: Claim) -> Claim:
    if not is_coordinator(coordinator):
        raise Http404
    try:
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
    except Claim.DoesNotExist:
        # Erased with its claimant's account meanwhile.
        raise Http404 from None
    conflict = conflict_of_interest(coordinator, claim)
    if conflict:
        raise ClaimError(conflict)
    if claim.status != Claim.Status.PENDING:
        if claim.decided_by_id:
            raise ClaimError(
                _("Already decided by %(who)s: %(status)s.")
                % {"who": claim.decided_by, "status": claim.get_status_display()}
            )
        raise ClaimError(
            _("Not possible while the request is %(status)s.")
            % {"status": claim.get_status_display()}
        )
    return claim


def _decide(
    coordinator: User, claim: Claim, status: str, event: str, reason: str, note: str
) -> Claim:
    claim.status = status
    claim.decided_by = coordinator
    claim.closed_at = timezone.now()
    claim.reviewer, claim.review_started_at = None, None
    _save(claim, coordinator, event, reason=reason, note=note)
    transaction.on_commit(partial(send_claim_email.enqueue, claim.pk))
    return claim


@transaction.atomic
def take(coordinator: User, claim: Claim, *, takeover: bool = False) -> Claim:
    """Start reviewing a claim; taking it from another coordinator must be explicit."""
    claim = _lock_for_review(coordinator, claim)
    if claim.reviewer_id == coordinator.pk or (claim.reviewer_id and not takeover):
        return claim
    event = events.CLAIM_TAKEN_OVER if claim.reviewer_id else events.CLAIM_TAKEN
    claim.reviewer = coordinator
    claim.review_started_at = timezone.now()
    _save(claim, coordinator, event)
    return claim


@transaction.atomic
def grant(coordinator: User, claim: Claim, *, reason: str = "", internal_note: str = "") -> Claim:
    """Make the claimant a representative. Only where the organization has none: where it
    has, they invite whom they choose, and no coordinator seats someone beside them."""
    if not is_coordinator(coordinator):
        raise Http404
    # The organization before the claim: two claims on one organization granted at once wait
    # for each other, so that only one claimant is seated where there was nobody.
    organization = Organization.objects.select_for_update(no_key=True).get(pk=claim.organization_id)
    claim = _lock_for_review(coordinator, claim)
    if organization.representatives.exists():
        raise ClaimError(
            _("The organization has representatives now: they can invite the claimant.")
        )
    seat(coordinator, organization, claim.user, event=events.CLAIM_GRANTED)
    return _decide(
        coordinator, claim, Claim.Status.GRANTED, events.CLAIM_GRANTED, reason, internal_note
    )


@transaction.atomic
def refuse(coordinator: User, claim: Claim, *, reason: str, internal_note: str = "") -> Claim:
    reason = _required(reason, _("Give the claimant a reason for the refusal."), MissingReason)
    claim = _lock_for_review(coordinator, claim)
    return _decide(
        coordinator, claim, Claim.Status.REFUSED, events.CLAIM_REFUSED, reason, internal_note
    )


def record_view(coordinator: User, claim: Claim) -> ClaimView:
    """Every visit to a claimant's data is recorded: who and when, nothing else; one record
    per coordinator and claim every VISIT, as for accessions."""
    if not is_coordinator(coordinator):
        raise Http404
    recent = (
        claim.views.filter(coordinator=coordinator, at__gte=timezone.now() - VISIT)
        .order_by("at")
        .last()
    )
    return recent or ClaimView.objects.create(claim=claim, coordinator=coordinator)
