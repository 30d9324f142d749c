"""A failed submit is unmissable on every form: a summary at the top linking to each problem,
"Error:" before the page's title, and everything typed and ticked kept."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, AccessionFactory, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The title, the error summary's links and texts, and each input's attributes by id."""

    def __init__(self, html):
        super().__init__()
        self.title = ""
        self.summary = None
        self.links = []
        self.items = []
        self.inputs = {}
        self.ids = set()
        self._in_title = False
        self._summary_depth = 0
        self._in_item = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "title":
            self._in_title = True
        if tag == "div" and "error-summary" in (attrs.get("class") or "").split():
            self.summary = attrs
            self._summary_depth = 1
        elif tag == "div" and self._summary_depth:
            self._summary_depth += 1
        if self._summary_depth and tag == "li":
            self._in_item = True
            self.items.append("")
        if self._summary_depth and tag == "a":
            self.links.append(attrs["href"])
        if tag in {"input", "select", "textarea"} and "id" in attrs:
            self.inputs[attrs["id"]] = attrs

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "div" and self._summary_depth:
            self._summary_depth -= 1
        if tag == "li":
            self._in_item = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_item:
            self.items[-1] += data


def page(response):
    return Page(response.content.decode())


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    client.force_login(user)
    return user


def an_empty_accession(client, **data):
    return client.post(reverse("accession:accede"), {"legal_name": "", **data})


def test_a_failed_accession_submit_lists_each_field_with_a_problem_linked_to_its_input(
    client, signed_in, edition_1
):
    summary = page(an_empty_accession(client))

    assert summary.summary is not None
    assert summary.links == [
        "#id_legal_name",
        "#id_public_name",
        "#id_region",
        "#id_listing_0",
        "#id_accepts_principles",
        "#id_acts_peacefully",
        "#id_consents_to_processing",
    ]
    for link in summary.links:
        assert link.removeprefix("#") in summary.ids


def test_the_summary_says_there_is_a_problem_and_names_each_field(client, signed_in, edition_1):
    response = an_empty_accession(client)

    content = response.content.decode()
    assert "There is a problem" in content
    assert "Legal name: This field is required." in page(response).items


def test_the_summary_takes_the_focus_on_loading_without_javascript(client, signed_in, edition_1):
    summary = page(an_empty_accession(client)).summary

    assert summary["tabindex"] == "-1"
    assert "autofocus" in summary


def test_the_title_starts_with_error_when_a_submit_failed(client, signed_in, edition_1):
    title = page(an_empty_accession(client)).title

    assert title.startswith("Error: Accede in your own name")


def test_a_form_shown_for_the_first_time_has_no_summary_and_no_error_in_the_title(
    client, signed_in, edition_1
):
    shown = page(client.get(reverse("accession:accede")))

    assert shown.summary is None
    assert not shown.title.startswith("Error")


def test_the_title_says_error_in_belarusian_to_a_belarusian_reader(client, signed_in, edition_1):
    with translation.override("be"):
        title = page(an_empty_accession(client)).title

    assert title.startswith("Памылка: ")


def test_each_invalid_input_is_marked_invalid_and_described_by_its_error(
    client, signed_in, edition_1
):
    inputs = page(an_empty_accession(client, public_name="Nasta")).inputs

    assert inputs["id_legal_name"]["aria-invalid"] == "true"
    assert "id_legal_name_error" in inputs["id_legal_name"]["aria-describedby"].split()
    assert "aria-invalid" not in inputs["id_public_name"]


def test_ticked_confirmations_and_the_chosen_listing_survive_a_failed_submit(
    client, signed_in, edition_1
):
    inputs = page(
        an_empty_accession(
            client,
            public_name="Nasta Loika",
            listing="initials",
            region="brest",
            accepts_principles="on",
            acts_peacefully="on",
            consents_to_processing="on",
        )
    ).inputs

    assert inputs["id_public_name"]["value"] == "Nasta Loika"
    listings = {attrs["value"]: attrs for attrs in inputs.values() if attrs["name"] == "listing"}
    assert [value for value, attrs in listings.items() if "checked" in attrs] == ["initials"]
    for name in ["accepts_principles", "acts_peacefully", "consents_to_processing"]:
        assert "checked" in inputs[f"id_{name}"], name


def test_an_error_of_the_whole_form_is_listed_without_a_link(client):
    UserFactory(email="someone@example.org")

    response = client.post(
        reverse("account_login"), {"login": "someone@example.org", "password": "wrong" + PASSWORD}
    )

    summary = page(response)
    assert summary.links == []
    assert any("not correct" in item for item in summary.items)
    assert summary.title.startswith("Error: ")


def test_a_failed_sign_up_lists_its_problems_in_the_sites_layout(client):
    response = client.post(
        reverse("account_signup"), {"email": "not an address", "password1": "x", "password2": "y"}
    )

    summary = page(response)
    assert "#id_email" in summary.links
    assert summary.title.startswith("Error: ")


def test_a_decision_with_too_long_a_reason_lists_the_reason_field(client, edition_1):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    accession = AccessionFactory()
    client.get(reverse("review:request", args=[accession.public_id]))

    response = client.post(
        reverse("review:act", args=[accession.public_id, "reject"]), {"reason": "x" * 3001}
    )

    assert response.status_code == 400
    assert page(response).links == ["#id_reason"]


def test_a_failed_organization_registration_lists_its_problems(client, signed_in):
    response = client.post(reverse("organizations:register"), {"name": ""})

    assert "#id_name" in page(response).links


def test_the_password_help_of_allauth_forms_is_not_a_list_inside_a_paragraph(client):
    content = client.get(reverse("account_signup")).content.decode()

    assert not re.search(r"<p>(?:(?!</p>).)*<ul", content, re.DOTALL)


def test_a_label_that_is_a_sentence_loses_its_full_stop_in_the_summary(
    client, signed_in, edition_1
):
    items = page(an_empty_accession(client)).items

    assert "I act, and will act, peacefully and without violence: This field is required." in items


def test_looking_for_invalid_forms_leaves_the_content_security_policy_without_a_nonce(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})

    assert "nonce-" not in response["Content-Security-Policy"]
