"""Realistic demo data: Belarusian-style names, regions, organizations with other names, and a
mix of statuses and listing choices. Demo accounts use the reserved domain demo.invalid."""

import datetime
import random

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accession.models import Accession, Listing, Signatory, Status, Tally
from accounts.models import User
from common.regions import Region
from organizations.models import Organization, Representative
from principles.models import Edition

DEMO_DOMAIN = "demo.invalid"
BATCH = 5000

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


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


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
    demo = User.objects.filter(email__endswith="@" + DEMO_DOMAIN)
    # Found before their accessions go: the filter goes through them.
    ids = set(Signatory.objects.filter(accessions__user__in=demo).values_list("pk", flat=True))
    signatories = Signatory.objects.filter(pk__in=ids)
    signatories.update(accession=None)
    Accession.objects.filter(signatory__in=signatories).delete()
    signatories.delete()
    Organization.objects.filter(representatives__user__in=demo).delete()
    demo.delete()
    Tally.reconcile()


@transaction.atomic
def seed_demo(count, edition, rng):
    now = timezone.now()
    start = User.objects.filter(email__endswith="@" + DEMO_DOMAIN).count()
    users = User.objects.bulk_create(
        [
            User(email=f"signatory{start + n}@{DEMO_DOMAIN}", password=UNUSABLE_PASSWORD_PREFIX)
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    organization_count = count // 10
    organizations = Organization.objects.bulk_create(
        [_organization(rng, start + n) for n in range(organization_count)], batch_size=BATCH
    )
    Representative.objects.bulk_create(
        [
            Representative(organization=organization, user=user)
            for organization, user in zip(organizations, users, strict=False)
        ],
        batch_size=BATCH,
    )
    signatories, accessions = [], []
    for n, user in enumerate(users):
        status = pick(rng, STATUSES)
        organization = organizations[n] if n < organization_count else None
        accession = Accession(
            user=user,
            edition=edition,
            edition_number=edition.number,
            edition_fingerprint=edition.fingerprint,
            status=status,
            accepts_principles=True,
            acts_peacefully=True,
            consents_to_processing=True,
        )
        if status in {Status.APPROVED, Status.SUSPENDED, Status.EXPELLED}:
            accession.approved_at = now - datetime.timedelta(minutes=rng.randrange(3 * 525_600))
        if organization:
            accession.kind = Accession.Kind.ORGANIZATION
            accession.organization = organization
            accession.authority_basis = "Decision of the board (demo)"
            accession.authority_date = datetime.date(2026, 1, 1)
            signatory = Signatory(
                kind=accession.kind,
                organization=organization,
                listing=pick(rng, ORGANIZATION_LISTINGS),
            )
        else:
            accession.kind = Accession.Kind.INDIVIDUAL
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            accession.legal_name = accession.public_name = name
            accession.region = rng.choice(Region.values)
            signatory = Signatory(
                kind=accession.kind, user=user, listing=pick(rng, INDIVIDUAL_LISTINGS)
            )
        signatory.hidden_at = now if rng.random() < 0.01 else None
        # What publish() derives, computed here in bulk; the accession link follows below.
        signatory.derive(accession if status == Status.APPROVED else None)
        signatory.accession = None
        signatories.append(signatory)
        accessions.append(accession)
    Signatory.objects.bulk_create(signatories, batch_size=BATCH)
    for signatory, accession in zip(signatories, accessions, strict=True):
        accession.signatory = signatory
    Accession.objects.bulk_create(accessions, batch_size=BATCH)
    # Exactly the new approved ones: elsewhere an acceded date always comes with its accession.
    Signatory.objects.filter(acceded_at__isnull=False, accession__isnull=True).update(
        accession=Subquery(
            Accession.objects.filter(signatory=OuterRef("pk"), status=Status.APPROVED).values("pk")[
                :1
            ]
        )
    )
    Tally.reconcile()  # bulk loads bypass publish(), which keeps the tally
    return count


def _organization(rng, n):
    english, belarusian, russian, latin = rng.choice(ORGANIZATION_WORDS)
    town = rng.choice(TOWNS)
    return Organization(
        name=f"{town} {english} No. {n}",
        name_be=f"{belarusian} № {n}",
        name_ru=f"{russian} № {n}" if rng.random() < 0.7 else "",
        name_latin=f"{latin} {n}" if rng.random() < 0.5 else "",
        kind=rng.choice(Organization.Kind.values),
        registration_status=rng.choice(Organization.RegistrationStatus.values),
        region=rng.choice(Region.values),
        website=f"https://example.org/{n}" if rng.random() < 0.6 else "",
        description="Demo organization: documents violations and helps victims.",
    )
