"""What the site's e-mail tells: to its recipient, and to someone glancing at their lock screen."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accession import events
from accession.letters import STATUS_AFTER
from accession.models import Status
from accession.tasks import send_accession_email
from accounts.models import User
from organizations.services import invite_representative
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "be", "ru"]
# Words that tell what the site is for, as stems, so that every inflection is caught (the
# glossary's terms: locale/GLOSSARY.md).
PURPOSE_WORDS = {
    "en": ["accession", "accede", "principle", "registry", "signator", "coordinator", "human"],
    "be": ["далуч", "прынцып", "рэестр", "падпісант", "каардынатар", "чалавек", "праваабарон"],
    "ru": ["присоедин", "принцип", "реестр", "подписант", "координатор", "человек", "правозащ"],
}
# The statuses an e-mail about an accession can tell, one mail each.
ACCESSION_EVENTS = list(STATUS_AFTER)


def first_line(message):
    return next(line for line in message.body.splitlines() if line.strip())


def revealing_words(text, code):
    """The purpose words and accession statuses, in language `code`, that `text` contains."""
    with translation.override(code):
        statuses = [str(label) for _value, label in Status.choices]
    text = text.casefold()
    return [word for word in PURPOSE_WORDS[code] + statuses if word.casefold() in text]


def set_language(user, code):
    User.objects.filter(pk=user.pk).update(language=code)


def mail_about(accession, event):
    mail.outbox.clear()
    send_accession_email.call(accession.pk, event)
    return mail.outbox[-1]


def mail_in(capture_on_commit, code, kind):
    """The e-mail of `kind` sent to someone whose language is `code`."""
    mail.outbox.clear()
    with translation.override(code), capture_on_commit(execute=True):
        send(code, kind)
    return mail.outbox[-1]


def send(code, kind):
    if kind == "invitation":
        organization = OrganizationFactory(name="Viasna")
        invite_representative(
            organization.representatives.get().user, organization, email="friend@example.org"
        )
    else:
        known = UserFactory(email="known@example.org")
        set_language(known, code)
        account_mail(Client(), kind, known.email)


def account_mail(client, kind, known):
    match kind:
        case "confirmation":
            data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
            client.post(reverse("account_signup"), data)
        case "already-exists":
            data = {"email": known, "password1": PASSWORD, "password2": PASSWORD}
            client.post(reverse("account_signup"), data)
        case "reset":
            client.post(reverse("account_reset_password"), {"email": known})
        case "unknown-account":
            client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})


# Neutral, the default: nothing on a lock screen tells what the site is or what happened.


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("event", ACCESSION_EVENTS)
def test_the_subject_and_first_line_of_accession_mail_reveal_nothing(edition_1, code, event):
    accession = AccessionFactory(status=STATUS_AFTER[event])
    set_language(accession.user, code)

    message = mail_about(accession, event)

    assert revealing_words(message.subject, code) == []
    assert revealing_words(first_line(message), code) == []


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(
    "kind", ["invitation", "confirmation", "already-exists", "reset", "unknown-account"]
)
def test_the_subject_and_first_line_of_every_other_mail_reveal_nothing(
    django_capture_on_commit_callbacks, code, kind
):
    message = mail_in(django_capture_on_commit_callbacks, code, kind)

    assert revealing_words(message.subject, code) == []
    assert revealing_words(first_line(message), code) == []
    assert "testserver" not in first_line(message)
    assert "Viasna" not in message.subject + first_line(message)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_subject_is_the_same_neutral_line_in_the_recipients_language(edition_1, code):
    accession = AccessionFactory(status=Status.APPROVED)
    set_language(accession.user, code)

    message = mail_about(accession, events.APPROVED)

    with translation.override(code):
        assert message.subject == gettext("You have a new message")
    assert (message.subject == "You have a new message") == (code == "en")


def test_neutral_accession_mail_links_to_the_account_page_and_says_nothing_more(edition_1):
    accession = AccessionFactory(status=Status.REJECTED, public_name="Nasta Loika")

    body = mail_about(accession, events.REJECTED).body

    assert f"http://127.0.0.1:8000{reverse('account_home')}" in body
    assert accession.public_id not in body
    assert "Nasta" not in body
    assert revealing_words(body, "en") == []


@pytest.mark.parametrize("kind", ["confirmation", "reset"])
def test_neutral_account_mail_still_carries_its_code(django_capture_on_commit_callbacks, kind):
    from tests.factories import emailed_code

    message = mail_in(django_capture_on_commit_callbacks, "en", kind)

    assert emailed_code(message)


def test_a_neutral_invitation_keeps_its_link_but_not_the_organizations_name(
    django_capture_on_commit_callbacks,
):
    message = mail_in(django_capture_on_commit_callbacks, "en", "invitation")

    assert "/invitations/" in message.body
    assert "Viasna" not in message.body


# Full: the e-mail itself says what happened and what to do next, never reasons or names.


@pytest.mark.parametrize(
    ("event", "status", "title", "next_step"),
    [
        (
            events.APPROVED,
            Status.APPROVED,
            "Your accession is approved",
            "You can change how you are listed, or hide your entry, at any time.",
        ),
        (
            events.CHANGES_REQUESTED,
            Status.CHANGES_REQUESTED,
            "The coordinators ask for changes",
            "Edit your accession and resubmit it.",
        ),
        (
            events.REJECTED,
            Status.REJECTED,
            "Your accession was rejected",
            "You may accede again at any time.",
        ),
        (
            events.SUSPENDED,
            Status.SUSPENDED,
            "Your entry is suspended",
            "You can send them your response.",
        ),
    ],
)
def test_full_mail_says_what_happened_and_what_to_do_next(
    settings, edition_1, event, status, title, next_step
):
    settings.MAIL_DETAIL = "full"
    accession = AccessionFactory(status=status)

    message = mail_about(accession, event)

    assert message.subject == f"[Principles Registry] {title}"
    assert message.body.startswith(f"{title}.")
    assert next_step in message.body
    assert f"http://127.0.0.1:8000{accession.get_absolute_url()}" in message.body


def test_full_mail_about_an_approval_names_the_listing_choice_not_the_name(settings, edition_1):
    settings.MAIL_DETAIL = "full"
    accession = AccessionFactory(status=Status.APPROVED, public_name="Nasta Loika")

    body = mail_about(accession, events.APPROVED).body

    assert "Your entry is in the registry as you chose: full name and region." in body
    assert "Nasta" not in body


def test_full_mail_follows_the_recipients_language(settings, edition_1):
    settings.MAIL_DETAIL = "full"
    accession = OrganizationAccessionFactory(status=Status.APPROVED)
    set_language(accession.user, "be")

    message = mail_about(accession, events.APPROVED)

    with translation.override("be"):
        assert message.subject.startswith(gettext("[Principles Registry]"))
        assert gettext("Your accession is approved") in message.body


def test_full_account_mail_carries_the_site_name(settings, django_capture_on_commit_callbacks):
    settings.MAIL_DETAIL = "full"

    message = mail_in(django_capture_on_commit_callbacks, "en", "reset")

    assert message.subject.startswith("[Principles Registry] ")
    assert first_line(message) == "Hello from testserver!"


# Who receives it


def test_mail_about_an_organization_reaches_each_representative_alone(edition_1):
    accession = OrganizationAccessionFactory()
    accession.organization.representatives.create(user=UserFactory(email="second@example.org"))
    representatives = set(
        accession.organization.representatives.values_list("user__email", flat=True)
    )

    send_accession_email.call(accession.pk, "submitted")

    assert sorted(message.to for message in mail.outbox) == [
        [email] for email in sorted(representatives)
    ]
    assert all(not message.cc and not message.bcc for message in mail.outbox)
