from django import forms
from django.utils.translation import gettext_lazy as _

from accession.forms import TakeOverForm
from common.validators import no_control_characters, single_line

from .models import PRINCIPLES

TEXT = [no_control_characters]
LINE = [no_control_characters, single_line]


class ConcernForm(forms.Form):
    signatory_text = forms.CharField(
        label=_("Which signatory is it about?"),
        help_text=_("Their name as the registry lists it, or as you know them."),
        max_length=200,
        required=False,
        validators=LINE,
    )
    principles = forms.TypedMultipleChoiceField(
        label=_("Which principles do you think were not followed?"),
        choices=[(n, _("Principle %(number)s") % {"number": n}) for n in PRINCIPLES],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one principle.")},
    )
    account = forms.CharField(
        label=_("What happened?"),
        help_text=_("When and where, and what was done or said. Name no one who could be harmed."),
        max_length=5000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say what happened.")},
    )
    evidence = forms.CharField(
        label=_("Links or references to evidence (optional)"),
        help_text=_(
            "Text only: files carry hidden data about who made them and can carry malware, so "
            "this form takes none. Describe what you have; the coordinators will arrange a safe "
            "way to receive it if they need it."
        ),
        max_length=3000,
        required=False,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(
        label=_("How can the coordinators reach you? (optional)"),
        help_text=_(
            "Only if you want them to. Without it, they ask their questions on the case page."
        ),
        max_length=300,
        required=False,
        validators=LINE,
    )
    # Filled in only by programs that fill in every field; hidden from people by the stylesheet.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, signatory_name: str = "", with_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signatory_name:
            # Chosen from the registry: the name is shown, not typed.
            del self.fields["signatory_text"]
        if with_account:
            self.fields["under_account"] = forms.BooleanField(
                label=_("Raise it under my account"),
                help_text=_(
                    "The coordinators will see who you are, and you follow the case from your "
                    "account. Unticked, the concern is anonymous and you get a case code."
                ),
                required=False,
            )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."))
        return ""

    def clean(self):
        cleaned = super().clean() or {}
        if "signatory_text" in self.fields and not (cleaned.get("signatory_text") or "").strip():
            self.add_error("signatory_text", _("Say which signatory the concern is about."))
        return cleaned


class CaseCodeForm(TakeOverForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Case code")
        self.fields["code"].help_text = _(
            "The code you were shown when you raised the concern, for example ABCD-EFGH-JKLM-NPQR."
        )

    @staticmethod
    def no_case_message() -> str:
        # The same words whether no case ever had this code or its case is gone.
        return str(_("No case opens with this code. Check it and try again."))


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your answer.")},
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your response"),
        max_length=5000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
