"""A walk over every URL pattern as a visitor, a signatory and a coordinator."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from accession.concerns.services import ask_signatory
from accession.models import Status
from common.i18n import path_without_language
from organizations.services import invite_representative
from tests.factories import (
    AccessionFactory,
    ClaimFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
    raise_concern,
)

pytestmark = pytest.mark.django_db

# allauth's and the admin's own pages are many; their prefixes are walked through a sample.
SAMPLED = {"accounts/": ["", "login/", "signup/", "password/reset/", "2fa/", "email/"]}
PRIVATE = ("/accounts/", "/accession/", "/organizations/manage/", "/review/", "/admin/")


def patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route in {"admin/", "accounts/"}:
                continue
            yield from patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def concrete(route, values):
    route = route.lstrip("^").rstrip("$")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def a_world(mine=None, organization=None):
    """A signatory with an accession of their own, who represents an approved organization,
    invited someone and asks to represent another; a coordinator; and the values that fill
    every URL pattern's arguments."""
    signatory = UserFactory()
    coordinator = CoordinatorFactory()
    mine = AccessionFactory(user=signatory, status=Status.APPROVED, **(mine or {}))
    organization = OrganizationAccessionFactory(status=Status.APPROVED, **(organization or {}))
    organization.organization.representatives.create(user=signatory)
    invitation = invite_representative(signatory, organization.organization, email="x@example.org")
    claim = ClaimFactory(user=signatory, basis="Старшыня праўлення.")
    # A concern about the signatory, raised under their own account, and asked of them.
    concern, _code = raise_concern(mine, complainant=signatory, principles=[1])
    ask_signatory(coordinator, concern, question="Калі ласка, адкажыце.")
    values = {
        "public_id": mine.public_id,
        "slug": organization.organization.slug,
        "token": invitation.token,
        "claim_id": claim.public_id,
        "concern_id": concern.public_id,
        "number": 1,
        "a": 1,
        "b": 1,
        "action": "approve",
        "key": "unknown",
        "uidb36": "0",
        "section": "organizations",
    }
    return {"signatory": signatory, "coordinator": coordinator, "values": values}


@pytest.fixture
def world(edition_1):
    world = a_world()
    urls = sorted({concrete(route, world["values"]) for route in patterns()})
    urls += [f"/en/accounts/{path}" for path in SAMPLED["accounts/"]] + ["/admin/"]
    return {**world, "urls": urls}


def check_headers(url, response, signed_in):
    policy = response.get("Content-Security-Policy", "")
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "img-src 'self' data:",
    ]:
        assert directive in policy, (url, directive)
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if path_without_language(url).startswith(PRIVATE) or signed_in:
        assert "no-store" in response.get("Cache-Control", ""), url


class Resources(HTMLParser):
    """Every address a page loads or submits to (not plain links, which are fine)."""

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "audio", "video", "source", "embed"}:
            self.addresses.append(attrs.get("src"))
        if tag == "link":
            self.addresses.append(attrs.get("href"))
        if tag == "form":
            self.addresses.append(attrs.get("action"))
        if tag == "object":
            self.addresses.append(attrs.get("data"))


def check_no_other_host(url, response):
    if "text/html" not in response.get("Content-Type", ""):
        return
    parser = Resources()
    parser.feed(response.content.decode())
    for address in filter(None, parser.addresses):
        if address.startswith(settings.SITE_URL + "/"):
            continue  # the site itself: the same page in another language
        assert address.startswith(("/", "data:", "?", "#")) and not address.startswith("//"), (
            url,
            address,
        )


@pytest.mark.parametrize("who", ["visitor", "signatory", "coordinator"])
def test_every_page_sends_the_security_headers_and_loads_nothing_from_elsewhere(client, world, who):
    if who != "visitor":
        client.force_login(world[who])

    for url in world["urls"]:
        response = client.get(url)
        assert response.status_code < 500, url
        check_headers(url, response, signed_in=who != "visitor")
        check_no_other_host(url, response)


def test_the_walk_covers_the_sites_own_pages(world):
    urls = world["urls"]

    for expected in ["/en/", "/en/registry/", "/en/review/", "/en/accession/", "/en/privacy/"]:
        assert expected in urls
    for expected in ["/healthz", "/robots.txt", "/registry/signatories.csv", "/sitemap.xml"]:
        assert expected in urls
    assert len(urls) > 30
