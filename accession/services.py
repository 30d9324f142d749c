"""Every transition of an accession: atomic, under a row lock, recorded with actor and reason.

Views call these and nothing else to change an accession. A wrong user gets Http404 (other
people's accessions do not exist for them); a wrong state gets AccessionError with a message.
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.services import represented_by
from principles.models import Edition

from .models import OPEN_STATUSES, Accession, Listing, Status
from .tasks import send_accession_email

# Fields a signatory fills in; everything else is set by the transitions.
INDIVIDUAL_FIELDS = [
    "legal_name",
    "public_name",
    "listing",
    "region",
    "affiliation",
    "statement",
    "accepts_principles",
    "acts_peacefully",
    "consents_to_processing",
]
ORGANIZATION_FIELDS = [
    "listing",
    "authority_basis",
    "authority_date",
    "accepts_principles",
    "acts_peacefully",
    "consents_to_processing",
]


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


def _record(accession, actor, reason):
    accession._history_user = actor
    accession._change_reason = reason
    accession.save()


def _notify(accession, event):
    transaction.on_commit(partial(send_accession_email.enqueue, accession.pk, event))


def current_edition():
    edition = Edition.objects.filter(status=Edition.Status.CURRENT).order_by("language").first()
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
    if not represented_by(actor).filter(pk=organization.pk).exists():
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
        INDIVIDUAL_FIELDS if accession.kind == Accession.Kind.INDIVIDUAL else (ORGANIZATION_FIELDS)
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
    _record(accession, actor, reason or "withdrawn by the signatory")
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
    _record(accession, actor, f"listing changed to {Listing(listing).label}")
    return accession


@transaction.atomic
def hide_now(actor, accession):
    """Emergency unlisting: immediate, no review, in every status. Idempotent."""
    accession = _locked(actor, accession)
    if accession.hidden_at is None:
        accession.hidden_at = timezone.now()
        _record(accession, actor, "hidden by the signatory")
    return accession


def reaffirmable(accession):
    """Whether the signatory may accede again to a newer current edition."""
    return (
        accession.status == Status.APPROVED
        and accession.edition.status == Edition.Status.SUPERSEDED
    )
