"""The concern procedure's transitions: raising a concern, the coordinators' handling of it to an
outcome, the answers of the person who raised it and of the signatory, and retention.

Every change locks the concern's row, records its actor and event code in the history, and
happens in one transaction. A coordinator who is the complainant, the signatory, or represents
the signatory organization may not take, decide or read the concern (principle 15). The person
who raised a concern is never named to the signatory, in any message or page.
"""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accession import codes
from accession.models import Signatory
from accounts.models import User
from accounts.policy import VISIT, is_coordinator
from organizations.models import Representative

from . import events
from .models import PRINCIPLES, Concern, ConcernView
from .tasks import send_concern_email

OPEN = [Concern.Status.RECEIVED, Concern.Status.COMPLAINANT_ASKED, Concern.Status.SIGNATORY_ASKED]
OUTCOME_EVENTS = {
    Concern.Outcome.DISMISSED: events.DISMISSED,
    Concern.Outcome.RESOLVED: events.RESOLVED,
    Concern.Outcome.REFERRED: events.REFERRED,
}


class ConcernError(Exception):
    """A transition refused in the concern's current state; the message is for the user."""


class MissingText(ConcernError):
    """A required message is empty: a form error, not a refusal."""


def _save(concern: Concern, actor: User | None, event: str, **texts: str) -> None:
    """Save with one history row naming the actor, the event's code and its own messages."""
    for field in ("to_complainant", "to_signatory", "reply", "internal_note"):
        setattr(concern, field, texts.get(field, ""))
    concern._history_user = actor  # type: ignore[attr-defined]
    concern._change_reason = event  # type: ignore[attr-defined]
    concern.save()


def _notify(concern: Concern, event: str) -> None:
    """E-mail whom the event concerns once the transaction commits; the task gets ids only."""
    transaction.on_commit(partial(send_concern_email.enqueue, concern.pk, event))


def _required(text: str | None, message: str) -> str:
    if not text or not text.strip():
        raise MissingText(message)
    return text.strip()


# The person who raises a concern.


@transaction.atomic
def raise_concern(
    actor: User | None,
    *,
    signatory: Signatory | None,
    signatory_text: str = "",
    principles: list[int],
    account: str,
    evidence: str = "",
    contact: str = "",
    anonymous: bool = True,
) -> tuple[Concern, str]:
    """Record a concern; returns it and its case code, shown once ("" when it is tied to the
    account of the person raising it instead)."""
    account = _required(account, _("Say what happened."))
    if signatory is None and not signatory_text.strip():
        raise MissingText(_("Say which signatory the concern is about."))
    if not principles or not set(principles) <= set(PRINCIPLES):
        raise MissingText(_("Choose at least one principle."))
    anonymous = anonymous or actor is None
    code = codes.new_code() if anonymous else ""
    concern = Concern(
        signatory=signatory,
        signatory_text="" if signatory else signatory_text.strip(),
        principles=sorted(set(principles)),
        account=account,
        evidence=evidence.strip(),
        contact=contact.strip(),
        complainant=None if anonymous else actor,
        case_digest=codes.digests(code)[0] if code else None,
    )
    # An anonymous concern's history names no account either.
    _save(concern, None if anonymous else actor, events.RAISED)
    # No move of the public version: the statistics' yearly counts of concerns may lag by the
    # page cache's timeout, but no kept page tells by its timing that a concern came or went,
    # and raising concerns cannot empty the cache of what visitors see.
    return concern, code


def find_by_code(code: str) -> Concern | None:
    """The concern a case code opens, or None: for a code that never existed, one mistyped, and
    one whose concern was closed and anonymised, alike."""
    if not codes.normalise(code):
        return None
    return Concern.objects.filter(
        case_digest__in=codes.digests(code), anonymised_at__isnull=True
    ).first()


def _lock(concern: Concern) -> Concern:
    try:
        return Concern.objects.select_for_update().get(pk=concern.pk)
    except Concern.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def answer(concern: Concern, text: str, *, actor: User | None = None) -> Concern:
    """The person who raised the concern answers the coordinators' question (through the case
    code, so `actor` is whoever holds it: the caller checked the code or the account)."""
    text = _required(text, _("Write your answer."))
    concern = _lock(concern)
    if concern.status != Concern.Status.COMPLAINANT_ASKED:
        raise ConcernError(_("The coordinators have not asked you anything to answer now."))
    concern.status = Concern.Status.RECEIVED
    # Through a case code the answer names no account, as the concern named none.
    actor = actor if concern.complainant_id else None
    _save(concern, actor, events.COMPLAINANT_ANSWERED, reply=text)
    return concern


def speaks_for_signatory(user: User, signatory: Signatory | None) -> bool:
    if signatory is None or not user.is_authenticated:
        return False
    if signatory.user_id == user.pk:
        return True
    return bool(
        signatory.organization_id
        and Representative.objects.filter(
            organization_id=signatory.organization_id, user=user
        ).exists()
    )


@transaction.atomic
def respond(actor: User, concern: Concern, text: str) -> Concern:
    """The signatory (or a representative of the signatory organization) responds."""
    concern = _lock(concern)
    if not speaks_for_signatory(actor, concern.signatory) or concern.signatory_asked_at is None:
        raise Http404
    text = _required(text, _("Write your response."))
    if concern.status != Concern.Status.SIGNATORY_ASKED:
        raise ConcernError(_("The coordinators are not waiting for a response now."))
    concern.status = Concern.Status.RECEIVED
    _save(concern, actor, events.SIGNATORY_RESPONDED, reply=text)
    return concern


# The review desk.


def conflict_of_interest(coordinator: User, concern: Concern) -> str | None:
    """Why `coordinator` may not act on, or read, `concern`; or None."""
    if concern.complainant_id == coordinator.pk:
        return _("You raised this concern.")
    signatory = concern.signatory
    if signatory is not None and signatory.user_id == coordinator.pk:
        return _("The concern is about you.")
    if speaks_for_signatory(coordinator, signatory):
        return _("You represent the organization the concern is about.")
    if concern.complainant_id and (
        Representative.objects.filter(user=concern.complainant_id)
        .filter(organization__representatives__user=coordinator)
        .exists()
    ):
        return _("You represent an organization with the person who raised it.")
    return None


def _lock_for_review(coordinator: User, concern: Concern) -> Concern:
    if not is_coordinator(coordinator):
        raise Http404
    concern = _lock(concern)
    conflict = conflict_of_interest(coordinator, concern)
    if conflict:
        raise ConcernError(conflict)
    if concern.status not in OPEN:
        raise ConcernError(
            _("Already closed: %(outcome)s.") % {"outcome": concern.get_outcome_display()}
        )
    return concern


@transaction.atomic
def take(coordinator: User, concern: Concern, *, takeover: bool = False) -> Concern:
    """Start handling a concern; taking it from another coordinator must be explicit."""
    concern = _lock_for_review(coordinator, concern)
    if concern.reviewer_id == coordinator.pk or (concern.reviewer_id and not takeover):
        return concern
    event = events.TAKEN_OVER if concern.reviewer_id else events.TAKEN
    concern.reviewer = coordinator
    _save(concern, coordinator, event)
    return concern


@transaction.atomic
def ask_complainant(
    coordinator: User, concern: Concern, *, question: str, internal_note: str = ""
) -> Concern:
    question = _required(question, _("Write the question for the person who raised it."))
    concern = _lock_for_review(coordinator, concern)
    concern.status = Concern.Status.COMPLAINANT_ASKED
    _save(
        concern,
        coordinator,
        events.COMPLAINANT_ASKED,
        to_complainant=question,
        internal_note=internal_note,
    )
    _notify(concern, events.COMPLAINANT_ASKED)
    return concern


@transaction.atomic
def ask_signatory(
    coordinator: User, concern: Concern, *, question: str, internal_note: str = ""
) -> Concern:
    """Ask the signatory for a response: from now on they read the substance of the concern,
    never who raised it."""
    question = _required(question, _("Write what the signatory is asked to respond to."))
    concern = _lock_for_review(coordinator, concern)
    if concern.signatory_id is None:
        raise ConcernError(_("Link the concern to a signatory in the registry first."))
    concern.status = Concern.Status.SIGNATORY_ASKED
    concern.signatory_asked_at = concern.signatory_asked_at or timezone.now()
    _save(
        concern,
        coordinator,
        events.SIGNATORY_ASKED,
        to_signatory=question,
        internal_note=internal_note,
    )
    _notify(concern, events.SIGNATORY_ASKED)
    return concern


@transaction.atomic
def close(
    coordinator: User,
    concern: Concern,
    *,
    outcome: str,
    reason: str,
    internal_note: str = "",
) -> Concern:
    """Close with an outcome and the reasons the person who raised it (and the signatory, once
    asked) will read. Referred: the suspension itself is the review desk's existing step."""
    if outcome not in OUTCOME_EVENTS:
        raise ConcernError(_("Choose an outcome."))
    reason = _required(reason, _("Give the reasons for the outcome."))
    concern = _lock_for_review(coordinator, concern)
    if outcome == Concern.Outcome.REFERRED and concern.signatory_id is None:
        raise ConcernError(_("Link the concern to a signatory in the registry first."))
    concern.status = Concern.Status.CLOSED
    concern.outcome = outcome
    concern.decided_by = coordinator
    concern.reviewer = None
    concern.closed_at = timezone.now()
    event = OUTCOME_EVENTS[Concern.Outcome(outcome)]
    _save(
        concern,
        coordinator,
        event,
        to_complainant=reason,
        to_signatory=reason if concern.signatory_asked_at else "",
        internal_note=internal_note,
    )
    _notify(concern, event)
    return concern


def record_view(coordinator: User, concern: Concern) -> None:
    """Record that `coordinator` read the complainant's details, once per visit."""
    if not ConcernView.objects.filter(
        concern=concern, coordinator=coordinator, at__gte=timezone.now() - VISIT
    ).exists():
        ConcernView.objects.create(concern=concern, coordinator=coordinator)


# Retention and erasure.


@transaction.atomic
def anonymise_closed(now: datetime.datetime | None = None) -> int:
    """Empty every concern closed more than RETENTION_DAYS ago, its history included; the
    status, outcome and dates stay, for the yearly counts."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    due = Concern.objects.select_for_update().filter(
        status=Concern.Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )
    count = 0
    for concern in due:
        _empty(concern)
        concern.anonymised_at = timezone.now()
        _save(concern, None, events.ANONYMISED)
        count += 1
    return count


def _empty(concern: Concern) -> None:
    concern.signatory_text = ""
    concern.principles = []
    concern.account = ""
    concern.evidence = ""
    concern.contact = ""
    concern.complainant = None
    concern.case_digest = None
    concern.history.all().update(
        signatory_text="",
        principles=[],
        account="",
        evidence="",
        contact="",
        complainant=None,
        to_complainant="",
        to_signatory="",
        reply="",
        internal_note="",
        history_user=None,
    )


@transaction.atomic
def forget_complainant(user: User) -> None:
    """The person's account is being deleted: their concerns stay (the procedure goes on, as
    for an anonymous one) but no longer name them, nor keep their contact details."""
    for concern in Concern.objects.select_for_update().filter(complainant=user):
        concern.history.filter(history_user=user).update(history_user=None)
        concern.history.all().update(complainant=None, contact="")
        concern.complainant = None
        concern.contact = ""
        _save(concern, None, events.COMPLAINANT_GONE)
