from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Claim, Organization


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "name_be",
            "name_ru",
            "name_latin",
            "kind",
            "registration_status",
            "region",
            "website",
            "description",
            "public_contact",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the co-representative"),
        max_length=254,
        help_text=_(
            "They must sign up or log in with this address to accept. The link expires in 7 days."
        ),
    )


class RemoveRepresentativeForm(forms.Form):
    representative = forms.RegexField(regex=r"^[0-9a-f]{16}\Z", widget=forms.HiddenInput)


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["basis"]
        labels = {
            "basis": _("Your role in the organization, and how the coordinators can verify it")
        }
        help_texts = {
            "basis": _(
                "For example: chair of the board since 2019; the board's minutes, or a "
                "person the coordinators know who can confirm it. Only the coordinators read this."
            )
        }
        widgets = {"basis": forms.Textarea(attrs={"rows": 5})}
