from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_templated_mail(template, recipients, context):
    """Send `<template>_subject.txt` and `<template>.txt`, rendered with `context`, to each
    recipient in a message of their own: nobody learns who else received it."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    for recipient in recipients:
        EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[recipient]).send()
