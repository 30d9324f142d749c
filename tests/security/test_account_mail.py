"""What the account e-mails reveal."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(email):
    Client().post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def reset(email):
    Client().post(reverse("account_reset_password"), {"email": email})


def test_account_mail_links_only_to_fixed_pages_so_no_id_reaches_a_url(
    django_capture_on_commit_callbacks,
):
    """Links with a key in them carried the account's sequential id (allauth's reset link has
    it in base36; its confirmation key is a signed but readable id)."""
    known = UserFactory(email="known@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        sign_up("newcomer@example.org")
        sign_up(known.email)
        reset(known.email)
        reset("nobody@example.org")
        Client().post(
            reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD}
        )

    paths = {
        urlsplit(url).path
        for message in mail.outbox
        for url in re.findall(r"https?://\S+", message.body)
    }
    assert len(mail.outbox) >= 4
    assert paths, "some mails do carry links, so the check below means something"
    assert paths <= {reverse("account_signup"), reverse("account_reset_password")}
