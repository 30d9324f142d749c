"""The signatory's page says, like a letter, where their accession stands and what they can do."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accession.letters import letter
from accession.models import Listing, Status
from accession.review import services as review
from tests.factories import (
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
)

pytestmark = pytest.mark.django_db


def letter_on_page(client, accession):
    client.force_login(accession.user)
    content = client.get(accession.get_absolute_url()).content.decode()
    section = re.search(r'<section class="letter".*?</section>', content, re.DOTALL)
    assert section, "the page opens with the letter"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section.group(0))))


@pytest.mark.parametrize(
    ("status", "what", "next_step"),
    [
        (
            Status.SUBMITTED,
            "Your accession has been received",
            "Until then you can change how you will be listed, or withdraw it.",
        ),
        (
            Status.RESUBMITTED,
            "Your changes have been received",
            "Until then you can change how you will be listed, or withdraw it.",
        ),
        (
            Status.CHANGES_REQUESTED,
            "The coordinators ask for changes",
            "Edit your accession and resubmit it.",
        ),
        (Status.REJECTED, "Your accession was rejected", "You may accede again at any time."),
        (
            Status.WITHDRAWN,
            "Your accession has been withdrawn",
            "You may accede again at any time.",
        ),
        (Status.SUSPENDED, "Your entry is suspended", "You can send them your response."),
        (
            Status.EXPELLED,
            "Your accession has ended in expulsion",
            "This accession is closed; nothing more is needed from you.",
        ),
        (
            Status.SUPERSEDED,
            "This accession has been superseded",
            "Follow the newer accession from My accession.",
        ),
    ],
)
def test_the_page_says_what_happened_and_what_to_do_next_in_every_status(
    client, edition_1, status, what, next_step
):
    text = letter_on_page(client, AccessionFactory(status=status))

    assert what in text
    assert next_step in text


def test_an_approval_names_the_entry_as_the_registry_shows_it(client, edition_1):
    accession = AccessionFactory(
        status=Status.APPROVED, public_name="Nasta Loika", region="brest", listing="initials"
    )

    text = letter_on_page(client, accession)

    assert "Your accession is approved" in text
    assert "Your entry is in the registry as you chose: N. L., Brest region." in text
    assert "You can change how you are listed, or hide your entry, at any time." in text


def test_an_approval_of_an_organization_names_it_as_the_registry_shows_it(client, edition_1):
    accession = OrganizationAccessionFactory(status=Status.APPROVED)

    text = letter_on_page(client, accession)

    assert f"as you chose: {accession.organization.name}, Grodno region." in text


def test_an_approval_counted_but_not_named_says_so(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED, listing=Listing.COUNTED)

    text = letter_on_page(client, accession)

    assert "You are counted in the registry's total but not named, as you chose." in text


def test_an_approval_while_hidden_says_how_to_appear_again(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED, hidden_at=timezone.now())

    text = letter_on_page(client, accession)

    assert "Your entry is hidden from every public page, as you asked." in text
    assert "Choose a listing to appear again." in text


def test_changes_requested_leads_straight_to_the_edit_form(client, edition_1):
    accession = AccessionFactory(status=Status.CHANGES_REQUESTED)
    client.force_login(accession.user)

    content = client.get(accession.get_absolute_url()).content.decode()

    assert content.count(reverse("accession:edit", args=[accession.public_id])) == 1


def test_a_rejection_offers_to_accede_again(client, edition_1):
    accession = AccessionFactory(status=Status.REJECTED)
    client.force_login(accession.user)

    content = client.get(accession.get_absolute_url()).content.decode()

    assert f'href="{reverse("accession:accede")}">Accede again</a>' in content


def test_the_coordinators_reason_follows_the_letter(client, edition_1):
    accession = AccessionFactory()
    review.reject(CoordinatorFactory(), accession, reason="Not a defender.")
    client.force_login(accession.user)

    content = client.get(accession.get_absolute_url()).content.decode()

    assert content.index("Your accession was rejected") < content.index("Not a defender.")


def test_a_letter_for_e_mail_names_the_listing_choice_not_the_name(edition_1):
    accession = AccessionFactory(status=Status.APPROVED, public_name="Nasta Loika")

    written = letter(accession, names=False)

    assert written.meaning == "Your entry is in the registry as you chose: full name and region."


def test_a_letter_tells_of_the_status_it_is_asked_about(edition_1):
    accession = AccessionFactory(status=Status.SUSPENDED)

    assert letter(accession, Status.APPROVED).title == "Your accession is approved"
