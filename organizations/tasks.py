from django.tasks import task

from common.mail import send_templated_mail


@task
def send_invitation(invitation_id):
    from .models import Invitation

    invitation = Invitation.objects.select_related("organization").get(pk=invitation_id)
    if invitation.accepted_at is not None:
        return
    # In the inviter's language: the invited person has told the site nothing yet.
    send_templated_mail(
        "emails/invitation",
        [(invitation.email, invitation.language)],
        {"invitation": invitation, "organization": invitation.organization},
    )


@task
def send_claim_email(claim_id):
    """Tell the claimant that their request was decided, in their language: only that there is
    news, and where to read it (a lock screen shows the subject to anyone)."""
    from .models import Claim

    claim = Claim.objects.select_related("user").filter(pk=claim_id).first()
    if claim is None:
        return  # the account was deleted meanwhile
    send_templated_mail("emails/claim_decided", [(claim.user.email, claim.user.language)], {})
