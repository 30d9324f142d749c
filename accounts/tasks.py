from django.tasks import task

from common.mail import send_one


@task
def send_queued_mail(mail_id):
    from .models import QueuedMail

    queued = QueuedMail.objects.filter(pk=mail_id).first()
    if queued is None:  # sent already, or purged
        return
    send_one(queued.to, queued.subject, queued.body)
    queued.delete()
