"""Property-based tests over every form of the site: arbitrary text never causes a server error,
and a refused submission saves nothing.

Every field is filled from a strategy of plausible values (any script, right-to-left names,
padding, the longest allowed), and some fields of some examples are then replaced by arbitrary
text: NUL and other control characters, bidirectional overrides, very long strings, anything.
Each example then checks one of two outcomes:

- refused (the form shown again with its errors, a 404, or a redirect carrying an error
  message): the rows of the models concerned, and the record itself, are exactly as before;
- accepted: the record exists, holds what was sent (after Django's stripping), and passes its
  model's own validation (SQLite does not enforce a column's length; PostgreSQL does, so a
  value the model refuses is a server error there).

Each example runs in a savepoint rolled back at its end, so examples never see each other's
rows, and the account forms start without allauth's rate-limit counters. The GET filters of the
review queue and the public registry (page and exports) get the same arbitrary text, and so do
the public ids in the addresses the forms post to.

The explicit @example()s are inputs that made these tests fail once; they run first, every time.
"""

import csv
import datetime
import io
import json
import operator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import domains, urls

from accession.models import (
    INDIVIDUAL_LISTINGS,
    ORGANIZATION_LISTINGS,
    Accession,
    Listing,
    Signatory,
    Status,
    Tally,
)
from accession.registry import public
from accession.review import services as review
from accession.review.views import ACTIONS
from accounts.models import User
from common.regions import Region
from organizations.models import Invitation, Organization, Representative
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db

examples = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Strategies ------------------------------------------------------------------------------------

NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\xa0\u200b\u200e\u200f\u202a\u202b\u202c\u202d"
    "\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff\ufffd\r\n\t <>&'\"%\\"
)
LETTERS = "aZяЎўІіЁšłשעربي😀"
LENGTHS = [199, 200, 201, 999, 1000, 1001, 1999, 2000, 2001, 2999, 3000, 3001, 5000]

# Arbitrary text: anything at all, the characters forms most often mishandle, and lengths at
# and around every limit of the site.
TEXT = st.one_of(
    st.text(max_size=5000),
    st.text(alphabet=NASTY + LETTERS, max_size=300),
    st.builds(operator.mul, st.sampled_from(list(NASTY + LETTERS)), st.sampled_from(LENGTHS)),
)


def line(max_size):
    """A plausible one-line text: letters of any script, punctuation, spaces around it."""
    return st.one_of(
        st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=max_size),
        st.text(LETTERS + " -.'«»", min_size=1, max_size=max_size),
    )


def optional_line(max_size):
    return st.one_of(st.just(""), line(max_size))


def prose(max_size, min_size=0):
    """A plausible text of several lines."""
    characters = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\r\n\t")
    return st.text(characters, min_size=min_size, max_size=max_size)


# Names of many short words ("A. B.-C." once reduced to initials), up to the longest allowed.
SHORT_WORDS_NAME = st.builds(
    str.join,
    st.sampled_from([" ", "-"]),
    st.integers(1, 100).flatmap(
        lambda n: st.lists(st.sampled_from(list("aяשŁ")), min_size=n, max_size=n)
    ),
)


def address_of_length(length):
    """A well-formed e-mail address of exactly `length` characters (130 to 330)."""
    rest = length - 65  # after 64 characters of local part and the @
    labels = []
    while rest > 63:
        size = min(62, rest - 3)
        labels.append("d" * size)
        rest -= size + 1
    labels.append("o" * rest)
    return "x" * 64 + "@" + ".".join(labels)


# Well-formed addresses, some of them as long as the address validator allows (320).
ADDRESSES = st.one_of(
    st.emails(),
    st.integers(240, 330).map(address_of_length),
    st.builds(lambda address: f"  {address.upper()} ", st.emails()),
)
EMAILS = st.one_of(ADDRESSES, TEXT)
CHECKED = st.just("on")


@st.composite
def submissions(draw, fields):
    """Form data: every field plausible, then, in some examples, some fields arbitrary."""
    return draw(spoiled({name: draw(strategy) for name, strategy in fields.items()}))


@st.composite
def spoiled(draw, data):
    """`data`, or, in some examples, `data` with some of its fields arbitrary."""
    data = dict(data)
    if draw(st.booleans()):
        names = st.lists(st.sampled_from(sorted(data)), min_size=1, max_size=3, unique=True)
        for name in draw(names):
            data[name] = draw(TEXT)
    return data


ORGANIZATION_FIELDS = {
    "name": line(200),
    "name_be": optional_line(200),
    "name_ru": optional_line(200),
    "name_latin": optional_line(200),
    "kind": st.sampled_from(Organization.Kind.values),
    "registration_status": st.sampled_from(Organization.RegistrationStatus.values),
    "region": st.sampled_from(Region.values),
    "website": st.one_of(st.just(""), urls(), domains()),
    "description": prose(3000),
    "public_contact": optional_line(200),
}
ORGANIZATION_TEXT = ["name", "name_be", "name_ru", "name_latin", "description", "public_contact"]
CONFIRMATIONS = {
    "accepts_principles": CHECKED,
    "acts_peacefully": CHECKED,
    "consents_to_processing": CHECKED,
}
INDIVIDUAL_ACCESSION_FIELDS = {
    "legal_name": line(200),
    "public_name": st.one_of(line(200), SHORT_WORDS_NAME),
    "listing": st.sampled_from([listing.value for listing in INDIVIDUAL_LISTINGS]),
    "region": st.sampled_from(Region.values),
    "affiliation": optional_line(200),
    "statement": prose(3000),
    **CONFIRMATIONS,
}
INDIVIDUAL_TEXT = ["legal_name", "public_name", "affiliation", "statement"]
ORGANIZATION_ACCESSION_FIELDS = {
    "authority_basis": prose(2000, min_size=1),
    "authority_date": st.one_of(
        st.dates().map(datetime.date.isoformat),
        st.dates().map(lambda date: date.strftime("%m/%d/%Y")),
    ),
    "listing": st.sampled_from([listing.value for listing in ORGANIZATION_LISTINGS]),
    **CONFIRMATIONS,
}
# A hundred one-letter words: 199 characters, but "A. A. A. …" as initials is 299.
HUNDRED_WORDS = " ".join("A" * 100)
INITIALS_TOO_LONG = {
    **dict.fromkeys(CONFIRMATIONS, "on"),
    "legal_name": "Ales Bialiatski",
    "public_name": HUNDRED_WORDS,
    "listing": Listing.INITIALS.value,
    "region": Region.GRODNO.value,
    "affiliation": "",
    "statement": "",
}
DECISION_FIELDS = {"reason": prose(3000), "internal_note": prose(3000)}

# Helpers ---------------------------------------------------------------------------------------


@contextmanager
def one_example(client):
    """Run one example in a savepoint rolled back at its end, with no leftover messages and no
    rate-limit counters."""
    cache.clear()
    client.cookies.pop("messages", None)
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def refused(response):
    """Whether the site refused the submission: the form shown again with its errors, a 404,
    or a redirect carrying an error message. A server error fails the test right here."""
    assert response.status_code < 500
    if response.status_code == 200:
        assert response.context["form"].errors, "the same page again must say what is wrong"
        outcome = "refused: form errors"
    elif response.status_code in {400, 404}:
        outcome = f"refused: {response.status_code}"
    else:
        assert response.status_code == 302, response.status_code
        errors = get_messages(response.wsgi_request)
        error = any(message.level == messages.ERROR for message in errors)
        outcome = "refused: error message" if error else "accepted"
    event(outcome)  # --hypothesis-show-statistics shows how often each path was taken
    return outcome != "accepted"


def footprint(*records, models=()):
    """What a refused submission must leave alone: the records' rows and the models' counts
    (history included)."""
    rows = [type(record).objects.filter(pk=record.pk).values().first() for record in records]
    counts = {model._meta.label: model.objects.count() for model in models}
    return rows, counts


ACCESSION_MODELS = [Accession, Accession.history.model, Signatory, Signatory.history.model, Tally]
ORGANIZATION_MODELS = [
    Organization,
    Organization.history.model,
    Representative,
    Representative.history.model,
    Invitation,
    Invitation.history.model,
]
ACCOUNT_MODELS = [User, EmailAddress]


def stripped(data, names):
    return {name: data[name].strip() for name in names}


def saved(record, names):
    return {name: getattr(record, name) for name in names}


# Accounts --------------------------------------------------------------------------------------


TAKEN = "taken@example.org"


@st.composite
def sign_ups(draw):
    email = draw(st.one_of(st.just(TAKEN), st.just(f" {TAKEN.upper()}"), ADDRESSES))
    password = draw(st.one_of(st.just(PASSWORD), st.text(min_size=10, max_size=100)))
    return draw(spoiled({"email": email, "password1": password, "password2": password}))


@given(data=sign_ups())
@example(data={"email": address_of_length(300), "password1": PASSWORD, "password2": PASSWORD})
@examples
def test_arbitrary_sign_up_input_never_fails_and_a_refused_one_creates_no_account(client, data):
    with one_example(client):
        client.logout()
        UserFactory(email=TAKEN)
        before = footprint(models=ACCOUNT_MODELS)

        response = client.post(reverse("account_signup"), data)

        if refused(response):
            assert footprint(models=ACCOUNT_MODELS) == before
        else:
            address = data["email"].strip().lower()
            assert list(
                User.objects.filter(email__startswith=address[:20]).values_list("email", flat=True)
            ) == [address], "the account must have the address given, whole"
            assert EmailAddress.objects.filter(email=address).exists()
            User.objects.get(email=address).full_clean()
            assert "_auth_user_id" not in client.session


DEFENDER = "defender@example.org"


@given(
    login=st.one_of(st.just(DEFENDER), st.just(f" {DEFENDER.upper()} "), EMAILS),
    password=st.one_of(st.just(PASSWORD), TEXT),
)
@examples
def test_arbitrary_login_input_never_fails_and_logs_in_only_the_right_person(
    client, login, password
):
    with one_example(client):
        client.logout()
        defender = UserFactory(email=DEFENDER)
        before = footprint(defender, models=ACCOUNT_MODELS)

        response = client.post(reverse("account_login"), {"login": login, "password": password})

        if refused(response) or response["Location"] != reverse("account_home"):
            assert "_auth_user_id" not in client.session
            assert footprint(defender, models=ACCOUNT_MODELS) == before
        else:
            assert client.session["_auth_user_id"] == str(defender.pk)
        if login == DEFENDER and password == PASSWORD:
            assert client.session["_auth_user_id"] == str(defender.pk)


@given(email=st.one_of(st.just(DEFENDER), EMAILS))
@examples
def test_arbitrary_password_reset_input_never_fails_and_changes_no_account(client, email):
    with one_example(client):
        client.logout()
        defender = UserFactory(email=DEFENDER)
        before = footprint(defender, models=ACCOUNT_MODELS)

        response = client.post(reverse("account_reset_password"), {"email": email})

        refused(response)
        assert footprint(defender, models=ACCOUNT_MODELS) == before


# Organizations ---------------------------------------------------------------------------------


@given(data=submissions(ORGANIZATION_FIELDS))
@examples
def test_arbitrary_organization_registration_never_fails_or_half_registers(client, data):
    with one_example(client):
        user = UserFactory()
        client.force_login(user)
        before = footprint(models=ORGANIZATION_MODELS)

        response = client.post(reverse("organizations:register"), data)

        if refused(response):
            assert footprint(models=ORGANIZATION_MODELS) == before
        else:
            organization = Organization.objects.get(representatives__user=user)
            organization.full_clean()
            assert saved(organization, ORGANIZATION_TEXT) == stripped(data, ORGANIZATION_TEXT)
            assert Representative.objects.count() == before[1]["organizations.Representative"] + 1


@given(data=submissions(ORGANIZATION_FIELDS))
@examples
def test_arbitrary_organization_edits_never_fail_or_half_save(client, edition_1, data):
    with one_example(client):
        user = UserFactory()
        organization = OrganizationFactory(representative=user)
        accession = OrganizationAccessionFactory(organization=organization, status=Status.APPROVED)
        client.force_login(user)
        before = footprint(organization, accession, models=ORGANIZATION_MODELS + ACCESSION_MODELS)

        response = client.post(reverse("organizations:edit", args=[organization.slug]), data)

        if refused(response):
            after = footprint(
                organization, accession, models=ORGANIZATION_MODELS + ACCESSION_MODELS
            )
            assert after == before
        else:
            organization.refresh_from_db()
            accession.refresh_from_db()
            organization.full_clean()
            accession.full_clean()
            assert saved(organization, ORGANIZATION_TEXT) == stripped(data, ORGANIZATION_TEXT)
            assert signatory(accession).listed_name == organization.name


REPRESENTATIVE = "representative@example.org"


@given(email=st.one_of(st.just(REPRESENTATIVE), st.just(f" {REPRESENTATIVE.upper()}"), EMAILS))
@example(email=address_of_length(300))
@examples
def test_arbitrary_invitation_addresses_never_fail_and_a_refused_one_invites_nobody(client, email):
    with one_example(client):
        user = UserFactory(email=REPRESENTATIVE)
        organization = OrganizationFactory(representative=user)
        client.force_login(user)
        before = footprint(models=ORGANIZATION_MODELS)

        response = client.post(
            reverse("organizations:invite", args=[organization.slug]), {"email": email}
        )

        if refused(response):
            assert footprint(models=ORGANIZATION_MODELS) == before
        else:
            invitation = Invitation.objects.get(organization=organization)
            invitation.full_clean()
            assert invitation.email == email.strip().lower()


@given(alone=st.booleans(), data=st.data())
@examples
def test_arbitrary_representative_removals_never_fail_or_remove_the_wrong_person(
    client, alone, data
):
    with one_example(client):
        user = UserFactory()
        organization = OrganizationFactory(representative=user)
        representatives = list(organization.representatives.all())
        if not alone:
            representatives.append(
                Representative.objects.create(organization=organization, user=UserFactory())
            )
        ids = [representative.public_id for representative in representatives]
        # Mostly one of the organization's representatives, otherwise anything.
        chosen = data.draw(
            st.sampled_from([*ids, *ids, None]).flatmap(
                lambda pk: st.just(pk) if pk else st.one_of(st.integers().map(str), TEXT)
            ),
            label="representative",
        )
        client.force_login(user)
        before = footprint(models=ORGANIZATION_MODELS)

        response = client.post(
            reverse("organizations:remove", args=[organization.slug]), {"representative": chosen}
        )

        if refused(response):
            assert footprint(models=ORGANIZATION_MODELS) == before
        else:
            remaining = set(organization.representatives.values_list("public_id", flat=True))
            assert len(remaining) == len(ids) - 1
            assert remaining < set(ids)
            if chosen in ids:
                assert chosen not in remaining


# Accessions ------------------------------------------------------------------------------------


@given(data=submissions(INDIVIDUAL_ACCESSION_FIELDS))
@example(data=INITIALS_TOO_LONG)
@examples
def test_arbitrary_individual_accessions_never_fail_or_half_save(client, edition_1, data):
    with one_example(client):
        user = UserFactory()
        client.force_login(user)
        before = footprint(models=ACCESSION_MODELS)

        response = client.post(reverse("accession:accede"), data)

        if refused(response):
            assert footprint(models=ACCESSION_MODELS) == before
        else:
            accession = Accession.objects.get(user=user)
            accession.full_clean()
            assert saved(accession, INDIVIDUAL_TEXT) == stripped(data, INDIVIDUAL_TEXT)
            assert (signatory(accession).listing, accession.region) == (
                data["listing"],
                data["region"],
            )


@given(source=st.one_of(TEXT, st.just("earlier")))
@example(source="\x00")
@examples
def test_an_arbitrary_earlier_accession_to_prefill_from_is_never_a_server_error(
    client, edition_1, source
):
    with one_example(client):
        earlier = AccessionFactory(status=Status.WITHDRAWN)
        client.force_login(earlier.user)
        source = earlier.public_id if source == "earlier" else source

        response = client.get(reverse("accession:accede"), {"from": source})

        assert response.status_code in {200, 404}


@given(data=submissions(ORGANIZATION_ACCESSION_FIELDS))
@examples
def test_arbitrary_organization_accessions_never_fail_or_half_save(client, edition_1, data):
    with one_example(client):
        user = UserFactory()
        organization = OrganizationFactory(representative=user)
        client.force_login(user)
        before = footprint(models=ACCESSION_MODELS)

        response = client.post(
            reverse("accession:accede_organization", args=[organization.slug]), data
        )

        if refused(response):
            assert footprint(models=ACCESSION_MODELS) == before
        else:
            accession = Accession.objects.get(organization=organization)
            accession.full_clean()
            assert accession.authority_basis == data["authority_basis"].strip()
            assert signatory(accession).listing == data["listing"]


@given(data=submissions(INDIVIDUAL_ACCESSION_FIELDS))
@example(data=INITIALS_TOO_LONG)
@examples
def test_arbitrary_individual_resubmissions_never_fail_or_half_save(client, edition_1, data):
    with one_example(client):
        accession = AccessionFactory(status=Status.CHANGES_REQUESTED)
        client.force_login(accession.user)
        before = footprint(accession, models=ACCESSION_MODELS)

        response = client.post(reverse("accession:edit", args=[accession.public_id]), data)

        if refused(response):
            assert footprint(accession, models=ACCESSION_MODELS) == before
        else:
            accession.refresh_from_db()
            accession.full_clean()
            assert accession.status == Status.RESUBMITTED
            assert saved(accession, INDIVIDUAL_TEXT) == stripped(data, INDIVIDUAL_TEXT)


@given(data=submissions(ORGANIZATION_ACCESSION_FIELDS))
@examples
def test_arbitrary_organization_resubmissions_never_fail_or_half_save(client, edition_1, data):
    with one_example(client):
        accession = OrganizationAccessionFactory(status=Status.CHANGES_REQUESTED)
        client.force_login(accession.user)
        before = footprint(accession, models=ACCESSION_MODELS)

        response = client.post(reverse("accession:edit", args=[accession.public_id]), data)

        if refused(response):
            assert footprint(accession, models=ACCESSION_MODELS) == before
        else:
            accession.refresh_from_db()
            accession.full_clean()
            assert accession.status == Status.RESUBMITTED
            assert accession.authority_basis == data["authority_basis"].strip()


@given(status=st.sampled_from(Status), data=submissions({"reason": prose(1000)}))
@examples
def test_arbitrary_withdrawals_never_fail_or_half_save(client, edition_1, status, data):
    with one_example(client):
        accession = AccessionFactory(status=status)
        client.force_login(accession.user)
        before = footprint(accession, models=ACCESSION_MODELS)

        response = client.post(reverse("accession:withdraw", args=[accession.public_id]), data)

        if refused(response):
            assert footprint(accession, models=ACCESSION_MODELS) == before
        else:
            accession.refresh_from_db()
            accession.full_clean()
            assert accession.status == Status.WITHDRAWN
            assert accession.reason == data["reason"].strip()


@given(
    factory=st.sampled_from([AccessionFactory, OrganizationAccessionFactory]),
    status=st.sampled_from(Status),
    public_name=st.one_of(st.just("Ales Bialiatski"), SHORT_WORDS_NAME),
    listing=st.one_of(st.sampled_from(Listing.values), TEXT),
)
@example(
    factory=AccessionFactory,
    status=Status.APPROVED,
    public_name=HUNDRED_WORDS,
    listing=Listing.INITIALS.value,
)
@examples
def test_arbitrary_listing_choices_never_fail_or_half_save(
    client, edition_1, factory, status, public_name, listing
):
    with one_example(client):
        if factory is AccessionFactory:
            accession = factory(status=status, public_name=public_name)
        else:
            accession = factory(status=status)
        client.force_login(accession.user)
        before = footprint(accession, models=ACCESSION_MODELS)

        response = client.post(
            reverse("accession:listing", args=[accession.public_id]), {"listing": listing}
        )

        if refused(response):
            assert footprint(accession, models=ACCESSION_MODELS) == before
        else:
            accession.refresh_from_db()
            accession.full_clean()
            assert (signatory(accession).listing, signatory(accession).hidden_at) == (listing, None)


@given(
    status=st.one_of(st.just(Status.SUSPENDED), st.sampled_from(Status)),
    data=submissions({"response": prose(3000, min_size=1)}),
)
@examples
def test_arbitrary_responses_to_a_suspension_never_fail_or_half_save(
    client, edition_1, status, data
):
    with one_example(client):
        accession = AccessionFactory(status=status)
        client.force_login(accession.user)
        before = footprint(accession, models=ACCESSION_MODELS)

        response = client.post(reverse("accession:respond", args=[accession.public_id]), data)

        if refused(response):
            assert footprint(accession, models=ACCESSION_MODELS) == before
        else:
            accession.refresh_from_db()
            accession.full_clean()
            assert accession.signatory_response == data["response"].strip()


# The review desk -------------------------------------------------------------------------------


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


REVIEWABLE = [Status.SUBMITTED, Status.RESUBMITTED]
ACTS_ON = {
    "takeover": REVIEWABLE,
    "approve": REVIEWABLE,
    "reject": REVIEWABLE,
    "request-changes": REVIEWABLE,
    "suspend": [Status.APPROVED],
    "reinstate": [Status.SUSPENDED],
    "propose-expulsion": [Status.SUSPENDED],
    "confirm-expulsion": [Status.SUSPENDED],
}
RESULT = {
    "takeover": lambda accession, me: accession.reviewer_id == me.pk,
    "approve": lambda accession, me: accession.status == Status.APPROVED,
    "reject": lambda accession, me: accession.status == Status.REJECTED,
    "request-changes": lambda accession, me: accession.status == Status.CHANGES_REQUESTED,
    "suspend": lambda accession, me: accession.status == Status.SUSPENDED,
    "reinstate": lambda accession, me: accession.status == Status.APPROVED,
    "propose-expulsion": lambda accession, me: accession.expulsion_proposed_by_id == me.pk,
    "confirm-expulsion": lambda accession, me: accession.status == Status.EXPELLED,
}


def test_every_review_action_is_covered():
    assert set(ACTS_ON) == set(RESULT) == set(ACTIONS)


@pytest.mark.parametrize("action", list(ACTIONS))
@given(data=st.data())
@examples
def test_arbitrary_review_decisions_never_fail_or_half_save(
    client, edition_1, coordinator, action, data
):
    with one_example(client):
        status = data.draw(
            st.one_of(st.sampled_from(ACTS_ON[action]), st.sampled_from(Status)), label="status"
        )
        accession = AccessionFactory(status=status)
        colleague = CoordinatorFactory(totp=False)
        if status in REVIEWABLE and data.draw(st.booleans(), label="taken by a colleague"):
            review.take(colleague, accession)
        if status == Status.SUSPENDED and data.draw(st.booleans(), label="expulsion proposed"):
            review.propose_expulsion(colleague, accession, reason="Calls for violence.")
        sent = data.draw(submissions(DECISION_FIELDS), label="data")
        accession.refresh_from_db()
        before = footprint(accession, models=ACCESSION_MODELS)

        response = client.post(reverse("review:act", args=[accession.public_id, action]), sent)

        if refused(response):
            assert footprint(accession, models=ACCESSION_MODELS) == before
        else:
            accession.refresh_from_db()
            accession.full_clean()
            assert RESULT[action](accession, coordinator)
            if action != "takeover":
                assert accession.internal_note == sent["internal_note"].strip()
            if action not in {"takeover", "confirm-expulsion"}:
                assert accession.reason == sent["reason"].strip()


@given(
    status=st.one_of(st.sampled_from(Status.values), TEXT),
    kind=st.one_of(st.sampled_from(Accession.Kind.values), TEXT),
    region=st.one_of(st.sampled_from(Region.values), TEXT),
    page=st.one_of(st.integers().map(str), TEXT),
)
@examples
def test_arbitrary_review_queue_filters_never_fail(
    client, edition_1, coordinator, status, kind, region, page
):
    with one_example(client):
        AccessionFactory()

        response = client.get(
            reverse("review:queue"),
            {"status": status, "kind": kind, "region": region, "page": page},
        )

        assert response.status_code == 200


# The public registry ---------------------------------------------------------------------------

LISTED_IDS = ["00000000000000a1", "00000000000000a2", "00000000000000a3", "00000000000000a4"]
COUNTED_ID = LISTED_IDS[2]


@pytest.fixture
def registry(edition_1):
    """Listed signatories under every listing, with names in several scripts."""
    accessions = [
        AccessionFactory(status=Status.APPROVED, public_name="Наста Лойка"),
        AccessionFactory(
            status=Status.APPROVED,
            listing=Listing.INITIALS,
            public_name="ناستا لويكا",
            region=Region.ABROAD,
        ),
        AccessionFactory(status=Status.APPROVED, listing=Listing.COUNTED),
        OrganizationAccessionFactory(
            status=Status.APPROVED,
            organization=OrganizationFactory(name="Вясна", description='<b>"Spring"</b> & co'),
        ),
    ]
    for accession, public_id in zip(accessions, LISTED_IDS, strict=True):
        Signatory.objects.filter(pk=accession.signatory_id).update(public_id=public_id)


REGISTRY_FILTERS = st.fixed_dictionaries(
    {
        "q": st.one_of(st.sampled_from(["вяс", "Nasta", "ل"]), TEXT),
        "kind": st.one_of(st.sampled_from(["", "organization", "individual"]), TEXT),
        "organization_kind": st.one_of(st.sampled_from(Organization.Kind.values), TEXT),
        "region": st.one_of(st.sampled_from(Region.values), TEXT),
        "edition": st.one_of(st.integers().map(str), TEXT),
        "sort": st.one_of(st.sampled_from(["", "name"]), TEXT),
        "size": st.one_of(st.sampled_from(["", "10", "25", "100"]), TEXT),
        "after": st.one_of(
            st.sampled_from(LISTED_IDS), st.from_regex(r"[0-9a-f]{16}", fullmatch=True), TEXT
        ),
        "before": st.one_of(
            st.sampled_from(LISTED_IDS), st.from_regex(r"[0-9a-f]{16}", fullmatch=True), TEXT
        ),
    },
)


def some_of(filters):
    return st.lists(st.sampled_from(sorted(filters)), unique=True).map(
        lambda names: {name: filters[name] for name in names}
    )


@pytest.mark.parametrize("name", ["registry:list", "open_data:csv", "open_data:json"])
@given(filters=REGISTRY_FILTERS.flatmap(some_of))
@examples
def test_arbitrary_registry_filters_never_fail_on_the_page_or_the_exports(
    client, registry, name, filters
):
    with one_example(client):
        response = client.get(reverse(name), filters)

        both_ways = name == "registry:list" and filters.get("after") and filters.get("before")
        assert response.status_code == (400 if both_ways else 200)
        if name == "open_data:csv":
            content = b"".join(response.streaming_content).decode("utf-8-sig")
            assert next(csv.reader(io.StringIO(content))) == public.COLUMNS
        elif name == "open_data:json":
            content = b"".join(response.streaming_content).decode()
            shown = {item["id"] for item in json.loads(content)}
            assert shown <= set(LISTED_IDS) - {COUNTED_ID}, "a counted signatory is never named"


# The addresses the forms post to ---------------------------------------------------------------

FORM_ADDRESSES = [
    ("get", "/accession/{}/"),
    ("get", "/accession/{}/edit/"),
    ("post", "/accession/{}/withdraw/"),
    ("post", "/accession/{}/listing/"),
    ("post", "/accession/{}/respond/"),
    ("post", "/accession/{}/hide/"),
    ("get", "/review/{}/"),
    ("post", "/review/{}/approve/"),
    ("get", "/registry/{}/"),
    ("get", "/registry/{}/badge.svg"),
    ("post", "/organizations/invitations/{}/"),
]


@pytest.mark.parametrize(("method", "address"), FORM_ADDRESSES)
@given(public_id=TEXT.filter(bool))
@example(public_id="\x00")
@examples
def test_an_arbitrary_public_id_in_a_forms_address_is_never_a_server_error(
    client, edition_1, coordinator, method, address, public_id
):
    with one_example(client):
        response = getattr(client, method)(address.format(quote(public_id, safe="")))

        assert response.status_code < 500


# Concerns --------------------------------------------------------------------------------------


@given(
    data=st.fixed_dictionaries(
        {
            "signatory_text": st.one_of(TEXT, optional_line(200)),
            "principles": st.lists(st.one_of(st.integers(-1, 17).map(str), TEXT), max_size=17),
            "account": st.one_of(TEXT, prose(5000, min_size=1)),
            "evidence": st.one_of(TEXT, prose(3000)),
            "contact": st.one_of(TEXT, optional_line(300)),
            "website": st.one_of(st.just(""), TEXT),
        }
    )
)
@examples
def test_arbitrary_concerns_never_fail_or_half_save(client, edition_1, data):
    from accession.concerns.models import Concern

    with one_example(client):
        before = footprint(models=[Concern, Concern.history.model])

        response = client.post(reverse("concerns:new"), data)

        assert response.status_code < 500
        if response.status_code == 400:
            assert footprint(models=[Concern, Concern.history.model]) == before
        else:
            assert response.status_code == 200
            Concern.objects.get().full_clean()
