from django.tasks import task

from config.mail import send_templated_mail


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
    send_templated_mail(f"emails/accession_{event}", recipients, {"accession": accession})
