"""Sign-up, login and password reset take as long for an address that has an account as for
one that has none: otherwise the answer's timing tells who has an account."""

import gc
import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROUNDS = 9
KNOWN = "known@example.org"


class TimedHasher(PBKDF2PasswordHasher):
    """A real-cost hash, unlike the MD5 the other tests use, but cheap enough for a test that
    takes seconds: some 30 to 50 ms, so that a hash missing from one branch stands out from
    what else differs (a new account's rows take a few milliseconds)."""

    algorithm = "pbkdf2_sha256_timed"
    iterations = 100_000


@pytest.fixture
def real_hashing(settings, db):
    settings.PASSWORD_HASHERS = [f"{__name__}.{TimedHasher.__name__}"]
    # Counters would turn the repeated attempts into 429s, which answer fast for both.
    settings.ACCOUNT_RATE_LIMITS = False
    UserFactory(email=KNOWN)


def sign_up(email):
    return reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}


def log_in(email):
    return reverse("account_login"), {"login": email, "password": "not the password"}


def reset(email):
    return reverse("account_reset_password"), {"email": email}


def milliseconds(action):
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def answer(url, data):
    """Post as a new visitor, and check that the answer is not an error or a 429."""
    assert Client().post(url, data).status_code in {200, 302}


@pytest.mark.parametrize("flow", [sign_up, log_in, reset], ids=["sign-up", "login", "reset"])
def test_the_answer_takes_as_long_for_an_address_with_an_account_as_for_one_without(
    real_hashing, flow
):
    answer(*flow(KNOWN))  # the first request of all loads templates and code
    answer(*flow("warm-up@example.org"))
    known, unknown = [], []
    # After a whole test run the heap is large, and a collection of it paused one request in
    # three for about a hash's time, on either side: noise the comparison must not measure.
    gc.collect()
    gc.disable()
    try:
        for number in range(ROUNDS):  # interleaved, so that a slower moment hits both alike
            known.append(milliseconds(lambda: answer(*flow(KNOWN))))
            unknown.append(milliseconds(lambda n=number: answer(*flow(f"unknown{n}@example.org"))))
        one_hash = statistics.median(milliseconds(lambda: make_password(PASSWORD)) for _ in known)
    finally:
        gc.enable()

    difference = abs(statistics.median(known) - statistics.median(unknown))
    assert difference < one_hash / 2, (sorted(known), sorted(unknown), one_hash)
