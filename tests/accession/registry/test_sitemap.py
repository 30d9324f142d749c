"""The sitemap: an index of sections in pages of bounded size, whatever the registry's size."""

import re

import pytest
from django.urls import reverse

from accession.models import Status
from accession.registry.sitemaps import OrganizationsSitemap
from tests.factories import OrganizationAccessionFactory

pytestmark = pytest.mark.django_db


def locations(content):
    return re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", content)


def test_the_sitemap_is_an_index_of_its_sections(client, edition_1):
    index = locations(client.get(reverse("sitemap")).content.decode())

    assert index == ["/sitemap-pages.xml", "/sitemap-organizations.xml"]


def test_the_organizations_come_in_pages_of_bounded_size(client, edition_1, monkeypatch):
    monkeypatch.setattr(OrganizationsSitemap, "limit", 3)  # one organization, three languages
    slugs = {
        OrganizationAccessionFactory(status=Status.APPROVED).organization.slug for _ in range(2)
    }

    index = locations(client.get(reverse("sitemap")).content.decode())
    pages = [page for page in index if "organizations" in page]
    listed = [
        [
            slug
            for slug in slugs
            if f"/en/organizations/{slug}/</loc>" in client.get(page).content.decode()
        ]
        for page in pages
    ]

    assert pages == ["/sitemap-organizations.xml", "/sitemap-organizations.xml?p=2"]
    assert sorted(slug for page in listed for slug in page) == sorted(slugs)
    assert all(len(page) == 1 for page in listed)
