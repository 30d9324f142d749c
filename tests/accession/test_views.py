import pytest
from django.urls import reverse

from accession import services
from accession.models import Accession, Listing, Status
from tests.factories import (
    AccessionFactory,
    ClaimFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db


def individual_data(**overrides):
    return {
        "legal_name": "Nasta Loika",
        "public_name": "Nasta Loika",
        "listing": "initials",
        "region": "brest",
        "affiliation": "",
        "statement": "",
        "accepts_principles": "on",
        "acts_peacefully": "on",
        "consents_to_processing": "on",
        **overrides,
    }


def organization_data(**overrides):
    return {
        "authority_basis": "Decision of the board, minutes no. 4",
        "authority_date": "2026-03-12",
        "listing": "listed",
        "accepts_principles": "on",
        "acts_peacefully": "on",
        "consents_to_processing": "on",
        **overrides,
    }


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_accession_form_shows_the_edition_number_and_fingerprint(client, signed_in, edition_1):
    content = client.get(reverse("accession:accede")).content.decode()

    assert edition_1.fingerprint in content
    assert "edition 1" in content


def test_an_individual_accedes_and_lands_on_the_accession_page(client, signed_in, edition_1):
    response = client.post(reverse("accession:accede"), individual_data())

    accession = Accession.objects.get()
    assert response["Location"] == accession.get_absolute_url()
    assert signatory(accession).listing == Listing.INITIALS
    assert accession.user == signed_in
    assert "submitted" in client.get(accession.get_absolute_url()).content.decode()


def test_a_double_submit_gives_one_accession_and_a_friendly_message(client, signed_in, edition_1):
    client.post(reverse("accession:accede"), individual_data())

    response = client.post(reverse("accession:accede"), individual_data(), follow=True)

    assert Accession.objects.count() == 1
    assert response.status_code == 200
    assert "You have already acceded to this edition." in response.content.decode()


BAD_INDIVIDUAL_INPUT = {
    "an empty legal name": {"legal_name": ""},
    "an empty public name": {"public_name": "   "},
    "an over-long public name": {"public_name": "я" * 201},
    "a NUL character": {"legal_name": "Nasta\x00Loika"},
    "a control character": {"public_name": "Nasta\x1bLoika"},
    "a right-to-left override": {"public_name": "\u202eakioL atsaN"},
    "a line break in a name": {"public_name": "Nasta\nLoika"},
    "an over-long statement": {"statement": "x" * 3001},
    "an unknown listing": {"listing": "famous"},
    "an organization's listing": {"listing": "listed"},
    "an unknown region": {"region": "siberia"},
    "no region": {"region": ""},
    "principles not accepted": {"accepts_principles": ""},
    "peacefulness not confirmed": {"acts_peacefully": ""},
    "no consent": {"consents_to_processing": ""},
}


@pytest.mark.parametrize("overrides", BAD_INDIVIDUAL_INPUT.values(), ids=BAD_INDIVIDUAL_INPUT)
def test_bad_individual_input_gives_a_form_error_and_saves_nothing(
    client, signed_in, edition_1, overrides
):
    response = client.post(reverse("accession:accede"), individual_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Accession.objects.exists()


def test_cyrillic_and_right_to_left_names_are_accepted_as_written(client, signed_in, edition_1):
    client.post(
        reverse("accession:accede"),
        individual_data(public_name="Наста Лойка", legal_name="ناستا لويكا"),
    )

    accession = Accession.objects.get()
    assert (accession.public_name, accession.legal_name) == ("Наста Лойка", "ناستا لويكا")


def test_a_representative_accedes_for_the_organization(client, signed_in, edition_1):
    organization = OrganizationFactory(representative=signed_in)

    client.post(
        reverse("accession:accede_organization", args=[organization.slug]), organization_data()
    )

    accession = Accession.objects.get()
    assert (accession.kind, accession.organization) == ("organization", organization)


BAD_ORGANIZATION_INPUT = {
    "no basis of authority": {"authority_basis": ""},
    "no date": {"authority_date": ""},
    "an invalid date": {"authority_date": "2026-02-30"},
    "a NUL character": {"authority_basis": "board\x00"},
    "an over-long basis": {"authority_basis": "x" * 2001},
    "an individual's listing": {"listing": "full-name"},
    "no consent": {"consents_to_processing": ""},
}


@pytest.mark.parametrize("overrides", BAD_ORGANIZATION_INPUT.values(), ids=BAD_ORGANIZATION_INPUT)
def test_bad_organization_accession_input_gives_a_form_error_and_saves_nothing(
    client, signed_in, edition_1, overrides
):
    organization = OrganizationFactory(representative=signed_in)

    response = client.post(
        reverse("accession:accede_organization", args=[organization.slug]),
        organization_data(**overrides),
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Accession.objects.exists()


def test_acceding_for_an_organization_one_does_not_represent_is_a_404(client, signed_in, edition_1):
    organization = OrganizationFactory()

    response = client.post(
        reverse("accession:accede_organization", args=[organization.slug]), organization_data()
    )

    assert response.status_code == 404
    assert not Accession.objects.exists()


@pytest.mark.parametrize("name", ["detail", "edit", "withdraw"])
def test_other_peoples_accession_pages_are_404s(client, signed_in, edition_1, name):
    accession = AccessionFactory(status=Status.CHANGES_REQUESTED)

    response = client.get(reverse(f"accession:{name}", args=[accession.public_id]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["listing", "hide", "withdraw"])
def test_other_peoples_accession_actions_are_404s_and_change_nothing(
    client, signed_in, edition_1, name
):
    accession = AccessionFactory(status=Status.APPROVED, listing=Listing.FULL_NAME)

    response = client.post(
        reverse(f"accession:{name}", args=[accession.public_id]), {"listing": "counted"}
    )

    assert response.status_code == 404
    accession.refresh_from_db()
    assert (accession.status, signatory(accession).listing, signatory(accession).hidden_at) == (
        Status.APPROVED,
        Listing.FULL_NAME,
        None,
    )


def test_the_dashboard_needs_login(client):
    response = client.get(reverse("accession:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_with_applicant_data_are_never_cached(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in)

    for url in [reverse("accession:dashboard"), accession.get_absolute_url()]:
        assert "no-store" in client.get(url)["Cache-Control"]


def test_withdrawing_asks_for_confirmation_first(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)

    client.get(reverse("accession:withdraw", args=[accession.public_id]))
    accession.refresh_from_db()
    assert accession.status == Status.APPROVED

    client.post(reverse("accession:withdraw", args=[accession.public_id]), {"reason": ""})
    accession.refresh_from_db()
    assert accession.status == Status.WITHDRAWN


def test_withdrawing_twice_gives_a_message_not_an_error(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)
    url = reverse("accession:withdraw", args=[accession.public_id])
    client.post(url, {"reason": ""})

    response = client.post(url, {"reason": ""}, follow=True)

    assert response.status_code == 200
    assert "no longer open" in response.content.decode()


def test_hide_me_now_is_one_post(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)

    response = client.post(reverse("accession:hide", args=[accession.public_id]))

    assert response.status_code == 302
    assert signatory(accession).hidden_at is not None


def test_hide_me_now_refuses_get(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)

    response = client.get(reverse("accession:hide", args=[accession.public_id]))

    assert response.status_code == 405


def test_changing_the_listing_from_the_accession_page(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)

    client.post(reverse("accession:listing", args=[accession.public_id]), {"listing": "counted"})

    assert signatory(accession).listing == Listing.COUNTED


def test_an_invalid_listing_changes_nothing(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)

    client.post(reverse("accession:listing", args=[accession.public_id]), {"listing": "listed"})

    assert signatory(accession).listing == Listing.FULL_NAME


def test_editing_and_resubmitting_after_changes_were_requested(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.CHANGES_REQUESTED)

    client.post(
        reverse("accession:edit", args=[accession.public_id]),
        individual_data(public_name="N. L."),
    )

    accession.refresh_from_db()
    assert (accession.status, accession.public_name) == (Status.RESUBMITTED, "N. L.")


def test_editing_is_refused_unless_changes_were_requested(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.SUBMITTED)

    client.post(
        reverse("accession:edit", args=[accession.public_id]),
        individual_data(public_name="N. L."),
    )

    accession.refresh_from_db()
    assert (accession.status, accession.public_name) == (Status.SUBMITTED, "Ales Bialiatski")


def test_bad_input_when_resubmitting_saves_nothing(client, signed_in, edition_1):
    accession = AccessionFactory(user=signed_in, status=Status.CHANGES_REQUESTED)

    response = client.post(
        reverse("accession:edit", args=[accession.public_id]),
        individual_data(public_name="\x00"),
    )

    assert response.status_code == 200
    accession.refresh_from_db()
    assert (accession.status, accession.public_name) == (
        Status.CHANGES_REQUESTED,
        "Ales Bialiatski",
    )


def test_the_accession_page_shows_the_timeline(client, signed_in, edition_1):
    accession = services.submit_individual(
        signed_in,
        Accession(
            legal_name="N",
            public_name="N",
            region="brest",
            accepts_principles=True,
            acts_peacefully=True,
            consents_to_processing=True,
        ),
        edition=edition_1,
        listing=Listing.FULL_NAME,
    )
    services.change_listing(signed_in, accession, listing=Listing.COUNTED)
    services.hide_now(signed_in, accession)

    content = client.get(accession.get_absolute_url()).content.decode()

    assert "status: submitted (you)" in content
    assert "listing: counted but not named (you)" in content
    assert "hidden from every public page (you)" in content


def test_reaffirming_prefills_the_form_from_the_earlier_accession(client, signed_in, edition_2):
    from principles.models import Edition

    earlier = AccessionFactory(
        user=signed_in,
        status=Status.APPROVED,
        edition=Edition.objects.get(number=1),
        public_name="Nasta L.",
    )

    response = client.get(reverse("accession:accede") + f"?from={earlier.public_id}")

    form = response.context["form"]
    assert form.initial["public_name"] == "Nasta L."
    assert "accepts_principles" not in form.initial
    assert edition_2.fingerprint in response.content.decode()


def test_reaffirming_from_someone_elses_accession_is_a_404(client, signed_in, edition_1):
    theirs = AccessionFactory(status=Status.APPROVED)

    response = client.get(reverse("accession:accede") + f"?from={theirs.public_id}")

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 5, 20])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, signed_in, edition_1, django_assert_max_num_queries, count
):
    for _ in range(count):
        organization = OrganizationFactory(representative=signed_in)
        OrganizationAccessionFactory(organization=organization, user=signed_in)
        ClaimFactory(user=signed_in)
    AccessionFactory(user=signed_in)

    # Session, user, coordinator?, accessions, organizations, requests to represent one, the
    # header's public entries: however many of each there are.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("accession:dashboard"))

    assert response.status_code == 200


@pytest.mark.parametrize("changes", [1, 5, 20])
def test_the_accession_page_runs_a_fixed_number_of_queries(
    client, signed_in, edition_1, django_assert_max_num_queries, changes
):
    accession = AccessionFactory(user=signed_in, status=Status.APPROVED)
    for number in range(changes):
        listing = Listing.COUNTED if number % 2 else Listing.INITIALS
        services.change_listing(signed_in, accession, listing=listing)

    # Session, user, coordinator?, accession, its history and its signatory's history, the
    # concerns the signatory was asked to respond to, the header's public entries.
    with django_assert_max_num_queries(8):
        response = client.get(accession.get_absolute_url())

    assert response.status_code == 200


# What a signatory consents to is what appears


def test_each_listing_choice_says_what_it_publishes(client, signed_in, edition_1):
    choices = dict(
        client.get(reverse("accession:accede")).context["form"].fields["listing"].choices
    )

    assert "name and your region appear" in choices["full-name"]
    assert "initials of your public name and your region" in choices["initials"]
    assert "nothing about you appears" in choices["counted"]


def test_the_listing_form_shows_the_public_line_of_each_choice(client, signed_in, edition_1):
    accession = AccessionFactory(
        user=signed_in, status=Status.APPROVED, public_name="Nasta Loika", region="brest"
    )

    content = client.get(accession.get_absolute_url()).content.decode()

    assert "Shown as: Nasta Loika, Brest region" in content
    assert "Shown as: N. L., Brest region" in content
    assert "Not shown." in content


@pytest.mark.parametrize("listing, name", [("full-name", "Nasta Loika"), ("initials", "N. L.")])
def test_the_registry_shows_exactly_the_line_the_choice_showed(
    client, signed_in, edition_1, listing, name
):
    accession = AccessionFactory(
        user=signed_in,
        status=Status.APPROVED,
        public_name="Nasta Loika",
        region="brest",
        listing=listing,
    )
    promised = client.get(accession.get_absolute_url()).content.decode()

    entry = client.get(reverse("registry:list")).context["entries"][0]

    assert f"Shown as: {entry['name']}, {entry['region_label']}" in promised
    assert entry["name"] == name


def test_the_accession_form_previews_the_public_line_as_you_type(client, signed_in, edition_1):
    content = client.get(reverse("accession:accede")).content.decode()

    assert "data-listing-preview" in content
    assert "/static/js/listing-preview.js" in content


def test_the_privacy_page_says_what_each_listing_publishes(client):
    content = client.get(reverse("privacy")).content.decode()

    assert "your public name and your region" in content
    assert "the initials of your public name and your region" in content
    assert "never broken down" in content


def test_a_response_too_long_to_send_comes_back_with_its_error_and_as_typed(client, edition_1):
    accession = AccessionFactory(status=Status.SUSPENDED)
    client.force_login(accession.user)
    response_text = "x" * 3001

    response = client.post(
        reverse("accession:respond", args=[accession.public_id]), {"response": response_text}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#id_response"' in content
    assert f"{response_text}</textarea>" in content
    accession.refresh_from_db()
    assert accession.signatory_response == ""


def test_hide_me_now_before_approval_says_nothing_is_public_yet(client, edition_1):
    accession = AccessionFactory(status=Status.SUBMITTED)
    client.force_login(accession.user)

    content = client.get(accession.get_absolute_url()).content.decode()

    assert "Nothing about you is public yet" in content
    assert "Immediately removes you" not in content
