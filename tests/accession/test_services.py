import pytest
from django.core import mail
from django.db import connection
from django.http import Http404

from accession import events, services
from accession.models import OPEN_STATUSES, Accession, Listing, Status
from tests.concurrency import at_once
from tests.factories import (
    AccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db
CLOSED_STATUSES = [status for status in Status if status not in OPEN_STATUSES]


def new_individual_accession(**fields):
    return Accession(
        legal_name="Nasta Loika",
        public_name="Nasta Loika",
        region="brest",
        accepts_principles=True,
        acts_peacefully=True,
        consents_to_processing=True,
        **fields,
    )


def new_organization_accession():
    return Accession(
        authority_basis="Decision of the board",
        authority_date="2026-01-10",
        accepts_principles=True,
        acts_peacefully=True,
        consents_to_processing=True,
    )


def last_history(accession):
    return accession.history.order_by("-history_date", "-history_id").first()


# Submitting


def test_submitting_stores_the_edition_and_its_fingerprint(edition_1):
    user = UserFactory()

    accession = services.submit_individual(
        user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
    )

    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED
    assert accession.edition == edition_1
    assert accession.edition_fingerprint == edition_1.fingerprint
    assert accession.user == user


def test_submitting_leaves_one_history_row_with_actor_and_reason(edition_1):
    user = UserFactory()

    accession = services.submit_individual(
        user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
    )

    rows = list(accession.history.all())
    assert len(rows) == 1
    assert rows[0].history_user == user
    assert rows[0].history_change_reason == events.SUBMITTED


def test_submitting_sends_a_receipt_after_commit(edition_1, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_individual(
            user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Nasta" not in mail.outbox[0].body


def test_the_receipt_task_gets_only_ids(
    edition_1, django_capture_on_commit_callbacks, enqueued_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        accession = services.submit_individual(
            UserFactory(), new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
        )

    assert enqueued_tasks == [("send_accession_email", [accession.pk, events.SUBMITTED], {})]


def test_submitting_twice_gives_one_accession_and_a_friendly_refusal(edition_1):
    user = UserFactory()
    first = services.submit_individual(
        user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
    )

    with pytest.raises(services.AlreadyAcceded) as refused:
        services.submit_individual(
            user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
        )

    assert refused.value.accession == first
    assert Accession.objects.count() == 1


def test_acceding_again_after_withdrawal_is_allowed(edition_1):
    user = UserFactory()
    first = services.submit_individual(
        user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
    )
    services.withdraw(user, first)

    second = services.submit_individual(
        user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
    )

    assert second.pk != first.pk


def test_a_superseded_edition_is_closed_for_accession(edition_2):
    from principles.models import Edition

    edition_1 = Edition.objects.get(number=1)

    with pytest.raises(services.AccessionError, match="Only the current edition"):
        services.submit_individual(
            UserFactory(), new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
        )

    assert not Accession.objects.exists()


def test_a_representative_accedes_for_the_organization(edition_1):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)

    accession = services.submit_for_organization(
        user,
        new_organization_accession(),
        organization=organization,
        edition=edition_1,
        listing=Listing.LISTED,
    )

    assert accession.kind == Accession.Kind.ORGANIZATION
    assert accession.organization == organization


def test_someone_who_does_not_represent_the_organization_cannot_accede_for_it(edition_1):
    organization = OrganizationFactory()

    with pytest.raises(Http404):
        services.submit_for_organization(
            UserFactory(),
            new_organization_accession(),
            organization=organization,
            edition=edition_1,
            listing=Listing.LISTED,
        )

    assert not Accession.objects.exists()


def test_two_representatives_cannot_both_open_an_accession_for_one_organization(edition_1):
    first, second = UserFactory(), UserFactory()
    organization = OrganizationFactory(representative=first)
    organization.representatives.create(user=second)
    services.submit_for_organization(
        first,
        new_organization_accession(),
        organization=organization,
        edition=edition_1,
        listing=Listing.LISTED,
    )

    with pytest.raises(services.AlreadyAcceded):
        services.submit_for_organization(
            second,
            new_organization_accession(),
            organization=organization,
            edition=edition_1,
            listing=Listing.LISTED,
        )

    assert Accession.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_submits_create_exactly_one_accession(edition_1):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent unique checks are PostgreSQL's; SQLite serialises")
    user = UserFactory()

    def submit():
        services.submit_individual(
            user, new_individual_accession(), edition=edition_1, listing=Listing.INITIALS
        )

    outcomes = at_once(*[submit] * 10, refused=services.AlreadyAcceded)

    assert sorted(outcomes) == ["done"] + ["refused"] * 9
    assert Accession.objects.count() == 1


# Resubmitting


@pytest.mark.parametrize("status", list(Status))
def test_resubmitting_works_only_when_changes_were_requested(edition_1, status):
    accession = AccessionFactory(status=status)

    if status == Status.CHANGES_REQUESTED:
        services.resubmit(accession.user, accession, fields={"public_name": "A. B."})
        accession.refresh_from_db()
        assert (accession.status, accession.public_name) == (Status.RESUBMITTED, "A. B.")
    else:
        with pytest.raises(services.AccessionError):
            services.resubmit(accession.user, accession, fields={"public_name": "A. B."})
        accession.refresh_from_db()
        assert (accession.status, accession.public_name) == (status, "Ales Bialiatski")


def test_resubmitting_by_another_user_is_a_404(edition_1):
    accession = AccessionFactory(status=Status.CHANGES_REQUESTED)

    with pytest.raises(Http404):
        services.resubmit(UserFactory(), accession, fields={"public_name": "Intruder"})

    accession.refresh_from_db()
    assert accession.status == Status.CHANGES_REQUESTED


def test_resubmitting_cannot_change_who_or_what_edition(edition_1):
    accession = AccessionFactory(status=Status.CHANGES_REQUESTED)
    other = UserFactory()

    services.resubmit(accession.user, accession, fields={"user": other, "status": Status.APPROVED})

    accession.refresh_from_db()
    assert (accession.user_id, accession.status) != (other.pk, Status.APPROVED)
    assert accession.status == Status.RESUBMITTED


def test_another_representative_of_the_organization_may_resubmit(edition_1):
    accession = OrganizationAccessionFactory(status=Status.CHANGES_REQUESTED)
    colleague = UserFactory()
    accession.organization.representatives.create(user=colleague)

    services.resubmit(colleague, accession, fields={"authority_basis": "General meeting"})

    assert last_history(accession).history_user == colleague


# Withdrawing


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_withdrawing_an_open_accession_is_instant(edition_1, status):
    accession = AccessionFactory(status=status)

    services.withdraw(accession.user, accession, reason="moving on")

    accession.refresh_from_db()
    assert accession.status == Status.WITHDRAWN
    assert last_history(accession).reason == "moving on"
    assert last_history(accession).history_user == accession.user


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_a_closed_accession_cannot_be_withdrawn(edition_1, status):
    accession = AccessionFactory(status=status)

    with pytest.raises(services.AccessionError):
        services.withdraw(accession.user, accession)

    accession.refresh_from_db()
    assert accession.status == status


def test_withdrawing_by_another_user_is_a_404(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)

    with pytest.raises(Http404):
        services.withdraw(UserFactory(), accession)

    accession.refresh_from_db()
    assert accession.status == Status.APPROVED


# Listing choice


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_the_listing_choice_can_change_in_every_open_status(edition_1, status):
    accession = AccessionFactory(status=status, listing=Listing.FULL_NAME)

    services.change_listing(accession.user, accession, listing=Listing.COUNTED)

    assert signatory(accession).listing == Listing.COUNTED
    assert last_history(signatory(accession)).history_user == accession.user


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_the_listing_of_a_closed_accession_does_not_change(edition_1, status):
    accession = AccessionFactory(status=status, listing=Listing.FULL_NAME)

    with pytest.raises(services.AccessionError):
        services.change_listing(accession.user, accession, listing=Listing.COUNTED)


def test_an_organization_cannot_choose_an_individuals_listing(edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)

    with pytest.raises(services.AccessionError):
        services.change_listing(accession.user, accession, listing=Listing.INITIALS)

    assert signatory(accession).listing == Listing.LISTED


def test_changing_the_listing_by_another_user_is_a_404(edition_1):
    accession = AccessionFactory(status=Status.APPROVED, listing=Listing.COUNTED)

    with pytest.raises(Http404):
        services.change_listing(UserFactory(), accession, listing=Listing.FULL_NAME)

    assert signatory(accession).listing == Listing.COUNTED


def test_choosing_a_listing_again_ends_the_hiding(edition_1):
    accession = AccessionFactory(status=Status.APPROVED, listing=Listing.FULL_NAME)
    services.hide_now(accession.user, accession)

    services.change_listing(accession.user, accession, listing=Listing.INITIALS)

    assert signatory(accession).hidden_at is None
    assert signatory(accession).listing == Listing.INITIALS


# Hide me now


@pytest.mark.parametrize("status", list(Status))
def test_hide_me_now_works_in_every_status(edition_1, status):
    accession = AccessionFactory(status=status)

    services.hide_now(accession.user, accession)

    assert signatory(accession).hidden_at is not None
    assert last_history(signatory(accession)).history_change_reason == events.HIDDEN


def test_hide_me_now_twice_records_one_change(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)

    services.hide_now(accession.user, accession)
    services.hide_now(accession.user, accession)

    assert signatory(accession).history.count() == 2  # created, hidden


def test_hide_me_now_by_another_user_is_a_404(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)

    with pytest.raises(Http404):
        services.hide_now(UserFactory(), accession)

    assert signatory(accession).hidden_at is None


# Reaffirming


def test_an_approved_accession_to_a_superseded_edition_may_be_reaffirmed(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    from django.core.management import call_command

    from tests.conftest import TEST_EDITIONS

    call_command("load_principles", TEST_EDITIONS)
    accession.refresh_from_db()

    assert services.reaffirmable(accession)
    new = services.submit_individual(
        accession.user,
        new_individual_accession(),
        edition=services.current_edition(),
        listing=Listing.INITIALS,
    )
    assert new.edition.number == 2


def test_an_accession_to_the_current_edition_is_not_reaffirmable(edition_1):
    accession = AccessionFactory(status=Status.APPROVED)

    assert not services.reaffirmable(accession)
