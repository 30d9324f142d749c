import pytest
from django.conf import settings
from django.urls import reverse

from accounts.policy import COORDINATOR_IDLE_SECONDS, LAST_SEEN, LAST_SEEN_STEP
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    client.get(reverse("review:queue"))
    return user


def idle_for(client, seconds):
    """As if the coordinator's last request had been `seconds` ago."""
    session = client.session
    session[LAST_SEEN] -= seconds
    session.save()


def test_a_coordinators_session_cookie_ends_when_the_browser_closes(client, coordinator):
    idle_for(client, LAST_SEEN_STEP)  # so that the session is written and its cookie sent again

    response = client.get(reverse("review:queue"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")


def test_a_coordinator_idle_for_thirty_minutes_is_logged_out_and_sent_to_log_in(
    client, coordinator
):
    idle_for(client, COORDINATOR_IDLE_SECONDS + 1)

    response = client.get(reverse("review:queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_coordinator_active_within_thirty_minutes_stays_logged_in(client, coordinator):
    idle_for(client, COORDINATOR_IDLE_SECONDS - 60)

    response = client.get(reverse("review:queue"))

    assert response.status_code == 200
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_a_coordinators_requests_within_a_minute_leave_the_session_unwritten(client, coordinator):
    idle_for(client, 30)
    seen = client.session[LAST_SEEN]

    client.get(reverse("review:queue"))

    assert client.session[LAST_SEEN] == seen


def test_a_coordinators_request_after_a_minute_moves_the_idle_limit_on(client, coordinator):
    idle_for(client, LAST_SEEN_STEP)
    seen = client.session[LAST_SEEN]

    client.get(reverse("review:queue"))

    assert client.session[LAST_SEEN] == pytest.approx(seen + LAST_SEEN_STEP, abs=2)
