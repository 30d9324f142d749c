"""Every transition of an accession: atomic, under a row lock, recorded with actor and reason.

Views call these and nothing else to change an accession. A wrong user gets Http404 (other
people's accessions do not exist for them); a wrong state gets AccessionError with a message.
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

from .models import (
    INDIVIDUAL_FIELDS,
    OPEN_STATUSES,
    ORGANIZATION_FIELDS,
    Accession,
    PrivateDataView,
    Status,
)
from .tasks import send_accession_email


class AccessionError(Exception):
    """A transition refused in the accession's current state; the message is for the user."""


class AlreadyAcceded(AccessionError):
    def __init__(self, accession):
        self.accession = accession
        super().__init__(_("You have already acceded to this edition."))


def _locked(actor, accession):
    try:
        return Accession.objects.for_user(actor).select_for_update().get(pk=accession.pk)
    except Accession.DoesNotExist:
        raise Http404 from None


def _record(accession, actor, event, reason="", internal_note=""):
    """Save with one history row naming the actor, the event and this event's reasons."""
    accession.reason = reason
    accession.internal_note = internal_note
    accession._history_user = actor
    accession._change_reason = event
    accession.save()


def _notify(accession, event):
    transaction.on_commit(partial(send_accession_email.enqueue, accession.pk, event))


def current_edition():
    # Accessions refer to the edition in the site's language; translations share its number.
    edition = Edition.objects.filter(
        status=Edition.Status.CURRENT, language=settings.LANGUAGE_CODE
    ).first()
    if edition is None:
        raise AccessionError(_("No edition of the Principles is open for accession yet."))
    return edition


def open_accession(**signatory):
    return Accession.objects.filter(status__in=OPEN_STATUSES, **signatory)


def _submit(actor, accession, edition):
    accession.edition = edition
    accession.edition_fingerprint = edition.fingerprint
    accession.status = Status.SUBMITTED
    accession.user = actor
    try:
        # A savepoint: a replayed or concurrent submit hits the unique constraint, not a 500.
        with transaction.atomic():
            _record(accession, actor, "submitted")
    except IntegrityError:
        if accession.kind == Accession.Kind.INDIVIDUAL:
            existing = open_accession(kind=accession.kind, user=actor, edition=edition)
        else:
            existing = open_accession(organization=accession.organization, edition=edition)
        existing = existing.first()
        if existing is None:
            raise
        raise AlreadyAcceded(existing) from None
    _notify(accession, "submitted")
    return accession


@transaction.atomic
def submit_individual(actor, accession, edition):
    """Save a new individual accession (unsaved instance from the form) to `edition`."""
    if edition.status != Edition.Status.CURRENT:
        raise AccessionError(_("Only the current edition is open for accession."))
    accession.kind = Accession.Kind.INDIVIDUAL
    accession.organization = None
    return _submit(actor, accession, edition)


@transaction.atomic
def submit_for_organization(actor, accession, organization, edition):
    if edition.status != Edition.Status.CURRENT:
        raise AccessionError(_("Only the current edition is open for accession."))
    if not Organization.objects.represented_by(actor).filter(pk=organization.pk).exists():
        raise Http404
    accession.kind = Accession.Kind.ORGANIZATION
    accession.organization = organization
    return _submit(actor, accession, edition)


@transaction.atomic
def resubmit(actor, accession, fields):
    """Apply the signatory's changes after a coordinator asked for them."""
    accession = _locked(actor, accession)
    if accession.status != Status.CHANGES_REQUESTED:
        raise AccessionError(_("This accession can be edited only when changes were requested."))
    allowed = (
        INDIVIDUAL_FIELDS if accession.kind == Accession.Kind.INDIVIDUAL else ORGANIZATION_FIELDS
    )
    for name in allowed:
        if name in fields:
            setattr(accession, name, fields[name])
    accession.status = Status.RESUBMITTED
    _record(accession, actor, "resubmitted")
    _notify(accession, "resubmitted")
    return accession


@transaction.atomic
def withdraw(actor, accession, reason=""):
    accession = _locked(actor, accession)
    if accession.status not in OPEN_STATUSES:
        raise AccessionError(_("This accession is no longer open and cannot be withdrawn."))
    accession.status = Status.WITHDRAWN
    accession.reviewer = None
    _record(accession, actor, "withdrawn", reason=reason)
    _notify(accession, "withdrawn")
    return accession


@transaction.atomic
def change_listing(actor, accession, listing):
    """Choose how the signatory appears; choosing again also ends an emergency hiding."""
    accession = _locked(actor, accession)
    if accession.status not in OPEN_STATUSES:
        raise AccessionError(_("This accession is no longer open."))
    if listing not in dict(accession.listing_choices):
        raise AccessionError(_("Choose one of the listing options offered."))
    if accession.listing == listing and accession.hidden_at is None:
        return accession
    accession.listing = listing
    accession.hidden_at = None
    _record(accession, actor, "listing changed")
    return accession


@transaction.atomic
def hide_now(actor, accession):
    """Emergency unlisting: immediate, no review, in every status. Idempotent."""
    accession = _locked(actor, accession)
    if accession.hidden_at is None:
        accession.hidden_at = timezone.now()
        _record(accession, actor, "hidden")
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
    event = "taken over" if accession.reviewer_id else "taken for review"
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
    return accession


@transaction.atomic
def approve(coordinator, accession, reason="", internal_note=""):
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    accession.approved_at = accession.approved_at or timezone.now()
    return _decide(coordinator, accession, Status.APPROVED, "approved", reason, internal_note)


@transaction.atomic
def reject(coordinator, accession, reason, internal_note=""):
    reason = _required(reason, _("Give the applicant a reason for the rejection."))
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    return _decide(coordinator, accession, Status.REJECTED, "rejected", reason, internal_note)


@transaction.atomic
def request_changes(coordinator, accession, reason, internal_note=""):
    reason = _required(reason, _("Tell the applicant what to change."))
    accession = _lock_for_review(coordinator, accession, REVIEWABLE)
    return _decide(
        coordinator,
        accession,
        Status.CHANGES_REQUESTED,
        "changes requested",
        reason,
        internal_note,
    )


@transaction.atomic
def suspend(coordinator, accession, reason, internal_note=""):
    reason = _required(reason, _("Give the signatory the reasons for the suspension."))
    accession = _lock_for_review(coordinator, accession, [Status.APPROVED])
    accession.signatory_response = ""
    return _decide(
        coordinator,
        accession,
        Status.SUSPENDED,
        "suspended",
        reason,
        internal_note,
    )


@transaction.atomic
def respond_to_suspension(actor, accession, response):
    """The signatory's answer to a suspension notice, for the coordinators to weigh."""
    response = _required(response, _("Write your response."))
    accession = _locked(actor, accession)
    if accession.status != Status.SUSPENDED:
        raise AccessionError(_("Only a suspended accession can be answered."))
    accession.signatory_response = response
    _record(accession, actor, "response to suspension")
    return accession


@transaction.atomic
def reinstate(coordinator, accession, reason="", internal_note=""):
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    accession.expulsion_proposed_by = None
    return _decide(
        coordinator,
        accession,
        Status.APPROVED,
        "reinstated",
        reason,
        internal_note,
    )


@transaction.atomic
def propose_expulsion(coordinator, accession, reason, internal_note=""):
    """The first of the four eyes: a second coordinator must confirm."""
    reason = _required(reason, _("Give the reasons for the expulsion."))
    accession = _lock_for_review(coordinator, accession, [Status.SUSPENDED])
    if accession.expulsion_proposed_by_id:
        raise ReviewError(_("An expulsion has already been proposed."))
    accession.expulsion_proposed_by = coordinator
    _record(
        accession, coordinator, "expulsion proposed", reason=reason, internal_note=internal_note
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
    reason = accession.history.filter(history_change_reason="expulsion proposed").latest().reason
    return _decide(
        coordinator,
        accession,
        Status.EXPELLED,
        "expelled",
        reason,
        internal_note,
    )


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
    "listed_name",
    "listed_region",
    "search_text",
]


@transaction.atomic
def anonymise_expired(now=None):
    """Strip rejected and withdrawn accessions untouched for RETENTION_DAYS of everything that
    could identify the applicant, in their history too. Idempotent; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    expired = Accession.objects.filter(
        status__in=[Status.REJECTED, Status.WITHDRAWN],
        updated_at__lt=cutoff,
        anonymised_at__isnull=True,
    )
    ids = list(expired.values_list("pk", flat=True))
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    # update() on purpose: no new history row with the data, no save() side effects.
    Accession.objects.filter(pk__in=ids).update(
        **blank, user=None, authority_date=None, anonymised_at=timezone.now()
    )
    Accession.history.filter(id__in=ids).update(**blank, user_id=None, authority_date=None)
    return len(ids)
