from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Before every subject the site sends, allauth's included, in the recipient's language.
SUBJECT_PREFIX = _("[Principles Registry]")


class MailNotSent(Exception):
    """Raised in place of the mail backend's error, whose text may hold the recipient's address
    (SMTP's refusals do) and would reach the logs and the task result table."""


def send_one(recipient: str, subject: str, body: str) -> None:
    try:
        EmailMessage(subject, body, to=[recipient]).send()
    except Exception as error:
        raise MailNotSent(type(error).__name__) from None


def send_templated_mail(
    template: str, recipients: Iterable[tuple[str, str]], context: dict[str, Any]
) -> None:
    """Send `<template>_subject.txt` and `<template>.txt`, rendered with `context`, to each
    (address, language) in a message of their own, written in their language (its links too):
    nobody learns who else received it."""
    for address, language in recipients:
        with translation.override(language):
            rendering = {"site_url": settings.SITE_URL, **context}
            subject = render_to_string(f"{template}_subject.txt", rendering).strip()
            body = render_to_string(f"{template}.txt", rendering)
            subject = f"{SUBJECT_PREFIX} {subject}"
        send_one(address, subject, body)
