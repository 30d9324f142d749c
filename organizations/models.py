import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.ids import new_public_id, new_token
from common.regions import Region
from common.validators import no_control_characters, single_line

INVITATION_LIFETIME = datetime.timedelta(days=7)
ONE_LINE = [no_control_characters, single_line]


class OrganizationQuerySet(models.QuerySet):
    def represented_by(self, user):
        return self.filter(representatives__user=user)


class Organization(models.Model):
    class Kind(models.TextChoices):
        HUMAN_RIGHTS = "human-rights", _("human rights organization")
        CIVIC = "civic", _("other civic association")
        INITIATIVE = "initiative", _("initiative group")
        COALITION = "coalition", _("coalition")
        OTHER = "other", _("other")

    class RegistrationStatus(models.TextChoices):
        REGISTERED = "registered", _("registered in Belarus")
        UNREGISTERED = "unregistered", _("unregistered")
        LIQUIDATED = "liquidated", _("liquidated by the authorities")
        ABROAD = "abroad", _("registered abroad")

    slug = models.SlugField(_("public id"), unique=True, default=new_public_id, editable=False)
    name = models.CharField(_("name"), max_length=200, validators=ONE_LINE)
    name_be = models.CharField(
        _("name in Belarusian"), max_length=200, blank=True, validators=ONE_LINE
    )
    name_ru = models.CharField(
        _("name in Russian"), max_length=200, blank=True, validators=ONE_LINE
    )
    name_latin = models.CharField(
        _("name in Latin transliteration"), max_length=200, blank=True, validators=ONE_LINE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registration_status = models.CharField(
        _("registration status"), max_length=20, choices=RegistrationStatus.choices
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("public description"), max_length=3000, blank=True, validators=[no_control_characters]
    )
    public_contact = models.CharField(
        _("public contact"),
        max_length=200,
        blank=True,
        validators=ONE_LINE,
        help_text=_("Shown publicly once the accession is approved. Leave empty to show none."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def other_names(self):
        return [name for name in (self.name_be, self.name_ru, self.name_latin) if name]


class Representative(models.Model):
    """A user who may act for an organization. Removing one deletes the row; history keeps it."""

    # Names the seat in forms without a sequential id that would count accounts.
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_seat_per_person"),
        ]

    def __str__(self):
        return f"{self.user} — {self.organization}"


class Invitation(models.Model):
    """A single-use, expiring invitation to become a co-representative."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The inviter's language when they invited: the invitation's e-mail is written in it.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


class Claim(models.Model):
    """A person asks to represent an organization that the registry lists, such as one carried
    over from the letters with no representative on the site; the coordinators verify the basis
    they state and grant or refuse it (organizations/claims.py). Private like an accession
    request: only the claimant and the coordinators ever see it."""

    class Status(models.TextChoices):
        # "Status of a claim": Belarusian and Russian agree these with the request's gender.
        PENDING = "pending", pgettext_lazy("status of a claim", "waiting for the coordinators")
        GRANTED = "granted", pgettext_lazy("status of a claim", "granted")
        REFUSED = "refused", pgettext_lazy("status of a claim", "refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("status of a claim", "withdrawn")

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    basis = models.TextField(
        _("role and how to verify it"), max_length=2000, validators=[no_control_characters]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # Each event sets these afresh, so every history row carries its own (as for accessions).
    reason = models.TextField(
        _("reason given to the claimant"),
        max_length=3000,
        blank=True,
        validators=[no_control_characters],
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
    review_started_at = models.DateTimeField(_("review started"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request to represent an organization")
        verbose_name_plural = _("requests to represent an organization")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_person_and_organization",
            ),
        ]

    def __str__(self):
        return str(self.public_id)


class ClaimView(models.Model):
    """A coordinator opened a claim, with the claimant's data: who and when, nothing else."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="views")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("view of a request to represent an organization")
        verbose_name_plural = _("views of requests to represent an organization")
        ordering = ["at"]

    def __str__(self):
        return f"{self.claim} {self.at:%Y-%m-%d %H:%M}"
