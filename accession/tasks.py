from django.tasks import task

from common.mail import send_templated_mail


@task
def send_accession_email(accession_id, event):
    """Tell the signatory (each representative, for an organization) what happened, each in
    their own language. E-mail carries no reasons and no names: the reason is on the
    accession's page."""
    from .letters import STATUS_AFTER, letter
    from .models import Accession

    accession = Accession.objects.select_related(
        "user", "organization", "edition", "signatory__organization"
    ).get(pk=accession_id)
    if accession.organization is not None:
        recipients = list(
            accession.organization.representatives.values_list("user__email", "user__language")
        )
    elif accession.user is not None:
        recipients = [(accession.user.email, accession.user.language)]
    else:
        return
    status = STATUS_AFTER.get(event, accession.status)
    # Called by the template, so that each recipient reads it in their own language.
    context = {"accession": accession, "letter": lambda: letter(accession, status, names=False)}
    send_templated_mail("emails/accession", recipients, context)
