"""The review desk's concerns: the queue, a concern's page and the steps to an outcome."""

import pytest
from django.urls import reverse

from accession.concerns import services as concerns
from accession.concerns.models import Concern, ConcernView
from accession.models import Status
from tests.factories import AccessionFactory, CoordinatorFactory, UserFactory, raise_concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    return coordinator


def act(client, concern, action, data=None):
    url = reverse("review:concern_act", args=[concern.public_id, action])
    return client.post(url, {f"{action}-{key}": value for key, value in (data or {}).items()})


def test_the_desk_lists_open_concerns(client, edition_1, coordinator):
    concern, _code = raise_concern()

    response = client.get(reverse("review:concerns"))

    assert reverse("review:concern", args=[concern.public_id]) in response.text


def test_the_concerns_queue_is_no_page_for_a_person_who_is_not_a_coordinator(client, edition_1):
    client.force_login(UserFactory())

    assert client.get(reverse("review:concerns")).status_code == 404


def test_opening_a_concern_takes_it_and_records_the_view(client, edition_1, coordinator):
    concern, _code = raise_concern()

    response = client.get(reverse("review:concern", args=[concern.public_id]))

    concern.refresh_from_db()
    assert "ACCOUNTMARKER" in response.text
    assert concern.reviewer == coordinator
    assert ConcernView.objects.filter(concern=concern, coordinator=coordinator).count() == 1


def test_a_recused_coordinator_reads_nothing_of_the_concern(client, edition_1, coordinator):
    concern, _code = raise_concern(AccessionFactory(user=coordinator, status=Status.APPROVED))

    response = client.get(reverse("review:concern", args=[concern.public_id]))

    assert "ACCOUNTMARKER" not in response.text
    assert "CONTACTMARKER" not in response.text
    assert not ConcernView.objects.exists()


def test_a_coordinator_asks_the_signatory_for_a_response(client, edition_1, coordinator):
    concern, _code = raise_concern()

    act(client, concern, "ask-signatory", {"question": "Did you publish it?"})

    concern.refresh_from_db()
    assert concern.status == Concern.Status.SIGNATORY_ASKED


def test_asking_without_a_question_is_a_form_error(client, edition_1, coordinator):
    concern, _code = raise_concern()

    response = act(client, concern, "ask-complainant", {"question": ""})

    assert response.status_code == 400
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RECEIVED


def test_a_coordinator_closes_a_concern_with_an_outcome(client, edition_1, coordinator):
    concern, _code = raise_concern()

    act(client, concern, "close", {"outcome": "referred", "reason": "Serious."})

    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == (Concern.Status.CLOSED, "referred")


def test_closing_with_an_unknown_outcome_is_a_form_error(client, edition_1, coordinator):
    concern, _code = raise_concern()

    response = act(client, concern, "close", {"outcome": "banished", "reason": "Serious."})

    assert response.status_code == 400


def test_an_unknown_action_is_a_404(client, edition_1, coordinator):
    concern, _code = raise_concern()

    assert act(client, concern, "expel").status_code == 404


def test_the_signatorys_request_page_links_to_a_referred_concern(client, edition_1, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)
    concern, _code = raise_concern(accession)
    concerns.close(CoordinatorFactory(), concern, outcome="referred", reason="Serious.")

    response = client.get(reverse("review:request", args=[accession.public_id]))

    assert reverse("review:concern", args=[concern.public_id]) in response.text
