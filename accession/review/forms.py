from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accession.models import Accession, Status
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
