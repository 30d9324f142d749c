import datetime
import re
import time

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accession.models import CLOSED_STATUSES, Accession, Listing, Signatory, Status
from accession.services import publish
from accounts.models import User
from accounts.policy import COORDINATORS
from common.regions import Region
from organizations.models import Claim, Organization, Representative
from principles.models import Edition

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """An account whose e-mail address is confirmed, able to log in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organization represented by `representative` (a new user unless given; none when
    False, as for one carried over from the letters)."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Human Rights Centre No. {n}")
    name_be = factory.Sequence(lambda n: f"Праваабарончы цэнтр № {n}")
    kind = Organization.Kind.HUMAN_RIGHTS
    registration_status = Organization.RegistrationStatus.LIQUIDATED
    region = Region.GRODNO

    @factory.post_generation
    def representative(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Representative.objects.create(organization=self, user=extracted or UserFactory())


def current_edition():
    return Edition.objects.get(status=Edition.Status.CURRENT, language="en")


def signatory_of(accession):
    """The accession's signatory, with the factory's `listing` and `hidden_at` as its choices."""
    choices = {"listing": accession.listing, "hidden_at": accession.hidden_at}
    if accession.kind == Accession.Kind.ORGANIZATION:
        lookup = {"organization": accession.organization}
    elif accession.user is not None:
        lookup = {"user": accession.user}
    else:
        return Signatory.objects.create(kind=accession.kind, **choices)
    return Signatory.objects.update_or_create(kind=accession.kind, **lookup, defaults=choices)[0]


def signatory(accession):
    """The accession's signatory as stored now."""
    return Signatory.objects.get(pk=accession.signatory_id)


class AccessionFactory(factory.django.DjangoModelFactory):
    """An individual's accession to the current edition (load an edition first), its
    signatory's `listing` and `hidden_at` as given, published as a transition would."""

    class Meta:
        model = Accession
        skip_postgeneration_save = True

    class Params:
        listing = Listing.FULL_NAME
        hidden_at = None

    kind = Accession.Kind.INDIVIDUAL
    user = factory.SubFactory(UserFactory)
    signatory = factory.LazyAttribute(signatory_of)
    edition = factory.LazyFunction(current_edition)
    edition_number = factory.LazyAttribute(lambda a: a.edition.number)
    edition_fingerprint = factory.LazyAttribute(lambda a: a.edition.fingerprint)
    status = Status.SUBMITTED
    approved_at = factory.LazyAttribute(
        lambda a: (
            timezone.now()
            if a.status in {Status.APPROVED, Status.SUSPENDED, Status.EXPELLED, Status.SUPERSEDED}
            else None
        )
    )
    closed_at = factory.LazyAttribute(
        lambda a: timezone.now() if a.status in CLOSED_STATUSES else None
    )
    legal_name = "Ales Bialiatski"
    public_name = "Ales Bialiatski"
    region = Region.MINSK_CITY
    accepts_principles = True
    acts_peacefully = True
    consents_to_processing = True

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        if create:
            self.signatory = publish(self.signatory)


class OrganizationAccessionFactory(AccessionFactory):
    kind = Accession.Kind.ORGANIZATION
    organization = factory.SubFactory(OrganizationFactory)
    user = factory.LazyAttribute(lambda a: a.organization.representatives.first().user)
    legal_name = ""
    public_name = ""
    region = ""
    authority_basis = "Decision of the board, minutes no. 4"
    authority_date = datetime.date(2026, 3, 12)

    class Params:
        listing = Listing.LISTED


class ImportedOrganizationAccessionFactory(OrganizationAccessionFactory):
    """An organization carried over from the letters, as accession/review/imports.py leaves
    it: approved and listed, with no representative on the site and no submitter."""

    organization = factory.SubFactory(OrganizationFactory, representative=False)
    user = None
    status = Status.APPROVED
    authority_basis = ""
    authority_date = None


class ClaimFactory(factory.django.DjangoModelFactory):
    """A pending claim to represent an imported organization (load an edition first)."""

    class Meta:
        model = Claim

    organization = factory.LazyFunction(lambda: ImportedOrganizationAccessionFactory().organization)
    user = factory.SubFactory(UserFactory)
    basis = "BASISMARKER: chair of the board since 2019; ask Viasna's office to confirm."


def emailed_code(message):
    """The one-time code in an account e-mail (e.g. "BCDF-GHJK"), alone on its line."""
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user):
    """Give `user` an authenticator app with TOTP_SECRET as its secret."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user


class CoordinatorFactory(UserFactory):
    """A member of the Coordinators group with an authenticator app (unless totp=False)."""

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=COORDINATORS)[0])
            if extracted is not False:
                with_totp(self)


def record_assisted(coordinator=None, *, listing=Listing.FULL_NAME, claim_code=True, **fields):
    """An accession a coordinator (a new one unless given) recorded for a person without an
    account, through the review desk's service; returns it and its claim code ("" if none)."""
    from accession.review import services as review

    accession = Accession(
        public_name=fields.pop("public_name", "Nasta Loika"),
        region=fields.pop("region", Region.BREST),
        consent_method=fields.pop("consent_method", "phone"),
        consent_date=fields.pop("consent_date", datetime.date(2026, 3, 2)),
        consent_given_to=fields.pop("consent_given_to", "Coordinator on duty, Viasna"),
        edition=current_edition(),
        **fields,
    )
    return review.record_on_behalf(
        coordinator or CoordinatorFactory(), accession, listing=listing, claim_code=claim_code
    )


def raise_concern(accession=None, *, complainant=None, **fields):
    """A concern about `accession`'s signatory (a new approved one unless given), raised through
    the service: anonymously unless a complainant is given; returns it and its case code."""
    from accession.concerns import services as concerns

    accession = accession or AccessionFactory(status=Status.APPROVED)
    return concerns.raise_concern(
        complainant,
        signatory=accession.signatory,
        principles=fields.pop("principles", [4, 15]),
        account=fields.pop("account", "ACCOUNTMARKER: they published a client's name."),
        evidence=fields.pop("evidence", "EVIDENCEMARKER: the post of 3 May, since deleted."),
        contact=fields.pop("contact", "CONTACTMARKER: signal +375 29 000 00 00"),
        anonymous=complainant is None,
        **fields,
    )
