import logging

import pytest
from django.core import mail
from django.urls import reverse

from accession import services
from accession.models import Accession
from accession.review import services as review
from tests.factories import PASSWORD, CoordinatorFactory, emailed_code

pytestmark = pytest.mark.django_db

EMAIL = "logmarker@example.org"
MARKERS = ["logmarker", "Lognamemarker", "Logpublicmarker", "Logstatementmarker", "127.0.0.1"]


def test_no_personal_data_reaches_any_log_line(
    client, edition_1, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
        )
    client.post(reverse("account_email_verification_sent"), {"code": emailed_code(mail.outbox[-1])})
    client.logout()
    client.post(reverse("account_login"), {"login": EMAIL, "password": "wrong password"})
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    client.post(
        reverse("accession:accede"),
        {
            "legal_name": "Lognamemarker",
            "public_name": "Logpublicmarker",
            "listing": "full-name",
            "region": "brest",
            "statement": "Logstatementmarker",
            "accepts_principles": "on",
            "acts_peacefully": "on",
            "consents_to_processing": "on",
        },
    )
    accession = Accession.objects.get()
    client.get(reverse("registry:entry", args=["0000000000000000"]))  # a logged 404
    review.approve(CoordinatorFactory(), accession)
    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert caplog.records, "the flow logs something, so the check below means something"
    for record in caplog.records:
        line = record.getMessage() + " " + str(record.__dict__.get("request", ""))
        for marker in MARKERS:
            assert marker.lower() not in line.lower(), (record.name, line)


def test_no_personal_data_reaches_a_log_through_the_review_desk(client, edition_1, caplog):
    from tests.factories import AccessionFactory

    accession = AccessionFactory(
        legal_name="Lognamemarker", public_name="Logpublicmarker", statement="Logstatementmarker"
    )
    first, second = CoordinatorFactory(email=EMAIL), CoordinatorFactory()
    client.force_login(first)
    caplog.set_level(logging.DEBUG)  # after the factories, whose own debug lines name them
    client.get(reverse("review:request", args=[accession.public_id]))  # a view of private data
    client.post(reverse("review:act", args=[accession.public_id, "approve"]), {"reason": ""})
    client.post(
        reverse("review:act", args=[accession.public_id, "suspend"]),
        {"reason": "Logreasonmarker", "internal_note": "Lognotemarker"},
    )
    client.post(
        reverse("review:act", args=[accession.public_id, "propose-expulsion"]),
        {"reason": "Logreasonmarker", "internal_note": "Lognotemarker"},
    )
    client.post(reverse("review:act", args=[accession.public_id, "reject"]), {"reason": "x" * 4000})
    review.confirm_expulsion(second, accession, internal_note="Lognotemarker")
    services.hide_now(accession.user, accession)

    assert caplog.records
    for record in caplog.records:
        line = record.getMessage() + " " + str(record.__dict__.get("request", ""))
        for marker in [*MARKERS, "Logreasonmarker", "Lognotemarker"]:
            assert marker.lower() not in line.lower(), (record.name, line)
