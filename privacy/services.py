"""A person's rights over their data — download everything, or delete the account for good —
and the site's own forgetting: closed accessions anonymised after RETENTION_DAYS, and what is
kept only for a short while deleted daily."""

import datetime
from collections.abc import Iterable
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from accession import events
from accession.concerns import events as concern_events
from accession.concerns import services as concerns
from accession.concerns.models import Concern, ConcernView
from accession.models import (
    OPEN_STATUSES,
    Accession,
    Kind,
    PrivateDataView,
    Signatory,
    Status,
)
from accession.services import publish, record
from accounts import outbox
from accounts.models import QueuedMail, User
from common.cache import delete_expired_entries
from organizations import events as organization_events
from organizations.models import Claim, ClaimView, Invitation, Organization, Representative

# Fields never handed out, even to the person concerned: secrets and coordinators' notes and
# names. An accession's reason is per event: the download gives it with each event the
# signatory sees.
WITHHELD = {
    "password",
    "internal_note",
    "reason",
    "reviewer",
    "decided_by",
    "expulsion_proposed_by",
    "recorded_by",
    "claim_digest",
}
# How a related row is named in the download: by its public identifier, never by a sequential
# id, which would tell how many accounts, organizations or accessions exist.
PUBLIC_NAMES = ("public_id", "slug", "number")


def _plain(instance: models.Model, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A model instance as JSON-ready data: dates as ISO text, related rows by their public
    identifier, no sequential ids."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in WITHHELD or field.name in exclude or field.primary_key:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(instance, field.name)
            names = [name for name in PUBLIC_NAMES if hasattr(related, name)]
            if related is not None and not names:
                continue  # e.g. the account itself: it is the download's subject
            value = getattr(related, names[0]) if related is not None else None
        else:
            value = getattr(instance, field.attname)
        data[field.name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def _history(
    queryset: models.QuerySet, user: User, exclude: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The history rows of events the person may see (coordinators' own bookkeeping, such as
    taking a request or proposing an expulsion, is theirs until it becomes a decision), each
    with its reason."""
    return [
        {
            "at": row.history_date.isoformat(),
            "by": "you" if row.history_user_id == user.pk else "someone else",
            "event": row.history_change_reason or row.get_history_type_display(),
            "reason": getattr(row, "reason", ""),
            "record": _plain(row.instance, exclude),
        }
        for row in queryset.order_by("history_date", "history_id")
        if not events.for_coordinators_only(row.history_change_reason)
        and row.history_change_reason not in organization_events.FOR_COORDINATORS_ONLY
    ]


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the site holds about `user`, for the download on the account page."""
    accessions = Accession.objects.for_user(user).select_related(
        "edition", "organization", "signatory"
    )
    organizations = Organization.objects.represented_by(user)
    signatories = Signatory.objects.for_user(user).select_related("organization")
    return {
        "account": _plain(user),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user)
        ],
        "signatories": [
            {
                **_plain(signatory, exclude={"accession", "search_text", "import_key"}),
                "history": _history(
                    Signatory.history.filter(id=signatory.pk), user, exclude={"accession"}
                ),
            }
            for signatory in signatories
        ],
        "accessions": [
            {
                **_plain(accession),
                "history": _history(Accession.history.filter(id=accession.pk), user),
            }
            for accession in accessions
        ],
        "organizations": [
            {
                **_plain(organization),
                "history": _history(Organization.history.filter(id=organization.pk), user),
            }
            for organization in organizations
        ],
        "representations": [
            {
                "organization": seat.organization.slug,
                "added_at": seat.added_at.isoformat(),
                "history": _history(Representative.history.filter(id=seat.pk), user),
            }
            for seat in Representative.objects.filter(user=user).select_related("organization")
        ],
        "invitations_received": [
            {"organization": i.organization.slug, "created_at": i.created_at.isoformat()}
            for i in Invitation.objects.filter(email=user.email).select_related("organization")
        ],
        "invitations_sent": [
            {"organization": i.organization.slug, "created_at": i.created_at.isoformat()}
            for i in Invitation.objects.filter(invited_by=user).select_related("organization")
        ],
        "claims": [
            {
                **_plain(claim),
                "history": _history(Claim.history.filter(id=claim.pk), user),
            }
            for claim in Claim.objects.filter(user=user).select_related("organization")
        ],
        # Their own side of the concerns they raised from this account: never the signatory's
        # response nor the coordinators' internal notes.
        "concerns_raised": [
            {
                "case": concern.public_id,
                "status": concern.status,
                "outcome": concern.outcome,
                "received_at": concern.received_at.isoformat(),
                "principles": concern.principles,
                "what_happened": concern.account,
                "evidence": concern.evidence,
                "contact": concern.contact,
                "messages": [
                    {
                        "at": row.history_date.isoformat(),
                        "event": row.history_change_reason,
                        "from_coordinators": row.to_complainant,
                        "your_answer": row.reply
                        if row.history_change_reason == concern_events.COMPLAINANT_ANSWERED
                        else "",
                    }
                    for row in concern.history.filter(
                        history_change_reason__in=concern_events.COMPLAINANT_SEES
                    ).order_by("history_date")
                ],
            }
            for concern in Concern.objects.filter(complainant=user)
        ],
        "private_data_opened_as_coordinator": PrivateDataView.objects.filter(
            coordinator=user
        ).count()
        + ClaimView.objects.filter(coordinator=user).count()
        + ConcernView.objects.filter(coordinator=user).count(),
    }


@transaction.atomic
def delete_account(user: User) -> None:
    """Withdraw and erase the person's accessions, remove them from their organizations, and
    erase their personal data everywhere, history included. Not reversible; always completes."""
    seats = list(Representative.objects.filter(user=user).select_related("organization"))
    organization_ids = [seat.organization_id for seat in seats]
    # Every signatory touched, locked first and in one order (see accession.services).
    signatories = list(
        Signatory.objects.select_for_update()
        .filter(Q(kind=Kind.INDIVIDUAL, user=user) | Q(organization__in=organization_ids))
        .order_by("pk")
    )
    # And the accessions they submitted for organizations, before any count this moves: a
    # coordinator deciding one of them meanwhile then waits here rather than for those counts.
    submitted = list(
        Accession.objects.select_for_update().filter(kind=Kind.ORGANIZATION, user=user)
    )

    # Their own signatory goes entirely, accessions and every history row that held their data,
    # leaving the public outputs and the tally first.
    for signatory in signatories:
        if signatory.kind != Kind.INDIVIDUAL:
            continue
        publish(signatory, hidden=True)
        accession_ids = list(signatory.accessions.values_list("pk", flat=True))
        Signatory.objects.filter(pk=signatory.pk).update(accession=None)
        Accession.objects.filter(pk__in=accession_ids).delete()
        Accession.history.filter(id__in=accession_ids).delete()
        Signatory.history.filter(id=signatory.pk).delete()
        if signatory.import_key:
            # Carried over from a letter: the bare row stays with its keyed hash only, so the
            # old file imported again finds them gone rather than listing them anew.
            Signatory.objects.filter(pk=signatory.pk).update(user=None)
        else:
            Signatory.objects.filter(pk=signatory.pk).delete()

    # Organizations carry on with their other representatives; one left without any is hidden
    # from the public until a coordinator acts.
    for seat in seats:
        if not seat.organization.representatives.exclude(user=user).exists():
            left = Signatory.objects.filter(organization=seat.organization).first()
            if left is not None and left.hidden_at is None:
                publish(left, event=events.REPRESENTATIVES_GONE, hidden=True)
        seat.delete()
    Representative.history.filter(user_id=user.pk).delete()

    # Accessions they submitted for an organization — whether or not they still represent it —
    # pass to a remaining representative, or to nobody.
    for accession in submitted:
        successor = (
            Representative.objects.filter(organization=accession.organization_id)
            .exclude(user=user)
            .order_by("added_at")
            .first()
        )
        accession.user = successor.user if successor else None
        record(accession, None, events.SUBMITTER_GONE)

    # Concerns they raised go on without naming them, as if raised anonymously.
    concerns.forget_complainant(user)

    # Their requests to represent an organization go, with the coordinators' views of them.
    claim_ids = list(Claim.objects.filter(user=user).values_list("pk", flat=True))
    Claim.objects.filter(pk__in=claim_ids).delete()

    # Invitations addressed to them hold their address; those they sent keep no trace of them.
    # (Deleting rows writes history rows: the history goes last.)
    Invitation.objects.filter(email=user.email).delete()
    QueuedMail.objects.filter(to=user.email).delete()
    Invitation.history.filter(email=user.email).delete()
    Invitation.history.filter(invited_by_id=user.pk).update(invited_by_id=None)
    Claim.history.filter(id__in=claim_ids).delete()
    # Their part in other people's histories, as reviewer or coordinator, becomes anonymous.
    for field in (
        "user_id",
        "reviewer_id",
        "decided_by_id",
        "expulsion_proposed_by_id",
        "recorded_by_id",
    ):
        Accession.history.filter(**{field: user.pk}).update(**{field: None})
    for field in ("reviewer_id", "decided_by_id"):
        Claim.history.filter(**{field: user.pk}).update(**{field: None})
        Concern.history.filter(**{field: user.pk}).update(**{field: None})
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).delete()
    # E-mail addresses, authenticators and sessions' links go with the account (CASCADE or
    # SET_NULL); history rows they acted in keep no actor.
    user.delete()


def purge_transient() -> None:
    """Daily: what is kept only for a short while goes, expired cache entries (rate-limit
    counters, used two-factor codes), account mail the worker could not send, and expired
    sessions (Django keeps their rows, and allauth's code flows leave the address typed in
    them)."""
    delete_expired_entries()
    outbox.purge()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


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
    "consent_given_to",
]


@transaction.atomic
def anonymise_expired(now: datetime.datetime | None = None) -> int:
    """Strip rejected and withdrawn accessions closed RETENTION_DAYS ago of everything that
    could identify the applicant, history included (who acted too), and unlink an individual
    signatory left with nothing but anonymised accessions from the person. An accession
    superseded by a reaffirmation goes the same way once its signatory has left: nothing of
    theirs is open, and their last accession closed RETENTION_DAYS ago. Idempotent; returns
    how many accessions."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    still_here = Signatory.objects.filter(
        Q(accessions__status__in=OPEN_STATUSES) | Q(accessions__closed_at__gte=cutoff)
    )
    ids = list(
        Accession.objects.filter(
            Q(status__in=[Status.REJECTED, Status.WITHDRAWN])
            | Q(status=Status.SUPERSEDED) & ~Q(signatory__in=still_here),
            closed_at__lt=cutoff,
            anonymised_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    # update() on purpose: no new history row with the data, no save() side effects.
    dates = {"authority_date": None, "consent_date": None}
    Accession.objects.filter(pk__in=ids).update(
        **blank,
        **dates,
        user=None,
        recorded_by=None,
        claim_digest=None,
        claim_expires_at=None,
        anonymised_at=timezone.now(),
    )
    Accession.history.filter(id__in=ids).update(
        **blank, **dates, user_id=None, recorded_by_id=None, history_user_id=None
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


@transaction.atomic
def forget_closed_claims(now: datetime.datetime | None = None) -> int:
    """Delete refused and withdrawn requests to represent an organization closed
    RETENTION_DAYS ago, history and views included: what the claimant wrote about themselves
    is kept no longer than a closed accession's. A granted one stays while its claimant has
    the account, as the record of why they represent it. Idempotent; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    ids = list(
        Claim.objects.filter(
            status__in=[Claim.Status.REFUSED, Claim.Status.WITHDRAWN], closed_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    Claim.objects.filter(pk__in=ids).delete()
    # Deleting writes history rows too: the history goes last.
    Claim.history.filter(id__in=ids).delete()
    return len(ids)
