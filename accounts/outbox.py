"""Account e-mail is sent by the task worker, never inside the request: a mail server that is
down or slow must not turn sign-up or a password reset into an error, nor its timing into a
sign of whether an address has an account."""

import datetime
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import QueuedMail
from .tasks import send_queued_mail

# Mail the worker could not send is deleted after this long; its codes have expired by then.
LIFETIME = datetime.timedelta(days=1)


def queue(message: EmailMessage) -> None:
    """Store `message` (an EmailMessage), one row per recipient, for the task worker."""
    for recipient in message.to:
        queued = QueuedMail.objects.create(
            to=recipient, subject=str(message.subject), body=str(message.body)
        )
        transaction.on_commit(partial(send_queued_mail.enqueue, queued.pk))


def purge() -> None:
    QueuedMail.objects.filter(created_at__lt=timezone.now() - LIFETIME).delete()
