"""What every public output shows, for every status, listing choice and kind of signatory."""

import csv
import datetime
import io
import json
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from accession.models import INDIVIDUAL_LISTINGS, ORGANIZATION_LISTINGS, Status
from accession.registry.views import claim_url
from tests.factories import (
    AccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARKERS = {
    "legal_name": "Legalmarker Secretname",
    "statement": "STATEMENTMARKER",
    "authority_basis": "AUTHORITYMARKER",
    "internal_note": "INTERNALMARKER",
    "reason": "REASONMARKER",
    "signatory_response": "RESPONSEMARKER",
}
EMAIL = "emailmarker@example.org"
CASES = [
    ("individual", listing, status, hidden)
    for listing in INDIVIDUAL_LISTINGS
    for status in Status
    for hidden in (False, True)
] + [
    ("organization", listing, status, hidden)
    for listing in ORGANIZATION_LISTINGS
    for status in Status
    for hidden in (False, True)
]


def make(kind, listing, status, hidden):
    fields = {
        **MARKERS,
        "status": status,
        "listing": listing,
        "hidden_at": timezone.now() if hidden else None,
        "user": UserFactory(email=EMAIL),
    }
    if kind == "individual":
        return AccessionFactory(public_name="Publicname Markerova", region="abroad", **fields)
    organization = OrganizationFactory(
        name="Orgmarker Centre", region="abroad", representative=fields["user"]
    )
    return OrganizationAccessionFactory(organization=organization, **fields)


def results(html):
    """The registry table alone: the search box repeats whatever was searched for."""
    return (
        html.split('<table class="registry">')[1].split("</table>")[0]
        if "registry" in html and '<table class="registry">' in html
        else ""
    )


def public_outputs(client, accession):
    """Everything anyone can fetch without logging in, as text."""
    outputs = {
        "page": client.get(reverse("registry:list")).content.decode(),
        "search": results(
            client.get(reverse("registry:list"), {"q": expected_name(accession)}).content.decode()
        ),
        # Searching for the full name must not find someone listed by initials.
        "search_full": results(
            client.get(reverse("registry:list"), {"q": "Publicname Markerova"}).content.decode()
        ),
        "csv": b"".join(client.get(reverse("open_data:csv")).streaming_content).decode(),
        "json": b"".join(client.get(reverse("open_data:json")).streaming_content).decode(),
        "feed": client.get(reverse("open_data:feed")).content.decode(),
        "statistics": client.get(reverse("registry:statistics")).content.decode(),
        "sitemap": whole_sitemap(client),
    }
    public_id = accession.signatory.public_id
    permalink = client.get(reverse("registry:entry", args=[public_id]))
    outputs["permalink"] = permalink.content.decode()
    if accession.organization_id:
        slug = accession.organization.slug
        outputs["profile"] = client.get(reverse("organizations:profile", args=[slug])).content
        outputs["badge"] = client.get(reverse("open_data:badge", args=[public_id])).content
        outputs["profile"] = outputs["profile"].decode()
        outputs["badge"] = outputs["badge"].decode()
    return outputs, permalink.status_code


def whole_sitemap(client):
    """The sitemap index and every page of every section it names."""
    index = client.get(reverse("sitemap")).content.decode()
    pages = re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", index)
    return index + "".join(client.get(page).content.decode() for page in pages)


def expected_name(accession):
    if accession.kind == "organization":
        return "Orgmarker Centre"
    return "Publicname Markerova" if accession.signatory.listing == "full-name" else "P. M."


@pytest.mark.parametrize("kind, listing, status, hidden", CASES, ids=str)
def test_public_outputs_show_exactly_the_approved_listed_and_nothing_private(
    client, edition_1, kind, listing, status, hidden
):
    accession = make(kind, listing, status, hidden)
    listed = status == Status.APPROVED and listing != "counted" and not hidden

    outputs, permalink_status = public_outputs(client, accession)

    everything = "\n".join(outputs.values())
    if listing != "full-name":
        assert "Publicname" not in everything
    for marker in [*MARKERS.values(), EMAIL, "Secretname", "Legalmarker"]:
        assert marker not in everything
    public_id = accession.signatory.public_id
    if listing != "full-name":
        assert public_id not in outputs["search_full"]
    name = expected_name(accession)
    for output in ["page", "search", "csv", "json", "feed"]:
        assert (public_id in outputs[output]) == listed, output
        assert (name in outputs[output]) == listed, output
        # The accession's own id is private: it is in e-mails, never in a public output.
        assert accession.public_id not in outputs[output], output
    assert permalink_status == (200 if listed else 404)
    if kind == "organization":
        assert ("Orgmarker Centre" in outputs["profile"]) == listed
        assert ("Orgmarker Centre" in outputs["badge"]) == listed
        assert (accession.organization.slug in outputs["sitemap"]) == listed
    else:
        assert public_id not in outputs["sitemap"]


def registry_page(client, **query):
    """The registry page's entries and pager, for comparing two answers."""
    response = client.get(reverse("registry:list"), query)
    page = response.context["page"]
    ids = [entry["id"] for entry in response.context["entries"]]
    return response.status_code, ids, page.next_cursor, page.previous_cursor


@pytest.mark.parametrize("kind, listing, status, hidden", CASES, ids=str)
def test_a_cursor_answers_for_a_private_signatory_as_for_one_that_never_existed(
    client, edition_1, kind, listing, status, hidden
):
    for n in range(5):
        AccessionFactory(status=Status.APPROVED, public_name=f"Listed Person {n}")
    accession = make(kind, listing, status, hidden)
    listed = status == Status.APPROVED and listing != "counted" and not hidden
    never_existed = "0123456789abcdef"

    for key in ("after", "before"):
        unknown = registry_page(client, size=2, **{key: never_existed})
        for cursor in (accession.signatory.public_id, accession.public_id):
            answer = registry_page(client, size=2, **{key: cursor})
            if listed and cursor == accession.signatory.public_id:
                continue  # a listed signatory's id is public: it is a real position
            assert answer == unknown, (key, cursor)
    # The first page, as anyone gets it.
    assert unknown == registry_page(client, size=2)


def statistics_of(client):
    """{(chart, group): count or "small"}, and the unnamed total, as the page shows them."""
    response = client.get(reverse("registry:statistics"))
    figures = {
        (key, str(label)): "small" if value["small"] else value["count"]
        for key, _title, series in response.context["charts"]
        for label, value in series
    }
    unnamed = response.context["unnamed"]
    return figures, "small" if unnamed["small"] else unnamed["count"]


@pytest.mark.parametrize("kind, listing, status, hidden", CASES, ids=str)
def test_statistics_break_down_only_what_the_registry_lists(
    client, edition_1, kind, listing, status, hidden
):
    # Four others listed in the same region, so one more crosses the small-count threshold;
    # and five unnamed, so that the total of the unnamed is shown as a number.
    for _ in range(4):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="full-name")
    for _ in range(5):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="counted")
    make(kind, listing, status, hidden)
    public = status == Status.APPROVED and not hidden
    listed = public and listing != "counted"

    figures, unnamed = statistics_of(client)

    assert figures[("regions", "abroad")] == (5 if listed else "small")
    assert unnamed == (6 if public and not listed else 5)


@pytest.mark.parametrize("kind, listing, status, hidden", CASES, ids=str)
def test_statistics_minus_the_registry_reveal_nothing_unpublished(
    client, edition_1, kind, listing, status, hidden
):
    """Per region and kind, the statistics equal what anyone can count on the registry's
    pages, so no subtraction of one from the other leaves an unnamed signatory."""
    for region in ("abroad", "brest"):
        for _ in range(5):
            AccessionFactory(status=Status.APPROVED, region=region, listing="full-name")
        for _ in range(5):
            AccessionFactory(status=Status.APPROVED, region=region, listing="counted")
    make(kind, listing, status, hidden)

    figures, _unnamed = statistics_of(client)

    for region, label in (("abroad", "abroad"), ("brest", "Brest region")):
        listed_there = client.get(reverse("registry:list"), {"region": region, "size": 100})
        count = len(listed_there.context["entries"])
        assert figures[("regions", label)] == (count if count >= 5 else "small")


def test_the_csv_and_json_carry_the_documented_fields(client, edition_1):
    from accession.registry.public import COLUMNS

    OrganizationAccessionFactory(status=Status.APPROVED)
    AccessionFactory(status=Status.APPROVED)

    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(reverse("open_data:csv")).streaming_content).decode("utf-8-sig")
            )
        )
    )
    items = json.loads(b"".join(client.get(reverse("open_data:json")).streaming_content))

    assert list(rows[0]) == COLUMNS
    assert [sorted(item) for item in items] == [sorted(COLUMNS)] * 2
    assert {row["kind"] for row in rows} == {"organization", "individual"}
    data_page = client.get(reverse("registry:data")).content.decode()
    documented = {
        name.strip()
        for term in re.findall(r"<dt>(.*?)</dt>", data_page)
        for name in term.split(",")
    }
    assert set(COLUMNS) <= documented


REVIEW_STEPS = {
    "taken": ["take"],
    "viewed": ["take", "view"],
    "changes requested": ["take", "view", "request_changes"],
    "approved": ["approve"],
    "suspended": ["approve", "suspend"],
    "expulsion proposed": ["approve", "suspend", "propose_expulsion"],
    "expelled": ["approve", "suspend", "propose_expulsion", "confirm_expulsion"],
    "reinstated": ["approve", "suspend", "propose_expulsion", "reinstate"],
    "reaffirmed": ["approve", "reaffirm"],
}


@pytest.mark.parametrize("kind", ["individual", "organization"])
@pytest.mark.parametrize("steps", REVIEW_STEPS.values(), ids=REVIEW_STEPS.keys())
def test_the_review_desks_work_never_reaches_a_public_output(client, edition_1, kind, steps):
    from django.core.management import call_command

    from accession.review import services as review
    from common.ids import new_public_id
    from tests.conftest import TEST_EDITIONS
    from tests.factories import CoordinatorFactory, current_edition

    accession = make(
        kind, INDIVIDUAL_LISTINGS[0] if kind == "individual" else "listed", Status.SUBMITTED, False
    )
    first, second = CoordinatorFactory(), CoordinatorFactory()
    notes = {"reason": "REASONMARKER", "internal_note": "INTERNALMARKER"}
    for step in steps:
        if step == "take":
            review.take(first, accession)
        elif step == "view":
            review.record_private_view(first, accession)
        elif step == "confirm_expulsion":
            review.confirm_expulsion(second, accession, internal_note="INTERNALMARKER")
        elif step == "reaffirm":
            call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO())
            again = type(accession).objects.get(pk=accession.pk)
            again.pk, again.public_id = None, new_public_id()
            again.status = Status.SUBMITTED
            again.edition = current_edition()
            again.edition_number = again.edition.number
            again.save()
            review.approve(first, again, **notes)
        else:
            getattr(review, step)(first, accession, **notes)
    accession.refresh_from_db()
    standing = accession.signatory.accession
    listed = standing is not None

    outputs, permalink_status = public_outputs(client, accession)

    everything = "\n".join(outputs.values())
    for marker in [*MARKERS.values(), EMAIL, first.email, second.email]:
        assert marker not in everything
    for output in ["page", "csv", "json", "feed"]:
        assert everything.count(accession.signatory.public_id) >= (1 if listed else 0)
        assert (accession.signatory.public_id in outputs[output]) == listed, output
        assert outputs[output].count(expected_name(accession)) <= (2 if output == "feed" else 1), (
            output
        )
    assert permalink_status == (200 if listed else 404)


IMPORTED_CASES = [
    ("individual", listing, hidden) for listing in INDIVIDUAL_LISTINGS for hidden in (False, True)
] + [
    ("organization", listing, hidden)
    for listing in ORGANIZATION_LISTINGS
    for hidden in (False, True)
]


def make_imported(kind, listing, hidden, coordinator):
    """A signatory carried over from a coordinators' file, then hidden if `hidden`."""
    from accession.models import Accession
    from accession.review import imports
    from accession.services import publish

    columns = ["kind", "name", "organization_kind", "registration_status", "region"]
    columns += ["listing", "edition", "acceded", "internal_note"]
    name = "Orgmarker Centre" if kind == "organization" else "Publicname Markerova"
    organization = ["human-rights", "unregistered"] if kind == "organization" else ["", ""]
    row = [kind, name, *organization, "abroad", listing, "1", "2019-05", MARKERS["internal_note"]]
    data = (",".join(columns) + "\n" + ",".join(row) + "\n").encode()
    assert not imports.carry_over(coordinator, data).problems
    accession = Accession.objects.get(signatory__import_key__isnull=False)
    if hidden:
        publish(accession.signatory, hidden=True)
    accession.refresh_from_db()
    return accession


@pytest.mark.parametrize("kind, listing, hidden", IMPORTED_CASES, ids=str)
def test_imported_signatories_appear_in_public_outputs_exactly_as_listed(
    client, edition_1, kind, listing, hidden
):
    from tests.factories import CoordinatorFactory

    coordinator = CoordinatorFactory()
    accession = make_imported(kind, listing, hidden, coordinator)
    listed = listing != "counted" and not hidden

    outputs, permalink_status = public_outputs(client, accession)

    everything = "\n".join(outputs.values())
    if listing != "full-name":
        assert "Publicname" not in everything
    for marker in [MARKERS["internal_note"], coordinator.email]:
        assert marker not in everything
    public_id = accession.signatory.public_id
    name = expected_name(accession)
    for output in ["page", "search", "csv", "json", "feed"]:
        assert (public_id in outputs[output]) == listed, output
        assert (name in outputs[output]) == listed, output
        assert accession.public_id not in outputs[output], output
    assert permalink_status == (200 if listed else 404)
    if kind == "organization":
        assert ("Orgmarker Centre" in outputs["profile"]) == listed
        assert ("Orgmarker Centre" in outputs["badge"]) == listed
        assert (accession.organization.slug in outputs["sitemap"]) == listed


@pytest.mark.parametrize("kind, listing, hidden", IMPORTED_CASES, ids=str)
def test_statistics_break_down_imported_signatories_only_when_listed(
    client, edition_1, kind, listing, hidden
):
    from tests.factories import CoordinatorFactory

    for _ in range(4):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="full-name")
    for _ in range(5):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="counted")
    make_imported(kind, listing, hidden, CoordinatorFactory())
    listed = listing != "counted" and not hidden

    figures, unnamed = statistics_of(client)

    assert figures[("regions", "abroad")] == (5 if listed else "small")
    assert unnamed == (6 if listing == "counted" and not hidden else 5)


CLAIM_STEPS = {
    "pending": [],
    "taken and viewed": ["take", "view"],
    "refused": ["refuse"],
    "withdrawn": ["withdraw"],
    "granted": ["grant"],
}


def without_feed_time(outputs):
    """The outputs, less the feed's own time, which is the time of the request when the feed
    has no entry."""
    head, _, entries = outputs["feed"].partition("<entry>")
    head = re.sub(r"<updated>[^<]*</updated>", "", head)
    return {**outputs, "feed": head + entries}


CLAIM_MARKERS = ["BASISMARKER", "CLAIMREASONMARKER", "CLAIMNOTEMARKER", "claimant@example.org"]


@pytest.mark.parametrize("steps", CLAIM_STEPS.values(), ids=CLAIM_STEPS.keys())
@pytest.mark.parametrize("listing", ORGANIZATION_LISTINGS)
@pytest.mark.parametrize("hidden", [False, True], ids=["shown", "hidden"])
def test_a_claim_to_represent_an_organization_changes_nothing_public(
    client, edition_1, listing, hidden, steps
):
    """Pending, refused, withdrawn or granted: the profile offers everyone the same way to ask,
    whoever represents the organization, so not even a grant shows."""
    from organizations import claims
    from tests.factories import ClaimFactory, CoordinatorFactory

    coordinator = CoordinatorFactory()
    accession = make_imported("organization", listing, hidden, coordinator)
    before, before_status = public_outputs(client, accession)
    claim = ClaimFactory(
        organization=accession.organization,
        user=UserFactory(email="claimant@example.org"),
    )
    notes = {"reason": "CLAIMREASONMARKER", "internal_note": "CLAIMNOTEMARKER"}
    for step in steps:
        if step == "take":
            claims.take(coordinator, claim)
        elif step == "view":
            claims.record_view(coordinator, claim)
        elif step == "withdraw":
            claims.withdraw_claim(claim.user, claim)
        else:
            getattr(claims, step)(coordinator, claim, **notes)

    after, after_status = public_outputs(client, accession)

    assert without_feed_time(after) == without_feed_time(before)
    assert after_status == before_status
    everything = "\n".join(after.values())
    for marker in [*CLAIM_MARKERS, claim.public_id, coordinator.email]:
        assert marker not in everything


def test_the_profile_offers_the_same_way_to_ask_whether_or_not_anyone_represents_it(
    client, edition_1
):
    from tests.factories import ImportedOrganizationAccessionFactory

    represented = OrganizationAccessionFactory(status=Status.APPROVED).organization
    unrepresented = ImportedOrganizationAccessionFactory().organization

    pages = [
        client.get(reverse("organizations:profile", args=[organization.slug])).content.decode()
        for organization in (represented, unrepresented)
    ]

    for page, organization in zip(pages, (represented, unrepresented), strict=True):
        claim = claim_url(organization.slug)
        assert "Do you represent this organization?" in page
        assert f"{reverse('account_login')}?next={quote(claim)}" in page


ASSISTED_STATES = {
    "waiting": [],
    "approved": ["approve"],
    "hidden at the person's request": ["approve", "hide_on_request"],
    "withdrawn at the person's request": ["approve", "withdraw_on_request"],
    "rejected": ["reject"],
    "claimed": ["approve", "claim"],
    "claimed, then hidden by the person": ["approve", "claim", "hide_now"],
}
ASSISTED_CASES = [(listing, state) for listing in INDIVIDUAL_LISTINGS for state in ASSISTED_STATES]
CONSENT_MARKER = "CONSENTMARKER Brest group"


def make_assisted(listing, state, recorder, decider):
    """An accession `recorder` recorded on a person's behalf, taken through `state`; returns it
    and its claim code."""
    from accession import services
    from accession.review import services as review
    from tests.factories import record_assisted

    accession, code = record_assisted(
        recorder,
        listing=listing,
        public_name="Publicname Markerova",
        region="abroad",
        consent_method="organization",
        consent_given_to=CONSENT_MARKER,
    )
    for step in ASSISTED_STATES[state]:
        if step == "claim":
            services.claim(UserFactory(email=EMAIL), code=code)
        elif step == "hide_now":
            services.hide_now(accession.signatory.user, accession)
        else:
            getattr(review, step)(decider, accession, reason=MARKERS["reason"])
        accession.refresh_from_db()
    return accession, code


@pytest.mark.parametrize("listing, state", ASSISTED_CASES, ids=str)
def test_assisted_accessions_appear_exactly_as_listed_and_their_consent_never(
    client, edition_1, listing, state
):
    from tests.factories import CoordinatorFactory

    recorder, decider = CoordinatorFactory(), CoordinatorFactory()
    accession, code = make_assisted(listing, state, recorder, decider)
    listed = (
        accession.status == Status.APPROVED
        and listing != "counted"
        and accession.signatory.hidden_at is None
    )

    outputs, permalink_status = public_outputs(client, accession)

    everything = "\n".join(outputs.values())
    if listing != "full-name":
        assert "Publicname" not in everything
    for marker in [CONSENT_MARKER, "CONSENTMARKER", MARKERS["reason"], EMAIL]:
        assert marker not in everything
    for private in [recorder.email, decider.email, code, code.replace("-", "")]:
        assert private not in everything
    public_id = accession.signatory.public_id
    name = expected_name(accession)
    for output in ["page", "search", "csv", "json", "feed"]:
        assert (public_id in outputs[output]) == listed, output
        assert (name in outputs[output]) == listed, output
        assert accession.public_id not in outputs[output], output
    assert permalink_status == (200 if listed else 404)
    assert public_id not in outputs["sitemap"]


@pytest.mark.parametrize("listing, state", ASSISTED_CASES, ids=str)
def test_statistics_break_down_assisted_accessions_only_when_listed(
    client, edition_1, listing, state
):
    from tests.factories import CoordinatorFactory

    for _ in range(4):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="full-name")
    for _ in range(5):
        AccessionFactory(status=Status.APPROVED, region="abroad", listing="counted")
    accession, _code = make_assisted(listing, state, CoordinatorFactory(), CoordinatorFactory())
    public = accession.status == Status.APPROVED and accession.signatory.hidden_at is None
    listed = public and listing != "counted"

    figures, unnamed = statistics_of(client)

    assert figures[("regions", "abroad")] == (5 if listed else "small")
    assert unnamed == (6 if public and not listed else 5)


CONCERN_STEPS = {
    "received": [],
    "taken and viewed": ["take", "view"],
    "complainant asked and answered": ["ask_complainant", "answer"],
    "signatory asked": ["ask_signatory"],
    "signatory responded": ["ask_signatory", "respond"],
    "dismissed": ["close:dismissed"],
    "resolved": ["ask_signatory", "close:resolved"],
    "referred": ["ask_signatory", "close:referred"],
    "anonymised": ["close:dismissed", "anonymise"],
}
CONCERN_MARKERS = [
    "ACCOUNTMARKER",
    "EVIDENCEMARKER",
    "CONTACTMARKER",
    "CONCERNQUESTIONMARKER",
    "CONCERNNOTEMARKER",
    "CONCERNREPLYMARKER",
    "complainant@example.org",
]


def without_concern_counts(outputs):
    """The outputs, less the statistics' yearly counts of concerns (tested on their own)."""
    statistics = outputs["statistics"].split('<section aria-labelledby="concerns">')[0]
    return {**without_feed_time(outputs), "statistics": statistics}


@pytest.mark.parametrize("steps", CONCERN_STEPS.values(), ids=CONCERN_STEPS.keys())
@pytest.mark.parametrize("kind", ["individual", "organization"])
@pytest.mark.parametrize("hidden", [False, True], ids=["shown", "hidden"])
def test_a_concern_in_any_state_changes_nothing_public_but_the_yearly_counts(
    client, edition_1, kind, hidden, steps, settings
):
    from accession.concerns import services as concerns
    from tests.factories import CoordinatorFactory, raise_concern

    settings.RETENTION_DAYS = 0
    listing = "full-name" if kind == "individual" else "listed"
    accession = make(kind, listing, Status.APPROVED, hidden)
    coordinator = CoordinatorFactory()
    before, before_status = public_outputs(client, accession)
    concern, _code = raise_concern(
        accession, complainant=UserFactory(email="complainant@example.org")
    )
    texts = {"question": "CONCERNQUESTIONMARKER", "internal_note": "CONCERNNOTEMARKER"}
    for step in steps:
        if step == "take":
            concerns.take(coordinator, concern)
        elif step == "view":
            concerns.record_view(coordinator, concern)
        elif step in {"ask_complainant", "ask_signatory"}:
            getattr(concerns, step)(coordinator, concern, **texts)
        elif step == "answer":
            concerns.answer(concern, "CONCERNREPLYMARKER")
        elif step == "respond":
            concerns.respond(accession.user, concern, "CONCERNREPLYMARKER")
        elif step == "anonymise":
            concerns.anonymise_closed(timezone.now() + datetime.timedelta(days=1))
        else:
            outcome = step.split(":")[1]
            concerns.close(coordinator, concern, outcome=outcome, reason="CONCERNQUESTIONMARKER")

    after, after_status = public_outputs(client, accession)

    assert without_concern_counts(after) == without_concern_counts(before)
    assert after_status == before_status
    everything = "\n".join(after.values())
    for marker in [*CONCERN_MARKERS, concern.public_id, coordinator.email]:
        assert marker not in everything
