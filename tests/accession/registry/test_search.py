"""Search at scale: the closest names first, one page of them, typos corrected against the
words of listed names only."""

import datetime
import io
import itertools
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accession import services
from accession.models import Status
from accession.registry import public
from common.regions import Region
from organizations.models import Organization
from tests.factories import AccessionFactory, OrganizationAccessionFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="relevance and typos are PostgreSQL's trigram search"
)


def approved(days_ago=0, **fields):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return AccessionFactory(status=Status.APPROVED, approved_at=moment, **fields)


def names_on(response):
    return [entry["name"] for entry in response.context["entries"]]


def summary_text(response):
    paragraph = response.content.decode().split('<p class="summary">')[1].split("</p>")[0]
    return " ".join(paragraph.split())


@postgresql_only
def test_the_closest_name_comes_first_however_new_the_others_are(client, edition_1):
    approved(days_ago=9, public_name="Ales Bialiatski")
    approved(days_ago=1, public_name="Maksim Bialiatski")

    response = client.get(reverse("registry:list"), {"q": "ales bialiatski"})

    assert names_on(response)[0] == "Ales Bialiatski"


@postgresql_only
def test_a_name_typed_in_cyrillic_finds_its_latin_spelling_first(client, edition_1):
    approved(days_ago=1, public_name="Maksim Bialiatski")
    approved(days_ago=9, public_name="Ales Bialiatski")

    response = client.get(reverse("registry:list"), {"q": "Алесь Бяляцкі"})

    assert names_on(response)[0] == "Ales Bialiatski"


@postgresql_only
def test_a_typo_in_a_common_name_still_fills_the_page_with_it(client, edition_1):
    for n in range(12):
        approved(public_name=f"Person{n} Bialiatski")
    approved(public_name="Marfa Rabkova")

    response = client.get(reverse("registry:list"), {"q": "Bialitaski", "size": 10})

    assert len(names_on(response)) == 10
    assert all(name.endswith("Bialiatski") for name in names_on(response))


@postgresql_only
def test_a_typo_is_corrected_to_the_nearest_word_of_a_listed_name(edition_1):
    approved(public_name="Ales Bialiatski")

    assert public.corrected("ales bialitaski") == "ales balacki"


@postgresql_only
def test_a_word_only_a_hidden_signatory_has_corrects_no_typo_once_hidden(edition_1):
    accession = approved(public_name="Zmitser Niezvychajny")
    approved(public_name="Marfa Rabkova")
    assert public.corrected("niezvychjany") == "nezvicaini"

    services.hide_now(accession.user, accession)

    assert public.corrected("niezvychjany") == "nezvicani"


@pytest.mark.parametrize("listing, hidden", [("counted", False), ("full-name", True)])
def test_a_counted_or_hidden_signatory_is_never_found_even_by_a_typo(
    client, edition_1, listing, hidden
):
    approved(
        public_name="Zmitser Niezvychajny",
        listing=listing,
        hidden_at=timezone.now() if hidden else None,
    )
    approved(public_name="Marfa Rabkova")

    for typed in ("Niezvychajny", "Niezvychjany", "Незвычайны"):
        response = client.get(reverse("registry:list"), {"q": typed})
        assert names_on(response) == []


def test_a_search_lists_one_page_with_no_next_page(client, edition_1):
    for n in range(12):
        approved(days_ago=n, public_name=f"Paval Sapelka {n}")

    response = client.get(reverse("registry:list"), {"q": "sapelka", "size": 10})

    assert len(names_on(response)) == 10
    assert response.context["page"].next_cursor is None
    assert 'rel="next"' not in response.content.decode()


def test_more_matches_than_a_page_are_counted_as_more_than_the_page(client, edition_1):
    for n in range(11):
        approved(public_name=f"Paval Sapelka {n}")

    response = client.get(reverse("registry:list"), {"q": "sapelka", "size": 10})

    assert summary_text(response) == "More than 10 signatories matching “sapelka”."


def test_as_many_matches_as_a_page_holds_are_counted_exactly(client, edition_1):
    for n in range(10):
        approved(public_name=f"Paval Sapelka {n}")

    response = client.get(reverse("registry:list"), {"q": "sapelka", "size": 10})

    assert summary_text(response) == "10 signatories matching “sapelka”."


def test_a_search_sorted_by_name_lists_its_matches_by_name(client, edition_1):
    for name in ("Paval Sapelka", "Anna Sapelka", "Ihar Sapelka"):
        approved(public_name=name)

    response = client.get(reverse("registry:list"), {"q": "sapelka", "sort": "name"})

    assert names_on(response) == ["Anna Sapelka", "Ihar Sapelka", "Paval Sapelka"]


@postgresql_only
def test_a_listed_name_unlike_the_one_searched_is_not_listed_though_the_page_has_room(
    client, edition_1
):
    approved(public_name="Ales Bialiatski")
    approved(public_name="Marfa Rabkova")

    response = client.get(reverse("registry:list"), {"q": "Bialiatski"})

    assert names_on(response) == ["Ales Bialiatski"]


@postgresql_only
def test_a_short_surname_lists_the_names_containing_it_not_those_merely_beginning_alike(
    client, edition_1
):
    approved(public_name="Hanna Zhuk")
    approved(public_name="Ihar Zhuravel")

    response = client.get(reverse("registry:list"), {"q": "Zhuk"})

    assert names_on(response) == ["Hanna Zhuk"]


FILTER_VALUES = {
    "kind": "organization",
    "organization_kind": Organization.Kind.HUMAN_RIGHTS,
    "region": Region.GRODNO,
    "edition": 2,
}


@pytest.mark.parametrize(
    "names",
    [
        names
        for size in range(len(public.FILTERS) + 1)
        for names in itertools.combinations(public.FILTERS, size)
    ],
)
def test_the_nearest_walk_compiled_once_is_the_query_the_orm_builds_for_the_same_filters(names):
    filters = {name: FILTER_VALUES[name] for name in names}

    compiled = public.nearest_query(names, 26).bound(**filters, key="balacki")

    sql, params = public.nearest(public.filtered(filters), "balacki", 26).query.sql_with_params()
    assert compiled == (sql, list(params))


@postgresql_only
def test_the_nearest_rows_are_the_public_rows_field_for_field(edition_1):
    organization = OrganizationFactory(name="Viasna Centre", name_latin="Viasna", website="")
    OrganizationAccessionFactory(status=Status.APPROVED, organization=organization)
    approved(public_name="Ales Viasnou")

    found = public.closest({"kind": "organization"}, "viasna", 26)

    assert found == list(public.rows(public.listed_signatories().filter(kind="organization")))


def search_words():
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, signatories FROM accession_searchword ORDER BY word")
        return cursor.fetchall()


@postgresql_only
def test_purge_expired_repairs_the_search_words_and_logs_how_many_never_which(edition_1, caplog):
    approved(public_name="Marfa Rabkova")
    approved(public_name="Nasta Rabkova")
    true = search_words()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO accession_searchword VALUES ('niezvychajny', 1)")
        cursor.execute("UPDATE accession_searchword SET signatories = 7 WHERE word = 'rabkova'")
        cursor.execute("DELETE FROM accession_searchword WHERE word = 'marfa'")

    with caplog.at_level(logging.WARNING):
        call_command("purge_expired", stdout=io.StringIO())

    assert search_words() == true
    assert "search words drift repaired: 3 words" in caplog.text
    assert "niezvychajny" not in caplog.text and "rabkova" not in caplog.text


@postgresql_only
def test_reconciling_true_search_words_changes_and_reports_nothing(edition_1):
    approved(public_name="Marfa Rabkova")
    accession = approved(public_name="Zmitser Niezvychajny")
    services.hide_now(accession.user, accession)
    true = search_words()

    assert public.reconcile_search_words() == 0
    assert search_words() == true
