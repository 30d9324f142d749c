"""Download all my data; delete my account and leave no trace."""

import json
import threading

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse

from accession import services
from accession.concerns import services as concerns
from accession.models import Accession, Status
from accession.review import services as review
from accounts.models import User
from organizations import claims
from organizations.models import Claim, ClaimView, Representative
from organizations.services import invite_representative, remove_representative
from privacy.services import delete_account
from tests.concurrency import in_a_thread, waiting_for_locks
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    ClaimFactory,
    CoordinatorFactory,
    ImportedOrganizationAccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
    raise_concern,
    signatory,
)

pytestmark = pytest.mark.django_db

MARKERS = [
    "zqxmarkeremail",
    "Zqxlegal",
    "Zqxpublic",
    "ZqxStatement",
    "ZqxAffiliation",
    "ZqxReply",
    "ZqxClaimBasis",
]


def a_person_with_a_history():
    """A signatory who acceded, answered a suspension, represents an organization, invited
    someone, was invited and asked to represent another organization twice (refused, then
    waiting), all with unique marker strings."""
    person = UserFactory(email="zqxmarkeremail@example.org")
    coordinator = CoordinatorFactory()
    accession = AccessionFactory(
        user=person,
        legal_name="Zqxlegal Name",
        public_name="Zqxpublic Name",
        statement="ZqxStatement",
        affiliation="ZqxAffiliation",
    )
    review.approve(coordinator, accession)
    review.suspend(coordinator, accession, reason="Please explain.")
    services.respond_to_suspension(person, accession, response="ZqxReply")
    services.change_listing(person, accession, listing="initials")
    organization = OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=person)
    ).organization
    services_user = organization.representatives.get().user
    invite_representative(services_user, organization, email="friend@example.org")
    other = OrganizationFactory()
    invite_representative(other.representatives.get().user, other, email=person.email)
    imported = ImportedOrganizationAccessionFactory().organization
    refused = claims.request_claim(person, imported, basis="ZqxClaimBasis: the treasurer.")
    claims.take(coordinator, refused)
    claims.record_view(coordinator, refused)
    claims.refuse(coordinator, refused, reason="Not verified.", internal_note="ZqxClaimNote")
    claims.request_claim(person, refused.organization, basis="ZqxClaimBasis, again.")
    return person


def text_columns():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                yield model, field


def where_markers_remain():
    found = []
    for model, field in text_columns():
        queryset = model._default_manager.all()
        if isinstance(field, models.JSONField):
            queryset = queryset.annotate(as_text=Cast(field.name, models.TextField()))
            column = "as_text"
        else:
            column = field.name
        for marker in MARKERS:
            if queryset.filter(**{f"{column}__icontains": marker}).exists():
                found.append(f"{model._meta.db_table}.{field.column}: {marker}")
    return found


def test_deleting_the_account_leaves_no_marker_in_any_table_history_included(client, edition_1):
    person = a_person_with_a_history()
    assert where_markers_remain()  # the markers are really in the database to begin with
    client.force_login(person)

    response = client.post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert where_markers_remain() == []


def test_deleting_the_account_withdraws_its_accessions_from_everything_public(client, edition_1):
    person = UserFactory()
    accession = AccessionFactory(user=person, status=Status.APPROVED, public_name="Gone Person")
    client.force_login(person)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert not Accession.objects.filter(pk=accession.pk).exists()
    assert "Gone Person" not in client.get(reverse("registry:list")).content.decode()


def test_an_organization_keeps_its_other_representatives(client, edition_1):
    person, colleague = UserFactory(), UserFactory()
    accession = OrganizationAccessionFactory(
        status=Status.APPROVED, organization=OrganizationFactory(representative=person)
    )
    accession.organization.representatives.create(user=colleague)
    client.force_login(person)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    accession.refresh_from_db()
    assert accession.user == colleague
    assert signatory(accession).hidden_at is None
    assert list(accession.organization.representatives.values_list("user", flat=True)) == [
        colleague.pk
    ]


def test_an_organization_whose_only_representative_leaves_is_hidden(client, edition_1):
    person = UserFactory()
    accession = OrganizationAccessionFactory(
        status=Status.APPROVED, organization=OrganizationFactory(representative=person)
    )
    client.force_login(person)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    accession.refresh_from_db()
    assert signatory(accession).hidden_at is not None
    assert accession.user is None
    slug = accession.organization.slug
    assert client.get(reverse("organizations:profile", args=[slug])).status_code == 404


def test_deleting_the_account_of_a_former_representative_who_submitted_completes(client, edition_1):
    """They submitted their organization's accession, then were removed as its representative:
    the accession still names them as its submitter."""
    person, colleague = UserFactory(), UserFactory()
    organization = OrganizationFactory(representative=person)
    organization.representatives.create(user=colleague)
    accession = OrganizationAccessionFactory(
        organization=organization, user=person, status=Status.APPROVED
    )
    remove_representative(
        colleague,
        organization,
        representative_id=organization.representatives.get(user=person).public_id,
    )
    client.force_login(person)

    response = client.post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    accession.refresh_from_db()
    assert accession.user == colleague
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_deleting_the_account_while_a_coordinator_approves_what_they_submitted_never_deadlocks(
    edition_1,
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")
    person = UserFactory()
    AccessionFactory(user=person, status=Status.APPROVED)
    seat = OrganizationFactory(representative=person).representatives.get()
    submitted = OrganizationAccessionFactory(
        organization=OrganizationFactory(representative=UserFactory()), user=person
    )
    coordinator = CoordinatorFactory()
    held, release = threading.Event(), threading.Event()
    errors = []

    def holding_the_seat():
        # Keeps the deletion waiting once it has published, so the approval starts meanwhile.
        with transaction.atomic():
            Representative.objects.select_for_update().get(pk=seat.pk)
            held.set()
            release.wait(10)

    holding = in_a_thread(holding_the_seat, errors)
    held.wait(10)
    deleting = in_a_thread(lambda: delete_account(person), errors)
    waiting_for_locks(1)
    approving = in_a_thread(lambda: review.approve(coordinator, submitted), errors)
    waiting_for_locks(2)
    release.set()
    for thread in (holding, deleting, approving):
        thread.join()

    assert errors == []
    assert not User.objects.filter(pk=person.pk).exists()


def test_a_failed_deletion_leaves_the_person_logged_in(client, edition_1, monkeypatch):
    from privacy import services as account_services

    person = UserFactory()
    client.force_login(person)

    def broken(user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(account_services, "delete_account", broken)
    client.raise_request_exception = False

    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert client.session["_auth_user_id"] == str(person.pk)
    assert User.objects.filter(pk=person.pk).exists()


def test_the_download_has_no_sequential_id(client, edition_1):
    person = a_person_with_a_history()
    client.force_login(person)

    data = json.loads(client.post(reverse("account_data")).content)

    def keys_and_numbers(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                yield from keys_and_numbers(item, name)
        elif isinstance(value, list):
            for item in value:
                yield from keys_and_numbers(item, key)
        elif isinstance(value, int) and not isinstance(value, bool):
            yield key, value

    numbers = dict(keys_and_numbers(data))
    assert "id" not in numbers
    assert set(numbers) <= {"edition", "edition_number", "private_data_opened_as_coordinator"}, (
        numbers
    )


def test_a_wrong_password_deletes_nothing(client, edition_1):
    person = UserFactory()
    client.force_login(person)

    response = client.post(reverse("account_delete"), {"password": "not it"})

    assert response.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()


def test_the_download_holds_the_persons_data_and_no_coordinator_notes(client, edition_1):
    person = a_person_with_a_history()
    accession = Accession.objects.get(user=person, kind="individual")
    Accession.objects.filter(pk=accession.pk).update(internal_note="ZqxInternal")
    client.force_login(person)

    response = client.post(reverse("account_data"))

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    text = response.content.decode()
    for marker in MARKERS:
        assert marker.lower() in text.lower()
    assert "ZqxInternal" not in text
    assert "password" not in data["account"]
    assert data["accessions"][0]["history"]


def test_the_download_needs_a_post(client):
    client.force_login(UserFactory())

    assert client.get(reverse("account_data")).status_code == 405


# Every model holding a person's data, and where the download covers it.
COVERED = {
    "accounts.User": "account",
    "account.EmailAddress": "email_addresses",
    "account.EmailConfirmation": "email_addresses",
    "mfa.Authenticator": "two_factor_methods",
    "accession.Accession": "accessions",
    "accession.HistoricalAccession": "accessions",
    "accession.Signatory": "signatories",
    "accession.HistoricalSignatory": "signatories",
    "organizations.Organization": "organizations",
    "organizations.HistoricalOrganization": "organizations",
    "organizations.Representative": "representations",
    "organizations.HistoricalRepresentative": "representations",
    "organizations.Invitation": "invitations_received",
    "organizations.HistoricalInvitation": "invitations_received",
    "accession.PrivateDataView": "private_data_opened_as_coordinator",
    "organizations.Claim": "claims",
    "organizations.HistoricalClaim": "claims",
    "organizations.ClaimView": "private_data_opened_as_coordinator",
    "concerns.Concern": "concerns_raised",
    "concerns.HistoricalConcern": "concerns_raised",
    "concerns.ConcernView": "private_data_opened_as_coordinator",
}
# Models that point at a user but hold nothing about them worth a download.
NOT_PERSONAL = {
    "admin.LogEntry": "staff actions in the admin, about records not people",
    "auth.Permission": "no link to a person",
    "accounts.User_groups": "group membership, shown as the account's role",
    "accounts.User_user_permissions": "permissions, administrative",
    "accounts.QueuedMail": "account mail waiting for the task worker: seconds, a day at most",
}


def test_every_model_that_holds_a_persons_data_is_covered_by_the_download(client, edition_1):
    person = a_person_with_a_history()
    client.force_login(person)
    data = json.loads(client.post(reverse("account_data")).content)

    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        points_at_people = any(
            getattr(field, "related_model", None) is not None
            and field.related_model._meta.label == settings.AUTH_USER_MODEL
            for field in model._meta.concrete_fields
        ) or any(isinstance(field, models.EmailField) for field in model._meta.concrete_fields)
        if not points_at_people or label in NOT_PERSONAL:
            continue
        assert label in COVERED, f"{label} holds a person's data; add it to the download"
        assert COVERED[label] in data


def test_no_ip_address_or_user_agent_is_stored_anywhere(edition_1):
    from django.test import Client

    client = Client(HTTP_USER_AGENT="Zqxagent/1.0", REMOTE_ADDR="203.0.113.77")
    client.post(
        reverse("account_signup"),
        {"email": "zqxmarkeremail@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(reverse("account_login"), {"login": "zqxmarkeremail@example.org", "password": "x"})
    person = UserFactory()
    client.force_login(person)
    client.post(
        reverse("accession:accede"),
        {
            "legal_name": "A B",
            "public_name": "A B",
            "listing": "full-name",
            "region": "brest",
            "accepts_principles": "on",
            "acts_peacefully": "on",
            "consents_to_processing": "on",
        },
    )
    assert Accession.objects.filter(user=person).exists()

    found = []
    for model, field in text_columns():
        for value in ("203.0.113.77", "Zqxagent"):
            column = field.name
            queryset = model._default_manager.all()
            if isinstance(field, models.JSONField):
                queryset = queryset.annotate(as_text=Cast(field.name, models.TextField()))
                column = "as_text"
            if queryset.filter(**{f"{column}__icontains": value}).exists():
                found.append(f"{model._meta.db_table}.{field.column}: {value}")
    assert found == []
    assert not [
        f"{model._meta.db_table}.{field.column}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, models.GenericIPAddressField)
    ]


def test_the_download_keeps_an_unconfirmed_expulsion_proposal_from_the_signatory(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    coordinator = CoordinatorFactory()
    review.suspend(coordinator, accession, reason="Suspension reasons.")
    review.propose_expulsion(coordinator, accession, reason="PROPOSALMARKER")
    client.force_login(accession.user)

    text = client.post(reverse("account_data")).content.decode()

    assert "PROPOSALMARKER" not in text
    assert "review.expulsion_proposed" not in text
    assert "Suspension reasons." in text


# Claims to represent an organization


def test_deleting_the_account_deletes_the_persons_claims_with_their_history_and_views(
    client, edition_1
):
    person = a_person_with_a_history()
    claim_ids = list(Claim.objects.filter(user=person).values_list("pk", flat=True))
    client.force_login(person)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert len(claim_ids) == 2
    assert not Claim.objects.filter(pk__in=claim_ids).exists()
    assert not Claim.history.filter(id__in=claim_ids).exists()
    assert not ClaimView.objects.exists()


def test_a_deleted_coordinator_leaves_no_trace_in_the_claims_they_decided(client, edition_1):
    coordinator = CoordinatorFactory()
    claim = ClaimFactory()
    claims.take(coordinator, claim)
    claims.record_view(coordinator, claim)
    claims.grant(coordinator, claim)
    client.force_login(coordinator)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.reviewer) == (Claim.Status.GRANTED, None, None)
    rows = Claim.history.filter(id=claim.pk)
    assert rows.count() == 3
    assert not rows.filter(
        Q(history_user_id=coordinator.pk)
        | Q(reviewer_id=coordinator.pk)
        | Q(decided_by_id=coordinator.pk)
    ).exists()
    assert ClaimView.objects.get().coordinator is None


def test_the_download_holds_the_persons_claims_without_the_coordinators_notes_or_bookkeeping(
    client, edition_1
):
    person = a_person_with_a_history()
    client.force_login(person)

    response = client.post(reverse("account_data"))

    data = json.loads(response.content)
    assert [claim["status"] for claim in data["claims"]] == ["refused", "pending"]
    refused = data["claims"][0]
    assert refused["basis"] == "ZqxClaimBasis: the treasurer."
    assert [row["event"] for row in refused["history"]] == ["claim.requested", "claim.refused"]
    assert refused["history"][-1]["reason"] == "Not verified."
    text = response.content.decode()
    assert "ZqxClaimNote" not in text
    assert "claim.taken" not in text


def test_the_download_of_a_claimed_accession_holds_its_consent_record_but_no_code_or_recorder(
    client, edition_1
):
    from tests.factories import record_assisted

    recorder = CoordinatorFactory(email="zqxrecorder@example.org")
    accession, code = record_assisted(recorder, consent_given_to="ZqxConsentTaker")
    digest = Accession.objects.get(pk=accession.pk).claim_digest
    person = UserFactory()
    services.claim(person, code=code)
    client.force_login(person)

    text = client.post(reverse("account_data")).content.decode()

    assert "ZqxConsentTaker" in text
    for private in ["zqxrecorder", code, digest]:
        assert private not in text


def test_deleting_a_recording_coordinators_account_leaves_no_trace_of_them_in_history(
    client, edition_1
):
    from tests.factories import record_assisted

    recorder = CoordinatorFactory()
    accession, _code = record_assisted(recorder)
    client.force_login(recorder)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert not Accession.history.filter(id=accession.pk, recorded_by_id=recorder.pk).exists()
    assert not Accession.history.filter(id=accession.pk, history_user_id=recorder.pk).exists()


# Concerns about a signatory


def test_deleting_the_account_of_a_complainant_keeps_the_concern_without_naming_them(
    client, edition_1
):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)
    client.force_login(person)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    concern.refresh_from_db()
    assert (concern.complainant, concern.contact) == (None, "")
    assert not concern.history.filter(Q(history_user_id=person.pk) | ~Q(contact="")).exists()


def test_the_download_holds_the_persons_concerns_without_the_coordinators_notes(client, edition_1):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)
    concerns.ask_complainant(
        CoordinatorFactory(), concern, question="When?", internal_note="ZqxConcernNote"
    )
    client.force_login(person)

    response = client.post(reverse("account_data"))

    raised = json.loads(response.content)["concerns_raised"]
    assert [row["from_coordinators"] for row in raised[0]["messages"]] == ["", "When?"]
    assert "ZqxConcernNote" not in response.content.decode()
