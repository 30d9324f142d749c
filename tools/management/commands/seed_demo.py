"""Realistic demo data: Belarusian-style names, regions, organizations with other names, and a
mix of statuses and listing choices. Demo accounts use the reserved domain demo.invalid."""

import datetime
import itertools
import os
import random

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from accession.models import Accession, Kind, Listing, Signatory, Status, Tally
from accounts.models import User
from common.regions import Region
from organizations.models import Organization, Representative
from principles.models import Edition
from tools.bulk import Table, loading

DEMO_DOMAIN = "demo.invalid"
# Signatories written per round: memory stays flat whatever the total.
CHUNK = 10_000
# From this many signatories on, indexes and foreign keys are built after the load, not kept
# during it (tools/bulk.py).
LARGE = 50_000
AUTHORITY = "Decision of the board (demo)"
AUTHORITY_DATE = datetime.date(2026, 1, 1)

FIRST_NAMES = (
    "Ales Aliaksandr Aliaksandra Anastasiya Andrei Anna Darya Dzmitry Hanna Ihar Iryna Kaciaryna "
    "Katsiaryna Kiryl Larysa Leanid Maksim Maryia Mikalai Mikhail Nasta Natallia Paval Palina "
    "Raman Siarhei Sviatlana Tatsiana Uladzimir Vadzim Valiantsina Viktar Volha Yauhen Yuliya "
    "Zmitser Алесь Андрэй Ганна Ірына Марыя Мікола Наталля Павел Сяргей Тацяна Уладзімір Вольга"
).split()
SURNAMES = (
    "Bialiatski Stefanovich Labkovich Loika Sapelka Chernykh Tonkacheva Kasko Karpiankou "
    "Hushcha Shpakouski Matskevich Kazlouskaya Sinitsa Zhuk Lukashevich Navumau Kavaliou "
    "Bandarenka Miadzvedzeva Yakubovich Rudnik Tsikhanouski Pazniak Шпакоўскі Бяляцкі Лойка "
    "Сапелка Жук Мядзведзева Лабковіч Стэфановіч Каваль Навумава Рудніцкая Якубовіч"
).split()
ORGANIZATION_WORDS = [
    ("Human Rights Centre", "Праваабарончы цэнтр", "Правозащитный центр", "Pravaabaroncy centr"),
    ("Legal Initiative", "Прававая ініцыятыва", "Правовая инициатива", "Pravavaja inicyjatyva"),
    ("Helsinki Group", "Хельсінкская група", "Хельсинкская группа", "Chielsinkskaja hrupa"),
    ("Documentation Centre", "Дакументацыйны цэнтр", "Центр документации", "Dakumientacyjny centr"),
    ("Association of Lawyers", "Асацыяцыя юрыстаў", "Ассоциация юристов", "Asacyjacyja jurystau"),
    ("Women's Rights Network", "Сетка правоў жанчын", "Сеть прав женщин", "Sietka pravou zancyn"),
]
TOWNS = (
    "Brest Vitebsk Gomel Grodno Minsk Mogilev Pinsk Baranovichi Bobruisk Lida Navapolatsk Orsha "
    "Slonim Maladechna Zhodzina Salihorsk Barysau Vilnius Warsaw Bialystok"
).split()
STATUSES = [
    (Status.APPROVED, 70),
    (Status.SUBMITTED, 9),
    (Status.RESUBMITTED, 3),
    (Status.CHANGES_REQUESTED, 4),
    (Status.REJECTED, 5),
    (Status.WITHDRAWN, 5),
    (Status.SUSPENDED, 3),
    (Status.EXPELLED, 1),
]
INDIVIDUAL_LISTINGS = [(Listing.FULL_NAME, 45), (Listing.INITIALS, 35), (Listing.COUNTED, 20)]
ORGANIZATION_LISTINGS = [(Listing.LISTED, 85), (Listing.COUNTED, 15)]
# Read once: an enum's .values builds its list afresh on every call.
REGIONS = Region.values
ORGANIZATION_KINDS = Organization.Kind.values
REGISTRATION_STATUSES = Organization.RegistrationStatus.values


def picker(weighted):
    """A weighted choice from `weighted`, its weights summed once: it runs millions of times."""
    values, weights = zip(*weighted, strict=True)
    cumulative = list(itertools.accumulate(weights))
    return lambda rng: rng.choices(values, cum_weights=cumulative)[0]


pick_status = picker(STATUSES)
pick_individual_listing = picker(INDIVIDUAL_LISTINGS)
pick_organization_listing = picker(ORGANIZATION_LISTINGS)


class Command(BaseCommand):
    help = "Create realistic demo signatories (for `make run` and `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--signatories", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="Only if no accession exists.")
        parser.add_argument("--clear", action="store_true", help="Delete earlier demo data first.")

    def handle(self, *args, signatories, seed, if_empty, clear, **options):
        edition = Edition.objects.filter(status=Edition.Status.CURRENT).first()
        if edition is None:
            raise CommandError("Load the Principles first: python manage.py load_principles")
        if clear:
            clear_demo_data()
        if if_empty and Accession.objects.exists():
            self.stdout.write("Accessions exist already; no demo data added.")
            return
        created = seed_demo(signatories, edition, random.Random(seed))  # noqa: S311 - demo data
        self.stdout.write(f"Created {created} demo signatories.")


@transaction.atomic
def clear_demo_data():
    """Delete every demo account and what it signed, at any size: a few statements over the
    tables the seeder fills (no row is loaded into Python, and, as with the seeding, no history
    row written), after whatever else points at them (authenticators, e-mail addresses,
    claims…) went the ORM's way."""
    users = User.objects.filter(email__endswith="@" + DEMO_DOMAIN)
    organizations = Organization.objects.filter(representatives__user__in=users)
    signatories = Signatory.objects.filter(Q(user__in=users) | Q(organization__in=organizations))
    accessions = Accession.objects.filter(Q(signatory__in=signatories) | Q(user__in=users))
    representatives = Representative.objects.filter(user__in=users)
    # In the order that keeps each set findable until its turn: they find each other through
    # the users, representatives and organizations, which go last. The foreign keys are
    # checked at commit, by when every row pointing at a deleted one is gone too.
    demo = [
        (Accession, accessions),
        (Signatory, signatories),
        (Organization, organizations),
        (Representative, representatives),
        (User, users),
    ]
    seeded = {model for model, _rows in demo}
    for model, rows in demo:
        _release(model, rows, seeded)
    # Checking each foreign key row by row would take minutes at a million.
    with loading(list(seeded) if users.count() >= LARGE else [], indexes=False):
        for _model, rows in demo:
            rows.order_by()._raw_delete(rows.db)
    Tally.reconcile()


def _release(model, rows, seeded):
    """Delete or unlink, as their foreign keys say, the rows of other tables pointing at `rows`:
    the few a person may have made while trying the demo."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.field):
            continue
        if relation.many_to_many or relation.related_model in seeded:
            continue
        field, on_delete = relation.field, relation.field.remote_field.on_delete
        pointing = relation.related_model._base_manager.filter(**{f"{field.name}__in": rows})
        if on_delete in (models.CASCADE, models.PROTECT, models.RESTRICT):
            pointing.delete()
        elif on_delete is models.SET_NULL:
            pointing.update(**{field.name: None})


@transaction.atomic
def seed_demo(count: int, edition: Edition, rng: random.Random, chunk: int = CHUNK) -> int:
    """Add `count` demo signatories, a tenth of them organizations, in chunks of `chunk`."""
    start = User.objects.filter(email__endswith="@" + DEMO_DOMAIN).count()
    seeder = _Seeder(edition, rng, organizations=count // 10)
    # Keeping indexes and foreign keys up row by row is most of the time of a large load.
    tables = [User, Organization, Representative, Signatory, Accession] if count >= LARGE else []
    with loading(tables):
        for first in range(0, count, chunk):
            seeder.write(range(first, min(first + chunk, count)), start)
    Tally.reconcile()  # bulk loads bypass publish(), which keeps the tally
    return count


class _Seeder:
    """Writes demo rows straight to their tables (tools/bulk.py), with what `publish()` would
    derive computed by `Signatory.derive` itself."""

    def __init__(self, edition, rng, organizations):
        self.rng = rng
        self.organizations = organizations
        self.now = timezone.now()
        self.derived = {}
        self.signatory, self.accession = Signatory(), Accession()
        self.users = Table(User, ["id", "email", "password"])
        self.organization_table = Table(
            Organization,
            [
                "id",
                "slug",
                "name",
                "name_be",
                "name_ru",
                "name_latin",
                "kind",
                "registration_status",
                "region",
                "website",
                "description",
            ],
        )
        self.representatives = Table(
            Representative, ["id", "public_id", "organization_id", "user_id"]
        )
        self.signatories = Table(
            Signatory,
            [
                "id",
                "public_id",
                "kind",
                "user_id",
                "organization_id",
                "listing",
                "hidden_at",
                "accession_id",
                "listed_name",
                "listed_region",
                "search_text",
                "acceded_at",
            ],
        )
        self.accessions = Table(
            Accession,
            [
                "id",
                "public_id",
                "signatory_id",
                "kind",
                "user_id",
                "status",
                "organization_id",
                "legal_name",
                "public_name",
                "region",
                "authority_basis",
                "authority_date",
                "approved_at",
            ],
            edition_id=edition.pk,
            edition_number=edition.number,
            edition_fingerprint=edition.fingerprint,
            accepts_principles=True,
            acts_peacefully=True,
            consents_to_processing=True,
        )

    def write(self, numbers: range, start: int) -> None:
        rng, now = self.rng, self.now
        size = len(numbers)
        organization_numbers = range(numbers.start, min(numbers.stop, self.organizations))
        # Public ids as new_public_id() makes them, from one read of the system's randomness.
        randomness = os.urandom(8 * 4 * size).hex()
        ids = (randomness[i : i + 16] for i in range(0, len(randomness), 16))
        user_ids = self.users.reserve_ids(size)
        signatory_ids = self.signatories.reserve_ids(size)
        accession_ids = self.accessions.reserve_ids(size)
        organization_ids = self.organization_table.reserve_ids(len(organization_numbers))
        representative_ids = self.representatives.reserve_ids(len(organization_numbers))

        self.users.write(
            (user_id, f"signatory{start + n}@{DEMO_DOMAIN}", UNUSABLE_PASSWORD_PREFIX)
            for user_id, n in zip(user_ids, numbers, strict=True)
        )
        organizations = [
            _organization(rng, start + n, organization_id)
            for organization_id, n in zip(organization_ids, organization_numbers, strict=True)
        ]
        self.organization_table.write(
            (
                o.pk,
                next(ids),
                o.name,
                o.name_be,
                o.name_ru,
                o.name_latin,
                o.kind,
                o.registration_status,
                o.region,
                o.website,
                o.description,
            )
            for o in organizations
        )
        self.representatives.write(
            (representative_id, next(ids), o.pk, user_id)
            for representative_id, o, user_id in zip(
                representative_ids, organizations, user_ids, strict=False
            )
        )

        signatories, accessions = [], []
        for i, n in enumerate(numbers):
            user_id, signatory_id, accession_id = user_ids[i], signatory_ids[i], accession_ids[i]
            status = pick_status(rng)
            approved_at = None
            if status in {Status.APPROVED, Status.SUSPENDED, Status.EXPELLED}:
                approved_at = now - datetime.timedelta(minutes=rng.randrange(3 * 525_600))
            organization = organizations[i] if n < self.organizations else None
            if organization:
                kind, listing = Kind.ORGANIZATION, pick_organization_listing(rng)
                name = region = ""
                declared: tuple = (organization.pk, "", "", "", AUTHORITY, AUTHORITY_DATE)
            else:
                kind, listing = Kind.INDIVIDUAL, pick_individual_listing(rng)
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                region = rng.choice(REGIONS)
                declared = (None, name, name, region, "", None)
            accession = (accession_id, next(ids), signatory_id, kind, user_id, status)
            accessions.append((*accession, *declared, approved_at))
            hidden_at = now if rng.random() < 0.01 else None
            approved = status == Status.APPROVED
            line = self.derive(kind, listing, hidden_at, approved, organization, name, region)
            signatories.append(
                (
                    signatory_id,
                    next(ids),
                    kind,
                    None if organization else user_id,
                    organization.pk if organization else None,
                    listing,
                    hidden_at,
                    accession_id if approved else None,
                    *line,
                    approved_at if approved else None,
                )
            )
        self.signatories.write(signatories)
        self.accessions.write(accessions)

    def derive(self, kind, listing, hidden_at, approved, organization, name, region):
        """(listed_name, listed_region, search_text) as `Signatory.derive` sets them for the
        standing accession of an approved one (None otherwise); remembered for individuals,
        whose names repeat. One pair of unsaved instances serves every call: building new ones
        would cost more than the rest of the row."""
        hidden = hidden_at is not None
        key: tuple = (kind, listing, hidden, approved)
        if approved and not hidden and listing != Listing.COUNTED:
            # Only a named entry's line depends on its name (tests/tools check it against
            # derive for every row).
            key += (name, region)
        if organization is None and key in self.derived:
            return self.derived[key]
        signatory, accession = self.signatory, self.accession
        signatory.kind, signatory.listing, signatory.hidden_at = kind, listing, hidden_at
        signatory.organization = accession.organization = organization
        accession.kind, accession.public_name, accession.region = kind, name, region
        signatory.derive(accession if approved else None)
        line = signatory.listed_name, signatory.listed_region, signatory.search_text
        if organization is None:
            self.derived[key] = line
        return line


def _organization(rng, n, pk):
    english, belarusian, russian, latin = rng.choice(ORGANIZATION_WORDS)
    town = rng.choice(TOWNS)
    return Organization(
        pk=pk,
        name=f"{town} {english} No. {n}",
        name_be=f"{belarusian} № {n}",
        name_ru=f"{russian} № {n}" if rng.random() < 0.7 else "",
        name_latin=f"{latin} {n}" if rng.random() < 0.5 else "",
        kind=rng.choice(ORGANIZATION_KINDS),
        registration_status=rng.choice(REGISTRATION_STATUSES),
        region=rng.choice(REGIONS),
        website=f"https://example.org/{n}" if rng.random() < 0.6 else "",
        description="Demo organization: documents violations and helps victims.",
    )
