"""The privacy page: who runs the registry, what it keeps and for how long, who sees it, and
how to take it away, with the figures the site actually runs with."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_data(self, data):
        self.parts.append(data)


def privacy_page(client, language="en"):
    with translation.override(language):
        response = client.get(reverse("privacy"))
    assert response.status_code == 200
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split()), parser.links


def test_the_privacy_page_names_the_configured_operator_and_how_to_reach_them(client, settings):
    settings.OPERATOR_NAME = "Human Rights House Example"
    settings.CONTACT_EMAIL = "privacy@example.org"

    text, links = privacy_page(client)

    assert "Human Rights House Example" in text
    assert "privacy@example.org" in text
    assert "mailto:privacy@example.org" in links


def test_the_privacy_page_names_the_coordinators_when_no_operator_is_configured(client, settings):
    settings.OPERATOR_NAME = ""

    text, _links = privacy_page(client)

    assert "The coordinators of the Principles of Human Rights Work in Belarus" in text


@pytest.mark.parametrize("days", [30, 180, 731])
def test_the_retention_period_on_the_privacy_page_follows_the_setting(client, settings, days):
    settings.RETENTION_DAYS = days

    text, _links = privacy_page(client)

    assert f"anonymised {days} days after they closed" in text


def test_the_session_lifetime_on_the_privacy_page_follows_the_setting(client, settings):
    settings.SESSION_COOKIE_AGE = 3 * 60 * 60

    text, _links = privacy_page(client)

    assert "after 3 hours at most" in text


@pytest.mark.parametrize(
    "language, expected",
    [
        ("be", "праз 21 дзень пасля"),
        ("be", "праз 22 дні пасля"),
        ("ru", "через 21 день после"),
        ("ru", "через 25 дней после"),
    ],
)
def test_the_retention_period_has_each_languages_plural_form(client, settings, language, expected):
    settings.RETENTION_DAYS = int(expected.split()[1])

    text, _links = privacy_page(client, language)

    assert expected in text


def test_the_privacy_page_says_what_is_stored_and_who_sees_it(client):
    text, _links = privacy_page(client)

    for words in [
        "Your account",
        "Your accessions",
        "The history",
        "Views of private data",
        "Requests to represent an organization",
        "Accessions recorded on someone's behalf",
        "Signatories carried over from letters",
        "Sessions and the cache",
        "Who sees it",
    ]:
        assert words in text


def test_the_privacy_page_links_to_downloading_and_erasing_ones_data(client):
    _text, links = privacy_page(client)

    assert reverse("account_home") in links
    assert reverse("account_delete") in links
    assert reverse("accession:dashboard") in links


def test_how_long_a_code_to_take_over_works_follows_the_setting(client, settings):
    settings.CLAIM_CODE_DAYS = 45

    text, _links = privacy_page(client)

    assert "works for 45 days, and once" in text
