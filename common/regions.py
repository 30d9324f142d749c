from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """Where a signatory works: the six oblasts, Minsk city, or abroad."""

    BREST = "brest", _("Brest region")
    VITEBSK = "vitebsk", _("Vitebsk region")
    GOMEL = "gomel", _("Gomel region")
    GRODNO = "grodno", _("Grodno region")
    MINSK_REGION = "minsk-region", _("Minsk region")
    MOGILEV = "mogilev", _("Mogilev region")
    MINSK_CITY = "minsk-city", _("Minsk city")
    ABROAD = "abroad", _("abroad")
