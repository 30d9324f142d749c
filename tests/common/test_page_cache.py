"""Anonymous visitors' pages kept under the public version: served again while nothing public
changes, gone the moment anything does, and never anyone's own page."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accession import services
from accession.concerns import services as concerns
from accession.models import Listing, Status
from accession.review import services as review
from common import page_cache
from common.models import PublicVersion
from organizations import services as organizations
from tests.conftest import TEST_EDITIONS
from tests.factories import (
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
    raise_concern,
)

pytestmark = pytest.mark.django_db

NAME = "Ales Bialiatski"


@pytest.fixture
def listed(edition_1):
    return AccessionFactory(status=Status.APPROVED, public_name=NAME)


def test_an_anonymous_visitors_second_request_is_served_from_the_cache(
    client, listed, django_assert_num_queries
):
    first = client.get(reverse("registry:list"))

    with django_assert_num_queries(0):  # the page and the version both come from the cache
        again = client.get(reverse("registry:list"))

    assert again.content == first.content


def test_a_hidden_entry_is_gone_from_the_next_request_of_every_kept_page(client, listed):
    public_id = listed.signatory.public_id
    pages = [
        reverse("registry:list"),
        reverse("registry:entry", args=[public_id]),
        reverse("open_data:feed"),
        reverse("sitemap"),
    ]
    assert all(NAME in client.get(url).content.decode() for url in pages[:3])

    services.hide_now(listed.user, listed)

    assert all(NAME not in client.get(url).content.decode() for url in pages[:3])
    assert client.get(pages[1]).status_code == 404


def test_a_page_seen_by_a_signed_in_person_is_not_kept_for_visitors(client, listed):
    client.force_login(listed.user)
    signed_in = client.get(reverse("registry:list"))
    client.logout()
    client.cookies.clear()

    anonymous = client.get(reverse("registry:list"))

    assert "Hide me now" in signed_in.content.decode()
    assert "Hide me now" not in anonymous.content.decode()


def test_a_signed_in_person_is_never_served_a_kept_page(client, listed):
    client.get(reverse("registry:list"))  # kept for visitors
    client.force_login(listed.user)

    response = client.get(reverse("registry:list"))

    assert "Hide me now" in response.content.decode()
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_search_is_never_kept(client, listed):
    client.get(reverse("registry:list"), {"q": "bialiatski"})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:list"), {"q": "bialiatski"})

    assert "ETag" not in response
    assert not any("publicversion" in query["sql"] for query in queries)
    assert any("accession_signatory" in query["sql"] for query in queries)  # searched again


def test_each_language_is_kept_apart(client, listed):
    english = client.get("/en/registry/").content.decode()
    belarusian = client.get("/be/registry/").content.decode()

    assert 'lang="en"' in english
    assert 'lang="be"' in belarusian


def test_a_kept_page_tells_browsers_and_proxies_to_revalidate(client, listed):
    client.get(reverse("registry:list"))

    response = client.get(reverse("registry:list"))

    assert response["Cache-Control"] == "public, no-cache"
    assert "Cookie" in response["Vary"]
    assert response["ETag"].startswith('"')


def test_a_browser_with_the_current_page_gets_a_304(client, listed):
    etag = client.get(reverse("registry:list"))["ETag"]

    response = client.get(reverse("registry:list"), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_a_browser_with_a_page_from_before_a_change_gets_the_new_page(client, listed):
    etag = client.get(reverse("registry:list"))["ETag"]
    services.hide_now(listed.user, listed)

    response = client.get(reverse("registry:list"), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert NAME not in response.content.decode()


def test_a_form_page_is_never_kept(client, edition_1):
    client.get(reverse("account_login"))

    response = client.get(reverse("account_login"))

    assert "ETag" not in response


def test_a_visitor_with_a_session_cookie_is_rendered_afresh(client, listed):
    client.get(reverse("registry:list"))
    client.cookies["sessionid"] = "not-a-session"

    response = client.get(reverse("registry:list"))

    assert "ETag" not in response


# What bumps the public version, and what leaves it alone.


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


def bumps(change):
    before = page_cache.current()
    change()
    return page_cache.current() != before


def test_approval_changes_the_public_version(edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUBMITTED)

    assert bumps(lambda: review.approve(coordinator, accession))


def test_a_new_request_leaves_the_public_version_alone(edition_1):
    assert not bumps(lambda: AccessionFactory(status=Status.SUBMITTED))


def test_a_coordinator_taking_a_request_leaves_the_public_version_alone(edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUBMITTED)

    assert not bumps(lambda: review.take(coordinator, accession))


@pytest.mark.parametrize("listing", [Listing.INITIALS, Listing.COUNTED])
def test_a_listing_change_changes_the_public_version(listed, listing):
    assert bumps(lambda: services.change_listing(listed.user, listed, listing=listing))


def test_hiding_changes_the_public_version(listed):
    assert bumps(lambda: services.hide_now(listed.user, listed))


def test_withdrawal_changes_the_public_version(listed):
    assert bumps(lambda: services.withdraw(listed.user, listed))


def test_suspension_changes_the_public_version(listed, coordinator):
    assert bumps(lambda: review.suspend(coordinator, listed, reason="Because."))


def test_an_edition_published_changes_the_public_version(edition_1):
    assert bumps(lambda: call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO()))


def test_a_listed_organizations_profile_edit_changes_the_public_version(edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)
    update = organizations.update_organization

    assert bumps(
        lambda: update(accession.user, accession.organization, fields={"description": "New."})
    )


def test_a_concern_raised_or_closed_leaves_the_public_version_alone(listed, coordinator):
    concern, _code = raise_concern(listed)

    assert not bumps(lambda: raise_concern(listed))
    assert not bumps(
        lambda: concerns.close(coordinator, concern, outcome="dismissed", reason="No.")
    )


def test_a_migration_changes_the_public_version(db):
    assert bumps(lambda: call_command("migrate", verbosity=0))


def test_a_page_kept_before_an_unrelated_account_appears_is_served(
    client, listed, django_assert_num_queries
):
    client.get(reverse("registry:list"))
    UserFactory()

    with django_assert_num_queries(0):
        client.get(reverse("registry:list"))


def test_the_private_queue_never_changes_what_is_kept(client, listed):
    kept = client.get(reverse("registry:list")).content

    AccessionFactory(status=Status.SUBMITTED, public_name="Pending Person")

    assert client.get(reverse("registry:list")).content == kept


def test_the_privacy_tests_run_with_the_page_cache_on(settings):
    """Every test of public outputs (the privacy matrix among them) goes through the cache."""
    assert "common.page_cache.PageCacheMiddleware" in settings.MIDDLEWARE
    assert settings.CACHES["pages"]["BACKEND"] != "django.core.cache.backends.dummy.DummyCache"


def test_a_version_lost_from_the_cache_is_read_again_from_the_database(
    client, listed, django_assert_num_queries
):
    caches["pages"].delete(page_cache.COPY)
    client.get(reverse("registry:list"))  # kept under the row's version
    caches["pages"].delete(page_cache.COPY)

    with django_assert_num_queries(1):  # the row, and the page still current under it
        client.get(reverse("registry:list"))
    assert page_cache.current() == PublicVersion.objects.get().value


def test_a_commit_leaves_the_cache_with_the_rows_version(
    edition_1, django_capture_on_commit_callbacks
):
    accession = AccessionFactory(status=Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        review.approve(CoordinatorFactory(), accession)

    assert caches["pages"].get(page_cache.COPY) == PublicVersion.objects.get().value


@pytest.fixture
def pages_in_database(settings, db):
    settings.CACHES = {**settings.CACHES, "pages": {**settings.DATABASE_CACHE, "LOCATION": "pages"}}
    call_command("createcachetable", verbosity=0)


def test_with_pages_kept_in_the_database_a_change_writes_the_versions_copy_as_it_commits(
    pages_in_database, edition_1, django_capture_on_commit_callbacks
):
    accession = AccessionFactory(status=Status.SUBMITTED)

    with django_capture_on_commit_callbacks() as commit:
        review.approve(CoordinatorFactory(), accession)
        # In the change's transaction, a write to the table would hold its row until the
        # commit, and a request storing the old version meanwhile would follow it.
        assert caches["pages"].get(page_cache.COPY) is None
    for callback in commit:
        callback()

    assert caches["pages"].get(page_cache.COPY) == PublicVersion.objects.get().value


def test_a_page_kept_while_a_change_was_uncommitted_is_rendered_again_once_it_commits(
    client, listed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as commit:
        services.hide_now(listed.user, listed)
        client.get(reverse("registry:list"))  # kept under the change's own, passing version
    for callback in commit:
        callback()

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("registry:list"))

    assert any("accession_signatory" in query["sql"] for query in queries)


def test_a_failing_cache_never_stops_hide_me_now_or_a_page(client, listed, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    for operation in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(caches["pages"], operation, down)

    services.hide_now(listed.user, listed)
    response = client.get(reverse("registry:list"))

    assert response.status_code == 200
    assert NAME not in response.content.decode()


def test_a_search_repeated_in_the_address_is_never_kept(client, listed):
    client.get("/en/registry/?q=bialiatski&q=")

    response = client.get("/en/registry/?q=bialiatski&q=")

    assert "ETag" not in response


def test_kept_pages_never_share_a_cache_with_rate_limits(settings):
    assert settings.CACHES["pages"] != settings.CACHES["default"]


def test_hiding_empties_the_pages_cache_once_it_commits(
    client, listed, django_capture_on_commit_callbacks
):
    client.get(reverse("registry:entry", args=[listed.signatory.public_id]))
    caches["pages"].set("marker", "kept")

    with django_capture_on_commit_callbacks(execute=True):
        services.hide_now(listed.user, listed)

    assert caches["pages"].get("marker") is None
    assert NAME not in client.get(reverse("registry:list")).content.decode()


def test_a_new_entry_leaves_the_kept_pages_in_place(
    client, edition_1, django_capture_on_commit_callbacks
):
    client.get(reverse("registry:list"))
    caches["pages"].set("marker", "kept")
    accession = AccessionFactory(status=Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        review.approve(CoordinatorFactory(), accession)

    assert caches["pages"].get("marker") == "kept"
