import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTROL = {"\n", "\r", "\t"}


def no_control_characters(value):
    """Refuse NUL and other control characters, which PostgreSQL or readers would choke on."""
    if any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROL for ch in value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control"
        )


def single_line(value):
    if "\n" in value or "\r" in value:
        raise ValidationError(_("This must fit on one line."), code="multiline")
