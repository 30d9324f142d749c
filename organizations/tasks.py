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
