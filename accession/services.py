"""Signing on: every transition a signatory makes, and the primitives every transition shares.

Each transition is atomic, takes its row locks in one order (signatory, then accessions, then
the public version, then the counts: search words and tally) so that two transitions wait for
each other instead of deadlocking, records its actor and event code in the history, sends
e-mail after commit with ids only, and ends in `publish()`, the one writer of what the public
sees. The review desk's transitions (accession/review/services.py) are built on the same
primitives.

Views call these and nothing else to change an accession or a signatory. A wrong user gets
Http404 (other people's accessions do not exist for them); a wrong state gets AccessionError
with a message.
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from common import page_cache
from organizations.models import Organization
from principles.models import Edition

from . import codes, events
from .models import (
    CLOSED_STATUSES,
    INDIVIDUAL_FIELDS,
    OPEN_STATUSES,
    ORGANIZATION_FIELDS,
    STANDING_STATUSES,
    Accession,
    Kind,
    Signatory,
    Status,
    StatusCount,
    Tally,
)
from .tasks import send_accession_email


class AccessionError(Exception):
    """A transition refused in the accession's current state; the message is for the user."""


class AlreadyAcceded(AccessionError):
    def __init__(self, accession: Accession) -> None:
        self.accession = accession
        super().__init__(_("You have already acceded to this edition."))


# The primitives of every transition.


def lock_signatory(signatory_id: int) -> Signatory:
    """Lock a signatory's row: the first lock of every transition that touches it."""
    return Signatory.objects.select_for_update().get(pk=signatory_id)


def _locked(actor: User, accession: Accession) -> Accession:
    """`accession`, locked after its signatory, if `actor` may act for it; a 404 otherwise."""
    lock_signatory(accession.signatory_id)
    try:
        return Accession.objects.for_user(actor).select_for_update().get(pk=accession.pk)
    except Accession.DoesNotExist:
        raise Http404 from None


def record(
    accession: Accession,
    actor: User | None,
    event: str,
    *,
    reason: str = "",
    internal_note: str = "",
) -> None:
    """Save with one history row naming the actor, the event's code and its own reasons."""
    accession.reason = reason
    accession.internal_note = internal_note
    if accession.status in CLOSED_STATUSES and accession.closed_at is None:
        accession.closed_at = timezone.now()
    accession._history_user = actor  # type: ignore[attr-defined]
    accession._change_reason = event  # type: ignore[attr-defined]
    accession.save()


def notify(accession: Accession, event: str) -> None:
    """E-mail the signatory about `event` once the transaction commits; the task gets ids."""
    transaction.on_commit(partial(send_accession_email.enqueue, accession.pk, event))


def required(text: str | None, message: str, error: type[AccessionError] = AccessionError) -> str:
    """`text` stripped, or `error(message)` when there is none."""
    if not text or not text.strip():
        raise error(message)
    return text.strip()


@transaction.atomic
def publish(
    signatory: Signatory,
    *,
    actor: User | None = None,
    event: str | None = None,
    listing: str | None = None,
    hidden: bool | None = None,
) -> Signatory:
    """The one writer of public state.

    Applies the signatory's own choices (a `listing`; `hidden` True to hide now, False to show
    again, None to leave as it is), derives what the public sees
    from its standing approved accession, and moves the tally, all under the signatory's lock
    in the caller's transaction. Every transition that can change what the public sees ends
    here; nothing else writes the derived fields or the tally (bulk loads reconcile)."""
    signatory = (
        Signatory.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=signatory.pk)
    )
    page_cache.lock()
    before = signatory.bucket
    shown = _shown(signatory)
    if listing is not None:
        signatory.listing = listing
    if hidden is not None:
        signatory.hidden_at = (signatory.hidden_at or timezone.now()) if hidden else None
    signatory.derive(Accession.objects.filter(signatory=signatory, status=Status.APPROVED).first())
    if event:
        signatory._history_user = actor  # type: ignore[attr-defined]
        signatory._change_reason = event  # type: ignore[attr-defined]
    else:
        # Only the signatory's own choices are history; derived fields follow other events.
        signatory.skip_history_when_saving = True  # type: ignore[attr-defined]
    signatory.save()
    Tally.move(before, signatory.bucket)
    if _shown(signatory) != shown:
        page_cache.bump()
        if before is not None and before[1]:
            # What was listed must leave every copy, not only stop being served: the kept
            # pages that named it go once the change commits.
            page_cache.forget_pages()
    return signatory


def _shown(signatory: Signatory) -> tuple[Any, ...]:
    """What of `signatory` some public output reads: its bucket in the counts, and the derived
    fields of its entry. A change that leaves these alone changes no page, and bumps nothing:
    a page kept a moment longer tells no one that something private happened."""
    return (
        signatory.bucket,
        signatory.accession_id,
        signatory.listed_name,
        signatory.listed_region,
        signatory.search_text,
        signatory.acceded_at,
    )


def follow_organization_profile(sender: type, organization: Organization, **kwargs: Any) -> None:
    """The registry shows an organization's names and region from its profile: publish anew
    (connected in apps.py to organizations.services.profile_changed)."""
    signatory = Signatory.objects.filter(organization=organization).first()
    if signatory is not None:
        signatory = publish(signatory)
        # Its profile, entry and files show the organization's own fields too.
        if signatory.bucket == (Kind.ORGANIZATION, True):
            page_cache.bump()


# Signing on.


def current_edition(language: str | None = None) -> Edition:
    """The current edition's text in `language` (the reader's) when the coordinators have
    published it, else in English: what the signatory reads is what they accede to."""
    languages = [language or get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE]
    editions = {
        edition.language: edition
        for edition in Edition.objects.filter(status=Edition.Status.CURRENT, language__in=languages)
    }
    edition = editions.get(languages[0]) or editions.get(languages[1])
    if edition is None:
        raise AccessionError(_("No edition of the Principles is open for accession yet."))
    return edition


def _signatory(
    actor: User, kind: str, organization: Organization | None, listing: str
) -> Signatory:
    """The signatory `actor` speaks for, created with `listing` on a first accession, locked."""
    lookup: dict[str, Any] = {"organization": organization} if organization else {"user": actor}
    signatory = Signatory.objects.select_for_update().filter(kind=kind, **lookup).first()
    if signatory is None:
        signatory = Signatory(kind=kind, listing=listing, **lookup)
        signatory._history_user = actor  # type: ignore[attr-defined]
        signatory._change_reason = events.SUBMITTED  # type: ignore[attr-defined]
        try:
            # A savepoint: a concurrent first submit creates it first, and this one joins it.
            with transaction.atomic():
                signatory.save()
        except IntegrityError:
            signatory = Signatory.objects.select_for_update().get(kind=kind, **lookup)
    return signatory


def _submit(
    actor: User,
    accession: Accession,
    edition: Edition,
    organization: Organization | None,
    listing: str,
) -> Accession:
    if edition.status != Edition.Status.CURRENT:
        raise AccessionError(_("Only the current edition is open for accession."))
    kind = Kind.ORGANIZATION if organization else Kind.INDIVIDUAL
    signatory = _signatory(actor, kind, organization, listing)
    accession.signatory = signatory
    accession.kind = kind
    accession.organization = organization
    accession.edition = edition
    accession.edition_number = edition.number
    accession.edition_fingerprint = edition.fingerprint
    accession.status = Status.SUBMITTED
    accession.user = actor
    try:
        # A savepoint: a replayed or concurrent submit hits the unique constraint, not a 500.
        with transaction.atomic():
            record(accession, actor, events.SUBMITTED)
    except IntegrityError:
        existing = Accession.objects.filter(
            signatory=signatory, edition_number=edition.number, status__in=OPEN_STATUSES
        ).first()
        if existing is None:
            raise
        raise AlreadyAcceded(existing) from None
    if signatory.listing != listing:
        publish(signatory, actor=actor, event=events.LISTING_CHANGED, listing=listing)
    notify(accession, events.SUBMITTED)
    return accession


@transaction.atomic
def submit_individual(
    actor: User, accession: Accession, *, edition: Edition, listing: str
) -> Accession:
    """Save a new individual accession (unsaved instance from the form) to `edition`; the
    listing choice is the signatory's, so it applies at once to any standing entry too."""
    return _submit(actor, accession, edition, None, listing)


@transaction.atomic
def submit_for_organization(
    actor: User,
    accession: Accession,
    *,
    organization: Organization,
    edition: Edition,
    listing: str,
) -> Accession:
    if not Organization.objects.represented_by(actor).filter(pk=organization.pk).exists():
        raise Http404
    return _submit(actor, accession, edition, organization, listing)


@transaction.atomic
def resubmit(actor: User, accession: Accession, *, fields: dict[str, Any]) -> Accession:
    """Apply the signatory's changes after a coordinator asked for them."""
    accession = _locked(actor, accession)
    if accession.status != Status.CHANGES_REQUESTED:
        raise AccessionError(_("This accession can be edited only when changes were requested."))
    allowed = INDIVIDUAL_FIELDS if accession.kind == Kind.INDIVIDUAL else ORGANIZATION_FIELDS
    for name in allowed:
        if name in fields:
            setattr(accession, name, fields[name])
    accession.status = Status.RESUBMITTED
    record(accession, actor, events.RESUBMITTED)
    notify(accession, events.RESUBMITTED)
    return accession


@transaction.atomic
def withdraw(actor: User, accession: Accession, *, reason: str = "") -> Accession:
    """Withdraw a request, or leave."""
    accession = _locked(actor, accession)
    if accession.status not in OPEN_STATUSES:
        raise AccessionError(_("This accession is no longer open and cannot be withdrawn."))
    withdraw_locked(actor, accession, event=events.WITHDRAWN, reason=reason)
    notify(accession, events.WITHDRAWN)
    return accession


def withdraw_locked(actor: User, accession: Accession, *, event: str, reason: str) -> None:
    """Withdraw an open accession locked by the caller: withdrawing the standing accession
    withdraws the signatory, so a pending reaffirmation cannot bring them back."""
    closing = [accession]
    if accession.status in STANDING_STATUSES:
        closing += (
            Accession.objects.select_for_update()
            .filter(signatory=accession.signatory_id, status__in=OPEN_STATUSES)
            .exclude(pk=accession.pk)
        )
        StatusCount.lock([each.status for each in closing] + [Status.WITHDRAWN])
    for each in closing:
        each.status = Status.WITHDRAWN
        each.reviewer = None
        each.claim_digest = each.claim_expires_at = None
        record(each, actor, event, reason=reason)
    publish(accession.signatory)


@transaction.atomic
def change_listing(actor: User, accession: Accession, *, listing: str) -> Accession:
    """Choose how the signatory appears; choosing again also ends an emergency hiding."""
    accession = _locked(actor, accession)
    if accession.status not in OPEN_STATUSES:
        raise AccessionError(_("This accession is no longer open."))
    signatory = accession.signatory
    if listing not in dict(signatory.listing_choices):
        raise AccessionError(_("Choose one of the listing options offered."))
    if signatory.listing == listing and signatory.hidden_at is None:
        return accession
    publish(signatory, actor=actor, event=events.LISTING_CHANGED, listing=listing, hidden=False)
    return accession


@transaction.atomic
def hide_now(actor: User, accession: Accession) -> Accession:
    """Emergency unlisting of the signatory: immediate, no review, in every status, from every
    public output at once. Idempotent."""
    accession = _locked(actor, accession)
    if accession.signatory.hidden_at is None:
        publish(accession.signatory, actor=actor, event=events.HIDDEN, hidden=True)
    return accession


@transaction.atomic
def respond_to_suspension(actor: User, accession: Accession, *, response: str) -> Accession:
    """The signatory's answer to a suspension notice, for the coordinators to weigh."""
    response = required(response, _("Write your response."))
    accession = _locked(actor, accession)
    if accession.status != Status.SUSPENDED:
        raise AccessionError(_("Only a suspended accession can be answered."))
    accession.signatory_response = response
    record(accession, actor, events.RESPONDED)
    return accession


# Claiming an accession recorded by a coordinator (or carried over by letter) with a code.


class HasOwnSignatory(AccessionError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Your account already holds an accession in your own name, and one person is "
                "one entry in the registry, so it cannot take over another. If the accession "
                "the coordinators recorded for you is yours too, ask them to withdraw it."
            )
        )


class InvalidClaimCode(AccessionError):
    def __init__(self) -> None:
        # One message for a mistyped, used or expired code: which one is nobody's business.
        super().__init__(
            _(
                "This code does not work: it may be mistyped, already used or expired. Check it, "
                "or ask the coordinators for a new one."
            )
        )


@transaction.atomic
def claim(actor: User, *, code: str) -> Accession:
    """Take over, with its one-time code, an individual accession that no account holds: the
    signatory and the accession become `actor`'s, and the code is spent."""
    if Signatory.objects.filter(kind=Kind.INDIVIDUAL, user=actor).exists():
        raise HasOwnSignatory
    digests = codes.digests(code)
    found = Accession.objects.filter(claim_digest__in=digests).values("pk", "signatory").first()
    if found is None:
        raise InvalidClaimCode
    signatory = lock_signatory(found["signatory"])
    accession = Accession.objects.select_for_update().get(pk=found["pk"])
    if (
        accession.claim_digest not in digests
        or not accession.unclaimed
        or signatory.user_id is not None
        or accession.claim_expires_at is None
        or accession.claim_expires_at <= timezone.now()
    ):
        raise InvalidClaimCode
    # Four eyes: the coordinator who recorded the accession or handed out its code cannot take
    # it over themselves, or one coordinator alone could make someone's entry their own.
    issued_by = (
        accession.history.filter(history_change_reason=events.CLAIM_CODE_ISSUED)
        .order_by("-history_date")
        .values_list("history_user", flat=True)
        .first()
    )
    if actor.pk in (accession.recorded_by_id, issued_by):
        raise AccessionError(
            _("You recorded this accession or handed out its code: the person takes it over.")
        )
    signatory.user = actor
    signatory._history_user = actor  # type: ignore[attr-defined]
    signatory._change_reason = events.CLAIMED  # type: ignore[attr-defined]
    try:
        # A savepoint: the same person claiming two codes at once gets one of them.
        with transaction.atomic():
            signatory.save(update_fields=["user"])
    except IntegrityError:
        raise HasOwnSignatory from None
    accession.user = actor
    accession.claim_digest = accession.claim_expires_at = None
    record(accession, actor, events.CLAIMED)
    notify(accession, events.CLAIMED)
    return accession


def reaffirmable(accession: Accession) -> bool:
    """Whether the signatory may accede again to a newer current edition."""
    return (
        accession.status == Status.APPROVED
        and accession.edition.status == Edition.Status.SUPERSEDED
    )
