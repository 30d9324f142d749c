import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTROL = {"\n", "\r", "\t"}
# Bidirectional embeddings, overrides and isolates can make a name display as something else.
# Right-to-left letters themselves are welcome; only these invisible controls are refused.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def no_control_characters(value: str) -> None:
    """Refuse NUL, other control characters and bidirectional overrides in submitted text."""
    if any(
        ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROL)
        for ch in value
    ):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control"
        )


def single_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValidationError(_("This must fit on one line."), code="multiline")
