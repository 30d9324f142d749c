"""The review desk's pages for claims to represent an organization."""

import pytest
from django.urls import reverse

from organizations import claims
from organizations.models import Claim, ClaimView
from tests.factories import (
    ClaimFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


def act(client, claim, action, **data):
    return client.post(
        reverse("review:claim_act", args=[claim.public_id, action]),
        {"reason": "", "internal_note": "", **data},
    )


@pytest.mark.parametrize("name", ["claims", "claim", "claim_act"])
def test_claim_pages_are_404s_for_someone_who_is_not_a_coordinator(client, edition_1, name):
    claim = ClaimFactory()
    client.force_login(UserFactory())
    args = {"claims": [], "claim": [claim.public_id], "claim_act": [claim.public_id, "grant"]}

    response = (client.post if name == "claim_act" else client.get)(
        reverse(f"review:{name}", args=args[name])
    )

    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_the_queue_links_to_the_waiting_claims_with_their_count(client, edition_1, coordinator):
    ClaimFactory.create_batch(2)
    claims.refuse(coordinator, ClaimFactory(), reason="No.")

    content = client.get(reverse("review:queue")).content.decode()

    assert f'href="{reverse("review:claims")}"' in content
    assert "Requests to represent an organization (2)" in content


def test_the_list_shows_waiting_claims_oldest_first_and_no_decided_one(
    client, edition_1, coordinator
):
    first, second = ClaimFactory(), ClaimFactory()
    decided = ClaimFactory()
    claims.refuse(coordinator, decided, reason="No.")

    response = client.get(reverse("review:claims"))

    assert list(response.context["claims"]) == [first, second]
    assert decided.organization.name not in response.content.decode()


def test_opening_a_claim_takes_it_records_the_view_and_shows_the_claimants_data(
    client, edition_1, coordinator
):
    claim = ClaimFactory()

    content = client.get(reverse("review:claim", args=[claim.public_id])).content.decode()

    assert claim.user.email in content
    assert "BASISMARKER" in content
    assert claim.organization.name in content
    assert "You are reviewing this request." in content
    claim.refresh_from_db()
    assert claim.reviewer == coordinator
    assert ClaimView.objects.get(claim=claim).coordinator == coordinator


def test_others_see_who_is_reviewing_and_may_take_over(client, edition_1, coordinator):
    claim = ClaimFactory()
    other = CoordinatorFactory(email="other-coordinator@example.org")
    claims.take(other, claim)

    content = client.get(reverse("review:claim", args=[claim.public_id])).content.decode()
    assert "Being reviewed by other-coordinator@example.org" in content

    act(client, claim, "takeover")
    claim.refresh_from_db()
    assert claim.reviewer == coordinator


@pytest.mark.parametrize("who", ["claimant", "representative", "rival claimant"])
def test_a_conflicted_coordinator_sees_why_and_nothing_of_the_claim(
    client, edition_1, coordinator, who
):
    if who == "claimant":
        claim = ClaimFactory(user=coordinator)
    elif who == "representative":
        organization = OrganizationAccessionFactory(organization__representative=coordinator)
        claim = ClaimFactory(organization=organization.organization)
    else:
        claim = ClaimFactory()
        ClaimFactory(organization=claim.organization, user=coordinator)

    response = client.get(reverse("review:claim", args=[claim.public_id]))

    content = response.content.decode()
    assert "Conflict of interest" in content
    assert "BASISMARKER" not in content
    assert claim.user.email not in content or who == "claimant"
    assert not ClaimView.objects.filter(coordinator=coordinator).exists()
    claim.refresh_from_db()
    assert claim.reviewer is None


def test_a_conflicted_coordinator_cannot_grant_from_the_page(client, edition_1, coordinator):
    claim = ClaimFactory(user=coordinator)

    response = act(client, claim, "grant")

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert not claim.organization.representatives.exists()


def test_granting_from_the_claims_page(client, edition_1, coordinator):
    claim = ClaimFactory()

    response = act(client, claim, "grant", internal_note="Called the office.")

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.GRANTED
    assert claim.organization.representatives.get().user == claim.user
    content = client.get(response["Location"]).content.decode()
    assert "granted: now a representative" in content
    assert "No action is possible in this status." in content


def test_refusing_without_a_reason_shows_an_error_and_changes_nothing(
    client, edition_1, coordinator
):
    claim = ClaimFactory()

    response = act(client, claim, "refuse", internal_note="Called the office.")

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#id_reason"' in content
    assert "Called the office.</textarea>" in content
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


@pytest.mark.parametrize(
    "action, data, said",
    [
        ("grant", {}, "Granted. The person is now a representative and has been told."),
        ("refuse", {"reason": "No."}, "Refused. The person has been told and can read your"),
        ("takeover", {}, "You have taken over this request."),
    ],
)
def test_each_decision_on_a_claim_says_what_was_done(
    client, edition_1, coordinator, action, data, said
):
    claim = ClaimFactory()

    response = act(client, claim, action, **data)

    assert said in client.get(response["Location"]).content.decode()


def test_the_page_after_a_decision_on_a_claim_records_no_second_view(
    client, edition_1, coordinator
):
    claim = ClaimFactory()
    client.get(reverse("review:claim", args=[claim.public_id]))

    response = act(client, claim, "grant")
    client.get(response["Location"])

    assert ClaimView.objects.filter(claim=claim).count() == 1


def test_a_reason_with_control_characters_is_refused_with_the_form(client, edition_1, coordinator):
    claim = ClaimFactory()

    response = act(client, claim, "refuse", reason="No\x00.")

    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_an_unknown_action_is_a_404(client, edition_1, coordinator):
    claim = ClaimFactory()

    assert act(client, claim, "approve").status_code == 404


def test_an_unknown_claim_is_a_404(client, edition_1, coordinator):
    assert client.get(reverse("review:claim", args=["0123456789abcdef"])).status_code == 404


def test_the_second_coordinator_to_decide_is_told_who_decided(client, edition_1, coordinator):
    claim = ClaimFactory()
    claims.grant(CoordinatorFactory(email="first-coordinator@example.org"), claim)

    response = act(client, claim, "refuse", reason="No.")

    content = client.get(response["Location"]).content.decode()
    assert "Already decided by first-coordinator@example.org" in content
    claim.refresh_from_db()
    assert claim.status == Claim.Status.GRANTED


def test_the_claims_page_shows_the_timeline_with_reasons_notes_and_views(
    client, edition_1, coordinator
):
    claim = ClaimFactory()
    other = CoordinatorFactory(email="other-coordinator@example.org")
    claims.record_view(other, claim)
    claims.refuse(other, claim, reason="REASONMARKER", internal_note="INTERNALMARKER")

    content = client.get(reverse("review:claim", args=[claim.public_id])).content.decode()

    for text in ("REASONMARKER", "INTERNALMARKER", "opened the private data", "refused"):
        assert text in content
