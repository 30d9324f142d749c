import codecs
import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accession import services
from accession.models import Signatory, Status
from accession.registry import public
from accession.review import services as review
from tests.factories import AccessionFactory, OrganizationAccessionFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def approved(days_ago=0, **fields):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return AccessionFactory(status=Status.APPROVED, approved_at=moment, **fields)


def ids_on(response):
    return [entry["id"] for entry in response.context["entries"]]


def follow(client, response, rel):
    page = response.context["page"]
    cursor = page.next_cursor if rel == "next" else page.previous_cursor
    key = "after" if rel == "next" else "before"
    return client.get(reverse("registry:list"), {"size": 10, key: cursor})


def test_pages_walk_the_registry_newest_first_without_gaps_or_repeats(client, edition_1):
    accessions = [approved(days_ago=n, public_name=f"Person {n}") for n in range(25)]

    first = client.get(reverse("registry:list"), {"size": 10})
    second = follow(client, first, "next")
    third = follow(client, second, "next")

    walked = ids_on(first) + ids_on(second) + ids_on(third)
    assert walked == [a.signatory.public_id for a in accessions]
    assert third.context["page"].next_cursor is None


def test_a_page_is_stable_while_signatories_are_added(client, edition_1):
    accessions = [approved(days_ago=n + 1, public_name=f"Person {n}") for n in range(20)]
    first = client.get(reverse("registry:list"), {"size": 10})

    for n in range(5):
        approved(days_ago=0, public_name=f"Newcomer {n}")
    second = follow(client, first, "next")

    assert ids_on(second) == [a.signatory.public_id for a in accessions[10:20]]


def test_previous_returns_to_the_page_before(client, edition_1):
    for n in range(25):
        approved(days_ago=n)
    first = client.get(reverse("registry:list"), {"size": 10})
    second = follow(client, first, "next")

    back = follow(client, second, "previous")

    assert ids_on(back) == ids_on(first)
    assert back.context["page"].previous_cursor is None


def test_sorting_by_name(client, edition_1):
    for name in ["Zmitser Zhuk", "Ales Bialiatski", "Marfa Rabkova"]:
        approved(public_name=name)

    response = client.get(reverse("registry:list"), {"sort": "name"})

    assert [entry["name"] for entry in response.context["entries"]] == [
        "Ales Bialiatski",
        "Marfa Rabkova",
        "Zmitser Zhuk",
    ]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"kind": "organization"}, {"Org Brest"}),
        ({"kind": "individual"}, {"Person Brest", "Person Gomel"}),
        ({"region": "gomel"}, {"Person Gomel"}),
        ({"region": "brest"}, {"Person Brest", "Org Brest"}),
        ({"organization_kind": "coalition"}, {"Org Brest"}),
        ({"edition": 1}, {"Person Brest", "Person Gomel", "Org Brest"}),
        ({"edition": 2}, set()),
    ],
)
def test_filters(client, edition_1, filters, expected):
    approved(public_name="Person Brest", region="brest")
    approved(public_name="Person Gomel", region="gomel")
    OrganizationAccessionFactory(
        status=Status.APPROVED,
        organization=OrganizationFactory(name="Org Brest", region="brest", kind="coalition"),
    )

    response = client.get(reverse("registry:list"), filters)

    assert {entry["name"] for entry in response.context["entries"]} == expected


def test_search_ignores_case_and_finds_organizations_by_their_other_names(client, edition_1):
    OrganizationAccessionFactory(
        status=Status.APPROVED,
        organization=OrganizationFactory(name="Viasna", name_be="Праваабарончы цэнтр «Вясна»"),
    )
    approved(public_name="Someone Else")

    by_name = client.get(reverse("registry:list"), {"q": "VIASNA"})
    by_other_name = client.get(reverse("registry:list"), {"q": "вясна"})

    assert [entry["name"] for entry in by_name.context["entries"]] == ["Viasna"]
    assert [entry["name"] for entry in by_other_name.context["entries"]] == ["Viasna"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's trigram search"
)
@pytest.mark.parametrize("typo", ["Vyasna", "viasn", "Bialiacki"])
def test_search_tolerates_typos_on_postgresql(client, edition_1, typo):
    OrganizationAccessionFactory(
        status=Status.APPROVED, organization=OrganizationFactory(name="Viasna Centre")
    )
    approved(public_name="Ales Bialiatski")
    approved(public_name="Marfa Rabkova")

    response = client.get(reverse("registry:list"), {"q": typo})

    names = {entry["name"] for entry in response.context["entries"]}
    assert names and names <= {"Viasna Centre", "Ales Bialiatski"}


def swaps(word):
    """`word` with each pair of neighbouring letters swapped in turn."""
    return [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's trigram search"
)
@pytest.mark.parametrize(
    "listed, typed",
    [
        ("Ales Bialiatski", "Bialaitski"),
        # Swaps that split or form a spelling the search key merges into one letter (ts, ch).
        ("Ales Bialiatski", "Bialitaski"),
        ("Nasta Matskevich", "Matksevich"),
        ("Uladzimir Labkovich", "Lakbovich"),
        ("Ales Bialiatski", "Алесь Бялцякі"),
        ("Алесь Бяляцкі", "Ales Bialitaski"),
    ],
)
def test_search_on_postgresql_finds_a_surname_typed_with_two_letters_swapped(
    client, edition_1, listed, typed
):
    approved(public_name=listed)
    approved(public_name="Marfa Rabkova")

    response = client.get(reverse("registry:list"), {"q": typed})

    assert [entry["name"] for entry in response.context["entries"]] == [listed]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's trigram search"
)
@pytest.mark.parametrize("listed", ["Алесь Бяляцкі", "Ales Bialiatski"])
@pytest.mark.parametrize("typed", [f"Алесь {surname}" for surname in swaps("Бяляцкі")])
def test_search_on_postgresql_finds_a_full_name_with_any_two_neighbouring_letters_swapped(
    client, edition_1, listed, typed
):
    approved(public_name=listed)
    approved(public_name="Марфа Рабкова")

    response = client.get(reverse("registry:list"), {"q": typed})

    assert [entry["name"] for entry in response.context["entries"]] == [listed]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's trigram search"
)
@pytest.mark.parametrize("typed", swaps("Bialiatski"))
def test_search_on_postgresql_finds_a_latin_surname_with_any_two_neighbouring_letters_swapped(
    client, edition_1, typed
):
    approved(public_name="Ales Bialiatski")
    approved(public_name="Marfa Rabkova")

    response = client.get(reverse("registry:list"), {"q": typed})

    assert [entry["name"] for entry in response.context["entries"]] == ["Ales Bialiatski"]


def test_bad_filter_values_give_form_errors_not_server_errors(client, edition_1):
    approved(public_name="Person")

    response = client.get(
        reverse("registry:list"), {"region": "mars", "size": "7", "after": "x" * 3, "q": "\x00"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_feed_is_atom_with_the_newest_listed_signatories(client, edition_1):
    newest = approved(days_ago=0, public_name="Newest Person")
    approved(days_ago=3, public_name="Older Person")
    AccessionFactory(status=Status.SUBMITTED, public_name="Pending Person")

    feed = ET.fromstring(client.get(reverse("open_data:feed")).content)

    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.find(f"{atom}title").text for entry in feed.findall(f"{atom}entry")]
    assert feed.tag == f"{atom}feed"
    assert titles == ["Newest Person", "Older Person"]
    assert newest.signatory.public_id in feed.find(f"{atom}entry/{atom}id").text


def test_the_badge_is_an_svg_linking_back(client, edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)

    response = client.get(reverse("open_data:badge", args=[accession.signatory.public_id]))

    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ET.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert f"/registry/{accession.signatory.public_id}/" in response.content.decode()


def test_individuals_have_no_badge(client, edition_1):
    accession = approved()

    assert (
        client.get(reverse("open_data:badge", args=[accession.signatory.public_id])).status_code
        == 404
    )


def test_entries_of_individuals_are_not_indexed_and_organizations_are(client, edition_1):
    person = approved()
    organization = OrganizationAccessionFactory(status=Status.APPROVED)

    person_page = client.get(reverse("registry:entry", args=[person.signatory.public_id])).content
    organization_page = client.get(
        reverse("registry:entry", args=[organization.signatory.public_id])
    )

    assert b'name="robots" content="noindex' in person_page
    assert b"noindex" not in organization_page.content


@pytest.mark.parametrize(
    "count, shown", [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5")]
)
def test_small_counts_are_shown_as_fewer_than_five(client, edition_1, count, shown):
    for _ in range(count):
        approved(region="mogilev")

    content = client.get(reverse("registry:statistics")).content.decode()

    row = content.split(">Mogilev region</td>")[1].split("</tr>")[0]
    assert f">{shown}</td>" in row


def test_statistics_bars_for_small_counts_reveal_nothing(client, edition_1):
    approved(region="mogilev")
    for _ in range(7):
        approved(region="brest")

    response = client.get(reverse("registry:statistics"))

    regions = response.context["charts"][0][2]
    bars = dict(regions)
    assert bars["Mogilev region"]["bar"] == 0
    assert bars["Brest region"]["bar"] == 7


@pytest.mark.parametrize("size", [10, 50, 100])
@pytest.mark.parametrize("registry_size", [3, 120])
def test_the_registry_page_runs_at_most_three_queries(
    client, edition_1, django_assert_max_num_queries, size, registry_size
):
    for n in range(registry_size):
        approved(days_ago=n % 30)
    first = client.get(reverse("registry:list"), {"size": size})

    with django_assert_max_num_queries(3):
        client.get(reverse("registry:list"), {"size": size, "region": "minsk-city", "q": "a"})
    cursor = first.context["page"].next_cursor or ""
    with django_assert_max_num_queries(3):
        deep = client.get(reverse("registry:list"), {"size": size, "after": cursor})

    assert deep.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("registry:list"),
        reverse("registry:statistics"),
        reverse("open_data:feed"),
        reverse("registry:data"),
        reverse("home"),
    ],
)
def test_anonymous_visitors_cause_no_session_or_user_query(client, edition_1, url):
    approved()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "django_session" not in sql
    assert "accounts_user" not in sql
    assert "set-cookie" not in {header.lower() for header in response.headers}


def test_the_exports_stream(client, edition_1):
    approved()

    for name in ("open_data:csv", "open_data:json"):
        assert client.get(reverse(name)).streaming


def test_listing_changes_take_effect_at_the_next_request(client, edition_1):
    from accession import services

    accession = approved(public_name="Quick Hide")
    assert accession.signatory.public_id in client.get(reverse("registry:list")).content.decode()

    services.hide_now(accession.user, accession)

    assert (
        accession.signatory.public_id not in client.get(reverse("registry:list")).content.decode()
    )
    assert Signatory.objects.get().hidden_at is not None


def tallies():
    from accession.models import Tally

    return {(t.kind, t.named): t.count for t in Tally.objects.all() if t.count}


def test_the_summary_tally_follows_every_transition(edition_1):
    from accession import services
    from accession.models import Tally
    from tests.factories import CoordinatorFactory

    coordinator = CoordinatorFactory()
    person = AccessionFactory()
    organization = OrganizationAccessionFactory()
    review.approve(coordinator, person)
    review.approve(coordinator, organization)
    services.change_listing(person.user, person, listing="counted")
    services.hide_now(organization.user, organization)
    services.change_listing(organization.user, organization, listing="listed")
    review.suspend(coordinator, organization, reason="Why?")
    approved(public_name="Third")
    kept = dict(tallies())

    Tally.reconcile()

    assert kept == tallies() == {("individual", False): 1, ("individual", True): 1}


def test_the_summary_counts_named_and_counted_signatories(client, edition_1):
    approved(listing="full-name")
    approved(listing="counted")
    OrganizationAccessionFactory(status=Status.APPROVED)
    approved(hidden_at=timezone.now())
    AccessionFactory(status=Status.SUBMITTED)

    summary = client.get(reverse("registry:list")).context["summary"]

    assert summary == {"organizations": 1, "individuals": 1, "counted": 1}


def test_the_csv_cannot_carry_spreadsheet_formulas(client, edition_1):
    approved(public_name="=HYPERLINK(1)")

    content = b"".join(client.get(reverse("open_data:csv")).streaming_content).decode()

    assert ",'=HYPERLINK(1)," in content
    assert ",=HYPERLINK" not in content


# Cursors carry no secret and never fail


def test_after_and_before_together_are_refused(client, edition_1):
    listed = [approved(days_ago=n).signatory.public_id for n in range(3)]

    response = client.get(reverse("registry:list"), {"after": listed[0], "before": listed[2]})

    assert response.status_code == 400


@pytest.mark.parametrize("cursor", ["0" * 16, "f" * 16, "x" * 16, "", "a" * 17])
@pytest.mark.parametrize("key", ["after", "before"])
def test_an_unknown_or_tampered_cursor_gives_the_first_page(client, edition_1, key, cursor):
    for n in range(15):
        approved(days_ago=n)
    first = client.get(reverse("registry:list"), {"size": 10})

    response = client.get(reverse("registry:list"), {"size": 10, key: cursor})

    assert response.status_code == 200
    assert ids_on(response) == ids_on(first)
    assert response.context["page"].previous_cursor is None


def test_a_cursor_whose_signatory_hid_since_gives_the_first_page(client, edition_1):
    accessions = [approved(days_ago=n) for n in range(15)]
    first = client.get(reverse("registry:list"), {"size": 10})
    boundary = accessions[9]
    assert first.context["page"].next_cursor == boundary.signatory.public_id
    services.hide_now(boundary.user, boundary)

    response = follow(client, first, "next")

    assert ids_on(response) == ids_on(client.get(reverse("registry:list"), {"size": 10}))


# Filters


def test_an_invalid_filter_is_dropped_alone_and_the_others_still_apply(client, edition_1):
    approved(public_name="Zmitser Zhuk", region="gomel")
    approved(public_name="Marfa Rabkova", region="gomel")

    response = client.get(
        reverse("registry:list"), {"q": "zhuk", "size": "7", "region": "gomel", "kind": "x"}
    )

    assert [entry["name"] for entry in response.context["entries"]] == ["Zmitser Zhuk"]
    assert set(response.context["form"].errors) == {"size", "kind"}


# One time zone for every month the registry gives


def test_every_output_gives_the_month_in_minsk_time(client, edition_1):
    # 23:30 UTC on 31 January is 02:30 on 1 February in Minsk.
    moment = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC)
    AccessionFactory(status=Status.APPROVED, public_name="Midnight Person", approved_at=moment)

    page = client.get(reverse("registry:list"))
    rows = b"".join(client.get(reverse("open_data:csv")).streaming_content).decode()
    items = json.loads(b"".join(client.get(reverse("open_data:json")).streaming_content))
    feed = client.get(reverse("open_data:feed")).content.decode()
    statistics = client.get(reverse("registry:statistics"))

    assert page.context["entries"][0]["acceded"] == "2026-02"
    assert ",2026-02," in rows
    assert items[0]["acceded"] == "2026-02"
    assert "in February 2026" in feed and "2026-02-01T00:00:00+03:00" in feed
    months = dict(statistics.context["charts"][2][2])
    assert list(months) == ["February 2026"]
    assert "Europe/Minsk" in client.get(reverse("registry:data")).content.decode()


# What search engines may read


@pytest.mark.parametrize("name", ["open_data:csv", "open_data:json", "open_data:feed"])
def test_machine_readable_copies_of_names_are_not_for_indexing(client, edition_1, name):
    approved()

    assert client.get(reverse(name))["X-Robots-Tag"] == "noindex"


def test_robots_txt_keeps_crawlers_off_private_pages_and_machine_copies(client):
    response = client.get("/robots.txt")

    content = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ["/accession/", "/be/accession/", "/ru/review/", "/en/accounts/"]:
        assert f"Disallow: {path}\n" in content
    for path in ["/registry/signatories.csv", "/registry/feed/"]:
        assert f"Disallow: {path}" in content
    assert "Sitemap: http" in content
    assert "Disallow: /registry/\n" not in content


# Names across scripts


@pytest.mark.parametrize("typed", ["Sapelka", "Сапелка", "Sapiełka", "SAPELKA", "сапелка"])
def test_search_finds_a_name_whatever_script_it_is_typed_in(client, edition_1, typed):
    approved(public_name="Павел Сапелка")
    approved(public_name="Marfa Rabkova")

    response = client.get(reverse("registry:list"), {"q": typed})

    assert [entry["name"] for entry in response.context["entries"]] == ["Павел Сапелка"]


@pytest.mark.parametrize("typed", ["Бяляцкі", "Bialiatski", "Алесь Бяляцкі"])
def test_a_latin_name_is_found_in_cyrillic_too(client, edition_1, typed):
    approved(public_name="Ales Bialiatski")

    response = client.get(reverse("registry:list"), {"q": typed})

    assert [entry["name"] for entry in response.context["entries"]] == ["Ales Bialiatski"]


@pytest.mark.parametrize("typed", ["Вясна", "Viasna", "Весна", "Pravaabaroncy centr"])
def test_organizations_are_found_by_any_of_their_names_in_any_script(client, edition_1, typed):
    OrganizationAccessionFactory(
        status=Status.APPROVED,
        organization=OrganizationFactory(
            name="Human Rights Centre Viasna",
            name_be="Праваабарончы цэнтр «Вясна»",
            name_ru="Правозащитный центр «Весна»",
        ),
    )

    response = client.get(reverse("registry:list"), {"q": typed})

    assert [entry["name"] for entry in response.context["entries"]] == [
        "Human Rights Centre Viasna"
    ]


def test_a_name_listed_by_initials_is_not_found_by_its_full_name_in_another_script(
    client, edition_1
):
    approved(public_name="Павел Сапелка", listing="initials")

    response = client.get(reverse("registry:list"), {"q": "Sapelka"})

    assert response.context["entries"] == []


def test_search_in_any_script_keeps_the_pages_query_budget(
    client, edition_1, django_assert_max_num_queries
):
    for n in range(30):
        approved(public_name=f"Павел Сапелка {n}")

    with django_assert_max_num_queries(3):
        client.get(reverse("registry:list"), {"q": "Sapiełka"})


def test_other_names_carry_their_language_for_screen_readers(client, edition_1):
    accession = OrganizationAccessionFactory(
        status=Status.APPROVED,
        organization=OrganizationFactory(
            name="Viasna", name_be="Вясна", name_ru="Весна", name_latin="Viasna Latin"
        ),
    )

    for name, args in (("registry:list", []), ("registry:entry", [accession.signatory.public_id])):
        content = client.get(reverse(name, args=args)).content.decode()
        assert '<span lang="be">Вясна</span>' in content
        assert '<span lang="ru">Весна</span>' in content
        assert '<span lang="be-Latn">Viasna Latin</span>' in content


def test_the_badge_embed_code_points_at_the_badge(client, edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)
    public_id = accession.signatory.public_id

    content = client.get(reverse("registry:entry", args=[public_id])).content.decode()

    embedded = re.search(r'&lt;img src="([^"]+)"', content).group(1)
    assert embedded.endswith(f"/registry/{public_id}/badge.svg")
    path = embedded.removeprefix(settings.SITE_URL)
    assert client.get(path)["Content-Type"].startswith("image/svg+xml")


def test_on_a_belarusian_page_the_badge_and_its_embed_code_are_in_belarusian(client, edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)
    public_id = accession.signatory.public_id

    with translation.override("be"):
        content = client.get(reverse("registry:entry", args=[public_id])).content.decode()

    embedded = re.search(r'&lt;img src="([^"]+)"', content).group(1)
    shown = re.search(r'<img src="([^"]+)"', content).group(1)
    assert embedded.endswith(f"/registry/{public_id}/badge.svg?lang=be")
    assert shown.endswith(f"/registry/{public_id}/badge.svg?lang=be")


# The summary says what the filters selected


def summary_text(response):
    content = response.content.decode()
    paragraph = content.split('<p class="summary">')[1].split("</p>")[0]
    return " ".join(paragraph.split())


def test_the_summary_counts_the_listed_signatories_in_the_region_when_filtered_by_region(
    client, edition_1
):
    for _ in range(3):
        approved(region="grodno")
    approved(region="brest")
    approved(region="grodno", listing="counted")
    approved(region="grodno", hidden_at=timezone.now())
    AccessionFactory(status=Status.SUBMITTED, region="grodno")

    response = client.get(reverse("registry:list"), {"region": "grodno"})

    assert summary_text(response) == "3 signatories in Grodno region."


def test_the_summary_names_organizations_matching_a_search(client, edition_1):
    for name in ("Ales Centre", "Alesia Group", "Human Rights House Ales"):
        OrganizationAccessionFactory(
            status=Status.APPROVED, organization=OrganizationFactory(name=name)
        )
    approved(public_name="Ales Bialiatski")

    response = client.get(reverse("registry:list"), {"kind": "organization", "q": "ales"})

    assert summary_text(response) == "3 organizations matching “ales”."


def test_the_summary_gives_every_filter_in_one_sentence_when_several_apply(client, edition_1):
    OrganizationAccessionFactory(
        status=Status.APPROVED,
        organization=OrganizationFactory(name="Coalition", kind="coalition", region="brest"),
    )

    response = client.get(
        reverse("registry:list"),
        {"organization_kind": "coalition", "region": "brest", "edition": 1, "q": "coal"},
    )

    assert summary_text(response) == (
        "1 organization of the kind “coalition” in Brest region of edition 1 matching “coal”."
    )


def test_the_summary_of_individuals_counts_human_rights_defenders(client, edition_1):
    approved(region="abroad")
    OrganizationAccessionFactory(status=Status.APPROVED)

    response = client.get(reverse("registry:list"), {"kind": "individual", "region": "abroad"})

    assert summary_text(response) == "1 human rights defender abroad."


def test_the_summary_of_a_search_finding_nobody_says_zero(client, edition_1):
    approved(public_name="Ales Bialiatski")

    response = client.get(reverse("registry:list"), {"q": "Nobody Here"})

    assert summary_text(response) == "0 signatories matching “Nobody Here”."


def test_the_summary_ignores_paging_sorting_and_invalid_filters(client, edition_1):
    approved(listing="full-name")
    approved(listing="counted")

    response = client.get(
        reverse("registry:list"), {"region": "mars", "sort": "name", "size": 10, "after": "0" * 16}
    )

    assert summary_text(response) == (
        "0 organizations, 1 human rights defender and 1 more counted but not named at their "
        "request."
    )


def test_a_filtered_summary_links_back_to_all_signatories(client, edition_1):
    approved(region="grodno")

    content = client.get(reverse("registry:list"), {"region": "grodno"}).content.decode()

    assert f'<a href="{reverse("registry:list")}">All signatories</a>' in content


@pytest.mark.parametrize(
    "language, count, expected",
    [
        ("be", 1, "1 падпісант з Гродзенскай вобласці."),
        ("be", 3, "3 падпісанты з Гродзенскай вобласці."),
        ("be", 5, "5 падпісантаў з Гродзенскай вобласці."),
        ("be", 21, "21 падпісант з Гродзенскай вобласці."),
        ("ru", 1, "1 подписант в Гродненской области."),
        ("ru", 3, "3 подписанта в Гродненской области."),
        ("ru", 5, "5 подписантов в Гродненской области."),
        ("ru", 11, "11 подписантов в Гродненской области."),
    ],
)
def test_the_filtered_summary_has_each_languages_plural_forms(
    client, edition_1, language, count, expected
):
    for _ in range(count):
        approved(region="grodno")

    with translation.override(language):
        response = client.get(reverse("registry:list"), {"region": "grodno"})

    assert summary_text(response) == expected


def test_a_filtered_page_counts_its_signatories_within_three_queries(
    client, edition_1, django_assert_max_num_queries
):
    for n in range(30):
        approved(days_ago=n, region="grodno" if n % 2 else "brest")

    # The public version (common/page_cache.py), the rows, their count.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("registry:list"), {"region": "grodno", "size": 10})

    assert summary_text(response) == "15 signatories in Grodno region."


# The open data page and files


class _Text(HTMLParser):
    """What a reader sees of a page: its text, with entities as the characters they stand for."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(response):
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_the_open_data_page_shows_its_address_templates_with_their_placeholders(client, language):
    with translation.override(language):
        response = client.get(reverse("registry:data"))

    text = visible_text(response)
    assert f"/{language}/registry/<id>/" in text
    assert "/registry/<id>/badge.svg" in text
    assert "/registry//" not in text


def test_the_open_data_page_says_the_csv_is_utf_8_with_a_byte_order_mark(client):
    text = visible_text(client.get(reverse("registry:data")))

    assert "UTF-8 with a byte-order mark" in text


def csv_rows(response):
    content = b"".join(response.streaming_content)
    return content, list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_csv_starts_with_a_byte_order_mark_so_spreadsheets_read_it_as_utf_8(client, edition_1):
    approved(public_name="Алесь Бяляцкі")

    content, _rows = csv_rows(client.get(reverse("open_data:csv")))

    assert content.startswith(codecs.BOM_UTF8)
    assert content.count(codecs.BOM_UTF8) == 1


def test_the_csv_parses_with_its_header_first_and_cyrillic_intact(client, edition_1):
    accession = approved(public_name="Алесь Бяляцкі")

    _content, rows = csv_rows(client.get(reverse("open_data:csv")))

    assert rows[0][0] == "id"
    assert rows[0] == public.COLUMNS
    assert rows[1][:3] == [accession.signatory.public_id, "individual", "Алесь Бяляцкі"]


def test_the_csv_with_a_byte_order_mark_still_streams_and_neutralises_formulas(client, edition_1):
    approved(public_name="=HYPERLINK(1)")

    response = client.get(reverse("open_data:csv"))

    assert response.streaming
    _content, rows = csv_rows(response)
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_a_csv_with_nobody_listed_is_a_byte_order_mark_and_the_header(client, edition_1):
    AccessionFactory(status=Status.SUBMITTED, public_name="Алесь Бяляцкі")

    content, rows = csv_rows(client.get(reverse("open_data:csv")))

    assert rows == [public.COLUMNS]
    assert content.startswith(codecs.BOM_UTF8)


def test_a_chart_is_no_wider_than_a_phone_so_its_text_keeps_its_size_there():
    from accession.registry.templatetags.registry_charts import bar_chart

    series = [("іншае грамадскае аб'яднанне", {"count": 8, "small": False, "bar": 8})]

    chart = bar_chart(series)

    # Drawn 358 px wide in a 390 px window: text at 13 units stays about 13 px.
    assert chart["width"] <= 360
