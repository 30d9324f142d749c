import re
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accession.models import INDIVIDUAL_LISTINGS, Accession, ConsentMethod, Listing, Status
from common.converters import PublicIdConverter
from common.ids import new_public_id
from common.regions import Region
from common.validators import no_control_characters


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the signatory"),
        help_text=_("Required to reject, ask for changes, suspend or propose expulsion."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    internal_note = forms.CharField(
        label=_("Internal note (coordinators only)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Waiting for review")), *Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", pgettext_lazy("any kind of signatory", "all")), *Accession.Kind.choices],
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", pgettext_lazy("any region", "all")), *Region.choices],
    )


class AssistedAccessionForm(forms.ModelForm):
    """An accession a coordinator records for a person who asked by another channel: what the
    registry may show, and the consent record, which stays private."""

    listing = forms.ChoiceField(
        label=_("Public listing"),
        widget=forms.RadioSelect,
        choices=[choice for choice in Listing.choices if choice[0] in INDIVIDUAL_LISTINGS],
    )
    confirmed = forms.BooleanField(
        label=_(
            "The person confirmed, to whoever took their consent, that they have read and accept "
            "all fifteen principles of this edition, act peacefully and without violence, and "
            "consent to the processing of their data as described on the privacy page."
        )
    )
    claim_code = forms.BooleanField(
        label=_("Give the person a claim code"),
        help_text=_(
            "Shown once, on the next page, for you to hand over: with it, the person can take "
            "the accession into an account of their own later."
        ),
        required=False,
        initial=True,
    )
    # The new accession's random id, chosen when the form is shown: submitting the same form
    # twice finds the first accession instead of recording a second one.
    key = forms.CharField(widget=forms.HiddenInput, max_length=16)

    class Meta:
        model = Accession
        fields = ["public_name", "region", "consent_method", "consent_date", "consent_given_to"]
        labels = {
            "consent_method": _("How the person gave their consent"),
            "consent_date": _("When"),
            "consent_given_to": _("To whom"),
        }
        help_texts = {
            "public_name": _("The name under which the person may appear, as they chose."),
            "consent_given_to": _(
                "Which coordinator or organization took their consent. Private, like the rest "
                "of this record: never shown in public."
            ),
        }
        widgets = {
            "consent_method": forms.RadioSelect,
            "consent_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True
        # Without the model field's empty choice, which would be a radio button of its own.
        cast(forms.ChoiceField, self.fields["consent_method"]).choices = ConsentMethod.choices
        self.fields["key"].initial = new_public_id()
        self.order_fields(["public_name", "region", "listing", *self.Meta.fields[2:]])

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if not re.fullmatch(PublicIdConverter.regex, key):
            raise forms.ValidationError(_("This form has expired. Fill it in again."))
        return key

    def clean_consent_date(self) -> Any:
        date = self.cleaned_data["consent_date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return date


class OnRequestForm(forms.Form):
    """Who asked the coordinators to hide or withdraw an accession nobody's account holds."""

    reason = forms.CharField(
        label=_("Who asked, and how"),
        help_text=_("For example: she asked by phone, through the organization that knows her."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
