"""Signing up keeps where the person was going: through the login page, the sign-up page and the
e-mailed code, they land on the page they started from, and only on one of this site's."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, emailed_code

pytestmark = pytest.mark.django_db

EMAIL = "defender@example.org"


def sign_up(client, next_url):
    return client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "next": next_url},
    )


def confirm(client):
    return client.post(
        reverse("account_email_verification_sent"), {"code": emailed_code(mail.outbox[-1])}
    )


def sign_up_link(page):
    """The sign-up link in the login page's own text (not the header's)."""
    return re.search(r'please <a href="([^"]+)">sign up</a>', page.content.decode()).group(1)


@pytest.mark.parametrize(
    "start",
    [
        "/en/accession/new/",
        "/en/organizations/new/",
        "/en/organizations/invitations/" + "t" * 43 + "/",
    ],
)
def test_signing_up_from_the_login_page_lands_where_the_person_started(
    client, edition_1, django_capture_on_commit_callbacks, start
):
    login = client.get(client.get(start)["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, client.get(sign_up_link(login)).context["redirect_field_value"])

    response = confirm(client)

    assert response.status_code == 302
    assert response["Location"] == start


def test_confirming_the_address_at_a_later_login_lands_where_the_person_started(
    client, edition_1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "")
    client.logout()
    cache.clear()  # allauth sends one address a code at most every ten seconds
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_login"),
            {"login": EMAIL, "password": PASSWORD, "next": reverse("accession:accede")},
        )

    response = confirm(client)

    assert response["Location"] == reverse("accession:accede")


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/", "//evil.example/en/accession/new/", "javascript:alert(1)"],
)
def test_an_unsafe_next_is_ignored_and_the_person_lands_on_their_account(
    client, edition_1, django_capture_on_commit_callbacks, unsafe
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, unsafe)

    response = confirm(client)

    assert response["Location"] == reverse("account_home")


def test_the_headers_sign_up_link_on_the_login_page_keeps_where_the_person_was_going(client):
    response = client.get(reverse("account_login") + "?next=/en/accession/new/")

    assert 'href="/en/accounts/signup/?next=/en/accession/new/"' in response.content.decode()


def test_the_headers_log_in_link_on_the_sign_up_page_keeps_where_the_person_was_going(client):
    response = client.get(reverse("account_signup") + "?next=/en/accession/new/")

    assert 'href="/en/accounts/login/?next=/en/accession/new/"' in response.content.decode()


def test_the_header_links_carry_no_next_when_there_is_none(client):
    content = client.get(reverse("account_login")).content.decode()

    assert 'href="/en/accounts/signup/"' in content
    assert "?next=" not in content


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_the_login_and_sign_up_pages_say_why_an_account_is_needed_to_accede(client, page):
    response = client.get(reverse(page), {"next": reverse("accession:accede")})

    assert "To accede, log in, or sign up if you have no account yet" in response.content.decode()


def test_the_login_page_says_nothing_of_acceding_when_not_returning_to_it(client):
    response = client.get(reverse("account_login"), {"next": reverse("registry:list")})

    assert "To accede" not in response.content.decode()
