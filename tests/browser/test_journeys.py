"""Signatories' journeys on a phone: each finishes where the person was going, in a few taps,
without sideways scrolling."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accession.models import Status
from organizations import services
from tests.browser.steps import assert_fits, log_in
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    OrganizationFactory,
    UserFactory,
    emailed_code,
)
from tests.factories import signatory as stored_signatory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_up_from_the_login_page(page, email):
    """From a login page that knows where the person is going: its own sign-up link, the form,
    and the e-mailed code."""
    page.get_by_role("main").get_by_role("link", name="sign up").click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    assert_fits(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Enter Email Verification Code")).to_be_visible()
    assert_fits(page)
    page.get_by_label("Code").fill(emailed_code(mail.outbox[-1]))
    page.get_by_role("button", name="Confirm").click()


def test_a_visitor_accedes_signs_up_on_a_phone_and_lands_on_the_accession_form(phone, edition_1):
    phone.goto("/en/")
    phone.get_by_role("link", name="Accede in your own name").click()
    expect(phone.get_by_role("heading", name="Sign In")).to_be_visible()
    assert_fits(phone)

    sign_up_from_the_login_page(phone, "defender@example.org")

    expect(phone.get_by_role("heading", name="Accede in your own name")).to_be_visible()
    assert_fits(phone)


def test_an_invitation_opened_logged_out_is_accepted_right_after_signing_up_on_a_phone(
    phone, edition_1
):
    organization = OrganizationFactory(name="Viasna Human Rights Centre")
    invitation = services.invite_representative(
        organization.representatives.get().user, organization, email="colleague@example.org"
    )

    phone.goto(f"/en/organizations/invitations/{invitation.token}/")
    waiting = phone.get_by_text("An invitation to represent an organization is waiting")
    expect(waiting).to_be_visible()
    assert_fits(phone)
    phone.get_by_role("main").get_by_role("link", name="sign up").click()
    expect(waiting).to_be_visible()
    phone.go_back()

    sign_up_from_the_login_page(phone, "colleague@example.org")

    expect(phone.get_by_role("heading", name="Accept the invitation")).to_be_visible()
    assert_fits(phone)
    phone.get_by_role("button", name="Accept").click()
    expect(phone.get_by_text("You now represent Viasna Human Rights Centre.")).to_be_visible()
    assert_fits(phone)
    assert organization.representatives.filter(user__email="colleague@example.org").exists()


def test_a_signatory_with_a_public_entry_hides_from_the_header_on_a_phone(phone, edition_1):
    user = UserFactory()
    accession = AccessionFactory(user=user, status=Status.APPROVED)
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(phone, user.email)
    phone.goto("/en/")
    assert_fits(phone)

    phone.get_by_role("banner").get_by_role("button", name="Hide me now").click()

    expect(phone.get_by_text("Done: you no longer appear anywhere public.")).to_be_visible()
    expect(phone.get_by_text("hidden from every public page", exact=True)).to_be_visible()
    expect(phone.get_by_role("banner").get_by_role("button", name="Hide me now")).to_have_count(0)
    assert_fits(phone)
    assert dialogs == []
    assert stored_signatory(accession).hidden_at is not None
    assert re.search(rf"/accession/{accession.public_id}/$", phone.url)
