from django.tasks import task

from common.mail import send_templated_mail

from . import events


@task
def send_concern_email(concern_id, event):
    """Tell whom the coordinators asked, or told of the outcome, that there is news, each in
    their language: only that, never what nor about whom (a lock screen shows it to anyone).
    The signatory hears only once asked for a response; the person who raised the concern only
    if they raised it under their account (an anonymous one reads their case page)."""
    from .models import Concern

    concern = (
        Concern.objects.select_related("complainant", "signatory__user", "signatory__organization")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        return
    recipients = []
    complainant = concern.complainant
    if complainant and event in {events.COMPLAINANT_ASKED, *events.OUTCOMES}:
        recipients.append((complainant.email, complainant.language))
    signatory = concern.signatory
    if (
        signatory
        and concern.signatory_asked_at
        and event
        in {
            events.SIGNATORY_ASKED,
            *events.OUTCOMES,
        }
    ):
        if signatory.organization is not None:
            recipients += list(
                signatory.organization.representatives.values_list("user__email", "user__language")
            )
        elif signatory.user is not None:
            recipients.append((signatory.user.email, signatory.user.language))
    send_templated_mail("emails/concern", recipients, {})
