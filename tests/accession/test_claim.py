"""Claiming an accession no account holds (recorded by a coordinator, or carried over by
letter) with the one-time code the coordinators handed over."""

import datetime
import json

import pytest
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from accession import events, services
from accession.models import Accession, Status
from accession.review import services as review
from tests.factories import AccessionFactory, CoordinatorFactory, UserFactory, record_assisted

pytestmark = pytest.mark.django_db


def last_history(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


def test_a_person_claims_a_recorded_accession_with_its_code(edition_1):
    accession, code = record_assisted()
    person = UserFactory()

    services.claim(person, code=code)

    accession.refresh_from_db()
    assert (accession.user, accession.signatory.user) == (person, person)
    assert (accession.claim_digest, accession.claim_expires_at) == (None, None)
    row = last_history(accession)
    assert (row.history_user, row.history_change_reason) == (person, events.CLAIMED)
    assert last_history(accession.signatory).history_change_reason == events.CLAIMED


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", " "),
        lambda code: code.replace("-", ""),
        lambda code: f"  {code}  ",
    ],
    ids=["lower case", "spaces", "no dashes", "surrounded by spaces"],
)
def test_a_code_is_read_however_it_is_typed(edition_1, typed):
    accession, code = record_assisted()

    services.claim(UserFactory(), code=typed(code))

    accession.refresh_from_db()
    assert accession.user is not None


def test_cyrillic_look_alikes_are_read_as_latin_letters():
    from accession import codes

    assert codes.normalise("авсе-кмнр") == "ABCEKMHP"


def test_a_claim_code_works_only_once(edition_1):
    accession, code = record_assisted()
    first = UserFactory()
    services.claim(first, code=code)

    with pytest.raises(services.InvalidClaimCode):
        services.claim(UserFactory(), code=code)

    accession.refresh_from_db()
    assert accession.user == first


def test_an_expired_claim_code_is_refused(edition_1, settings):
    settings.CLAIM_CODE_DAYS = 90
    accession, code = record_assisted()
    Accession.objects.filter(pk=accession.pk).update(
        claim_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(services.InvalidClaimCode):
        services.claim(UserFactory(), code=code)

    accession.refresh_from_db()
    assert accession.user is None


def test_a_code_expires_after_the_configured_number_of_days(edition_1, settings):
    settings.CLAIM_CODE_DAYS = 7

    accession, _code = record_assisted()

    accession.refresh_from_db()
    left = accession.claim_expires_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < left <= datetime.timedelta(days=7)


def test_a_wrong_code_is_refused(edition_1):
    accession, code = record_assisted()
    wrong = ("2" if code[0] != "2" else "3") + code[1:]

    with pytest.raises(services.InvalidClaimCode):
        services.claim(UserFactory(), code=wrong)

    accession.refresh_from_db()
    assert accession.user is None


def test_a_code_replaced_by_a_newer_one_no_longer_works(edition_1):
    accession, old = record_assisted()
    review.issue_claim_code(CoordinatorFactory(), accession)

    with pytest.raises(services.InvalidClaimCode):
        services.claim(UserFactory(), code=old)


def test_the_code_of_a_withdrawn_accession_no_longer_works(edition_1):
    accession, code = record_assisted()
    review.withdraw_on_request(CoordinatorFactory(), accession, reason="She wrote to us.")

    with pytest.raises(services.InvalidClaimCode):
        services.claim(UserFactory(), code=code)


def test_the_code_of_a_rejected_accession_no_longer_works(edition_1):
    accession, code = record_assisted()
    review.reject(CoordinatorFactory(), accession, reason="Not a defender.")

    with pytest.raises(services.InvalidClaimCode):
        services.claim(UserFactory(), code=code)


def test_a_person_who_already_accedes_in_their_own_name_cannot_claim_another(edition_1):
    mine = AccessionFactory(status=Status.APPROVED)
    accession, code = record_assisted()

    with pytest.raises(services.HasOwnSignatory, match="one person is one entry"):
        services.claim(mine.user, code=code)

    accession.refresh_from_db()
    assert accession.user is None and accession.claim_digest is not None


def test_the_code_is_never_stored_in_clear(edition_1):
    accession, code = record_assisted()
    review.approve(CoordinatorFactory(), accession)
    accession.refresh_from_db()

    dumped = serializers.serialize(
        "json",
        [
            accession,
            accession.signatory,
            *accession.history.all(),
            *accession.signatory.history.all(),
        ],
    )

    assert accession.claim_digest and accession.claim_digest != code
    for form in (code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()):
        assert form not in dumped
    assert accession.claim_digest not in json.dumps(
        [row.__dict__ for row in accession.history.all()], default=str
    )


# The page


def claim_page(client, code):
    return client.post(reverse("accession:take_over"), {"code": code})


def test_a_signed_in_person_claims_on_the_page_and_lands_on_the_accession(client, edition_1):
    accession, code = record_assisted()
    client.force_login(UserFactory())

    response = claim_page(client, code)

    assert response.status_code == 302
    assert response["Location"] == accession.get_absolute_url()


def test_the_claim_page_needs_a_signed_in_person(client, edition_1):
    _accession, code = record_assisted()

    response = claim_page(client, code)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_wrong_used_and_expired_codes_get_one_and_the_same_answer(client, edition_1):
    _used, used_code = record_assisted()
    services.claim(UserFactory(), code=used_code)
    expired, expired_code = record_assisted()
    Accession.objects.filter(pk=expired.pk).update(claim_expires_at=timezone.now())
    client.force_login(UserFactory())

    wrong_code = "2222-3333-4444-5555"
    answers = [claim_page(client, code) for code in (wrong_code, used_code, expired_code)]

    assert {response.status_code for response in answers} == {400}
    assert len({tuple(response.context["form"].errors["code"]) for response in answers}) == 1


def test_claiming_is_rate_limited(client, edition_1):
    client.force_login(UserFactory())
    for _ in range(10):
        assert claim_page(client, "2222-3333-4444-5555").status_code == 400

    assert claim_page(client, "2222-3333-4444-5555").status_code == 429


def test_a_code_with_control_characters_gets_a_form_error(client, edition_1):
    client.force_login(UserFactory())

    response = claim_page(client, "ABCD\x00EFGH")

    assert response.status_code == 400


def test_after_claiming_the_person_sees_it_on_their_dashboard_and_can_hide_it(client, edition_1):
    accession, code = record_assisted(public_name="Nasta Loika")
    review.approve(CoordinatorFactory(), accession)
    person = UserFactory()
    client.force_login(person)
    claim_page(client, code)

    dashboard = client.get(reverse("accession:dashboard")).content.decode()
    client.post(reverse("accession:hide", args=[accession.public_id]))

    assert accession.get_absolute_url() in dashboard
    accession.refresh_from_db()
    assert accession.signatory.hidden_at is not None
    assert "Nasta Loika" not in client.get(reverse("registry:list")).content.decode()


def test_the_person_sees_on_their_timeline_that_it_was_recorded_and_claimed(client, edition_1):
    accession, code = record_assisted()
    person = UserFactory()
    services.claim(person, code=code)
    client.force_login(person)

    entries = client.get(accession.get_absolute_url()).context["timeline"]

    events_seen = [str(entry.event) for entry in entries]
    assert str(events.event(events.RECORDED).description) in events_seen
    assert str(events.event(events.CLAIM_CODE_ISSUED).description) not in events_seen


def test_a_person_carried_over_by_letter_claims_their_accession_too(edition_1):
    from tests.accession.registry.test_privacy_matrix import make_imported

    accession = make_imported("individual", "full-name", False, CoordinatorFactory())
    code = review.issue_claim_code(CoordinatorFactory(), accession)
    person = UserFactory()

    services.claim(person, code=code)

    accession.refresh_from_db()
    assert (accession.user, accession.signatory.user, accession.status) == (
        person,
        person,
        Status.APPROVED,
    )


# At the same moment (PostgreSQL: SQLite serialises)


@pytest.mark.django_db(transaction=True)
def test_five_people_claiming_one_code_at_once_give_it_to_exactly_one(edition_1):
    from django.db import connection

    from tests.concurrency import at_once

    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")
    accession, code = record_assisted()
    people = [UserFactory() for _ in range(5)]

    outcomes = at_once(
        *[lambda p=p: services.claim(p, code=code) for p in people],
        refused=services.AccessionError,
    )

    assert sorted(outcomes, key=str) == ["done"] + ["refused"] * 4
    accession.refresh_from_db()
    assert accession.user in people
    assert accession.signatory.user == accession.user
    assert accession.history.filter(history_change_reason=events.CLAIMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_person_claiming_two_codes_at_once_gets_one_accession(edition_1):
    from django.db import connection

    from tests.concurrency import at_once

    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")
    (_first, first_code), (_second, second_code) = record_assisted(), record_assisted()
    person = UserFactory()

    outcomes = at_once(
        lambda: services.claim(person, code=first_code),
        lambda: services.claim(person, code=second_code),
        refused=services.AccessionError,
    )

    assert sorted(outcomes, key=str) == ["done", "refused"]
    assert Accession.objects.filter(user=person).count() == 1


def test_the_coordinator_who_recorded_an_accession_cannot_take_it_over(edition_1):
    recorder = CoordinatorFactory()
    _accession, code = record_assisted(recorder)

    with pytest.raises(services.AccessionError, match="the person takes it over"):
        services.claim(recorder, code=code)


def test_the_coordinator_who_handed_out_a_new_code_cannot_take_it_over(edition_1):
    accession, _code = record_assisted()
    issuer = CoordinatorFactory()
    code = review.issue_claim_code(issuer, accession)

    with pytest.raises(services.AccessionError, match="the person takes it over"):
        services.claim(issuer, code=code)

    assert Accession.objects.get(pk=accession.pk).user is None


def test_a_code_typed_in_is_kept_out_of_error_reports(client, edition_1):
    client.force_login(UserFactory())

    response = claim_page(client, "2222-3333-4444-5555")

    assert response.wsgi_request.sensitive_post_parameters == ("code",)
