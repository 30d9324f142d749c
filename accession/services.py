"""Every transition of an accession and of its signatory: atomic, under row locks, recorded with
actor and event code, and published to the registry by `publish()`, the one writer of public
state.

Views call these and nothing else to change an accession or a signatory. A wrong user gets
Http404 (other people's accessions do not exist for them); a wrong state gets AccessionError with
a message.
"""

import datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import is_coordinator
from organizations.models import Organization, Representative
from principles.models import Edition

from . import events
from .models import (
    CLOSED_STATUSES,
    INDIVIDUAL_FIELDS,
    OPEN_STATUSES,
    ORGANIZATION_FIELDS,
    STANDING_STATUSES,
    Accession,
    Kind,
    PrivateDataView,
    Signatory,
    Status,
    Tally,
)
from .tasks import send_accession_email


class AccessionError(Exception):
    """A transition refused in the accession's current state; the message is for the user."""


class AlreadyAcceded(AccessionError):
    def __init__(self, accession):
        self.accession = accession
        super().__init__(_("You have already acceded to this edition."))


# Locks are always taken in one order — signatory, then accessions, then the tally — so two
# transitions touching the same signatory wait for each other instead of deadlocking.


def _lock_signatory(signatory_id):
    return Signatory.objects.select_for_update().get(pk=signatory_id)


def _locked(actor, accession):
    _lock_signatory(accession.signatory_id)
    try:
        return Accession.objects.for_user(actor).select_for_update().get(pk=accession.pk)
    except Accession.DoesNotExist:
        raise Http404 from None


def _record(accession, actor, event, reason="", internal_note=""):
    """Save with one history row naming the actor, the event's code and its own reasons."""
    accession.reason = reason
    accession.internal_note = internal_note
    if accession.status in CLOSED_STATUSES and accession.closed_at is None:
        accession.closed_at = timezone.now()
    accession._history_user = actor
    accession._change_reason = event
    accession.save()


def _notify(accession, event):
    transaction.on_commit(partial(send_accession_email.enqueue, accession.pk, event))


@transaction.atomic
def publish(signatory, *, actor=None, event=None, **choices):
    """The one writer of public state.

    Applies the signatory's own choices (`listing`, `hidden_at`), derives what the public sees
    from its standing approved accession, and moves the tally, all under the signatory's lock
    in the caller's transaction. Every transition that can change what the public sees ends
    here; nothing else writes the derived fields or the tally (bulk loads reconcile)."""
    signatory = (
        Signatory.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=signatory.pk)
    )
    before = signatory.bucket
    for name, value in choices.items():
        setattr(signatory, name, value)
    signatory.derive(Accession.objects.filter(signatory=signatory, status=Status.APPROVED).first())
    if event:
        signatory._history_user = actor
        signatory._change_reason = event
    else:
        # Only the signatory's own choices are history; derived fields follow other events.
        signatory.skip_history_when_saving = True
    signatory.save()
    Tally.move(before, signatory.bucket)
    return signatory


def follow_organization_profile(sender, organization, **kwargs):
    """The registry shows an organization's names and region from its profile: publish anew
    (connected in apps.py to organizations.services.profile_changed)."""
    signatory = Signatory.objects.filter(organization=organization).first()
    if signatory is not None:
        publish(signatory)


def current_edition():
    # Accessions refer to the edition in the site's language; translations share its number.
    edition = Edition.objects.filter(
        status=Edition.Status.CURRENT, language=settings.LANGUAGE_CODE
    ).first()
    if edition is None:
        raise AccessionError(_("No edition of the Principles is open for accession yet."))
    return edition


def _signatory(actor, kind, organization, listing):
    """The signatory `actor` speaks for, created with `listing` on a first accession, locked."""
    lookup = {"organization": organization} if organization else {"user": actor}
    signatory = Signatory.objects.select_for_update().filter(kind=kind, **lookup).first()
    if signatory is None:
        signatory = Signatory(kind=kind, listing=listing, **lookup)
        signatory._history_user = actor
        signatory._change_reason = events.SUBMITTED
        try:
            # A savepoint: a concurrent first submit creates it first, and this one joins it.
            with transaction.atomic():
                signatory.save()
        except IntegrityError:
            signatory = Signatory.objects.select_for_update().get(kind=kind, **lookup)
    return signatory


def _submit(actor, accession, edition, organization, listing):
    if edition.status != Edition.Status.CURRENT:
        raise AccessionError(_("Only the current edition is open for accession."))
    kind = Kind.ORGANIZATION if organization else Kind.INDIVIDUAL
    signatory = _signatory(actor, kind, organization, listing)
    accession.signatory = signatory
    accession.kind = kind
    accession.organization = organization
    accession.edition = edition
    accession.edition_fingerprint = edition.fingerprint
    accession.status = Status.SUBMITTED
    accession.user = actor
    try:
        # A savepoint: a replayed or concurrent submit hits the unique constraint, not a 500.
        with transaction.atomic():
            _record(accession, actor, events.SUBMITTED)
    except IntegrityError:
        existing = Accession.objects.filter(
            signatory=signatory, edition=edition, status__in=OPEN_STATUSES
        ).first()
        if existing is None:
            raise
        raise AlreadyAcceded(existing) from None
    if signatory.listing != listing:
        publish(signatory, actor=actor, event=events.LISTING_CHANGED, listing=listing)
    _notify(accession, events.SUBMITTED)
    return accession


@transaction.atomic
def submit_individual(actor, accession, edition, listing):
    """Save a new individual accession (unsaved instance from the form) to `edition`; the
    listing choice is the signatory's, so it applies at once to any standing entry too."""
    return _submit(actor, accession, edition, None, listing)


@transaction.atomic
def submit_for_organization(actor, accession, organization, edition, listing):
    if not Organization.objects.represented_by(actor).filter(pk=organization.pk).exists():
        raise Http404
    return _submit(actor, accession, edition, organization, listing)


@transaction.atomic
def resubmit(actor, accession, fields):
    """Apply the signatory's changes after a coordinator asked for them."""
    accession = _locked(actor, accession)
    if accession.status != Status.CHANGES_REQUESTED:
        raise AccessionError(_("This accession can be edited only when changes were requested."))
    allowed = INDIVIDUAL_FIELDS if accession.kind == Kind.INDIVIDUAL else ORGANIZATION_FIELDS
    for name in allowed:
        if name in fields:
            setattr(accession, name, fields[name])
    accession.status = Status.RESUBMITTED
    _record(accession, actor, events.RESUBMITTED)
    _notify(accession, events.RESUBMITTED)
    return accession


@transaction.atomic
def withdraw(actor, accession, reason=""):
    """Withdraw a request, or leave: withdrawing the standing accession withdraws the
    signatory, so a pending reaffirmation cannot bring them back."""
    accession = _locked(actor, accession)
    if accession.status not in OPEN_STATUSES:
        raise AccessionError(_("This accession is no longer open and cannot be withdrawn."))
    closing = [accession]
    if accession.status in STANDING_STATUSES:
        closing += (
            Accession.objects.select_for_update()
            .filter(signatory=accession.signatory_id, status__in=OPEN_STATUSES)
            .exclude(pk=accession.pk)
        )
    for each in closing:
        each.status = Status.WITHDRAWN
        each.reviewer = None
        _record(each, actor, events.WITHDRAWN, reason=reason)
    _notify(accession, events.WITHDRAWN)
    publish(accession.signatory)
    return accession


@transaction.atomic
def change_listing(actor, accession, listing):
    """Choose how the signatory appears; choosing again also ends an emergency hiding."""
    accession = _locked(actor, accession)
    if accession.status not in OPEN_STATUSES:
        raise AccessionError(_("This accession is no longer open."))
    signatory = accession.signatory
    if listing not in dict(signatory.listing_choices):
        raise AccessionError(_("Choose one of the listing options offered."))
    if signatory.listing == listing and signatory.hidden_at is None:
        return accession
    publish(signatory, actor=actor, event=events.LISTING_CHANGED, listing=listing, hidden_at=None)
    return accession


@transaction.atomic
def hide_now(actor, accession):
    """Emergency unlisting of the signatory: immediate, no review, in every status, from every
    public output at once. Idempotent."""
    accession = _locked(actor, accession)
    if accession.signatory.hidden_at is None:
        publish(accession.signatory, actor=actor, event=events.HIDDEN, hidden_at=timezone.now())
    return accession


def reaffirmable(accession):
    """Whether the signatory may accede again to a newer current edition."""
    return (
        accession.status == Status.APPROVED
        and accession.edition.status == Edition.Status.SUPERSEDED
    )


# The review desk. Only coordinators reach these; a coordinator with a conflict of interest
# (principle 15) is refused here, whatever the page offered.

REVIEWABLE = [Status.SUBMITTED, Status.RESUBMITTED]


class ReviewError(AccessionError):
    pass


def conflict_of_interest(coordinator, accession):
    """Why `coordinator` may not act on `accession`, or None."""
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


def _lock_for_review(coordinator, accession, statuses):
    if not is_coordinator(coordinator):
        raise Http404
    _lock_signatory(accession.signatory_id)
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


@transaction.atomic
def take(coordinator, accession, takeover=False):
    """Start reviewing a request; taking it from another coordinator must be explicit."""
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    if accession.reviewer_id == coordinator.pk:
        return accession
    if accession.reviewer_id and not takeover:
        return accession
    event = events.TAKEN_OVER if accession.reviewer_id else events.TAKEN
    accession.reviewer = coordinator
    accession.review_started_at = timezone.now()
    _record(accession, coordinator, event)
    return accession


def _required(text, message):
    if not text or not text.strip():
        raise ReviewError(message)
    return text.strip()


def _decide(coordinator, accession, status, event, reason="", internal_note=""):
    accession.status = status
    accession.decided_by = coordinator
    accession.decided_at = timezone.now()
    accession.reviewer = None
    accession.review_started_at = None
    _record(accession, coordinator, event, reason=reason, internal_note=internal_note)
    _notify(accession, event)
    publish(accession.signatory)
    return accession


@transaction.atomic
def approve(coordinator, accession, reason="", internal_note=""):
    """Approve a request. A signatory stands by one accession: approving a reaffirmation
    supersedes the accession to the older edition, which stays in the timeline only."""
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    standing = (
        Accession.objects.select_for_update(of=("self",))
        .select_related("edition")
        .filter(signatory=accession.signatory_id, status__in=STANDING_STATUSES)
        .first()
    )
    if standing is not None:
        if standing.status == Status.SUSPENDED:
            raise ReviewError(
                _("The signatory is suspended: reinstate or expel before approving this.")
            )
        if standing.edition.number >= accession.edition.number:
            raise ReviewError(
                _("The signatory already stands by edition %(number)s.")
                % {"number": standing.edition.number}
            )
        standing.status = Status.SUPERSEDED
        _record(standing, coordinator, events.SUPERSEDED)
    accession.approved_at = accession.approved_at or timezone.now()
    return _decide(coordinator, accession, Status.APPROVED, events.APPROVED, reason, internal_note)


@transaction.atomic
def reject(coordinator, accession, reason, internal_note=""):
    reason = _required(reason, _("Give the applicant a reason for the rejection."))
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    return _decide(coordinator, accession, Status.REJECTED, events.REJECTED, reason, internal_note)


@transaction.atomic
def request_changes(coordinator, accession, reason, internal_note=""):
    reason = _required(reason, _("Tell the applicant what to change."))
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
def suspend(coordinator, accession, reason, internal_note=""):
    reason = _required(reason, _("Give the signatory the reasons for the suspension."))
    accession = _lock_for_review(coordinator, accession, [Status.APPROVED])
    accession.signatory_response = ""
    return _decide(
        coordinator, accession, Status.SUSPENDED, events.SUSPENDED, reason, internal_note
    )


@transaction.atomic
def respond_to_suspension(actor, accession, response):
    """The signatory's answer to a suspension notice, for the coordinators to weigh."""
    response = _required(response, _("Write your response."))
    accession = _locked(actor, accession)
    if accession.status != Status.SUSPENDED:
        raise AccessionError(_("Only a suspended accession can be answered."))
    accession.signatory_response = response
    _record(accession, actor, events.RESPONDED)
    return accession


@transaction.atomic
def reinstate(coordinator, accession, reason="", internal_note=""):
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    accession.expulsion_proposed_by = None
    return _decide(
        coordinator, accession, Status.APPROVED, events.REINSTATED, reason, internal_note
    )


@transaction.atomic
def propose_expulsion(coordinator, accession, reason, internal_note=""):
    """The first of the four eyes: a second coordinator must confirm. Not a decision: the
    signatory learns of it only when confirmed."""
    reason = _required(reason, _("Give the reasons for the expulsion."))
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    if accession.expulsion_proposed_by_id:
        raise ReviewError(_("An expulsion has already been proposed."))
    accession.expulsion_proposed_by = coordinator
    _record(
        accession,
        coordinator,
        events.EXPULSION_PROPOSED,
        reason=reason,
        internal_note=internal_note,
    )
    return accession


@transaction.atomic
def confirm_expulsion(coordinator, accession, internal_note=""):
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    if not accession.expulsion_proposed_by_id:
        raise ReviewError(_("No expulsion has been proposed."))
    if accession.expulsion_proposed_by_id == coordinator.pk:
        raise ReviewError(_("Another coordinator must confirm the expulsion you proposed."))
    # The proposal's reason is the one the signatory reads.
    reason = (
        accession.history.filter(history_change_reason=events.EXPULSION_PROPOSED).latest().reason
    )
    return _decide(coordinator, accession, Status.EXPELLED, events.EXPELLED, reason, internal_note)


def record_private_view(coordinator, accession):
    if not is_coordinator(coordinator):
        raise Http404
    return PrivateDataView.objects.create(accession=accession, coordinator=coordinator)


# Retention: closed accessions keep nothing personal beyond RETENTION_DAYS.

PERSONAL_FIELDS = [
    "legal_name",
    "public_name",
    "region",
    "affiliation",
    "statement",
    "authority_basis",
    "reason",
    "internal_note",
    "signatory_response",
]


@transaction.atomic
def anonymise_expired(now=None):
    """Strip rejected and withdrawn accessions closed RETENTION_DAYS ago of everything that
    could identify the applicant, history included (who acted too), and unlink an individual
    signatory left with nothing but anonymised accessions from the person. Idempotent;
    returns how many accessions."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    ids = list(
        Accession.objects.filter(
            status__in=[Status.REJECTED, Status.WITHDRAWN],
            closed_at__lt=cutoff,
            anonymised_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    # update() on purpose: no new history row with the data, no save() side effects.
    Accession.objects.filter(pk__in=ids).update(
        **blank, user=None, authority_date=None, anonymised_at=timezone.now()
    )
    Accession.history.filter(id__in=ids).update(
        **blank, user_id=None, authority_date=None, history_user_id=None
    )
    # An individual whose accessions are all anonymised is nobody's signatory any more; the
    # row stays for the accessions' sake, with no way back to the person.
    unlinked = Signatory.objects.filter(kind=Kind.INDIVIDUAL, user__isnull=False).exclude(
        accessions__anonymised_at__isnull=True
    )
    signatory_ids = list(unlinked.values_list("pk", flat=True))
    Signatory.objects.filter(pk__in=signatory_ids).update(user=None)
    Signatory.history.filter(id__in=signatory_ids).update(user_id=None, history_user_id=None)
    return len(ids)
