import datetime
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import translate_url
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.mail import full_mail, subject_line

from . import outbox
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # allauth's forms accept 320 characters and would store the address cut short.
        limit = User._meta.get_field("email").max_length or 254
        if len(email) > limit:
            raise forms.ValidationError(
                _("An e-mail address can have at most %(limit)d characters.") % {"limit": limit}
            )
        return super().clean_email(email)

    def send_account_already_exists_mail(self, email):
        # Sent instead of creating an account: a new account's password hash would otherwise
        # be missing here, and the quicker answer would tell that the address has an account.
        User().set_password(get_random_string(20))
        super().send_account_already_exists_mail(email)

    def save_user(self, request, user, form, commit=True):
        # A new account reads the language it signed up in.
        user.language = get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit)

    def get_login_redirect_url(self, request):
        # After logging in, the site speaks the account's language.
        url = super().get_login_redirect_url(request)
        return translate_url(url, request.user.language)

    def is_reauthentication_required(self, *, app, **kwargs):
        # Setting up two-factor authentication right after logging in (where the review desk
        # sends coordinators), recovery codes included, asks for no password a second time: the
        # login is that recent. A factor that existed before this login still needs the
        # password to be changed or turned off, so a session taken over cannot disarm the
        # account; e-mail and password changes always ask.
        request = allauth_context.request
        records = get_authentication_records(request, request.user)
        if app == "allauth.mfa" and records:
            logged_in = records[-1]["at"]
            if time.time() - logged_in < account_settings.REAUTHENTICATION_TIMEOUT:
                since = datetime.datetime.fromtimestamp(logged_in, tz=datetime.UTC)
                older = Authenticator.objects.filter(user=request.user, created_at__lt=since)
                if not older.exists():
                    return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def format_email_subject(self, subject):
        return subject_line(subject)

    def send_mail(self, template_prefix, email, context):
        # Rendered here, as allauth does, with the request's host, in the language of the
        # account the address belongs to (the requester's for an address with none); sent by
        # the task worker (see accounts/outbox.py).
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "full_mail": full_mail(),
            **context,
        }
        account = User.objects.filter(email=email.strip().lower()).values("language").first()
        with translation.override(account["language"] if account else get_language()):
            outbox.queue(self.render_mail(template_prefix, email, context))
