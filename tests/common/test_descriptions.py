"""Every page describes itself to search engines and link previews in one meta description."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from accession.models import Status
from tests.factories import AccessionFactory, OrganizationAccessionFactory, OrganizationFactory
from tests.security.test_every_page import a_world, concrete, patterns

pytestmark = pytest.mark.django_db


class Descriptions(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.found.append(attrs.get("content") or "")


def descriptions(response):
    parser = Descriptions()
    parser.feed(response.content.decode())
    return parser.found


def description(client, name, *args, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    [found] = descriptions(response)
    return found


def default_description(client):
    """The site's own description, which a page without one of its own keeps (a 404, say)."""
    [found] = descriptions(client.get("/en/no-such-page/"))
    return found


@pytest.mark.parametrize("who", ["visitor", "signatory"])
def test_every_html_page_has_exactly_one_non_empty_meta_description(client, edition_1, who):
    world = a_world()
    urls = sorted({concrete(route, world["values"]) for route in patterns()})
    if who != "visitor":
        client.force_login(world[who])

    walked = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue  # a redirect, a download or a feed
        walked.append(url)
        found = descriptions(response)
        assert len(found) == 1, url
        assert found[0].strip(), url
    assert {"/en/", "/en/registry/", "/en/registry/data/", "/en/privacy/"} <= set(walked)


PAGES = [
    ("home", []),
    ("principles:editions", []),
    ("principles:edition", [1]),
    ("registry:list", []),
    ("registry:statistics", []),
    ("registry:data", []),
    ("privacy", []),
]


@pytest.mark.parametrize("name, args", PAGES)
def test_each_public_page_describes_itself_rather_than_the_whole_site(
    client, edition_1, name, args
):
    assert description(client, name, *args) != default_description(client)


def test_the_public_pages_have_different_descriptions(client, edition_1):
    found = [description(client, name, *args) for name, args in PAGES if name != "home"]

    assert len(set(found)) == len(found)


def test_an_organizations_profile_is_described_by_its_listed_name_and_edition(client, edition_1):
    accession = OrganizationAccessionFactory(
        status=Status.APPROVED,
        authority_basis="PRIVATE-BASIS-MARKER",
        organization=OrganizationFactory(name="Viasna & “Partners”"),
    )

    found = description(client, "organizations:profile", accession.organization.slug)

    assert "Viasna & “Partners”" in found
    assert "edition 1" in found
    assert "PRIVATE-BASIS-MARKER" not in found


def test_a_profile_no_longer_listed_has_no_description_of_it(client, edition_1):
    accession = OrganizationAccessionFactory(
        status=Status.APPROVED,
        organization=OrganizationFactory(name="Gone Quietly"),
        listing="counted",
    )

    response = client.get(reverse("organizations:profile", args=[accession.organization.slug]))

    assert response.status_code == 404
    assert all("Gone Quietly" not in found for found in descriptions(response))


def test_an_individuals_entry_keeps_the_sites_description(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED, public_name="Named Person")

    found = description(client, "registry:entry", accession.signatory.public_id)

    assert "Named Person" not in found
    assert found == default_description(client)


@pytest.mark.parametrize("language", ["be", "ru"])
def test_descriptions_are_translated(client, edition_1, language):
    with translation.override("en"):
        english = [description(client, name, *args) for name, args in PAGES]
    with translation.override(language):
        translated = [description(client, name, *args) for name, args in PAGES]

    assert all(a != b for a, b in zip(english, translated, strict=True))
