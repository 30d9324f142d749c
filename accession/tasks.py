from django.tasks import task

from config.mail import send_templated_mail

# Events with a message of their own; decisions share one that points to the dashboard, where
# the reason is shown: e-mail carries no reasons and no names.
OWN_TEMPLATES = {"submitted", "resubmitted", "withdrawn"}


@task
def send_accession_email(accession_id, event):
    """Tell the signatory (every representative, for an organization) what happened."""
    from .models import Accession

    accession = Accession.objects.select_related("user", "organization", "edition").get(
        pk=accession_id
    )
    if accession.organization_id:
        recipients = accession.organization.representatives.values_list("user__email", flat=True)
    else:
        recipients = [accession.user.email]
    template = event if event in OWN_TEMPLATES else "update"
    send_templated_mail(f"emails/accession_{template}", recipients, {"accession": accession})
