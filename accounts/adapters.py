from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext as _

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # allauth's forms accept 320 characters and would store the address cut short.
        limit = User._meta.get_field("email").max_length
        if len(email) > limit:
            raise forms.ValidationError(
                _("An e-mail address can have at most %(limit)d characters.") % {"limit": limit}
            )
        return super().clean_email(email)
