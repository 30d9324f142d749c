"""Every change to an organization and its representatives, with the actor in its history."""

from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User

from .models import INVITATION_LIFETIME, Invitation, Organization, Representative, new_token
from .tasks import send_invitation

# Event codes of the organizations' audit trail.
REGISTERED = "organization.registered"
PROFILE_UPDATED = "organization.profile_updated"
INVITED = "organization.invited"
INVITATION_RENEWED = "organization.invitation_renewed"
INVITATION_ACCEPTED = "organization.invitation_accepted"
JOINED = "organization.representative_joined"
REMOVED = "organization.representative_removed"

# Sent, inside the transaction, after an organization's public profile changed: what shows it
# publicly (the registry, which depends on this app, not the other way round) follows it.
profile_changed = Signal()


class OrganizationError(Exception):
    """A change that cannot be made; the message is meant for the person who asked."""


def _locked(actor: User, organization: Organization) -> Organization:
    """The organization, locked, if `actor` represents it; a 404 otherwise."""
    try:
        return (
            # FOR NO KEY UPDATE: a concurrent accession's foreign-key check on the organization
            # (FOR KEY SHARE) must not wait for this lock while this waits for its signatory.
            Organization.objects.represented_by(actor)
            .select_for_update(no_key=True, of=("self",))
            .get(pk=organization.pk)
        )
    except Organization.DoesNotExist:
        raise Http404 from None


def _save(instance: models.Model, actor: User, reason: str) -> None:
    instance._history_user = actor  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()


def seat(actor: User, organization: Organization, user: User, *, event: str) -> Representative:
    """Make `user` a representative of `organization`, in the caller's transaction, recorded
    as `actor`'s `event`: the one way a representative is added (registering, an invitation,
    a granted claim), with every power a representative has."""
    representative = Representative(organization=organization, user=user)
    _save(representative, actor, event)
    return representative


@transaction.atomic
def register_organization(actor: User, organization: Organization) -> Organization:
    """Save a new organization (an unsaved instance from the form); its creator represents it."""
    _save(organization, actor, REGISTERED)
    seat(actor, organization, actor, event=REGISTERED)
    return organization


@transaction.atomic
def update_organization(
    actor: User, organization: Organization, *, fields: dict[str, Any]
) -> Organization:
    organization = _locked(actor, organization)
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    _save(organization, actor, PROFILE_UPDATED)
    profile_changed.send(sender=Organization, organization=organization)
    return organization


@transaction.atomic
def invite_representative(actor: User, organization: Organization, *, email: str) -> Invitation:
    """Invite `email` to represent the organization: one pending invitation per address, an
    expired one renewed with a new link."""
    organization = _locked(actor, organization)
    email = email.strip().lower()
    if organization.representatives.filter(user__email=email).exists():
        raise OrganizationError(_("This person already represents the organization."))
    invitation = organization.invitations.filter(email=email, accepted_at__isnull=True).first()
    if invitation is not None and invitation.is_usable:
        raise OrganizationError(_("This address has already been invited and can still accept."))
    event = INVITATION_RENEWED if invitation else INVITED
    invitation = invitation or Invitation(organization=organization, email=email)
    invitation.token = new_token()
    invitation.invited_by = actor
    invitation.language = get_language() or settings.LANGUAGE_CODE
    invitation.expires_at = timezone.now() + INVITATION_LIFETIME
    _save(invitation, actor, event)
    transaction.on_commit(partial(send_invitation.enqueue, invitation.pk))
    return invitation


def open_invitation(actor: User, token: str) -> Invitation:
    """The invitation behind `token`, if `actor` may accept it now; OrganizationError saying why
    not otherwise (Http404 for a token that never existed). The page shows the organization only
    to the person it was sent to."""
    invitation = Invitation.objects.select_related("organization").filter(token=token).first()
    if invitation is None:
        raise Http404
    _check_acceptable(actor, invitation)
    return invitation


@transaction.atomic
def accept_invitation(actor: User, token: str) -> Organization:
    invitation = (
        Invitation.objects.select_for_update().select_related("organization").filter(token=token)
    ).first()
    if invitation is None:
        raise Http404
    _check_acceptable(actor, invitation)
    invitation.accepted_at = timezone.now()
    _save(invitation, actor, INVITATION_ACCEPTED)
    try:
        with transaction.atomic():
            seat(actor, invitation.organization, actor, event=JOINED)
    except IntegrityError:
        raise OrganizationError(_("You already represent this organization.")) from None
    return invitation.organization


def _check_acceptable(actor: User, invitation: Invitation) -> None:
    if not invitation.is_usable:
        raise OrganizationError(_("This invitation has expired or has already been used."))
    if invitation.email != actor.email.lower():
        raise OrganizationError(
            _("This invitation was sent to another address. Log in with that address to accept.")
        )
    # Whoever holds the link must also hold the mailbox it was sent to.
    if not EmailAddress.objects.filter(
        user=actor, email__iexact=actor.email, verified=True
    ).exists():
        raise OrganizationError(_("Confirm your e-mail address before accepting the invitation."))


@transaction.atomic
def remove_representative(
    actor: User, organization: Organization, *, representative_id: str
) -> None:
    """Remove a representative (`representative_id` is their seat's public id)."""
    organization = _locked(actor, organization)
    representative = organization.representatives.filter(public_id=representative_id).first()
    if representative is None:
        raise Http404
    if organization.representatives.count() == 1:
        raise OrganizationError(_("An organization keeps at least one representative."))
    representative._history_user = actor  # type: ignore[attr-defined]
    representative._change_reason = REMOVED  # type: ignore[attr-defined]
    representative.delete()
