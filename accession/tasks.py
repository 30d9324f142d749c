from django.tasks import task

from common.mail import send_templated_mail

from . import events

# Events with a message of their own; decisions share one that points to the accession's page,
# where the reason is shown: e-mail carries no reasons and no names.
OWN_TEMPLATES = {
    events.SUBMITTED: "submitted",
    events.RESUBMITTED: "resubmitted",
    events.WITHDRAWN: "withdrawn",
}


@task
def send_accession_email(accession_id, event):
    """Tell the signatory (each representative, for an organization) what happened, each in
    their own language."""
    from .models import Accession

    accession = Accession.objects.select_related("user", "organization", "edition").get(
        pk=accession_id
    )
    if accession.organization is not None:
        recipients = list(
            accession.organization.representatives.values_list("user__email", "user__language")
        )
    elif accession.user is not None:
        recipients = [(accession.user.email, accession.user.language)]
    else:
        return
    template = OWN_TEMPLATES.get(event, "update")
    send_templated_mail(f"emails/accession_{template}", recipients, {"accession": accession})
