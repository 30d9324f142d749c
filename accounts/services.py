"""A person's rights over their data: download everything, or delete the account for good;
and the daily deletion of what is kept only for a short while."""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accession.models import Accession, PrivateDataView
from config.cache import delete_expired_entries
from organizations.models import Invitation, Organization, Representative

from . import outbox
from .models import QueuedMail

# Fields never handed out, even to the person concerned: secrets and coordinators' notes.
WITHHELD = {"password", "internal_note", "reviewer", "decided_by", "expulsion_proposed_by"}


def _plain(instance, exclude=()):
    """A model instance as JSON-ready data (ids of related rows, dates as ISO text)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in WITHHELD or field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        data[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _history(queryset, user, exclude=()):
    return [
        {
            "at": row.history_date.isoformat(),
            "by": "you" if row.history_user_id == user.pk else "someone else",
            "event": row.history_change_reason or row.get_history_type_display(),
            "record": _plain(row.instance, exclude),
        }
        for row in queryset.order_by("history_date", "history_id")
    ]


def export_user_data(user):
    """Everything the site holds about `user`, for the download on the account page."""
    accessions = Accession.objects.for_user(user).select_related("edition", "organization")
    organizations = Organization.objects.represented_by(user)
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
        "accessions": [
            {
                **_plain(accession),
                "edition_number": accession.edition.number,
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
                "organization": seat.organization_id,
                "added_at": seat.added_at.isoformat(),
                "history": _history(Representative.history.filter(id=seat.pk), user),
            }
            for seat in Representative.objects.filter(user=user)
        ],
        "invitations_received": [
            {"organization": i.organization_id, "created_at": i.created_at.isoformat()}
            for i in Invitation.objects.filter(email=user.email)
        ],
        "invitations_sent": [
            {"organization": i.organization_id, "created_at": i.created_at.isoformat()}
            for i in Invitation.objects.filter(invited_by=user)
        ],
        "private_data_opened_as_coordinator": PrivateDataView.objects.filter(
            coordinator=user
        ).count(),
    }


@transaction.atomic
def delete_account(user):
    """Withdraw and erase the person's accessions, remove them from their organizations, and
    erase their personal data everywhere, history included. Not reversible."""
    now = timezone.now()
    # Their own accessions go entirely, with every history row that held their data.
    own = Accession.objects.filter(kind=Accession.Kind.INDIVIDUAL, user=user)
    own_ids = list(own.values_list("pk", flat=True))
    for accession in own.select_for_update():
        accession.delete()
    Accession.history.filter(id__in=own_ids).delete()

    # Organizations carry on with their other representatives; one left without any is hidden
    # from the public until a coordinator acts.
    for seat in Representative.objects.filter(user=user).select_related("organization"):
        organization = seat.organization
        others = organization.representatives.exclude(user=user).order_by("added_at")
        successor = others.first()
        for accession in organization.accessions.select_for_update().filter(user=user):
            if successor:
                accession.user = successor.user
            else:
                accession.hidden_at = accession.hidden_at or now
                accession.user = None
            accession._change_reason = "representative's account deleted"
            accession.save()
        seat.delete()
    Representative.history.filter(user_id=user.pk).delete()

    # Invitations addressed to them hold their address; those they sent keep no trace of them.
    # (Deleting rows writes history rows: the history goes last.)
    Invitation.objects.filter(email=user.email).delete()
    QueuedMail.objects.filter(to=user.email).delete()
    Invitation.history.filter(email=user.email).delete()
    Invitation.history.filter(invited_by_id=user.pk).update(invited_by_id=None)
    # Their part in other people's histories, as reviewer or coordinator, becomes anonymous.
    for field in ("user_id", "reviewer_id", "decided_by_id", "expulsion_proposed_by_id"):
        Accession.history.filter(**{field: user.pk}).update(**{field: None})
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).delete()
    # E-mail addresses, authenticators and sessions' links go with the account (CASCADE or
    # SET_NULL); history rows they acted in keep no actor.
    user.delete()


def purge_transient():
    """Daily: what is kept only for a short while goes, expired cache entries (rate-limit
    counters, used two-factor codes), account mail the worker could not send, and expired
    sessions (Django keeps their rows, and allauth's code flows leave the address typed in
    them)."""
    delete_expired_entries()
    outbox.purge()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
