"""The Principles in the reader's language: only texts the coordinators publish; else English."""

import pytest
from django.urls import reverse
from django.utils import translation

from accession.models import Accession
from principles.models import Edition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(client, name="home", language="be", **kwargs):
    with translation.override(language):
        return client.get(reverse(name, **kwargs))


def test_the_text_published_in_the_readers_language_is_shown(client, edition_1_be):
    response = page(client)

    content = response.content.decode()
    assert "Тэставы тэкст Прынцыпаў" in content
    assert '<article class="edition" lang="be">' in content
    assert response.context["untranslated"] is False


def test_without_a_published_text_the_english_one_is_shown_and_said_to_be(client, edition_1):
    response = page(client, language="ru")

    content = response.content.decode()
    assert '<article class="edition" lang="en">' in content
    assert response.context["untranslated"] is True
    assert 'class="notice" lang="ru"' in content


def test_the_english_reader_gets_no_notice(client, edition_1_be):
    response = page(client, language="en")

    assert response.context["untranslated"] is False
    assert "Тэставы" not in response.content.decode()


def test_an_accession_records_the_text_read(client, edition_1_be):
    client.force_login(UserFactory())
    data = {
        "legal_name": "Наста Лойка",
        "public_name": "Наста Лойка",
        "listing": "initials",
        "region": "brest",
        "accepts_principles": "on",
        "acts_peacefully": "on",
        "consents_to_processing": "on",
    }

    with translation.override("be"):
        client.post(reverse("accession:accede"), data)

    accession = Accession.objects.get()
    assert (accession.edition.language, accession.edition_number) == ("be", 1)
    assert accession.edition_fingerprint == edition_1_be.fingerprint
    assert accession.edition_fingerprint != Edition.objects.get(language="en").fingerprint


def test_a_newer_edition_supersedes_the_older_in_every_language(edition_1_be, edition_2):
    edition_1_be.refresh_from_db()

    assert edition_1_be.status == Edition.Status.SUPERSEDED
    assert Edition.objects.filter(status=Edition.Status.CURRENT).count() == 1


def test_the_current_edition_not_yet_translated_is_read_in_english(client, edition_1_be, edition_2):
    response = page(client)

    assert response.context["edition"] == edition_2
    assert response.context["untranslated"] is True


def test_a_comparison_compares_texts_of_one_language(client, edition_1_be, edition_2):
    response = page(client, "principles:compare", args=[1, 2])

    assert response.status_code == 200
    assert {response.context["old"].language, response.context["new"].language} == {"en"}
