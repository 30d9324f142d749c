"""The public side of the concern procedure: the procedure page, the form, the case page."""

import pytest
from django.urls import reverse

from accession.concerns import services as concerns
from accession.concerns.models import Concern
from accession.models import Listing, Status
from tests.factories import AccessionFactory, CoordinatorFactory, UserFactory, raise_concern

pytestmark = pytest.mark.django_db

FORM = {
    "signatory_text": "Someone listed",
    "principles": ["4", "15"],
    "account": "They published a client's name.",
    "evidence": "",
    "contact": "",
    "website": "",
}


def new_url(accession=None):
    url = reverse("concerns:new")
    return f"{url}?signatory={accession.signatory.public_id}" if accession else url


def open_case(client, code, **extra):
    return client.post(reverse("concerns:case"), {"code": code, **extra})


def test_the_procedure_page_says_how_concerns_are_handled(client):
    response = client.get(reverse("concerns:procedure"))

    assert response.status_code == 200
    assert "Possible outcomes" in response.text


def test_every_page_links_to_the_procedure_in_its_footer(client):
    response = client.get(reverse("privacy"))

    assert reverse("concerns:procedure") in response.text


def test_a_registry_entry_links_to_the_form_with_its_signatory(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)

    response = client.get(reverse("registry:entry", args=[accession.signatory.public_id]))

    assert new_url(accession) in response.text


def test_the_form_names_a_listed_signatory_instead_of_asking(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED, public_name="Zqx Listedname")

    response = client.get(new_url(accession))

    assert "Zqx Listedname" in response.text
    assert "signatory_text" not in response.context["form"].fields


def test_the_form_ignores_a_signatory_the_registry_does_not_list(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED, listing=Listing.COUNTED)

    response = client.get(new_url(accession))

    assert "signatory_text" in response.context["form"].fields


def test_a_visitor_raises_an_anonymous_concern_and_is_shown_its_code_once(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    data = {key: value for key, value in FORM.items() if key != "signatory_text"}

    response = client.post(new_url(accession), data)

    concern = Concern.objects.get()
    code = response.context["code"]
    assert (concern.signatory, concern.complainant) == (accession.signatory, None)
    assert concerns.find_by_code(code) == concern
    assert code in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_person_may_raise_a_concern_under_their_account(client, edition_1):
    person = UserFactory()
    client.force_login(person)

    response = client.post(reverse("concerns:new"), {**FORM, "under_account": "on"})

    assert Concern.objects.get().complainant == person
    assert response.context["code"] == ""


def test_a_signed_in_person_is_anonymous_unless_they_choose_otherwise(client, edition_1):
    client.force_login(UserFactory())

    client.post(reverse("concerns:new"), FORM)

    assert Concern.objects.get().complainant is None


def test_a_concern_without_a_principle_is_a_form_error(client, edition_1):
    response = client.post(reverse("concerns:new"), {**FORM, "principles": []})

    assert response.status_code == 400
    assert "principles" in response.context["form"].errors
    assert not Concern.objects.exists()


def test_a_concern_without_a_signatory_is_a_form_error(client, edition_1):
    response = client.post(reverse("concerns:new"), {**FORM, "signatory_text": " "})

    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_the_honeypot_filled_in_refuses_the_concern(client, edition_1):
    response = client.post(reverse("concerns:new"), {**FORM, "website": "http://spam.example"})

    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_raising_concerns_is_limited_per_client_address(client, edition_1):
    for _ in range(10):
        client.post(reverse("concerns:new"), FORM)

    response = client.post(reverse("concerns:new"), FORM)

    assert response.status_code == 429
    assert Concern.objects.count() == 10


def test_raising_concerns_is_limited_per_account(client, edition_1):
    client.force_login(UserFactory())
    for _ in range(5):
        client.post(reverse("concerns:new"), FORM)

    response = client.post(reverse("concerns:new"), FORM, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert Concern.objects.count() == 5


def test_the_case_code_opens_the_case_with_the_coordinators_question(client, edition_1):
    concern, code = raise_concern()
    concerns.ask_complainant(
        CoordinatorFactory(), concern, question="QUESTIONMARKER?", internal_note="NOTEMARKER"
    )

    response = open_case(client, code)

    assert response.status_code == 200
    assert "QUESTIONMARKER?" in response.text
    assert "NOTEMARKER" not in response.text


def test_the_case_page_never_shows_the_signatorys_side(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    concern, code = raise_concern(accession)
    concerns.ask_signatory(CoordinatorFactory(), concern, question="ASKSIGNATORYMARKER")
    concerns.respond(accession.user, concern, "RESPONSEMARKER")

    response = open_case(client, code)

    assert "ASKSIGNATORYMARKER" not in response.text
    assert "RESPONSEMARKER" not in response.text


def test_the_complainant_answers_with_the_case_code(client, edition_1):
    concern, code = raise_concern()
    concerns.ask_complainant(CoordinatorFactory(), concern, question="When?")

    response = open_case(client, code, answer="On 3 May.")

    concern.refresh_from_db()
    assert response.status_code == 200
    assert concern.status == Concern.Status.RECEIVED
    assert "On 3 May." in response.text


def test_a_wrong_code_is_refused_in_the_same_words_as_a_code_whose_case_is_gone(
    client, edition_1, settings
):
    settings.RETENTION_DAYS = 0
    concern, code = raise_concern()
    concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="No.")
    concerns.anonymise_closed()

    gone = open_case(client, code)
    wrong = open_case(client, "ABCD-EFGH-JKLM-NPQR")

    assert gone.status_code == wrong.status_code == 400
    assert gone.context["form"].errors == wrong.context["form"].errors


def test_guessing_case_codes_is_limited_per_client_address(client, edition_1):
    for _ in range(10):
        open_case(client, "ABCD-EFGH-JKLM-NPQR")

    assert open_case(client, "ABCD-EFGH-JKLM-NPQR").status_code == 429


def test_a_concern_raised_under_an_account_is_readable_by_its_author_only(client, edition_1):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)
    client.force_login(UserFactory())

    response = client.get(reverse("concerns:mine", args=[concern.public_id]))

    assert response.status_code == 404


def test_a_concern_raised_under_an_account_shows_its_author_the_outcome(client, edition_1):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)
    concerns.close(CoordinatorFactory(), concern, outcome="resolved", reason="REASONMARKER")
    client.force_login(person)

    response = client.get(reverse("concerns:mine", args=[concern.public_id]))

    assert "REASONMARKER" in response.text


def test_the_account_page_links_to_a_concern_raised_under_the_account(client, edition_1):
    person = UserFactory()
    concern, _code = raise_concern(complainant=person)
    client.force_login(person)

    response = client.get(reverse("account_home"))

    assert reverse("concerns:mine", args=[concern.public_id]) in response.text


def test_the_signatory_reads_the_substance_once_asked_but_never_who_raised_it(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    person = UserFactory(email="complainantmarker@example.org")
    concern, _code = raise_concern(accession, complainant=person)
    concerns.ask_signatory(
        CoordinatorFactory(), concern, question="ASKMARKER", internal_note="NOTEMARKER"
    )
    client.force_login(accession.user)

    response = client.get(accession.get_absolute_url())

    assert "ACCOUNTMARKER" in response.text and "ASKMARKER" in response.text
    for hidden in ["complainantmarker", "CONTACTMARKER", "EVIDENCEMARKER", "NOTEMARKER"]:
        assert hidden not in response.text


def test_the_signatory_sees_nothing_of_a_concern_before_being_asked(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    raise_concern(accession)
    client.force_login(accession.user)

    response = client.get(accession.get_absolute_url())

    assert "ACCOUNTMARKER" not in response.text


def test_the_signatory_responds_from_their_accession_page(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED)
    concern, _code = raise_concern(accession)
    concerns.ask_signatory(CoordinatorFactory(), concern, question="Why?")
    client.force_login(accession.user)

    response = client.post(
        reverse("concerns:respond", args=[concern.public_id]), {"response": "Because."}
    )

    concern.refresh_from_db()
    assert response.status_code == 302
    assert concern.status == Concern.Status.RECEIVED


def test_someone_else_cannot_respond_for_the_signatory(client, edition_1):
    concern, _code = raise_concern()
    concerns.ask_signatory(CoordinatorFactory(), concern, question="Why?")
    client.force_login(UserFactory())

    response = client.post(
        reverse("concerns:respond", args=[concern.public_id]), {"response": "Because."}
    )

    assert response.status_code == 404


def test_the_statistics_show_yearly_counts_with_small_ones_blurred(client, edition_1):
    for _ in range(5):
        raise_concern()
    concern, _code = raise_concern()
    concerns.close(CoordinatorFactory(), concern, outcome="dismissed", reason="No.")

    response = client.get(reverse("registry:statistics"))

    row = response.context["concerns"][0]
    assert [value["count"] for value in row["counts"]] == [6, 1, 0, 0]
    assert [value["small"] for value in row["counts"]] == [False, True, False, False]


def test_the_statistics_name_no_signatory_a_concern_is_about(client, edition_1):
    accession = AccessionFactory(status=Status.APPROVED, public_name="Zqx Concerned")
    raise_concern(accession)

    response = client.get(reverse("registry:statistics"))

    assert "Zqx Concerned" not in response.text
