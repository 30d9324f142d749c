"""An invitation opened while logged out: the login and sign-up pages say one is waiting, and after
signing up and confirming the address the person lands on it, to accept it with one button."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from organizations import services
from organizations.models import Invitation
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, emailed_code

pytestmark = pytest.mark.django_db

INVITED = "colleague@example.org"
WAITING = "An invitation to represent an organization is waiting"


@pytest.fixture
def organization():
    return OrganizationFactory(name="Viasna Human Rights Centre")


@pytest.fixture
def invitation(organization):
    return services.invite_representative(
        organization.representatives.get().user, organization, email=INVITED
    )


def invitation_url(invitation):
    return reverse("organizations:accept_invitation", args=[invitation.token])


def sign_up_and_confirm(client, email, next_url, capture):
    with capture(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": next_url},
        )
    return client.post(
        reverse("account_email_verification_sent"), {"code": emailed_code(mail.outbox[-1])}
    )


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_the_login_and_sign_up_pages_say_an_invitation_is_waiting(client, invitation, page):
    response = client.get(reverse(page), {"next": invitation_url(invitation)})

    assert WAITING in response.content.decode()


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_the_waiting_invitation_does_not_name_the_organization(client, invitation, page):
    response = client.get(reverse(page), {"next": invitation_url(invitation)})

    assert "Viasna" not in response.content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "",
        "/en/accession/new/",
        "https://evil.example/en/organizations/invitations/" + "t" * 43 + "/",
        "/en/organizations/invitations/not-a-token/",
    ],
)
def test_the_login_page_says_nothing_of_an_invitation_when_not_returning_to_one(client, next_url):
    response = client.get(reverse("account_login"), {"next": next_url})

    assert response.status_code == 200
    assert WAITING not in response.content.decode()


def test_the_invited_person_signs_up_and_lands_on_the_invitation(
    client, invitation, django_capture_on_commit_callbacks
):
    response = sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )

    assert response["Location"] == invitation_url(invitation)
    assert client.get(response["Location"]).status_code == 200


def test_landing_on_the_invitation_does_not_accept_it_without_the_button(
    client, invitation, organization, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )

    client.get(invitation_url(invitation))

    assert organization.representatives.count() == 1


def test_the_invited_person_accepts_with_one_button_after_signing_up(
    client, invitation, organization, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )

    response = client.post(invitation_url(invitation))

    assert response["Location"] == reverse("organizations:manage", args=[organization.slug])
    assert organization.representatives.filter(user__email=INVITED).exists()


def test_someone_signing_up_with_another_address_cannot_accept_the_invitation(
    client, invitation, organization, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client,
        "someone.else@example.org",
        invitation_url(invitation),
        django_capture_on_commit_callbacks,
    )

    response = client.post(invitation_url(invitation), follow=True)

    assert "sent to another address" in response.content.decode()
    assert organization.representatives.count() == 1


def test_an_invitation_expired_while_signing_up_is_refused_with_a_message(
    client, invitation, organization, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.post(invitation_url(invitation), follow=True)

    assert "has expired or has already been used" in response.content.decode()
    assert organization.representatives.count() == 1


def test_an_invitation_used_by_the_time_the_person_signed_up_is_refused_with_a_message(
    client, invitation, organization, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())

    response = client.post(invitation_url(invitation), follow=True)

    assert "has expired or has already been used" in response.content.decode()
    assert not organization.representatives.filter(user__email=INVITED).exists()


def test_an_invitation_cannot_be_accepted_with_an_unconfirmed_address(invitation, organization):
    unconfirmed = UserFactory(email=INVITED, verified=False)

    with pytest.raises(services.OrganizationError, match="Confirm your e-mail address"):
        services.accept_invitation(unconfirmed, invitation.token)

    assert organization.representatives.count() == 1


@pytest.mark.parametrize(
    ("code", "waiting"),
    [("be", "Вас чакае запрашэнне"), ("ru", "Вас ждёт приглашение")],
)
def test_the_waiting_invitation_is_told_in_the_readers_language(client, invitation, code, waiting):
    # The request leaves its language active: restored afterwards for the tests that follow.
    with translation.override(None):
        response = client.get(
            f"/{code}/accounts/login/",
            {"next": f"/{code}/organizations/invitations/{invitation.token}/"},
        )

    assert waiting in response.content.decode()


def test_the_invitation_page_names_the_organization_to_the_person_invited(
    client, invitation, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )

    content = client.get(invitation_url(invitation)).content.decode()

    assert "You have been invited to represent Viasna Human Rights Centre." in content
    assert ">Accept</button>" in content


def test_the_invitation_page_names_no_organization_to_another_address_and_offers_no_button(
    client, invitation, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client,
        "someone.else@example.org",
        invitation_url(invitation),
        django_capture_on_commit_callbacks,
    )

    content = client.get(invitation_url(invitation)).content.decode()

    assert "sent to another address" in content
    assert "Viasna" not in content
    assert ">Accept</button>" not in content


def test_an_expired_invitation_says_so_before_any_button(
    client, invitation, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, INVITED, invitation_url(invitation), django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    content = client.get(invitation_url(invitation)).content.decode()

    assert "has expired or has already been used" in content
    assert ">Accept</button>" not in content
