"""The site in Belarusian, Russian and English: chosen by the reader, remembered, complete."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from accession.models import Status
from accession.review import services as review
from accounts.models import User
from organizations.services import invite_representative
from tests.accession.registry.test_privacy_matrix import whole_sitemap
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.security.test_every_page import a_world, concrete, patterns

pytestmark = pytest.mark.django_db

# A catalogue entry: its msgid lines, and the lines of its (first) translation.
ENTRY = (
    r'^msgid ((?:"[^\n]*"\n)+)(?:msgid_plural [^\n]*\n(?:"[^\n]*"\n)*)?'
    r'msgstr(?:\[0\])? ((?:"[^\n]*"\n)+)'
)
CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / "be" / "LC_MESSAGES" / "django.po",
    Path(settings.BASE_DIR) / "allauth_locale" / "be" / "LC_MESSAGES" / "django.po",
]


# Choosing a language


def test_the_switcher_returns_to_the_same_page_in_the_chosen_language(client):
    with translation.override("en"):
        here = reverse("registry:list")

    response = client.post(reverse("set_language"), {"language": "be", "next": here})

    assert response.status_code == 302
    assert response["Location"] == "/be/registry/"


def test_the_choice_is_remembered_for_an_address_without_a_language(client):
    client.post(reverse("set_language"), {"language": "ru", "next": "/en/"})

    response = client.get("/")

    assert response["Location"] == "/ru/"


def test_a_first_visit_follows_the_browsers_languages(client):
    response = client.get("/", headers={"accept-language": "be,ru;q=0.8,en;q=0.5"})

    assert response["Location"] == "/be/"


@pytest.mark.parametrize("code", ["be", "ru", "en"])
def test_every_page_names_its_language_and_lists_its_other_languages(client, edition_1, code):
    with translation.override(code):
        content = client.get(reverse("registry:list")).content.decode()

    assert f'<html lang="{code}">' in content
    for other in ("be", "ru", "en"):
        address = f"{settings.SITE_URL}/{other}/registry/"
        assert f'<link rel="alternate" hreflang="{other}" href="{address}">' in content
    assert '<button type="submit" name="language" value="be" lang="be"' in content
    assert ">Беларуская</button>" in content and ">Русский</button>" in content


def test_the_switcher_works_without_a_csrf_cookie_for_visitors(client):
    client.get(reverse("registry:list"))

    assert "csrftoken" not in client.cookies
    assert client.post(reverse("set_language"), {"language": "be"}).status_code == 302


def test_a_signed_in_persons_choice_is_stored_on_the_account(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "be", "next": "/en/accounts/"})

    user.refresh_from_db()
    assert user.language == "be"


def test_after_logging_in_the_site_speaks_the_accounts_language(client):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(language="ru")

    with translation.override("en"):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )

    assert response["Location"].startswith("/ru/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_a_new_account_reads_the_language_it_signed_up_in(client):
    with translation.override("be"):
        client.post(
            reverse("account_signup"),
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert User.objects.get(email="new@example.org").language == "be"


@pytest.mark.parametrize("code", ["be", "ru"])
def test_the_review_desk_asks_for_two_factors_in_every_language(client, edition_1, code):
    client.force_login(CoordinatorFactory(totp=False))

    with translation.override(code):
        response = client.get(reverse("review:queue"))

    assert response.status_code == 302
    assert "/2fa/" in response["Location"]


@pytest.mark.parametrize("code", ["be", "ru"])
def test_private_pages_are_never_cached_in_every_language(client, edition_1, code):
    client.force_login(UserFactory())

    with translation.override(code):
        response = client.get(reverse("accession:dashboard"))

    assert "no-store" in response["Cache-Control"]


# E-mail in the recipient's language


def test_the_worker_writes_to_each_representative_in_their_language(
    edition_1, django_capture_on_commit_callbacks
):
    accession = OrganizationAccessionFactory(status=Status.SUBMITTED)
    colleague = UserFactory()
    User.objects.filter(pk=colleague.pk).update(language="ru")
    accession.organization.representatives.create(user=colleague)
    User.objects.filter(pk=accession.user.pk).update(language="be")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        review.approve(CoordinatorFactory(), accession)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    for user, code in ((accession.user, "be"), (colleague, "ru")):
        with translation.override(code):
            subject = gettext("You have a new message")
        message = by_recipient[user.email]
        assert message.subject == subject
        assert f"/{code}/accounts/" in message.body


def test_an_invitation_is_written_in_the_inviters_language(
    edition_1, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory()
    inviter = organization.representatives.get().user

    with translation.override("be"), django_capture_on_commit_callbacks(execute=True):
        invite_representative(inviter, organization, email="friend@example.org")

    with translation.override("be"):
        subject = gettext("You have a new message")
    assert mail.outbox[-1].subject == subject
    assert "/be/organizations/invitations/" in mail.outbox[-1].body


def test_timeline_events_are_in_the_readers_language(client, edition_1):
    accession = AccessionFactory(status=Status.SUBMITTED)
    review.approve(CoordinatorFactory(), accession)
    client.force_login(accession.user)

    with translation.override("be"):
        entries = client.get(accession.get_absolute_url()).context["timeline"]
        approved = gettext("approved")
        events = [str(entry.event) for entry in entries]

    assert approved != "approved"
    assert approved in events


# Plural forms


@pytest.mark.parametrize("code", ["be", "ru"])
def test_numbers_meet_nouns_in_the_right_plural_form(code):
    singular, plural = "%(counter)s organization", "%(counter)s organizations"
    with translation.override(code):
        forms = {n: ngettext(singular, plural, n) % {"counter": n} for n in (1, 2, 5, 21)}

    assert len({forms[1].split()[1], forms[2].split()[1], forms[5].split()[1]}) == 3
    assert forms[21].split()[1] == forms[1].split()[1]
    assert all("organization" not in form for form in forms.values())


# No English left on any page


def english_fragments():
    """Runs of English words from every message the site translates: none may appear on a
    page read in Belarusian or Russian (fragments kept as they are in a translation excepted)."""
    fragments = set()
    for catalogue in CATALOGUES:
        text = catalogue.read_text(encoding="utf-8")
        for msgid, msgstr in re.findall(ENTRY, text, re.M):
            english = "".join(re.findall(r'"(.*)"', msgid)).encode().decode("unicode_escape")
            translated = "".join(re.findall(r'"(.*)"', msgstr))
            for fragment in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|[.:;!?()“”\"]", english):
                fragment = " ".join(fragment.split())
                if len(fragment.split()) >= 2 and len(fragment) >= 8 and fragment not in translated:
                    fragments.add(fragment)
    return fragments


class Text(HTMLParser):
    """A page's words as a reader meets them in `language`: text, and the labels of controls
    and images; not scripts, and not what the page marks as written in another language (the
    Principles in English, where their text in the reader's language is not published)."""

    def __init__(self, language):
        super().__init__()
        self.language, self.parts = language, []
        self.skipping, self.depth = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping:
            self.depth += tag == self.skipping
            return
        if tag in {"script", "style"} or attrs.get("lang", self.language) != self.language:
            self.skipping, self.depth = tag, 1
            return
        for name in ("aria-label", "title", "alt", "placeholder"):
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping:
            self.depth -= 1
            if not self.depth:
                self.skipping = None

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def words(response, language):
    parser = Text(language)
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def belarusian_world(edition_1):
    """The walk's world, with names a Belarusian reader would see (nothing English)."""
    return a_world(
        mine={"public_name": "Наста Лойка", "legal_name": "Наста Лойка"},
        organization={"organization": OrganizationFactory(name="Праваабарончы цэнтр", name_be="")},
    )


@pytest.mark.parametrize("who", ["visitor", "signatory", "coordinator"])
@pytest.mark.parametrize("code", ["be", "ru"])
def test_every_page_is_read_without_an_english_sentence(client, belarusian_world, code, who):
    if who != "visitor":
        client.force_login(belarusian_world[who])
    fragments = english_fragments()
    with translation.override(code):
        urls = sorted({concrete(route, belarusian_world["values"]) for route in patterns()})
        urls = [url for url in urls if url.startswith(f"/{code}/")]
        urls += [
            f"/{code}/accounts/{path}"
            for path in [
                "",
                "login/",
                "signup/",
                "password/reset/",
                "2fa/",
                "email/",
                "password/change/",
            ]
        ]

    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        checked += 1
        text = words(response, code)
        left = sorted(fragment for fragment in fragments if fragment in text)
        assert not left, (url, left)
        assert f'<html lang="{code}">' in response.content.decode(), url
    assert checked > 10


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(client, edition_1):
    organization = OrganizationAccessionFactory(status=Status.APPROVED).organization

    content = whole_sitemap(client)

    for code in ("be", "ru", "en"):
        assert f"<loc>http://testserver/{code}/registry/</loc>" in content
        assert f"http://testserver/{code}/organizations/{organization.slug}/" in content
        assert f'hreflang="{code}" href="http://testserver/{code}/registry/"' in content
    assert 'hreflang="x-default"' in content


def test_dates_and_numbers_are_written_the_readers_way(client, edition_1, settings):
    from django.utils import formats

    moment = __import__("datetime").date(2026, 2, 26)
    with translation.override("be"):
        assert formats.date_format(moment, "DATE_FORMAT") == "26 лютага 2026 г."
        assert formats.date_format(moment, "YEAR_MONTH_FORMAT") == "люты 2026 г."
        assert formats.localize(1234567) == "1\xa0234\xa0567"
    with translation.override("ru"):
        assert formats.date_format(moment, "DATE_FORMAT") == "26 февраля 2026 г."


def test_a_signed_in_persons_choice_needs_the_csrf_token(settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "ru", "next": "/en/"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.language == "en"


def test_a_visitors_choice_needs_no_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    assert client.post(reverse("set_language"), {"language": "ru"}).status_code == 302


def test_a_password_reset_is_written_in_the_accounts_language(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(language="be")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})

    with translation.override("be"):
        subject = gettext("You have a new message")
    assert mail.outbox[-1].subject == subject
