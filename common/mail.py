from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


class MailNotSent(Exception):
    """Raised in place of the mail backend's error, whose text may hold the recipient's address
    (SMTP's refusals do) and would reach the logs and the task result table."""


def send_one(recipient: str, subject: str, body: str) -> None:
    try:
        EmailMessage(subject, body, to=[recipient]).send()
    except Exception as error:
        raise MailNotSent(type(error).__name__) from None


def send_templated_mail(template: str, recipients: Iterable[str], context: dict[str, Any]) -> None:
    """Send `<template>_subject.txt` and `<template>.txt`, rendered with `context`, to each
    recipient in a message of their own: nobody learns who else received it."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    for recipient in recipients:
        send_one(recipient, settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body)
