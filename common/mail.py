from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Before every subject the site sends when MAIL_DETAIL is "full", allauth's included, in the
# recipient's language.
SUBJECT_PREFIX = _("[Principles Registry]")
# Every subject when MAIL_DETAIL is "neutral": it must tell nothing to someone glancing at a
# lock screen, so it names neither the site nor what the mail is about (config/settings.py).
NEUTRAL_SUBJECT = _("You have a new message")


class MailNotSent(Exception):
    """Raised in place of the mail backend's error, whose text may hold the recipient's address
    (SMTP's refusals do) and would reach the logs and the task result table."""


def full_mail() -> bool:
    """Whether e-mail may say what it is about (MAIL_DETAIL "full"), or only that there is news
    on the site ("neutral", the default)."""
    return settings.MAIL_DETAIL == "full"


def subject_line(subject: str) -> str:
    """The subject to send for a mail about `subject`, in the current language."""
    if full_mail():
        return f"{SUBJECT_PREFIX} {subject}"
    return str(NEUTRAL_SUBJECT)


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
    nobody learns who else received it. Neutral mail (see full_mail) is
    `<template>_neutral.txt` when there is one, else `emails/neutral.txt`: news on the site,
    with a link to the account page."""
    for address, language in recipients:
        with translation.override(language):
            rendering = {"site_url": settings.SITE_URL, **context}
            subject = render_to_string(f"{template}_subject.txt", rendering).strip()
            if full_mail():
                body = render_to_string(f"{template}.txt", rendering)
            else:
                body = render_to_string(
                    [f"{template}_neutral.txt", "emails/neutral.txt"], rendering
                )
            subject = subject_line(subject)
        send_one(address, subject, body)
