import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    CoordinatorFactory,
    UserFactory,
    emailed_code,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a different horse battery"


def code_in_last_email():
    return emailed_code(mail.outbox[-1])


def sign_up(client, email="defender@example.org"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_a_confirmation_code_and_does_not_log_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["defender@example.org"]
    assert code_in_last_email()
    assert "_auth_user_id" not in client.session


def test_entering_the_emailed_code_confirms_the_address_and_logs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)

    response = client.post(
        reverse("account_email_verification_sent"), {"code": code_in_last_email()}
    )

    assert EmailAddress.objects.get(email="defender@example.org").verified
    assert response.status_code == 302
    assert response["Location"] == reverse("account_home")
    assert client.get(reverse("account_home")).status_code == 200


def test_a_wrong_code_confirms_nothing(client):
    sign_up(client)

    client.post(reverse("account_email_verification_sent"), {"code": "BCDF-GHJK"})

    assert not EmailAddress.objects.get(email="defender@example.org").verified
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_user_cannot_log_in(client):
    sign_up(client)
    client.logout()
    mail.outbox.clear()
    cache.clear()  # allauth sends one address a code at most every ten seconds

    response = log_in(client, "defender@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("account_home")).status_code == 302


def test_a_wrong_password_gives_a_form_error(client):
    user = UserFactory()

    response = log_in(client, user.email, "not the password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_with_the_emailed_code(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})

    client.post(reverse("account_confirm_password_reset_code"), {"code": code_in_last_email()})
    client.post(
        reverse("account_complete_password_reset"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert log_in(client, user.email, PASSWORD).status_code == 200
    assert log_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("account_home")


def test_a_wrong_reset_code_changes_no_password(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})

    client.post(reverse("account_confirm_password_reset_code"), {"code": "BCDF-GHJK"})
    client.post(
        reverse("account_complete_password_reset"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert log_in(client, user.email, NEW_PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_log_out_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_account_page_needs_login(client):
    response = client.get(reverse("account_home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_use_the_site_layout(client, url_name):
    content = client.get(reverse(url_name)).content.decode()

    assert 'class="site-header"' in content
    assert "/static/css/site.css" in content


def log_in_and_confirm_password(client, user):
    log_in(client, user.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_totp_setup_page_shows_its_qr_code_under_the_csp(client):
    log_in_and_confirm_password(client, UserFactory())

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    assert re.search(r'<img[^>]+src="data:image/svg\+xml;base64,', response.content.decode())
    policy = response["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_totp_setup_right_after_logging_in_asks_for_no_password_again(client):
    log_in(client, UserFactory().email)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200


def logged_in_long_ago(client):
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1
    session.save()


def test_totp_setup_long_after_logging_in_asks_for_the_password_again(client):
    log_in(client, UserFactory().email)
    logged_in_long_ago(client)

    response = client.get(reverse("mfa_activate_totp"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_totp_setup_after_a_forced_login_asks_for_the_password(client):
    """No login was recorded in this session, so nothing recent vouches for the person."""
    client.force_login(UserFactory())

    response = client.get(reverse("mfa_activate_totp"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_turning_two_factor_off_right_after_logging_in_still_asks_for_the_password(client):
    """Only a first second factor is set up on the strength of a fresh login: a session taken
    over must not be able to disarm the account."""
    user = with_totp(UserFactory())
    log_in(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    response = client.get(reverse("mfa_deactivate_totp"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_security_key_setup_is_offered(client):
    log_in_and_confirm_password(client, UserFactory())

    response = client.get(reverse("mfa_add_webauthn"))

    assert response.status_code == 200
    assert "mfa/js/webauthn.js" in response.content.decode()


def test_user_e_mail_is_stored_lower_case_and_unique_whatever_the_case():
    User.objects.create_user("Defender@Example.org", PASSWORD)

    assert User.objects.get().email == "defender@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user("DEFENDER@example.org", PASSWORD)


def test_superuser_is_staff():
    admin = User.objects.create_superuser("admin@example.org", PASSWORD)

    assert admin.is_staff and admin.is_superuser


def current_totp_code(secret):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_activating_the_authenticator_app_also_creates_recovery_codes(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    user = UserFactory()
    log_in_and_confirm_password(client, user)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]

    client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})

    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_a_wrong_authenticator_code_activates_nothing(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    user = UserFactory()
    log_in_and_confirm_password(client, user)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    wrong = f"{(int(current_totp_code(secret)) + 500_000) % 1_000_000:06d}"

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


# A coordinator sent to set up two-factor authentication comes back to where they were going


def activate_totp(client):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    return client.post(
        reverse("mfa_activate_totp"), {"code": current_totp_code(secret)}, follow=True
    )


def test_after_setting_up_two_factors_a_coordinator_is_offered_the_page_they_asked_for(
    client, edition_1
):
    coordinator = CoordinatorFactory(totp=False)
    accession = AccessionFactory()
    wanted = reverse("review:request", args=[accession.public_id])
    log_in(client, coordinator.email)
    assert client.get(wanted)["Location"] == reverse("mfa_index")

    page = activate_totp(client)

    assert page.request["PATH_INFO"] == reverse("mfa_view_recovery_codes")
    assert f'<a href="{wanted}">Continue where you were going</a>' in page.content.decode()


def test_the_way_back_is_offered_only_once_two_factors_are_on(client, edition_1):
    coordinator = CoordinatorFactory(totp=False)
    log_in(client, coordinator.email)
    client.get(reverse("review:queue"))

    content = client.get(reverse("mfa_index")).content.decode()

    assert "Continue where you were going" not in content


def test_the_way_back_keeps_no_query_which_may_hold_a_name(client, edition_1):
    coordinator = CoordinatorFactory(totp=False)
    log_in(client, coordinator.email)
    client.get(reverse("review:queue") + "?q=Nasta+Loika")

    page = activate_totp(client)

    assert "Loika" not in page.content.decode()
    assert f'<a href="{reverse("review:queue")}">' in page.content.decode()


def test_reaching_the_desk_ends_the_offer_of_the_way_back(client, edition_1):
    coordinator = CoordinatorFactory(totp=False)
    log_in(client, coordinator.email)
    client.get(reverse("review:queue"))
    activate_totp(client)

    client.get(reverse("review:queue"))

    assert "Continue where you were going" not in client.get(reverse("mfa_index")).content.decode()


def test_a_code_from_the_step_just_past_still_logs_in(client):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from tests.factories import TOTP_SECRET

    user = with_totp(UserFactory())
    log_in(client, user.email)
    previous = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30 - 1))

    response = client.post(reverse("mfa_authenticate"), {"code": previous})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
