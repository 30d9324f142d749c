"""Rate limits and account enumeration."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accession.models import Accession
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def normalised(response):
    """The page without what differs between any two requests (tokens, addresses typed)."""
    content = response.content.decode()
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)
    return re.sub(r'value="[^"]*@example\.org"', "", content)


def test_after_five_failed_logins_even_the_right_password_is_refused(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_many_login_attempts_from_one_address_answer_429(client):
    statuses = [
        client.post(
            reverse("account_login"), {"login": f"p{n}@example.org", "password": "x"}
        ).status_code
        for n in range(31)
    ]

    assert statuses[-1] == 429
    assert "Too many attempts" in client.post(reverse("account_login"), {}).content.decode()


def test_repeated_password_resets_answer_429(client, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("account_reset_password"), {"email": user.email}).status_code
            for _ in range(6)
        ]

    assert 429 in statuses
    assert len(mail.outbox) <= 5


def test_many_sign_ups_from_one_address_answer_429(client):
    statuses = [
        client.post(
            reverse("account_signup"),
            {"email": f"new{n}@example.org", "password1": PASSWORD, "password2": PASSWORD},
        ).status_code
        for n in range(21)
    ]

    assert statuses[-1] == 429


def test_many_accession_submissions_by_one_account_answer_429(client, edition_1):
    client.force_login(UserFactory())
    data = {"legal_name": "", "public_name": ""}  # invalid on purpose: attempts still count

    statuses = [client.post(reverse("accession:accede"), data).status_code for _ in range(11)]

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert not Accession.objects.exists()


def test_sign_up_answers_alike_for_a_known_and_an_unknown_address(client):
    known = UserFactory(email="known@example.org")
    data = {"password1": PASSWORD, "password2": PASSWORD}

    for_known = client.post(reverse("account_signup"), {"email": known.email, **data})
    client.logout()
    for_unknown = client.post(reverse("account_signup"), {"email": "unknown@example.org", **data})

    assert for_known.status_code == for_unknown.status_code == 302
    assert for_known["Location"] == for_unknown["Location"]


def test_password_reset_answers_alike_for_a_known_and_an_unknown_address(client):
    UserFactory(email="known@example.org")

    for_known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    for_unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert for_known.status_code == for_unknown.status_code == 302
    assert for_known["Location"] == for_unknown["Location"]


def test_login_answers_alike_for_a_known_and_an_unknown_address(client):
    UserFactory(email="known@example.org")

    for_known = client.post(
        reverse("account_login"), {"login": "known@example.org", "password": "wrong"}
    )
    for_unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"}
    )

    assert for_known.status_code == for_unknown.status_code == 200
    assert normalised(for_known) == normalised(for_unknown)


def test_every_session_is_bounded_and_ends_with_the_browser(client):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert client.session.get_expiry_age() <= 12 * 60 * 60
    assert client.session.get_expire_at_browser_close()
