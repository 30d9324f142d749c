from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accession.models import Signatory
from common.ids import new_public_id
from common.validators import no_control_characters, single_line

PRINCIPLES = range(1, 16)


class Concern(models.Model):
    """Someone's concern that a signatory does not adhere to the Principles. Private like an
    accession request: only the coordinators read all of it; the person who raised it reads
    their side (through their account or a case code), the signatory only the substance and
    only once asked for a response. The public sees yearly counts, nothing more."""

    class Status(models.TextChoices):
        # "Status of a concern": Belarusian and Russian agree these with the word's gender.
        RECEIVED = "received", pgettext_lazy("status of a concern", "received")
        COMPLAINANT_ASKED = (
            "complainant_asked",
            pgettext_lazy(
                "status of a concern", "waiting for an answer from the person who raised it"
            ),
        )
        SIGNATORY_ASKED = (
            "signatory_asked",
            pgettext_lazy("status of a concern", "waiting for the signatory's response"),
        )
        CLOSED = "closed", pgettext_lazy("status of a concern", "closed")

    class Outcome(models.TextChoices):
        DISMISSED = "dismissed", pgettext_lazy("outcome of a concern", "dismissed")
        RESOLVED = "resolved", pgettext_lazy("outcome of a concern", "resolved")
        REFERRED = (
            "referred",
            pgettext_lazy("outcome of a concern", "referred to the suspension procedure"),
        )

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    signatory = models.ForeignKey(
        Signatory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("signatory"),
    )
    # When the signatory was not picked from the registry: whom the concern is about, as typed.
    signatory_text = models.CharField(
        _("signatory, as named"),
        max_length=200,
        blank=True,
        validators=[no_control_characters, single_line],
    )
    principles = models.JSONField(_("principles concerned"), default=list)
    account = models.TextField(
        _("what happened"), max_length=5000, validators=[no_control_characters]
    )
    evidence = models.TextField(
        _("evidence"), max_length=3000, blank=True, validators=[no_control_characters]
    )
    contact = models.CharField(
        _("contact details"),
        max_length=300,
        blank=True,
        validators=[no_control_characters, single_line],
    )
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("raised by"),
    )
    # The case code's keyed hash (accession/codes.py), kept out of the history.
    case_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    # Each event sets these afresh, so every history row carries its own (as for accessions):
    # a question or reasons for the person who raised it, one for the signatory, their answers.
    to_complainant = models.TextField(
        _("message to the person who raised it"),
        max_length=3000,
        blank=True,
        validators=[no_control_characters],
    )
    to_signatory = models.TextField(
        _("message to the signatory"),
        max_length=3000,
        blank=True,
        validators=[no_control_characters],
    )
    reply = models.TextField(
        _("answer"), max_length=5000, blank=True, validators=[no_control_characters]
    )
    internal_note = models.TextField(
        _("internal note"), max_length=3000, blank=True, validators=[no_control_characters]
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("being reviewed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The signatory has been asked for a response: from then on they see the substance.
    signatory_asked_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["case_digest"])

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["received_at"]

    def __str__(self):
        return self.public_id


class ConcernView(models.Model):
    """A coordinator opened a concern, with the complainant's details: who and when only."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="views")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("view of a concern")
        verbose_name_plural = _("views of concerns")
        ordering = ["at"]

    def __str__(self):
        return f"{self.concern} {self.at:%Y-%m-%d %H:%M}"
