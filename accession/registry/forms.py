from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.regions import Region
from common.validators import no_control_characters
from organizations.models import Organization

# Rows a registry page shows unless the visitor chooses: on a phone each row is several lines,
# and a search's closest names are the ones that matter.
PAGE_SIZE = 25


class RegistryForm(forms.Form):
    """The registry's filters: an ordinary GET form, so every view has a shareable address."""

    q = forms.CharField(
        label=_("Name"), required=False, max_length=100, validators=[no_control_characters]
    )
    kind = forms.ChoiceField(
        label=_("Signatory"),
        required=False,
        choices=[
            ("", pgettext_lazy("any kind of signatory", "all")),
            ("organization", _("organizations")),
            ("individual", _("individuals")),
        ],
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organization"),
        required=False,
        choices=[
            ("", pgettext_lazy("any kind of organization", "all")),
            *Organization.Kind.choices,
        ],
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", pgettext_lazy("any region", "all")), *Region.choices],
    )
    edition = forms.IntegerField(label=_("Edition"), required=False, min_value=1, max_value=999)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("", _("newest first")), ("name", _("by name"))],
    )
    size = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", str(PAGE_SIZE)), (10, "10"), (50, "50"), (100, "100")],
    )
    after = forms.RegexField(regex=r"^[0-9a-f]{16}\Z", required=False, widget=forms.HiddenInput)
    before = forms.RegexField(regex=r"^[0-9a-f]{16}\Z", required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.searched:
            # A search lists the closest names first (public.closest), not the newest.
            sort = cast(forms.ChoiceField, self.fields["sort"])
            sort.choices = [("", _("best matches first")), ("name", _("by name"))]

    @property
    def searched(self) -> bool:
        """Whether a name is searched for: what the sort's first choice means depends on it."""
        return self.is_bound and bool(self.data.get("q", "").strip())
