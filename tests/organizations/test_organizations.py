import datetime
import re
import time

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accession.models import Listing, Status
from organizations import services
from organizations.models import Invitation, Organization, Representative
from tests.concurrency import at_once
from tests.factories import OrganizationAccessionFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def organization_data(**overrides):
    return {
        "name": "Viasna Human Rights Centre",
        "name_be": "Праваабарончы цэнтр «Вясна»",
        "name_ru": "",
        "name_latin": "Pravaabaroncy centr Viasna",
        "kind": "human-rights",
        "registration_status": "liquidated",
        "region": "minsk-city",
        "website": "https://spring96.org",
        "description": "Documents political persecution.",
        "public_contact": "",
        **overrides,
    }


def test_registering_an_organization_makes_the_creator_its_representative(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("organizations:register"), organization_data())

    organization = Organization.objects.get()
    assert response["Location"] == reverse("organizations:manage", args=[organization.slug])
    assert list(organization.representatives.values_list("user", flat=True)) == [user.pk]
    assert organization.history.get().history_user == user


def test_an_organizations_slug_is_random_and_reveals_nothing(client):
    client.force_login(UserFactory())
    client.post(reverse("organizations:register"), organization_data())
    client.post(reverse("organizations:register"), organization_data(name="Second"))

    slugs = list(Organization.objects.values_list("slug", flat=True))
    assert all(len(slug) == 16 and not slug.isdigit() for slug in slugs)
    assert not any("viasna" in slug for slug in slugs)


BAD_ORGANIZATION_INPUT = {
    "an empty name": {"name": ""},
    "an over-long name": {"name": "x" * 201},
    "a NUL in the name": {"name": "Viasna\x00"},
    "a control character": {"name": "Via\x07sna"},
    "a right-to-left override": {"name": "Viasna\u202eanaisV"},
    "a line break in a name": {"name_ru": "Весна\nЦентр"},
    "an invalid website": {"website": "not a url"},
    "a javascript website": {"website": "javascript:alert(1)"},
    "an unknown kind": {"kind": "party"},
    "an unknown region": {"region": "moscow"},
    "an over-long description": {"description": "x" * 3001},
}


@pytest.mark.parametrize(
    "overrides", BAD_ORGANIZATION_INPUT.values(), ids=BAD_ORGANIZATION_INPUT.keys()
)
def test_bad_organization_input_gives_a_form_error_and_saves_nothing(client, overrides):
    client.force_login(UserFactory())

    response = client.post(reverse("organizations:register"), organization_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Organization.objects.exists()
    assert not Representative.objects.exists()


def test_cyrillic_and_right_to_left_names_are_kept_as_written(client):
    client.force_login(UserFactory())

    client.post(
        reverse("organizations:register"),
        organization_data(name="Беларускі Хельсінкскі Камітэт", name_ru="مركز حقوق الإنسان"),
    )

    organization = Organization.objects.get()
    assert organization.name == "Беларускі Хельсінкскі Камітэт"
    assert organization.name_ru == "مركز حقوق الإنسان"


def test_a_representative_edits_the_profile_and_history_records_them(client):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    client.force_login(user)

    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        organization_data(name="Renamed"),
    )

    organization.refresh_from_db()
    assert organization.name == "Renamed"
    latest = organization.history.order_by("-history_id").first()
    assert latest.history_user == user
    assert latest.history_change_reason == services.PROFILE_UPDATED


@pytest.mark.parametrize("name", ["manage", "edit"])
def test_organization_pages_of_someone_elses_organization_are_404s(client, name):
    organization = OrganizationFactory()
    client.force_login(UserFactory())

    response = client.get(reverse(f"organizations:{name}", args=[organization.slug]))

    assert response.status_code == 404


def test_an_outsider_cannot_edit_an_organization(client):
    organization = OrganizationFactory()
    client.force_login(UserFactory())

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]), organization_data(name="Taken")
    )

    assert response.status_code == 404
    organization.refresh_from_db()
    assert organization.name != "Taken"


# Invitations


def invite(client, organization, email):
    return client.post(reverse("organizations:invite", args=[organization.slug]), {"email": email})


def invitation_path():
    return re.search(r"https?://[^/\s]+(/\S+/invitations/\S+)", mail.outbox[-1].body).group(1)


def test_an_invitation_is_e_mailed_and_accepted_by_the_invited_address(
    client, django_capture_on_commit_callbacks
):
    representative, invited = UserFactory(), UserFactory(email="colleague@example.org")
    organization = OrganizationFactory(representative=representative)
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, organization, "Colleague@Example.org")
    assert mail.outbox[-1].to == ["colleague@example.org"]

    client.force_login(invited)
    client.post(invitation_path())

    assert organization.representatives.filter(user=invited).exists()
    assert Invitation.objects.get().accepted_at is not None


def test_an_invitation_cannot_be_accepted_by_another_address(client, edition_1):
    organization = OrganizationFactory()
    invitation = services.invite_representative(
        organization.representatives.get().user, organization, email="colleague@example.org"
    )
    intruder = UserFactory()
    client.force_login(intruder)

    client.post(reverse("organizations:accept_invitation", args=[invitation.token]))

    assert not organization.representatives.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_invitation_is_single_use():
    organization = OrganizationFactory()
    invitation = services.invite_representative(
        organization.representatives.get().user, organization, email="colleague@example.org"
    )
    invited = UserFactory(email="colleague@example.org")
    services.accept_invitation(invited, invitation.token)

    with pytest.raises(services.OrganizationError, match="already been used"):
        services.accept_invitation(invited, invitation.token)


def test_an_expired_invitation_is_refused():
    organization = OrganizationFactory()
    invitation = services.invite_representative(
        organization.representatives.get().user, organization, email="colleague@example.org"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(services.OrganizationError, match="expired"):
        services.accept_invitation(UserFactory(email="colleague@example.org"), invitation.token)

    assert organization.representatives.count() == 1


def test_an_unknown_invitation_token_is_a_404(client):
    client.force_login(UserFactory())

    response = client.post(reverse("organizations:accept_invitation", args=["x" * 43]))

    assert response.status_code == 404


def test_accepting_an_invitation_requires_logging_in(client):
    response = client.get(reverse("organizations:accept_invitation", args=["y" * 43]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_invalid_invitation_address_gives_an_error_and_sends_nothing(client):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    client.force_login(user)

    invite(client, organization, "not-an-address")

    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_an_outsider_cannot_invite(client):
    organization = OrganizationFactory()
    client.force_login(UserFactory())

    response = invite(client, organization, "friend@example.org")

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_the_invitation_task_gets_only_the_invitation_id(
    django_capture_on_commit_callbacks, enqueued_tasks
):
    organization = OrganizationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_representative(
            organization.representatives.get().user, organization, email="colleague@example.org"
        )

    assert enqueued_tasks == [("send_invitation", [invitation.pk], {})]


# Removing representatives


def remove(client, organization, representative):
    return client.post(
        reverse("organizations:remove", args=[organization.slug]),
        {"representative": representative.public_id},
    )


def test_a_representative_removes_another_and_history_names_the_actor(client):
    first, second = UserFactory(), UserFactory()
    organization = OrganizationFactory(representative=first)
    seat = organization.representatives.create(user=second)
    client.force_login(first)

    remove(client, organization, seat)

    assert list(organization.representatives.values_list("user", flat=True)) == [first.pk]
    deletion = Representative.history.filter(id=seat.pk, history_type="-").get()
    assert deletion.history_user == first


def test_the_last_representative_cannot_be_removed(client):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    client.force_login(user)

    remove(client, organization, organization.representatives.get())

    assert organization.representatives.count() == 1


def test_an_outsider_cannot_remove_a_representative(client):
    organization = OrganizationFactory()
    organization.representatives.create(user=UserFactory())
    client.force_login(UserFactory())

    response = remove(client, organization, organization.representatives.first())

    assert response.status_code == 404
    assert organization.representatives.count() == 2


def test_removing_requires_a_representative_of_this_organization(client):
    user = UserFactory()
    mine, theirs = OrganizationFactory(representative=user), OrganizationFactory()
    theirs.representatives.create(user=UserFactory())
    client.force_login(user)

    response = remove(client, mine, theirs.representatives.first())

    assert response.status_code == 404
    assert theirs.representatives.count() == 2


# Public profile


def test_the_public_profile_exists_while_the_accession_is_approved_and_listed(client, edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)

    response = client.get(reverse("organizations:profile", args=[accession.organization.slug]))

    assert response.status_code == 200
    assert accession.organization.name in response.content.decode()


@pytest.mark.parametrize(
    "status, listing, hidden",
    [
        (Status.SUBMITTED, Listing.LISTED, False),
        (Status.REJECTED, Listing.LISTED, False),
        (Status.WITHDRAWN, Listing.LISTED, False),
        (Status.SUSPENDED, Listing.LISTED, False),
        (Status.APPROVED, Listing.COUNTED, False),
        (Status.APPROVED, Listing.LISTED, True),
    ],
)
def test_otherwise_the_profile_is_a_404_like_a_missing_slug(
    client, edition_1, status, listing, hidden
):
    accession = OrganizationAccessionFactory(
        status=status, listing=listing, hidden_at=timezone.now() if hidden else None
    )

    response = client.get(reverse("organizations:profile", args=[accession.organization.slug]))
    missing = client.get(reverse("organizations:profile", args=["0123456789abcdef"]))

    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content


def test_an_organization_without_any_accession_has_no_profile(client):
    organization = OrganizationFactory()

    response = client.get(reverse("organizations:profile", args=[organization.slug]))

    assert response.status_code == 404


@pytest.mark.parametrize("representatives", [1, 5, 20])
def test_the_manage_page_runs_a_fixed_number_of_queries(
    client, edition_1, django_assert_max_num_queries, representatives
):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    for _ in range(representatives - 1):
        organization.representatives.create(user=UserFactory())
    for _ in range(representatives):
        services.invite_representative(user, organization, email=f"{_}@example.org")
    OrganizationAccessionFactory(organization=organization, user=user)
    client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("organizations:manage", args=[organization.slug]))

    assert response.status_code == 200


def test_the_public_profile_runs_a_fixed_number_of_queries(
    client, edition_1, django_assert_max_num_queries
):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)

    # The public version (common/page_cache.py), the profile's row.
    with django_assert_max_num_queries(2):
        client.get(reverse("organizations:profile", args=[accession.organization.slug]))


# Invitations cannot be turned into a mailing machine


def test_invitations_are_limited_per_account(client, edition_1):
    user = UserFactory()
    client.force_login(user)
    organizations = [OrganizationFactory(representative=user) for _ in range(3)]

    statuses = [
        invite(client, organizations[n % 3], f"stranger{n}@example.org").status_code
        for n in range(21)
    ]

    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert "Too many attempts" in invite(client, organizations[0], "x@example.org").content.decode()
    assert Invitation.objects.count() == 20


def test_invitations_are_limited_per_organization(client, edition_1, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invite": "100/d/user,3/d/key"}
    organization = OrganizationFactory()
    representatives = [organization.representatives.first().user, UserFactory(), UserFactory()]
    for representative in representatives[1:]:
        organization.representatives.create(user=representative)

    statuses = []
    for n, representative in enumerate(representatives + representatives[:1]):
        client.force_login(representative)
        statuses.append(invite(client, organization, f"stranger{n}@example.org").status_code)

    assert statuses == [302, 302, 302, 429]
    assert organization.invitations.count() == 3


def test_one_address_has_one_pending_invitation_per_organization(
    client, edition_1, django_capture_on_commit_callbacks
):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, organization, "colleague@example.org")
        response = invite(client, organization, "Colleague@example.org")

    assert organization.invitations.count() == 1
    assert len(mail.outbox) == 1
    assert "already been invited" in client.get(response["Location"]).content.decode()


def test_inviting_again_after_expiry_renews_the_invitation(edition_1):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    first = services.invite_representative(user, organization, email="colleague@example.org")
    Invitation.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    renewed = services.invite_representative(user, organization, email="colleague@example.org")

    assert renewed.pk == first.pk
    assert renewed.token != first.token
    assert renewed.is_usable
    assert organization.invitations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_invitations_to_one_address_create_one(edition_1):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")
    user = UserFactory()
    organization = OrganizationFactory(representative=user)

    def invite_once():
        services.invite_representative(user, organization, email="colleague@example.org")

    outcomes = at_once(*[invite_once] * 4, refused=services.OrganizationError)

    assert sorted(outcomes) == ["done"] + ["refused"] * 3
    assert organization.invitations.count() == 1


# Representatives are named by public ids, and bad input is a 400


def test_the_manage_page_names_seats_by_public_id_not_by_sequence(client, edition_1):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    seat = organization.representatives.create(user=UserFactory())
    client.force_login(user)

    content = client.get(reverse("organizations:manage", args=[organization.slug])).content
    inputs = re.findall(rb'name="representative" value="([^"]*)"', content)

    assert seat.public_id.encode() in inputs
    assert all(re.fullmatch(rb"[0-9a-f]{16}", value) for value in inputs)


@pytest.mark.parametrize("value", ["", "1", "x" * 16, "0" * 17])
def test_a_malformed_removal_is_a_400_and_removes_nobody(client, edition_1, value):
    user = UserFactory()
    organization = OrganizationFactory(representative=user)
    organization.representatives.create(user=UserFactory())
    client.force_login(user)

    response = client.post(
        reverse("organizations:remove", args=[organization.slug]), {"representative": value}
    )

    assert response.status_code == 400
    assert organization.representatives.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_organization_edit_and_an_accession_for_it_at_once_never_deadlock(
    edition_1, monkeypatch
):
    """The edit locks the organization, then its signatory; the accession locks the signatory,
    then checks its foreign key to the organization. Neither may wait for the other."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks are tested on PostgreSQL; SQLite serialises")
    from accession import services as accession_services

    accession = OrganizationAccessionFactory(status=Status.WITHDRAWN)
    organization, user = accession.organization, accession.user
    send = services.profile_changed.send

    def after_a_pause(*args, **kwargs):
        time.sleep(0.5)  # the accession takes the signatory meanwhile
        return send(*args, **kwargs)

    monkeypatch.setattr(services.profile_changed, "send", after_a_pause)

    def edit():
        services.update_organization(user, organization, fields={"name": "Renamed"})

    def accede():
        time.sleep(0.1)  # the edit holds the organization by now
        accession_services.submit_for_organization(
            user,
            OrganizationAccessionFactory.build(organization=organization, signatory=None),
            organization=organization,
            edition=edition_1,
            listing="listed",
        )

    assert at_once(edit, accede) == ["done", "done"]


def test_an_invalid_invitation_address_comes_back_with_its_error_and_as_typed(client):
    representative = UserFactory()
    organization = OrganizationFactory(representative=representative)
    client.force_login(representative)

    response = invite(client, organization, "colleague@example")

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#id_email"' in content
    assert 'value="colleague@example"' in content
    assert not Invitation.objects.exists()
