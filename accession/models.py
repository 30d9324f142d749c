from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common import page_cache
from common.ids import new_public_id
from common.regions import Region
from common.search import fold
from common.validators import no_control_characters, single_line
from organizations.models import Organization
from principles.models import Edition

ONE_LINE = [no_control_characters, single_line]


class Status(models.TextChoices):
    # "Status of an accession": Belarusian and Russian agree these with the accession's gender.
    SUBMITTED = "submitted", pgettext_lazy("status of an accession", "submitted")
    CHANGES_REQUESTED = (
        "changes-requested",
        pgettext_lazy("status of an accession", "changes requested"),
    )
    RESUBMITTED = "resubmitted", pgettext_lazy("status of an accession", "resubmitted")
    APPROVED = "approved", pgettext_lazy("status of an accession", "approved")
    REJECTED = "rejected", pgettext_lazy("status of an accession", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("status of an accession", "withdrawn")
    SUSPENDED = "suspended", pgettext_lazy("status of an accession", "suspended")
    EXPELLED = "expelled", pgettext_lazy("status of an accession", "expelled")
    SUPERSEDED = (
        "superseded",
        pgettext_lazy("status of an accession", "superseded by a newer edition"),
    )


# An accession in one of these is still open: a signatory may have only one per edition.
OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.CHANGES_REQUESTED,
    Status.RESUBMITTED,
    Status.APPROVED,
    Status.SUSPENDED,
]
# A signatory holds at most one accession in these: the one its public entry comes from.
STANDING_STATUSES = [Status.APPROVED, Status.SUSPENDED]
# Closing statuses: the accession is over, and retention counts from when it closed.
CLOSED_STATUSES = [Status.REJECTED, Status.WITHDRAWN, Status.EXPELLED, Status.SUPERSEDED]


class Listing(models.TextChoices):
    FULL_NAME = "full-name", _("full name and region")
    INITIALS = "initials", _("initials and region")
    LISTED = "listed", _("listed with the public profile")
    COUNTED = "counted", _("counted but not named")


# The public rule, as conditions on a signatory: one with an approved accession and not hidden
# may be counted; of those, the ones choosing to be named may be shown. accession/public.py
# builds every public output on them, and the tally counts by them.
PUBLIC = Q(accession__isnull=False, hidden_at__isnull=True)
LISTED = PUBLIC & ~Q(listing="counted")

# What a signatory fills in (forms, resubmission); everything else is set by the transitions.
CONFIRMATIONS = ["accepts_principles", "acts_peacefully", "consents_to_processing"]
INDIVIDUAL_FIELDS = [
    "legal_name",
    "public_name",
    "region",
    "affiliation",
    "statement",
    *CONFIRMATIONS,
]
ORGANIZATION_FIELDS = ["authority_basis", "authority_date", *CONFIRMATIONS]

INDIVIDUAL_LISTINGS = [Listing.FULL_NAME, Listing.INITIALS, Listing.COUNTED]
ORGANIZATION_LISTINGS = [Listing.LISTED, Listing.COUNTED]


class ConsentMethod(models.TextChoices):
    """How a person whose accession a coordinator recorded gave their consent."""

    IN_PERSON = "in-person", _("in person")
    PHONE = "phone", _("by phone")
    ORGANIZATION = "organization", _("through an organization")
    LETTER = "letter", _("by letter")
    OTHER = "other", _("another way")


class Kind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    ORGANIZATION = "organization", _("organization")


LISTED_NAME_LENGTH = 200


def initials(name: str) -> str:
    """ "Nasta Loika" -> "N. L."; hyphenated parts keep their own initials ("A.-M.")."""
    return " ".join(
        "-".join(f"{part[0]}." for part in word.split("-") if part) for word in name.split()
    )


def _own_and_organizations(model, user):
    """The ids of `model`'s rows (signatories or accessions) that are the user's own or their
    organizations': two lookups by index, joined. As one OR of the two, PostgreSQL reads the
    whole table (over a second at a million rows), on every page a signed-in person opens."""
    own = model.objects.filter(kind=Kind.INDIVIDUAL, user=user).values("pk")
    organizations = model.objects.filter(
        kind=Kind.ORGANIZATION, organization__in=Organization.objects.represented_by(user)
    ).values("pk")
    return own.union(organizations, all=True)


class SignatoryQuerySet(models.QuerySet):
    def for_user(self, user):
        """Signatories this user speaks for: themselves and their organizations."""
        return self.filter(pk__in=_own_and_organizations(self.model, user))


class Signatory(models.Model):
    """A person or an organization that accedes: one entry in every public output.

    A signatory may accede to several editions over time; its listing choice and "hide me now"
    are its own, not an accession's, so they apply everywhere at once. What the public sees is
    derived from its one standing accession by `services.publish()`, the only writer of the
    derived fields and of the tally.
    """

    Kind = Kind

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Individuals: the person. Empty once their accessions have been anonymised.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatory",
    )
    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatory",
    )
    listing = models.CharField(_("public listing"), max_length=16, choices=Listing.choices)
    hidden_at = models.DateTimeField(_("hidden from public"), null=True, blank=True)

    # Derived by services.publish(): only what the signatory agreed to show, so a search or
    # sort over these can reveal nothing more. Empty unless listed.
    accession = models.OneToOneField(
        "Accession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved accession"),
    )
    listed_name = models.CharField(
        _("name as listed"), max_length=LISTED_NAME_LENGTH, blank=True, editable=False
    )
    listed_region = models.CharField(
        _("region as listed"), max_length=20, choices=Region.choices, blank=True, editable=False
    )
    search_text = models.TextField(blank=True, editable=False)
    acceded_at = models.DateTimeField(_("acceded"), null=True, blank=True, editable=False)
    # Signatories carried over from a coordinators' file (accession/review/imports.py): a keyed
    # hash of the row's key, so that importing the same file again finds them without the
    # table holding their name a second time. It outlives anonymisation on purpose: an old
    # file imported again must not bring back someone who has left.
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = SignatoryQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "accession",
            "listed_name",
            "listed_region",
            "search_text",
            "acceded_at",
            "import_key",
        ]
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        # The registry pages walk these in order (keyset pagination), newest first or by name.
        indexes = [
            models.Index(
                F("acceded_at").desc(),
                F("public_id").desc(),
                name="signatory_newest",
                condition=LISTED,
            ),
            models.Index(
                fields=["listed_name", "public_id"], name="signatory_name", condition=LISTED
            ),
            # Counted without reading the table ("62,270 human rights defenders in Grodno
            # region"): an index-only scan.
            models.Index(
                fields=["listed_region", "kind"], name="signatory_region", condition=LISTED
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="individual", organization__isnull=True)
                    & Q(listing__in=INDIVIDUAL_LISTINGS)
                )
                | (
                    Q(kind="organization", organization__isnull=False, user__isnull=True)
                    & Q(listing__in=ORGANIZATION_LISTINGS)
                ),
                name="signatory_kind_consistent",
            ),
        ]

    def __str__(self):
        return str(self.public_id)

    @property
    def bucket(self) -> tuple[str, bool] | None:
        """The registry summary's bucket for this signatory as stored: (kind, named) or None."""
        if self.accession_id is None or self.hidden_at is not None:
            return None
        return self.kind, self.listing != Listing.COUNTED

    @property
    def listing_choices(self) -> list[tuple[str, str | Promise]]:
        allowed = INDIVIDUAL_LISTINGS if self.kind == Kind.INDIVIDUAL else ORGANIZATION_LISTINGS
        return [(value, label) for value, label in Listing.choices if value in allowed]

    def public_line(
        self, listing: str, accession: "Accession | None" = None
    ) -> tuple[str, str] | None:
        """(name, region) as the registry would show them under `listing`, from `accession`
        (an individual's declaration) or the organization's profile; None when not named."""
        if listing == Listing.COUNTED:
            return None
        if self.organization is not None:
            return self.organization.name, self.organization.region
        if accession is None:
            return None
        name = accession.public_name
        if listing == Listing.INITIALS:
            name = initials(name)
        # Initials of a long name can outgrow it ("A A A…" → "A. A. A. …").
        return name[:LISTED_NAME_LENGTH], accession.region

    def derive(self, accession: "Accession | None") -> None:
        """Set what the public sees from `accession`, the standing approved one (or None)."""
        self.accession = accession
        line = self.public_line(self.listing, accession) if accession else None
        if line is None or self.hidden_at is not None:
            self.listed_name, self.listed_region, self.search_text = "", "", ""
        else:
            self.listed_name, self.listed_region = line
            names = [self.listed_name]
            if self.organization is not None:
                names += self.organization.other_names
            # Each name as written, and its key in any script (common/search.py).
            self.search_text = " ".join([*names, *map(fold, names)]).casefold()
        self.acceded_at = accession.approved_at if accession else None


class AccessionQuerySet(models.QuerySet):
    def for_user(self, user, organizations=None):
        """Accessions this user may see and manage: their own and their organizations'.
        `organizations`, those the user represents when already read, make it an OR of two
        indexed lookups, which costs far less to build than the subqueries that find them."""
        if organizations is None:
            return self.filter(pk__in=_own_and_organizations(self.model, user))
        return self.filter(
            Q(kind=Kind.INDIVIDUAL, user=user)
            | Q(kind=Kind.ORGANIZATION, organization__in=organizations)
        )


class Accession(models.Model):
    """A declaration of accession to one edition of the Principles."""

    Kind = Kind

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    signatory = models.ForeignKey(Signatory, on_delete=models.PROTECT, related_name="accessions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The individual signatory, or the representative who submitted for an organization.
    # Empty for an organization's accession once its submitter's account is gone, and for
    # anonymised accessions.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accessions",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="accessions"
    )
    # The text the signatory read and accepted: the edition in the language they read it in
    # (its number, language and fingerprint are recorded; its number is what they acceded to).
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="accessions")
    edition_number = models.PositiveSmallIntegerField(_("edition"))
    edition_fingerprint = models.CharField(_("fingerprint of the edition"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )

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

    # Review. Each event sets the reasons afresh, so every history row carries its own; the
    # signatory's page reads the latest message from the history (see timeline.py).
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

    # Assisted accessions: recorded by a coordinator for a person who asked by another channel,
    # with no account, until the person claims it with a code. Private, like the declaration.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded on the person's behalf by"),
    )
    consent_method = models.CharField(
        _("consent given"), max_length=16, choices=ConsentMethod.choices, blank=True
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_given_to = models.CharField(
        _("consent given to"), max_length=200, blank=True, validators=ONE_LINE
    )
    # A keyed hash of the one claim code out (accession/codes.py), never the code, and kept out
    # of the history; emptied when used or replaced.
    claim_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    claim_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    approved_at = models.DateTimeField(_("first approved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = AccessionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "claim_digest", "claim_expires_at"])

    class Meta:
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        ordering = ["-submitted_at"]
        # The review desk's lists, walked in their order whatever the table's size: the queue,
        # oldest first, and each status, latest decision first.
        indexes = [
            models.Index(
                fields=["submitted_at"],
                name="accession_review_queue",
                condition=Q(status__in=[Status.SUBMITTED, Status.RESUBMITTED]),
            ),
            models.Index(
                F("status"),
                F("decided_at").desc(),
                F("submitted_at").desc(),
                name="accession_by_status",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "edition_number"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_accession_per_signatory_and_edition_number",
            ),
            models.UniqueConstraint(
                fields=["signatory"],
                condition=Q(status__in=STANDING_STATUSES),
                name="one_standing_accession_per_signatory",
            ),
            models.CheckConstraint(
                condition=Q(kind="individual", organization__isnull=True)
                | Q(kind="organization", organization__isnull=False),
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

    def get_absolute_url(self):
        return reverse("accession:detail", kwargs={"public_id": self.public_id})

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_assisted(self) -> bool:
        return bool(self.consent_method)

    @property
    def unclaimed(self) -> bool:
        """An open individual accession nobody's account holds: recorded by a coordinator or
        carried over by letter. Coordinators act on it at the person's request."""
        return self.kind == Kind.INDIVIDUAL and self.user_id is None and self.is_open


class Tally(models.Model):
    """How many public signatories there are per kind, named or only counted.

    Kept by services.publish() in the transaction of every change to public state, so the
    registry's summary is one small read however large the registry grows. `reconcile()`
    recounts from scratch and repairs any drift (daily, from purge_expired, and after bulk
    loads).
    """

    kind = models.CharField(max_length=16, choices=Kind.choices)
    named = models.BooleanField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "named"], name="one_tally")]

    def __str__(self):
        return f"{self.kind} {'named' if self.named else 'counted'}: {self.count}"

    @classmethod
    def move(cls, before: tuple[str, bool] | None, after: tuple[str, bool] | None) -> None:
        """One signatory left bucket `before` for `after` (either may be None).

        Rows are updated one statement each, always in the same order, so two transactions
        moving in opposite directions wait for each other instead of deadlocking; a missing
        row is created without a race (insert-or-ignore, then the update)."""
        if before == after:
            return
        deltas = {bucket: delta for bucket, delta in ((before, -1), (after, 1)) if bucket}
        for (kind, named), delta in sorted(deltas.items()):
            rows = cls.objects.filter(kind=kind, named=named)
            if not rows.update(count=F("count") + delta):
                Tally.objects.bulk_create([Tally(kind=kind, named=named)], ignore_conflicts=True)
                rows.update(count=F("count") + delta)

    @classmethod
    def true_counts(cls) -> dict[tuple[str, bool], int]:
        counts = (
            Signatory.objects.filter(PUBLIC)
            .order_by()
            .values_list("kind", "listing")
            .annotate(n=models.Count("*"))
        )
        totals: dict[tuple[str, bool], int] = {}
        for kind, listing, n in counts:
            key = (kind, listing != Listing.COUNTED)
            totals[key] = totals.get(key, 0) + n
        return totals

    @classmethod
    @transaction.atomic
    def reconcile(cls) -> dict[tuple[str, bool], tuple[int, int]]:
        """Recount, repair and return the drift found: {(kind, named): (kept, true)}."""
        page_cache.lock()  # before the rows, as every change to them does
        kept = {
            (row.kind, row.named): row
            for row in cls.objects.select_for_update().order_by("kind", "named")
        }
        true = cls.true_counts()
        drift = {}
        for key in sorted(set(kept) | set(true)):
            row = kept.get(key) or cls(kind=key[0], named=key[1], count=0)
            if row.count != true.get(key, 0) or row.pk is None:
                if row.count != true.get(key, 0):
                    drift[key] = (row.count, true.get(key, 0))
                row.count = true.get(key, 0)
                row.save()
                page_cache.bump()
        return drift


class StatusCount(models.Model):
    """How many accessions there are in each status, for the review desk's counts.

    Kept by the database itself, in the transaction of every insert, delete and change of
    status of an accession (triggers, see migration 0008), so the desk reads eight rows however
    many accessions there are, and no code that changes a status can forget it.
    """

    status = models.CharField(max_length=20, choices=Status.choices, unique=True)
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.status}: {self.count}"

    @classmethod
    def counts(cls) -> dict[str, int]:
        return dict(cls.objects.values_list("status", "count"))

    @classmethod
    def lock(cls, statuses: list[str]) -> None:
        """Lock the counts of `statuses`, in order, before a transition changes the status of
        several accessions one statement at a time. Each statement's trigger takes its counts in
        order, but a later statement may need a count that sorts before one already held, and
        another change may hold that count while it waits for this one: a deadlock."""
        statuses = sorted(set(statuses))
        counts = StatusCount.objects
        counts.bulk_create(
            [StatusCount(status=status) for status in statuses], ignore_conflicts=True
        )
        list(counts.select_for_update().filter(status__in=statuses).order_by("status"))

    @classmethod
    @transaction.atomic
    def reconcile(cls) -> dict[str, tuple[int, int]]:
        """Recount, repair and return the drift found: {status: (kept, true)}. The triggers
        keep the counts in every statement; this is for what passes them by (a restore of one
        table, a fix by hand). The rows stay locked until the repair commits, so a change of
        status meanwhile waits and is counted after it."""
        kept = {row.status: row for row in cls.objects.select_for_update().order_by("status")}
        true = dict(
            Accession.objects.order_by().values_list("status").annotate(n=models.Count("*"))
        )
        drift = {}
        for status in sorted(set(kept) | set(true)):
            row = kept.get(status) or cls(status=status, count=0)
            if row.count != true.get(status, 0):
                drift[status] = (row.count, true.get(status, 0))
                row.count = true.get(status, 0)
                row.save()
        return drift


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
