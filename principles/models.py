from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PRINCIPLE_COUNT = 15


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Edition.Status.DRAFT)

    def for_language(self, language):
        return self.filter(language=language)


class Edition(models.Model):
    """One edition of the Principles in one language; translations share the number.

    The text is loaded from `fixtures/` by `load_principles` and never edited once published.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CURRENT = "current", _("current")
        SUPERSEDED = "superseded", _("superseded")

    number = models.PositiveSmallIntegerField(_("number"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"))
    explanatory_note = models.TextField(_("explanatory note"), blank=True)
    footnotes = models.TextField(_("footnotes"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-number", "language"]
        constraints = [
            models.UniqueConstraint(fields=["number", "language"], name="edition_number_language"),
            models.UniqueConstraint(
                fields=["language"],
                condition=Q(status="current"),
                name="one_current_edition_per_language",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_number_positive"),
        ]

    def __str__(self):
        return _("Edition %(number)s (%(language)s)") % {
            "number": self.number,
            "language": self.language,
        }

    def get_absolute_url(self):
        return reverse("principles:edition", kwargs={"number": self.number})

    @property
    def is_published(self):
        return self.status != self.Status.DRAFT


class Principle(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="principles")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="principle_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=PRINCIPLE_COUNT),
                name="principle_number_range",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def anchor(self):
        return f"principle-{self.number}"
