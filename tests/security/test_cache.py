"""The cache table: nothing personal in clear, nothing kept past its expiry."""

import base64
import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TABLE = "registry_cache"


def cache_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {TABLE}")  # noqa: S608
        return [(key, base64.b64decode(value)) for key, value in cursor.fetchall()]


def test_no_client_address_or_e_mail_address_reaches_the_cache_table(client, database_cache):
    known = UserFactory(email="known@example.org")
    addresses = [known.email, "nobody@example.org", "newcomer@example.org"]

    client.post(reverse("account_login"), {"login": known.email, "password": "wrong"})
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"})
    client.post(
        reverse("account_signup"),
        {"email": "newcomer@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(reverse("account_reset_password"), {"email": known.email})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    rows = cache_rows()
    assert rows, "the attempts left rate-limit counters, so the search below means something"
    # An unkeyed hash of a known address is as good as the address itself.
    forbidden = ["127.0.0.1", *addresses]
    forbidden += [hashlib.sha256(address.encode()).hexdigest() for address in addresses]
    found = [
        text for key, value in rows for text in forbidden if text in key or text.encode() in value
    ]
    assert found == []


def test_purge_expired_deletes_expired_cache_entries_and_keeps_live_ones(database_cache):
    database_cache.set("live", "kept", timeout=300)
    database_cache.set("expired", "dropped", timeout=300)
    expired_key = database_cache.make_key("expired")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET expires = %s WHERE cache_key = %s",  # noqa: S608
            [timezone.now() - datetime.timedelta(minutes=1), expired_key],
        )

    call_command("purge_expired", stdout=io.StringIO())

    assert [key for key, _ in cache_rows()] == [database_cache.make_key("live")]


def test_a_rate_limit_counter_survives_many_other_cache_entries(client, database_cache):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    database_cache.set_many({f"other-{n}": n for n in range(2000)})
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
