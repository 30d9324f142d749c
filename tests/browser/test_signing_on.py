import re

from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from accession.models import Accession, Listing
from organizations.models import Organization
from tests.browser.steps import log_in, sign_up_and_confirm, tick_the_three_confirmations
from tests.factories import AccessionFactory, UserFactory, signatory


def test_an_individual_signs_up_and_accedes_in_their_own_name_listed_by_initials(page, edition_1):
    sign_up_and_confirm(page, "defender@example.org")

    page.get_by_role("link", name="My accession").click()
    page.get_by_role("link", name="Accede in my own name").click()
    expect(page.get_by_role("heading", name="Accede in your own name")).to_be_visible()
    page.get_by_label("Legal name:").fill("Aliaksandra Ivanova")
    page.get_by_label("Public name:").fill("Sasha Ivanova")
    page.get_by_role("radio", name="initials and region").check()
    page.get_by_label("Region:", exact=True).select_option(label="Vitebsk region")
    tick_the_three_confirmations(page)
    page.get_by_role("button", name="Submit my accession").click()

    expect(page.get_by_role("heading", name="My accession")).to_be_visible()
    expect(page.locator("#status")).to_have_text("submitted")
    expect(page.get_by_text("Your accession has been submitted for review.")).to_be_visible()
    assert Accession.objects.count() == 1
    assert signatory(Accession.objects.get()).listing == Listing.INITIALS


def test_a_representative_registers_an_organization_and_an_invited_co_representative_accedes_for_it(
    page, new_context, live_server, edition_1
):
    representative = UserFactory()
    co_representative = UserFactory(email="co-representative@example.org")

    log_in(page, representative.email)
    page.goto("/organizations/new/")
    page.get_by_label("Name:", exact=True).fill("Viasna Human Rights Centre")
    page.get_by_label("Kind:").select_option(label="human rights organization")
    page.get_by_label("Registration status:").select_option(label="liquidated by the authorities")
    page.get_by_label("Region:").select_option(label="Minsk city")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Viasna Human Rights Centre")).to_be_visible()
    expect(page.get_by_text("You are its representative.")).to_be_visible()

    page.get_by_label("E-mail address of the co-representative").fill(co_representative.email)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("The invitation has been sent.")).to_be_visible()
    invitation = mail.outbox[-1]
    assert invitation.to == [co_representative.email]
    link = re.search(r"https?://\S+/organizations/invitations/\S+", invitation.body).group(0)
    assert link.startswith(settings.SITE_URL)
    link = live_server.url + link.removeprefix(settings.SITE_URL)

    other = new_context().new_page()
    log_in(other, co_representative.email)
    other.goto(link)
    other.get_by_role("button", name="Accept").click()
    expect(other.get_by_text("You now represent Viasna Human Rights Centre.")).to_be_visible()

    other.get_by_role("link", name="Accede on behalf of the organization").click()
    expect(
        other.get_by_role("heading", name="Accede on behalf of Viasna Human Rights Centre")
    ).to_be_visible()
    other.get_by_label("Basis of authority:").fill("Decision of the board, minutes no. 4")
    other.get_by_label("Date of the decision:").fill("2026-03-12")
    other.get_by_role("radio", name="listed with the public profile").check()
    tick_the_three_confirmations(other)
    other.get_by_role("button", name="Submit the accession").click()

    expect(
        other.get_by_role("heading", name="Accession of Viasna Human Rights Centre")
    ).to_be_visible()
    expect(other.locator("#status")).to_have_text("submitted")

    organization = Organization.objects.get(name="Viasna Human Rights Centre")
    assert organization.representatives.count() == 2
    accession = organization.accessions.get()
    assert signatory(accession).listing == Listing.LISTED
    assert accession.user == co_representative


def test_a_signatory_hides_their_approved_accession_with_one_click(page, edition_1):
    user = UserFactory()
    accession = AccessionFactory(status="approved", user=user)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    log_in(page, user.email)
    page.get_by_role("link", name="My accession").click()
    page.get_by_role("link", name="In my own name", exact=True).click()
    expect(page.locator("#status")).to_have_text("approved")
    page.get_by_role("main").get_by_role("button", name="Hide me now").click()

    expect(page.get_by_text("Done: you no longer appear anywhere public.")).to_be_visible()
    expect(page.get_by_text("hidden from every public page", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Hide me now")).to_have_count(0)
    assert dialogs == []
    accession.refresh_from_db()
    assert signatory(accession).hidden_at is not None
