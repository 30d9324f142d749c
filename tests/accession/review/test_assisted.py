"""Assisted accessions on the review desk: a coordinator records one for a person who asked by
another channel and has no account; another coordinator decides it; until the person claims it
with a code, the coordinators hide or withdraw it at the person's request."""

import pytest
from django.urls import reverse

from accession import events
from accession.models import Accession, Listing, Signatory, Status
from accession.review import services as review
from tests.factories import AccessionFactory, CoordinatorFactory, UserFactory, record_assisted

pytestmark = pytest.mark.django_db


def last_history(model_instance):
    return model_instance.history.order_by("-history_date", "-history_id").first()


@pytest.fixture
def recorder():
    return CoordinatorFactory()


@pytest.fixture
def colleague():
    return CoordinatorFactory()


def form_data(**overrides):
    return {
        "public_name": "Nasta Loika",
        "region": "brest",
        "listing": "initials",
        "consent_method": "in-person",
        "consent_date": "2026-03-02",
        "consent_given_to": "Coordinator on duty at the Vilnius office",
        "confirmed": "on",
        "claim_code": "on",
        "key": "0123456789abcdef",
        **overrides,
    }


# Recording


def test_a_coordinator_records_an_accession_for_a_person_without_an_account(edition_1, recorder):
    accession, code = record_assisted(recorder, listing=Listing.INITIALS, claim_code=False)

    accession.refresh_from_db()
    assert (accession.status, accession.user, accession.recorded_by) == (
        Status.SUBMITTED,
        None,
        recorder,
    )
    assert (accession.consent_method, accession.consent_given_to) == (
        "phone",
        "Coordinator on duty, Viasna",
    )
    assert accession.edition_number == edition_1.number
    assert (accession.signatory.user, accession.signatory.listing) == (None, Listing.INITIALS)
    row = last_history(accession)
    assert (row.history_user, row.history_change_reason) == (recorder, events.RECORDED)
    assert code == "" and accession.claim_digest is None


def test_recording_through_the_desk_shows_the_claim_code_once(client, edition_1, recorder):
    client.force_login(recorder)

    response = client.post(reverse("review:assisted-new"), form_data())

    accession = Accession.objects.get()
    code = response.context["code"]
    assert response.status_code == 200
    assert code in response.content.decode()
    assert accession.claim_digest and accession.claim_digest != code
    again = client.get(reverse("review:request", args=[accession.public_id])).content.decode()
    assert code not in again


def test_submitting_the_same_recording_twice_records_one_accession(client, edition_1, recorder):
    client.force_login(recorder)
    client.post(reverse("review:assisted-new"), form_data())

    response = client.post(reverse("review:assisted-new"), form_data())

    accession = Accession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:request", args=[accession.public_id])
    assert Signatory.objects.count() == 1


@pytest.mark.parametrize(
    "field", ["public_name", "region", "listing", "consent_method", "consent_date", "confirmed"]
)
def test_recording_is_refused_when_a_required_answer_is_missing(client, edition_1, recorder, field):
    client.force_login(recorder)

    response = client.post(reverse("review:assisted-new"), form_data(**{field: ""}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Accession.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"consent_date": "2999-01-01"},
        {"consent_method": "pigeon"},
        {"listing": "listed"},
        {"key": "../../etc"},
        {"consent_given_to": "two\nlines"},
    ],
    ids=str,
)
def test_recording_is_refused_with_a_form_error_when_an_answer_is_wrong(
    client, edition_1, recorder, overrides
):
    client.force_login(recorder)

    response = client.post(reverse("review:assisted-new"), form_data(**overrides))

    assert response.status_code == 400
    assert set(overrides) & set(response.context["form"].errors)
    assert not Accession.objects.exists()


def test_only_coordinators_reach_the_recording_page(client, edition_1):
    client.force_login(UserFactory())

    assert client.get(reverse("review:assisted-new")).status_code == 404
    assert client.post(reverse("review:assisted-new"), form_data()).status_code == 404
    assert not Accession.objects.exists()


# Deciding: four eyes


def test_a_recorded_accession_waits_in_the_queue_marked_assisted(client, edition_1, colleague):
    record_assisted(public_name="Nasta Loika")
    client.force_login(colleague)

    content = client.get(reverse("review:queue")).content.decode()

    assert "Nasta Loika" in content
    assert '<span class="tag">assisted</span>' in content


def test_a_second_coordinator_approves_a_recorded_accession(client, edition_1, colleague):
    accession, _code = record_assisted(public_name="Nasta Loika")

    review.approve(colleague, accession)

    accession.refresh_from_db()
    assert (accession.status, accession.decided_by) == (Status.APPROVED, colleague)
    assert "Nasta Loika" in client.get(reverse("registry:list")).content.decode()


@pytest.mark.parametrize(
    "act",
    [
        lambda who, accession: review.take(who, accession),
        lambda who, accession: review.take(who, accession, takeover=True),
        lambda who, accession: review.approve(who, accession),
        lambda who, accession: review.reject(who, accession, reason="No."),
        lambda who, accession: review.request_changes(who, accession, reason="Why?"),
    ],
    ids=["take", "take over", "approve", "reject", "ask for changes"],
)
def test_the_recording_coordinator_cannot_take_or_decide_it(edition_1, recorder, act):
    accession, _code = record_assisted(recorder)

    with pytest.raises(review.ReviewError, match="recorded this accession"):
        act(recorder, accession)

    accession.refresh_from_db()
    assert (accession.status, accession.reviewer) == (Status.SUBMITTED, None)


def test_the_recording_coordinator_opening_it_sees_the_conflict_and_takes_nothing(
    client, edition_1, recorder
):
    accession, _code = record_assisted(recorder)
    client.force_login(recorder)

    response = client.get(reverse("review:request", args=[accession.public_id]))

    assert response.templates[0].name == "review/conflict.html"
    assert "You recorded this accession on the person" in response.content.decode()
    accession.refresh_from_db()
    assert accession.reviewer is None
    assert not accession.views.exists()


def test_the_recording_coordinator_approving_through_the_desk_is_told_why_not(
    client, edition_1, recorder
):
    accession, _code = record_assisted(recorder)
    client.force_login(recorder)

    response = client.post(
        reverse("review:act", args=[accession.public_id, "approve"]), follow=True
    )

    assert "You recorded this accession on the person" in response.content.decode()
    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_asking_for_changes_is_refused_while_nobody_could_make_them(edition_1, colleague):
    accession, _code = record_assisted()

    with pytest.raises(review.ReviewError, match="not claimed"):
        review.request_changes(colleague, accession, reason="Add an affiliation.")

    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_the_request_page_shows_the_consent_record_to_another_coordinator(
    client, edition_1, recorder, colleague
):
    accession, _code = record_assisted(recorder, consent_given_to="Brest volunteer group")
    client.force_login(colleague)

    content = client.get(reverse("review:request", args=[accession.public_id])).content.decode()

    assert "Brest volunteer group" in content
    assert recorder.email in content
    assert "by phone" in content


# Claim codes issued later


def test_a_new_claim_code_replaces_the_earlier_one(edition_1, colleague):
    accession, first = record_assisted()

    second = review.issue_claim_code(colleague, accession)

    accession.refresh_from_db()
    assert first != second
    assert accession.claim_digest not in (first, second)
    assert last_history(accession).history_change_reason == events.CLAIM_CODE_ISSUED


def test_the_request_page_issues_a_code_and_shows_it_only_in_its_answer(
    client, edition_1, colleague
):
    accession, _code = record_assisted()
    client.force_login(colleague)

    response = client.post(reverse("review:assisted-claim-code", args=[accession.public_id]))

    code = response.context["code"]
    assert code in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    page = client.get(reverse("review:request", args=[accession.public_id])).content.decode()
    assert code not in page


def test_no_claim_code_is_issued_for_an_accession_an_account_holds(edition_1, colleague):
    accession = AccessionFactory()

    with pytest.raises(review.ReviewError):
        review.issue_claim_code(colleague, accession)

    accession.refresh_from_db()
    assert accession.claim_digest is None


# At the person's request


def test_a_coordinator_hides_an_approved_recorded_accession_at_the_persons_request(
    client, edition_1, colleague
):
    accession, _code = record_assisted(public_name="Nasta Loika")
    review.approve(colleague, accession)

    review.hide_on_request(colleague, accession, reason="She asked by phone.")

    accession.refresh_from_db()
    assert accession.signatory.hidden_at is not None
    assert accession.signatory.accession is not None  # still approved, only hidden
    assert "Nasta Loika" not in client.get(reverse("registry:list")).content.decode()
    row = last_history(accession)
    assert (row.history_user, row.history_change_reason, row.reason) == (
        colleague,
        events.HIDDEN_ON_REQUEST,
        "She asked by phone.",
    )
    assert last_history(accession.signatory).history_change_reason == events.HIDDEN_ON_REQUEST


def test_a_coordinator_withdraws_a_recorded_accession_at_the_persons_request(
    client, edition_1, colleague
):
    accession, _code = record_assisted(public_name="Nasta Loika")
    review.approve(colleague, accession)

    review.withdraw_on_request(colleague, accession, reason="Through Viasna, in writing.")

    accession.refresh_from_db()
    assert accession.status == Status.WITHDRAWN
    assert accession.claim_digest is None
    assert accession.signatory.accession is None
    assert "Nasta Loika" not in client.get(reverse("registry:list")).content.decode()
    row = last_history(accession)
    assert (row.history_user, row.history_change_reason, row.reason) == (
        colleague,
        events.WITHDRAWN_ON_REQUEST,
        "Through Viasna, in writing.",
    )


def test_the_recording_coordinator_may_hide_it_at_the_persons_request(client, edition_1, recorder):
    accession, _code = record_assisted(recorder)
    client.force_login(recorder)

    response = client.post(
        reverse("review:assisted-hide", args=[accession.public_id]),
        {"reason": "He called me."},
    )

    assert response.status_code == 302
    accession.refresh_from_db()
    assert accession.signatory.hidden_at is not None


@pytest.mark.parametrize("action", ["assisted-hide", "assisted-withdraw"])
def test_hiding_or_withdrawing_at_a_request_needs_who_asked_and_how(
    client, edition_1, colleague, action
):
    accession, _code = record_assisted()
    client.force_login(colleague)

    response = client.post(reverse(f"review:{action}", args=[accession.public_id]), {"reason": " "})

    assert response.status_code == 400
    assert "reason" in response.context["on_request_form"].errors
    accession.refresh_from_db()
    assert (accession.status, accession.signatory.hidden_at) == (Status.SUBMITTED, None)


@pytest.mark.parametrize("act", [review.hide_on_request, review.withdraw_on_request])
def test_coordinators_do_not_act_at_a_request_once_the_person_holds_the_accession(
    edition_1, colleague, act
):
    accession = AccessionFactory(status=Status.APPROVED)

    with pytest.raises(review.ReviewError):
        act(colleague, accession, reason="Someone phoned.")

    accession.refresh_from_db()
    assert (accession.status, accession.signatory.hidden_at) == (Status.APPROVED, None)


# In every language


@pytest.mark.parametrize("code", ["be", "ru"])
def test_the_assisted_pages_are_read_without_an_english_sentence(
    client, edition_1, recorder, colleague, code
):
    from django.utils import translation

    from tests.common.test_languages import english_fragments, words

    accession, _code = record_assisted(recorder, public_name="Наста Лойка")
    fragments = english_fragments()
    with translation.override(code):
        pages = []
        client.force_login(recorder)
        pages.append(client.get(reverse("review:assisted-new")))
        pages.append(client.post(reverse("review:assisted-new"), form_data(public_name="Алесь")))
        pages.append(client.get(reverse("review:request", args=[accession.public_id])))
        pages.append(client.get(reverse("review:queue")))
        client.force_login(colleague)
        pages.append(client.get(reverse("review:request", args=[accession.public_id])))
        pages.append(client.post(reverse("review:assisted-claim-code", args=[accession.public_id])))
        client.force_login(UserFactory())
        pages.append(client.get(reverse("accession:take_over")))
        pages.append(client.post(reverse("accession:take_over"), {"code": "2222-3333-4444-5555"}))

    for response in pages:
        assert response.status_code in (200, 400)
        text = words(response, code)
        assert not sorted(fragment for fragment in fragments if fragment in text), response


def test_a_form_carrying_another_coordinators_accession_id_is_refused_not_an_error(edition_1):
    from common.regions import Region

    first, _code = record_assisted(CoordinatorFactory())
    forged = Accession(
        public_id=first.public_id,
        public_name="Someone Else",
        region=Region.BREST,
        consent_method="phone",
        edition=first.edition,
    )

    with pytest.raises(review.ReviewError, match="This form has expired"):
        review.record_on_behalf(CoordinatorFactory(), forged, listing="full-name")

    assert Accession.objects.count() == 1
