"""A signatory is one public entry, whatever it acceded to, and its choices apply everywhere."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from accession import services
from accession.models import Listing, Status, Tally
from accession.review import services as review
from tests.conftest import TEST_EDITIONS
from tests.factories import (
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
    current_edition,
    signatory,
)

pytestmark = pytest.mark.django_db


def new_accession(person, name="Nasta Loika"):
    return AccessionFactory.build(
        user=person, signatory=None, public_name=name, legal_name=name, region="brest"
    )


@pytest.fixture
def coordinator(edition_1):
    return CoordinatorFactory()


def reaffirming(edition_1, coordinator):
    """A person approved for edition 1 whose accession to edition 2 waits for review."""
    person = UserFactory()
    first = services.submit_individual(
        person, new_accession(person), edition=edition_1, listing="full-name"
    )
    review.approve(coordinator, first)
    call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO())
    pending = services.submit_individual(
        person, new_accession(person), edition=current_edition(), listing="full-name"
    )
    return first, pending


@pytest.fixture
def reaffirmed(edition_1, coordinator):
    """A person approved for edition 1 who reaffirmed, and was approved, for edition 2."""
    first, second = reaffirming(edition_1, coordinator)
    review.approve(coordinator, second)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def public_text(client):
    return {
        "page": client.get(reverse("registry:list")).content.decode(),
        "csv": b"".join(client.get(reverse("open_data:csv")).streaming_content).decode(),
        "json": b"".join(client.get(reverse("open_data:json")).streaming_content).decode(),
        "feed": client.get(reverse("open_data:feed")).content.decode(),
    }


def named_individuals():
    return Tally.objects.get(kind="individual", named=True).count


def test_a_reaffirmed_signatory_is_one_entry_with_the_newest_edition(client, reaffirmed):
    _first, _second = reaffirmed

    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(client.get(reverse("open_data:csv")).streaming_content).decode())
        )
    )

    assert [(row["name"], row["edition"]) for row in rows] == [("Nasta Loika", "2")]
    assert named_individuals() == 1
    assert client.get(reverse("registry:list")).context["summary"]["individuals"] == 1


def test_approving_a_reaffirmation_supersedes_the_older_accession(reaffirmed):
    first, second = reaffirmed

    assert (first.status, second.status) == (Status.SUPERSEDED, Status.APPROVED)
    assert first.closed_at is not None
    assert signatory(second).accession_id == second.pk


@pytest.mark.parametrize("on", ["older", "newer"])
def test_hide_me_now_on_any_accession_hides_the_signatory_everywhere(client, reaffirmed, on):
    first, second = reaffirmed
    accession = first if on == "older" else second

    services.hide_now(accession.user, accession)

    for name, text in public_text(client).items():
        assert "Nasta Loika" not in text, name
    assert named_individuals() == 0


def test_a_listing_change_applies_to_the_signatory_everywhere(client, reaffirmed):
    _first, second = reaffirmed

    services.change_listing(second.user, second, listing=Listing.INITIALS)

    for name, text in public_text(client).items():
        assert "Nasta Loika" not in text, name
        assert "N. L." in text, name


def test_withdrawing_the_standing_accession_leaves_nothing_public(client, reaffirmed):
    _first, second = reaffirmed

    services.withdraw(second.user, second)

    for name, text in public_text(client).items():
        assert "Nasta Loika" not in text, name
    assert named_individuals() == 0


def test_suspending_the_signatory_leaves_nothing_public(client, reaffirmed, coordinator):
    _first, second = reaffirmed

    review.suspend(coordinator, second, reason="Why?")

    for name, text in public_text(client).items():
        assert "Nasta Loika" not in text, name


def test_withdrawing_the_standing_accession_also_withdraws_a_pending_reaffirmation(
    edition_1, coordinator
):
    first, pending = reaffirming(edition_1, coordinator)
    person = first.user

    services.withdraw(person, first)

    pending.refresh_from_db()
    assert pending.status == Status.WITHDRAWN


def test_a_suspended_signatory_cannot_be_approved_through_a_reaffirmation(edition_1, coordinator):
    first, pending = reaffirming(edition_1, coordinator)
    review.suspend(coordinator, first, reason="Why?")

    with pytest.raises(review.ReviewError, match="suspended"):
        review.approve(coordinator, pending)

    pending.refresh_from_db()
    assert pending.status == Status.SUBMITTED
    assert signatory(pending).accession_id is None


def test_an_older_edition_cannot_displace_a_newer_one(edition_1, coordinator):
    person = UserFactory()
    older = services.submit_individual(
        person, new_accession(person), edition=edition_1, listing="full-name"
    )
    call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO())
    newer = services.submit_individual(
        person, new_accession(person), edition=current_edition(), listing="full-name"
    )
    review.approve(coordinator, newer)

    with pytest.raises(review.ReviewError, match="edition 2"):
        review.approve(coordinator, older)

    assert signatory(newer).accession_id == newer.pk


def test_the_listing_chosen_when_reaffirming_is_the_signatorys(client, reaffirmed):
    first, second = reaffirmed
    call_command("load_principles", TEST_EDITIONS, stdout=io.StringIO())

    client.force_login(second.user)
    page = client.get(reverse("accession:detail", args=[first.public_id])).content.decode()

    assert "full name and region" in page
    assert json.loads(public_text(client)["json"])[0]["edition"] == 2


# The latest message from the coordinators, and who did what


def test_the_coordinators_message_stays_after_the_signatorys_own_actions(client, coordinator):
    accession = AccessionFactory(status=Status.SUBMITTED)
    review.request_changes(coordinator, accession, reason="Please give your region.")
    client.force_login(accession.user)

    services.change_listing(accession.user, accession, listing=Listing.INITIALS)
    services.hide_now(accession.user, accession)
    page = client.get(accession.get_absolute_url()).content.decode()

    assert "Please give your region." in page.split("Message from the coordinators")[1]


def test_a_new_decision_replaces_the_coordinators_message(client, edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUBMITTED)
    review.request_changes(coordinator, accession, reason="Please give your region.")
    services.resubmit(accession.user, accession, fields={"region": "grodno"})
    review.approve(coordinator, accession, reason="Welcome.")
    client.force_login(accession.user)

    page = client.get(accession.get_absolute_url()).content.decode()

    message = page.split("Message from the coordinators")[1].split("</section>")[0]
    assert "Welcome." in message
    assert "Please give your region." not in message


def test_a_proposed_expulsion_is_not_shown_to_the_signatory(client, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)
    review.suspend(coordinator, accession, reason="Suspension reasons.")
    review.propose_expulsion(coordinator, accession, reason="PROPOSALMARKER")
    client.force_login(accession.user)

    page = client.get(accession.get_absolute_url()).content.decode()

    assert "PROPOSALMARKER" not in page
    assert "expulsion" not in page.lower()
    assert "Suspension reasons." in page


def test_a_confirmed_expulsion_is_shown_with_the_proposals_reasons(client, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)
    review.suspend(coordinator, accession, reason="Suspension reasons.")
    review.propose_expulsion(coordinator, accession, reason="PROPOSALMARKER")
    review.confirm_expulsion(CoordinatorFactory(), accession)
    client.force_login(accession.user)

    page = client.get(accession.get_absolute_url()).content.decode()

    assert "PROPOSALMARKER" in page.split("Message from the coordinators")[1]


def test_each_event_names_its_actor_by_role(client, coordinator):
    accession = OrganizationAccessionFactory(status=Status.SUBMITTED)
    colleague = UserFactory()
    accession.organization.representatives.create(user=colleague)
    services.change_listing(colleague, accession, listing=Listing.COUNTED)
    review.approve(coordinator, accession)
    client.force_login(accession.user)

    entries = client.get(accession.get_absolute_url()).context["timeline"]

    actors = {str(entry.event): str(entry.actor) for entry in entries}
    assert actors["listing choice changed"] == "a representative of the organization"
    assert actors["approved"] == "the coordinators"
    assert coordinator.email not in client.get(accession.get_absolute_url()).content.decode()


def test_an_expulsion_closes_a_reaffirmation_waiting_for_review(client, edition_1, coordinator):
    first, pending = reaffirming(edition_1, coordinator)
    review.suspend(coordinator, first, reason="Why?")
    review.propose_expulsion(coordinator, first, reason="Because.")

    review.confirm_expulsion(CoordinatorFactory(), first)

    pending.refresh_from_db()
    assert pending.status == Status.EXPELLED
    with pytest.raises(review.ReviewError):
        review.approve(CoordinatorFactory(), pending)
    assert "Nasta Loika" not in public_text(client)["page"]
