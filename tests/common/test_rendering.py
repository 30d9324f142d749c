"""Addresses and labels for pages of many rows, the same as reverse() and get_FOO_display()."""

import pytest
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import override

from accession.models import Status
from common.regions import Region
from common.rendering import Labels, address, addresses


@pytest.mark.parametrize("language", ["en", "be", "ru"])
@pytest.mark.parametrize(
    ("name", "argument"),
    [("registry:entry", "0123456789abcdef"), ("organizations:profile", "viasna-centre")],
)
def test_an_address_is_what_reverse_gives_in_each_language(name, argument, language):
    with override(language):
        assert address(name, argument) == reverse(name, args=[argument])
        assert addresses(name)(argument) == reverse(name, args=[argument])


def test_an_address_without_a_language_stays_without_one():
    with override("be"):
        assert address("open_data:badge", "0123456789abcdef") == reverse(
            "open_data:badge", args=["0123456789abcdef"]
        )


@pytest.mark.parametrize("language", ["en", "be"])
def test_labels_are_the_choices_labels_in_the_language_of_the_page(language):
    with override(language):
        labels = Labels(Region.choices)

        assert labels[Region.GRODNO] == str(Region.GRODNO.label)


def test_a_value_without_a_label_stands_for_itself_unless_told_otherwise():
    assert Labels(Status.choices)["nowhere"] == "nowhere"
    assert Labels(Status.choices, unknown="")["nowhere"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/en/registry/?kind=organization&q=%D0%B0", "/be/registry/0123456789abcdef/", "/ru/x/"]
)
def test_the_alternates_of_a_page_are_what_translate_url_gives(client, path):
    response = client.get(path)

    assert response.context["languages"] == [
        {"code": code, "name": name, "url": settings.SITE_URL + translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]
