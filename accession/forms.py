from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.regions import Region
from common.validators import no_control_characters

from .models import (
    CONFIRMATIONS,
    INDIVIDUAL_FIELDS,
    INDIVIDUAL_LISTINGS,
    ORGANIZATION_FIELDS,
    ORGANIZATION_LISTINGS,
    Accession,
    Listing,
)

# Each listing choice, saying what it publishes, in the words of the form, the privacy page and
# the listing form: what a signatory consents to is what appears.
LISTING_CHOICES = {
    Listing.FULL_NAME: _(
        "Full name and region: your public name and your region appear in the registry."
    ),
    Listing.INITIALS: _(
        "Initials and region: the initials of your public name and your region appear."
    ),
    Listing.COUNTED: _(
        "Counted but not named: nothing about you appears; you are only counted in one total."
    ),
    Listing.LISTED: _(
        "Listed with the public profile: the organization's names, kind, registration status, "
        "region, website, description and public contact appear in the registry and on its "
        "public profile."
    ),
}


def listing_choices(values, example=None):
    """Radio choices for `values`, each saying what it publishes, with the public line it would
    produce when `example` (listing -> (name, region label) or None) is given."""
    choices = []
    for value in values:
        label = str(LISTING_CHOICES[value])
        if example is not None:
            line = example(value)
            shown = (
                _("Shown as: %(line)s") % {"line": ", ".join(str(part) for part in line if part)}
                if line
                else _("Not shown.")
            )
            label = f"{label} {shown}"
        choices.append((value, label))
    return choices


class AccessionForm(forms.ModelForm):
    """The listing choice and the confirmations every signatory gives; each must be ticked."""

    listing_values: list[Listing] = []
    listing = forms.ChoiceField(label=_("Public listing"), widget=forms.RadioSelect)

    def __init__(self, *args, edition=None, with_listing=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_listing:
            cast(forms.ChoiceField, self.fields["listing"]).choices = listing_choices(
                self.listing_values
            )
        else:
            # Resubmitting changes the declaration; the listing is changed on its own form.
            del self.fields["listing"]
        for name in CONFIRMATIONS:
            self.fields[name].required = True
        if edition is not None:
            self.fields["accepts_principles"].label = _(
                "I have read and accept all fifteen principles of edition %(number)s "
                "(fingerprint %(fingerprint)s)."
            ) % {"number": edition.number, "fingerprint": edition.fingerprint}
        self.fields["acts_peacefully"].label = _(
            "I act, and will act, peacefully and without violence."
        )


class IndividualAccessionForm(AccessionForm):
    listing_values = INDIVIDUAL_LISTINGS

    class Meta:
        model = Accession
        # The listing choice after the name and region it would publish.
        fields = [*INDIVIDUAL_FIELDS[:3], "listing", *INDIVIDUAL_FIELDS[3:]]
        help_texts = {
            "legal_name": _("Private: seen only by you and the coordinators."),
            "public_name": _("The name under which you may appear, if you choose to be listed."),
            "region": _("Shown with your name or initials unless you choose to be only counted."),
            "affiliation": _("Optional: an organization or group you work with."),
            "statement": _("Optional and private: anything the coordinators should know."),
        }
        widgets = {"statement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["legal_name", "public_name", "region"]:
            self.fields[name].required = True
        self.fields["consents_to_processing"].label = _(
            "I consent to the processing of my data as described on the privacy page."
        )


class OrganizationAccessionForm(AccessionForm):
    listing_values = ORGANIZATION_LISTINGS

    class Meta:
        model = Accession
        fields = [*ORGANIZATION_FIELDS[:2], "listing", *ORGANIZATION_FIELDS[2:]]
        help_texts = {
            "authority_basis": _(
                "For example: the decision of the board of 12 March, minutes no. 4. Private."
            ),
        }
        widgets = {
            "authority_basis": forms.Textarea(attrs={"rows": 3}),
            "authority_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority_basis"].required = True
        self.fields["authority_date"].required = True
        self.fields["consents_to_processing"].label = _(
            "I consent, on behalf of the organization, to the processing of the data given here "
            "as described on the privacy page."
        )


class ListingForm(forms.Form):
    listing = forms.ChoiceField(
        label=_("How you appear in the public registry"), widget=forms.RadioSelect
    )

    def __init__(self, *args, accession, **kwargs):
        super().__init__(*args, **kwargs)
        signatory = accession.signatory
        regions = dict(Region.choices)

        # The public sees the standing accession's name, whichever accession is being read.
        shown = signatory.accession or accession

        def example(listing):
            line = signatory.public_line(listing, shown)
            return (line[0], regions.get(line[1], "")) if line else None

        cast(forms.ChoiceField, self.fields["listing"]).choices = listing_choices(
            [value for value, _label in signatory.listing_choices], example
        )
        self.fields["listing"].initial = signatory.listing


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, seen only by you and the coordinators)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your response to the suspension"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters],
    )


class TakeOverForm(forms.Form):
    code = forms.CharField(
        label=_("Claim code"),
        help_text=_("The code the coordinators gave you, for example ABCD-EFGH-JKLM-NPQR."),
        max_length=40,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
