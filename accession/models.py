from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.validators import no_control_characters, single_line
from organizations.models import Organization, Region, new_public_id
from principles.models import Edition

ONE_LINE = [no_control_characters, single_line]


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    CHANGES_REQUESTED = "changes-requested", _("changes requested")
    RESUBMITTED = "resubmitted", _("resubmitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SUSPENDED = "suspended", _("suspended")
    EXPELLED = "expelled", _("expelled")


# An accession in one of these is still open: a signatory may have only one per edition.
OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.CHANGES_REQUESTED,
    Status.RESUBMITTED,
    Status.APPROVED,
    Status.SUSPENDED,
]


class Listing(models.TextChoices):
    FULL_NAME = "full-name", _("full name")
    INITIALS = "initials", _("initials and region")
    LISTED = "listed", _("listed by name")
    COUNTED = "counted", _("counted but not named")


# The public rule, as conditions: approved and not hidden may be counted; of those, the ones
# choosing to be named may be shown. accession/public.py builds every public output on them.
PUBLIC = Q(status="approved", hidden_at__isnull=True)
LISTED = PUBLIC & ~Q(listing="counted")

# What a signatory fills in (forms, resubmission); everything else is set by the transitions.
CONFIRMATIONS = ["accepts_principles", "acts_peacefully", "consents_to_processing"]
INDIVIDUAL_FIELDS = [
    "legal_name",
    "public_name",
    "listing",
    "region",
    "affiliation",
    "statement",
    *CONFIRMATIONS,
]
ORGANIZATION_FIELDS = ["authority_basis", "authority_date", "listing", *CONFIRMATIONS]

INDIVIDUAL_LISTINGS = [Listing.FULL_NAME, Listing.INITIALS, Listing.COUNTED]
ORGANIZATION_LISTINGS = [Listing.LISTED, Listing.COUNTED]


def initials(name):
    """ "Nasta Loika" -> "N. L."; hyphenated parts keep their own initials ("A.-M.")."""
    return " ".join(
        "-".join(f"{part[0]}." for part in word.split("-") if part) for word in name.split()
    )


class AccessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Accessions this user may see and manage: their own and their organizations'."""
        return self.filter(
            Q(kind=Accession.Kind.INDIVIDUAL, user=user)
            | Q(
                kind=Accession.Kind.ORGANIZATION,
                organization__in=Organization.objects.represented_by(user),
            )
        )


class Accession(models.Model):
    """A declaration of accession to one edition of the Principles."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        ORGANIZATION = "organization", _("organization")

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The individual signatory, or the representative who submitted for an organization.
    # Empty only for an organization whose last representative deleted their account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accessions",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="accessions"
    )
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="accessions")
    edition_fingerprint = models.CharField(_("fingerprint of the edition"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    listing = models.CharField(_("public listing"), max_length=16, choices=Listing.choices)
    hidden_at = models.DateTimeField(_("hidden from public"), null=True, blank=True)

    # Individuals.
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True, validators=ONE_LINE)
    public_name = models.CharField(
        _("public name"), max_length=200, blank=True, validators=ONE_LINE
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, validators=ONE_LINE
    )
    statement = models.TextField(
        _("statement"), max_length=3000, blank=True, validators=[no_control_characters]
    )

    # Organizations.
    authority_basis = models.TextField(
        _("basis of authority"), max_length=2000, blank=True, validators=[no_control_characters]
    )
    authority_date = models.DateField(_("date of the decision"), null=True, blank=True)

    accepts_principles = models.BooleanField(_("accepts all fifteen principles"), default=False)
    acts_peacefully = models.BooleanField(_("acts peacefully"), default=False)
    consents_to_processing = models.BooleanField(_("consents to data processing"), default=False)

    # Review. Each transition sets the reasons afresh, so every history row carries its own.
    reason = models.TextField(
        _("reason given to the signatory"),
        max_length=3000,
        blank=True,
        validators=[no_control_characters],
    )
    internal_note = models.TextField(
        _("internal note"), max_length=3000, blank=True, validators=[no_control_characters]
    )
    signatory_response = models.TextField(
        _("signatory's response"), max_length=3000, blank=True, validators=[no_control_characters]
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
    expulsion_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expulsion proposed by"),
    )

    # What the public registry shows, derived in save() from the listing choice: only what the
    # signatory agreed to show, so a search or sort over these can reveal nothing more.
    listed_name = models.CharField(_("name as listed"), max_length=200, blank=True, editable=False)
    listed_region = models.CharField(
        _("region as listed"), max_length=20, choices=Region.choices, blank=True, editable=False
    )
    search_text = models.TextField(blank=True, editable=False)
    approved_at = models.DateTimeField(_("first approved"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = AccessionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        ordering = ["-submitted_at"]
        # The registry pages walk these in order (keyset pagination), newest first or by name.
        indexes = [
            models.Index(
                F("approved_at").desc(),
                F("public_id").desc(),
                name="registry_newest",
                condition=LISTED,
            ),
            models.Index(
                fields=["listed_name", "public_id"], name="registry_name", condition=LISTED
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "edition"],
                condition=Q(kind="individual", status__in=OPEN_STATUSES),
                name="one_open_individual_accession_per_edition",
            ),
            models.UniqueConstraint(
                fields=["organization", "edition"],
                condition=Q(kind="organization", status__in=OPEN_STATUSES),
                name="one_open_organization_accession_per_edition",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="individual", organization__isnull=True)
                    & Q(listing__in=INDIVIDUAL_LISTINGS)
                )
                | (
                    Q(kind="organization", organization__isnull=False)
                    & Q(listing__in=ORGANIZATION_LISTINGS)
                ),
                name="accession_kind_consistent",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(
                    accepts_principles=True, acts_peacefully=True, consents_to_processing=True
                ),
                name="accession_confirmed",
            ),
        ]

    def __str__(self):
        return str(self.public_id)

    @transaction.atomic
    def save(self, *args, **kwargs):
        self.refresh_listing()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "listed_name",
                "listed_region",
                "search_text",
            }
        super().save(*args, **kwargs)
        before, after = getattr(self, "_counted_as", None), self.counted_as()
        if before != after:
            Tally.move(before, after)
        self._counted_as = after

    def get_absolute_url(self):
        return reverse("accession:detail", kwargs={"public_id": self.public_id})

    @transaction.atomic
    def delete(self, *args, **kwargs):
        Tally.move(self.counted_as(), None)
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        if not instance.get_deferred_fields() & {"kind", "status", "listing", "hidden_at"}:
            instance._counted_as = instance.counted_as()
        return instance

    def counted_as(self):
        """The registry summary's bucket for this accession: (kind, named) or None."""
        if self.status != Status.APPROVED or self.hidden_at is not None:
            return None
        return self.kind, self.listing != Listing.COUNTED

    def refresh_listing(self):
        """Derive what the registry shows from the listing choice (save() does this)."""
        self.listed_name, self.listed_region, self.search_text = self._listing_fields()

    def _listing_fields(self):
        if self.listing == Listing.COUNTED:
            return "", "", ""
        if self.kind == self.Kind.ORGANIZATION:
            organization = self.organization
            names = [organization.name, *organization.other_names]
            return organization.name, organization.region, " ".join(names).casefold()
        name = initials(self.public_name) if self.listing == Listing.INITIALS else self.public_name
        # Initials of a long name can outgrow it ("A A A…" → "A. A. A. …").
        name = name[: self._meta.get_field("listed_name").max_length]
        return name, self.region, name.casefold()

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def listing_choices(self):
        allowed = (
            INDIVIDUAL_LISTINGS if self.kind == self.Kind.INDIVIDUAL else ORGANIZATION_LISTINGS
        )
        return [(value, label) for value, label in Listing.choices if value in allowed]


class Tally(models.Model):
    """How many approved, visible signatories there are per kind, named or only counted.

    Kept by Accession.save() and delete() in the same transaction, so the registry's summary is
    one small read however large the registry grows. `recount()` rebuilds it from scratch
    (after bulk loads that bypass save()).
    """

    kind = models.CharField(max_length=16, choices=Accession.Kind.choices)
    named = models.BooleanField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "named"], name="one_tally")]

    def __str__(self):
        return f"{self.kind} {'named' if self.named else 'counted'}: {self.count}"

    @classmethod
    def move(cls, before, after):
        for bucket, delta in ((before, -1), (after, 1)):
            if bucket is None:
                continue
            kind, named = bucket
            if not cls.objects.filter(kind=kind, named=named).update(count=F("count") + delta):
                cls.objects.get_or_create(kind=kind, named=named, defaults={"count": delta})

    @classmethod
    @transaction.atomic
    def recount(cls):
        cls.objects.all().delete()
        counts = (
            Accession.objects.filter(PUBLIC)
            .order_by()
            .values_list("kind", "listing")
            .annotate(n=models.Count("*"))
        )
        totals = {}
        for kind, listing, n in counts:
            key = (kind, listing != Listing.COUNTED)
            totals[key] = totals.get(key, 0) + n
        cls.objects.bulk_create(
            cls(kind=kind, named=named, count=n) for (kind, named), n in totals.items()
        )


class PrivateDataView(models.Model):
    """A coordinator opened the private data of a request: who and when, nothing else."""

    accession = models.ForeignKey(Accession, on_delete=models.CASCADE, related_name="views")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("view of private data")
        verbose_name_plural = _("views of private data")
        ordering = ["at"]

    def __str__(self):
        return f"{self.accession} {self.at:%Y-%m-%d %H:%M}"
