"""Carrying over earlier accessions from a CSV file: the service, the command and the desk."""

import csv
import datetime
import io
import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accession import events
from accession.models import Accession, Signatory, Status, Tally
from accession.registry import public
from accession.review import imports
from accession.review.import_views import SALT
from accession.review.timeline import for_coordinators
from accession.services import publish
from organizations.models import Organization
from tests.factories import CoordinatorFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "kind",
    "name",
    "name_be",
    "organization_kind",
    "registration_status",
    "region",
    "listing",
    "edition",
    "acceded",
    "internal_note",
]
ORGANIZATION = {
    "kind": "organization",
    "name": "Viasna Human Rights Centre",
    "name_be": "Праваабарончы цэнтр «Вясна»",
    "organization_kind": "human-rights",
    "registration_status": "liquidated",
    "region": "minsk-city",
    "listing": "listed",
    "edition": "1",
    "acceded": "2021-05",
    "internal_note": "Letter of 3 May 2021, folder 4",
}
PERSON = {
    "kind": "individual",
    "name": "Nasta Loika",
    "region": "brest",
    "listing": "full-name",
    "edition": "1",
    "acceded": "2020-03-14",
}


def csv_of(*rows, header=HEADER, delimiter=",", bom=False):
    """The rows as a CSV file's bytes, each cell as given (quoted where the delimiter needs)."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode()


@pytest.fixture
def coordinator(edition_1):
    return CoordinatorFactory()


def problems(result):
    return {(problem.line, problem.column) for problem in result.problems}


def minsk_midnight(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day))


# A valid file


def test_each_row_becomes_an_approved_accession_recorded_by_the_importing_coordinator(
    coordinator,
):
    result = imports.carry_over(coordinator, csv_of(ORGANIZATION, PERSON))

    assert not result.problems
    organization = Accession.objects.get(kind="organization")
    person = Accession.objects.get(kind="individual")
    for accession in (organization, person):
        assert accession.status == Status.APPROVED
        assert accession.decided_by == coordinator
        assert accession.user is None
        assert accession.accepts_principles and accession.acts_peacefully
        row = accession.history.get()
        assert row.history_user == coordinator
        assert row.history_change_reason == events.CARRIED_OVER
    assert organization.organization.name == "Viasna Human Rights Centre"
    assert organization.organization.name_be == "Праваабарончы цэнтр «Вясна»"
    assert not organization.organization.representatives.exists()
    assert organization.internal_note == "Letter of 3 May 2021, folder 4"
    assert person.public_name == "Nasta Loika"
    assert person.region == "brest"
    assert person.signatory.user is None


def test_imported_signatories_are_dated_when_they_acceded_a_month_meaning_its_first_day(
    coordinator,
):
    imports.carry_over(coordinator, csv_of(ORGANIZATION, PERSON))

    organization = Signatory.objects.get(kind="organization")
    person = Signatory.objects.get(kind="individual")
    assert organization.acceded_at == minsk_midnight(2021, 5, 1)
    assert person.acceded_at == minsk_midnight(2020, 3, 14)
    assert public.month(organization.acceded_at) == "2021-05"


def test_the_registry_lists_imported_signatories_newest_first_by_their_own_dates(
    client, coordinator
):
    imports.carry_over(coordinator, csv_of(PERSON, ORGANIZATION))

    response = client.get(reverse("registry:list"))

    names = [entry["name"] for entry in response.context["entries"]]
    assert names == ["Viasna Human Rights Centre", "Nasta Loika"]


def test_the_tally_and_the_statistics_count_imported_signatories(client, coordinator):
    listed = [{**PERSON, "name": f"Listed {n}", "acceded": f"2019-0{n + 1}"} for n in range(5)]
    counted = [{**PERSON, "name": f"Counted {n}", "listing": "counted"} for n in range(5)]

    imports.carry_over(coordinator, csv_of(ORGANIZATION, *listed, *counted))

    assert Tally.true_counts() == {
        ("organization", True): 1,
        ("individual", True): 5,
        ("individual", False): 5,
    }
    assert Tally.reconcile() == {}
    assert public.summary()["counted"] == 5
    statistics = client.get(reverse("registry:statistics")).context
    assert statistics["unnamed"]["count"] == 5
    charts = {key: dict(series) for key, _title, series in statistics["charts"]}
    assert charts["regions"]["Brest region"]["count"] == 5
    # One bar per month of accession, 2019-01 to 2019-05 and 2021-05, cumulative.
    assert [value["count"] for value in charts["months"].values()] == [1, 2, 3, 4, 5, 6]


def test_the_coordinators_timeline_says_the_accession_was_carried_over_and_by_whom(coordinator):
    imports.carry_over(coordinator, csv_of(PERSON))

    entries = for_coordinators(Accession.objects.get())

    assert [(entry.actor, str(entry.event)) for entry in entries] == [
        (coordinator.email, "carried over: acceded by letter before the registry opened")
    ]


def test_the_signatorys_timeline_shows_the_carrying_over(coordinator):
    from accession.timeline import for_signatory

    imports.carry_over(coordinator, csv_of(PERSON))

    entries = for_signatory(Accession.objects.get(), UserFactory())

    assert [str(entry.event) for entry in entries] == [
        "carried over: acceded by letter before the registry opened"
    ]


def test_an_imported_accession_sends_no_email(coordinator, mailoutbox, enqueued_tasks):
    imports.carry_over(coordinator, csv_of(ORGANIZATION, PERSON))

    assert mailoutbox == []
    assert enqueued_tasks == []


# Variants of the file


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True], ids=["no BOM", "BOM"])
def test_commas_or_semicolons_with_or_without_a_byte_order_mark_read_alike(
    coordinator, delimiter, bom
):
    organization = {**ORGANIZATION, "name": "Viasna, Human Rights Centre; Minsk"}
    data = csv_of(PERSON, organization, delimiter=delimiter, bom=bom)

    result = imports.carry_over(coordinator, data)

    assert not result.problems
    assert set(Signatory.objects.values_list("listed_name", flat=True)) == {
        "Nasta Loika",
        "Viasna, Human Rights Centre; Minsk",
    }


def test_english_labels_are_accepted_in_any_case(coordinator):
    row = {
        **ORGANIZATION,
        "kind": "Organization",
        "organization_kind": "Human rights organization",
        "registration_status": "LIQUIDATED BY THE AUTHORITIES",
        "region": "Minsk city",
        "listing": "Listed with the public profile",
    }

    result = imports.carry_over(coordinator, csv_of(row))

    assert not result.problems
    organization = Organization.objects.get()
    assert (organization.kind, organization.region) == ("human-rights", "minsk-city")


def test_columns_may_come_in_any_order_and_the_optional_ones_may_be_left_out(coordinator):
    header = ["acceded", "edition", "listing", "region", "name", "kind"]

    result = imports.carry_over(coordinator, csv_of(PERSON, header=header))

    assert not result.problems
    assert Accession.objects.get().public_name == "Nasta Loika"


def test_blank_lines_are_skipped_and_lines_are_numbered_as_in_the_file(coordinator):
    data = (
        csv_of(PERSON)
        + b"\r\n"
        + csv_of({**PERSON, "name": "Ales", "region": "nowhere"}).split(b"\r\n", 1)[1]
    )

    result = imports.carry_over(coordinator, data)

    assert problems(result) == {(4, "region")}


# Invalid rows: nothing written, every problem told with its line and column


@pytest.mark.parametrize(
    "change, column",
    [
        ({"region": "Atlantis"}, "region"),
        ({"region": ""}, "region"),
        ({"acceded": "14.03.2020"}, "acceded"),
        ({"acceded": "2020-02-30"}, "acceded"),
        ({"acceded": "2020-13"}, "acceded"),
        ({"acceded": f"{timezone.localdate().year + 1}-01-01"}, "acceded"),
        ({"acceded": "0001-01-01"}, "acceded"),
        ({"acceded": "1999-12"}, "acceded"),
        ({"name": "N" * 201}, "name"),
        ({"name": ""}, "name"),
        ({"name": '=HYPERLINK("http://example.org")'}, "name"),
        ({"name": "+375 29 000"}, "name"),
        ({"name": "-Minus"}, "name"),
        ({"name": "@SUM(A1)"}, "name"),
        ({"name": "\tTabbed"}, "name"),
        ({"name": " =Spaced"}, "name"),
        ({"name": "Nul\x00Byte"}, "name"),
        ({"name": "Bell\x07"}, "name"),
        ({"name": "Over\u202eride"}, "name"),
        ({"internal_note": "Nul\x00Byte"}, "internal_note"),
        ({"kind": "cat"}, "kind"),
        ({"listing": "famous"}, "listing"),
        ({"listing": "listed"}, "listing"),
        ({"edition": "7"}, "edition"),
        ({"edition": "one"}, "edition"),
        ({"name_be": "Наста Лойка"}, "name_be"),
        ({"organization_kind": "civic"}, "organization_kind"),
    ],
    ids=repr,
)
def test_an_invalid_cell_is_reported_with_its_line_and_column_and_nothing_is_written(
    coordinator, change, column
):
    result = imports.carry_over(coordinator, csv_of(ORGANIZATION, {**PERSON, **change}))

    assert problems(result) == {(3, column)}
    assert not Signatory.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.parametrize("listing", ["full-name", "initials"])
def test_an_organization_cannot_be_listed_as_a_person(coordinator, listing):
    result = imports.carry_over(coordinator, csv_of({**ORGANIZATION, "listing": listing}))

    assert problems(result) == {(2, "listing")}


@pytest.mark.parametrize("column", ["organization_kind", "registration_status"])
def test_an_organization_needs_its_kind_and_registration_status(coordinator, column):
    result = imports.carry_over(coordinator, csv_of({**ORGANIZATION, column: ""}))

    assert problems(result) == {(2, column)}


def test_a_draft_edition_is_no_edition_to_have_acceded_to(coordinator):
    from principles.models import Edition

    Edition.objects.filter(number=1).update(status=Edition.Status.DRAFT)

    result = imports.carry_over(coordinator, csv_of(PERSON))

    assert problems(result) == {(2, "edition")}


@pytest.mark.parametrize(
    "duplicate",
    [
        PERSON,
        {**PERSON, "name": "  nasta   LOIKA ", "listing": "initials"},
    ],
    ids=["same row", "same name in another case and spacing"],
)
def test_a_signatory_twice_in_the_file_is_a_problem_on_the_second_line(coordinator, duplicate):
    result = imports.carry_over(coordinator, csv_of(PERSON, ORGANIZATION, duplicate))

    assert problems(result) == {(4, "name")}
    assert "line 2" in result.problems[0].message
    assert not Signatory.objects.exists()


def test_the_same_name_as_a_person_and_as_an_organization_is_no_duplicate(coordinator):
    result = imports.carry_over(
        coordinator, csv_of({**ORGANIZATION, "name": "Nasta Loika"}, PERSON)
    )

    assert not result.problems


def test_two_rows_with_the_same_id_are_a_duplicate_whatever_their_names(coordinator):
    header = ["id", *HEADER]

    result = imports.carry_over(
        coordinator,
        csv_of({**PERSON, "id": "L-17"}, {**PERSON, "name": "Other", "id": "L-17"}, header=header),
    )

    assert problems(result) == {(3, "id")}


def test_every_problem_in_the_file_is_reported_at_once(coordinator):
    result = imports.carry_over(
        coordinator,
        csv_of(
            {**PERSON, "region": "Atlantis", "acceded": "yesterday"},
            ORGANIZATION,
            {**PERSON, "name": "=1+1"},
            {**PERSON, "name": "Ales", "listing": "listed"},
        ),
    )

    assert problems(result) == {
        (2, "region"),
        (2, "acceded"),
        (4, "name"),
        (5, "listing"),
    }
    assert not Signatory.objects.exists()


def test_a_quoted_cell_over_two_lines_is_refused_and_the_next_line_numbered_right(coordinator):
    data = (
        csv_of(PERSON).replace(b"Nasta Loika", b'"Nasta\nLoika"')
        + csv_of({**PERSON, "name": "Ales", "region": "Atlantis"}).split(b"\r\n", 1)[1]
    )

    result = imports.carry_over(coordinator, data)

    assert problems(result) == {(2, "name"), (4, "region")}


def test_an_organization_already_registered_on_the_site_is_not_imported_beside_it(coordinator):
    OrganizationFactory(name="VIASNA Human Rights Centre")

    result = imports.carry_over(coordinator, csv_of(ORGANIZATION))

    assert problems(result) == {(2, "name")}
    assert Organization.objects.count() == 1


# Invalid files


@pytest.mark.parametrize(
    "data, line, column",
    [
        (b"", 0, ""),
        ("kind,name\nindividual,Наста".encode("cp1251"), 2, ""),
        (b"kind,name,region,listing,edition,acceded,colour\n", 1, "colour"),
        (b"kind,name,region,listing,edition\n", 1, "acceded"),
        (b"kind,name,name,region,listing,edition,acceded\n", 1, "name"),
        (b"kind,name,region,listing,edition,acceded\nindividual,Ales,brest\n", 2, ""),
        (b'kind,name,region,listing,edition,acceded\nindividual,"Ales"x,brest,a,1,2020\n', 2, ""),
        (b"x" * (imports.MAX_BYTES + 1), 0, ""),
    ],
    ids=[
        "empty",
        "not utf-8",
        "unknown column",
        "missing column",
        "column twice",
        "too few cells",
        "bad quoting",
        "too large",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_where(coordinator, data, line, column):
    result = imports.carry_over(coordinator, data)

    assert problems(result) == {(line, column)}
    assert not Signatory.objects.exists()


def test_a_file_with_too_many_rows_is_refused(coordinator, settings):
    rows = [{**PERSON, "name": f"Person {n}"} for n in range(imports.MAX_ROWS + 1)]

    result = imports.carry_over(coordinator, csv_of(*rows), dry_run=True)

    assert problems(result) == {(imports.MAX_ROWS + 2, "")}


# Importing again


def test_importing_the_same_file_again_changes_nothing(coordinator):
    data = csv_of(ORGANIZATION, PERSON)
    imports.carry_over(coordinator, data)
    before = {
        "accessions": list(Accession.objects.values()),
        "signatories": list(Signatory.objects.values()),
        "organizations": list(Organization.objects.values()),
        "tally": list(Tally.objects.values()),
        "history": Accession.history.count() + Signatory.history.count(),
    }

    result = imports.carry_over(CoordinatorFactory(), data)

    assert not result.problems
    assert result.new == [] and len(result.existing) == 2
    assert before == {
        "accessions": list(Accession.objects.values()),
        "signatories": list(Signatory.objects.values()),
        "organizations": list(Organization.objects.values()),
        "tally": list(Tally.objects.values()),
        "history": Accession.history.count() + Signatory.history.count(),
    }


def test_a_person_who_took_over_their_entry_and_left_is_not_brought_back_by_the_old_file(
    coordinator,
):
    from accession import services
    from accession.review import services as review
    from privacy.services import delete_account

    data = csv_of(PERSON)
    imports.carry_over(coordinator, data)
    person = UserFactory()
    code = review.issue_claim_code(CoordinatorFactory(), Accession.objects.get())
    services.claim(person, code=code)
    delete_account(person)

    result = imports.carry_over(coordinator, data)

    assert result.new == [] and len(result.existing) == 1
    assert not Accession.objects.exists()
    assert public.summary() == {"organizations": 0, "individuals": 0, "counted": 0}


def test_a_row_is_found_again_by_its_id_whatever_its_name_became(coordinator):
    header = ["id", *HEADER]
    imports.carry_over(coordinator, csv_of({**PERSON, "id": "L-17"}, header=header))

    result = imports.carry_over(
        coordinator, csv_of({**PERSON, "id": "L-17", "name": "Anastasiya Loika"}, header=header)
    )

    assert len(result.existing) == 1
    assert Accession.objects.get().public_name == "Nasta Loika"


def test_a_reimport_leaves_a_signatorys_own_choices_alone(coordinator):
    imports.carry_over(coordinator, csv_of(PERSON))
    publish(Signatory.objects.get(), listing="initials", hidden=True)

    imports.carry_over(coordinator, csv_of(PERSON))

    signatory = Signatory.objects.get()
    assert (signatory.listing, signatory.listed_name) == ("initials", "")
    assert signatory.hidden_at is not None


def test_the_stored_key_does_not_hold_the_name(coordinator):
    imports.carry_over(coordinator, csv_of(PERSON))

    key = Signatory.objects.get().import_key
    assert re.fullmatch(r"[0-9a-f]{64}", key)


def test_a_row_is_found_again_after_the_secret_key_is_rotated(coordinator, settings):
    imports.carry_over(coordinator, csv_of(PERSON))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-test"

    result = imports.carry_over(coordinator, csv_of(PERSON))

    assert len(result.existing) == 1
    assert Signatory.objects.count() == 1


# Who may import


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(coordinator):
    result = imports.carry_over(coordinator, csv_of(ORGANIZATION, PERSON), dry_run=True)

    assert [row.line for row in result.new] == [2, 3]
    assert not Signatory.objects.exists()
    assert not Tally.objects.filter(count__gt=0).exists()


def test_only_a_coordinator_may_import(edition_1):
    with pytest.raises(Http404):
        imports.carry_over(UserFactory(), csv_of(PERSON))

    assert not Signatory.objects.exists()


# The command


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_signatories", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "signatories.csv"
    path.write_bytes(csv_of(ORGANIZATION, PERSON))
    return path


def test_the_command_with_dry_run_prints_what_would_change_and_writes_nothing(
    coordinator, csv_file
):
    out, _err = run(str(csv_file), "--dry-run", "--coordinator", coordinator.email)

    assert "line 2: organization, 2021-05-01: would be imported" in out
    assert "line 3: individual, 2020-03-14: would be imported" in out
    assert "nothing was written" in out
    assert not Signatory.objects.exists()


def test_the_command_imports_and_a_second_run_changes_nothing(coordinator, csv_file):
    run(str(csv_file), "--coordinator", coordinator.email)

    out, _err = run(str(csv_file), "--coordinator", coordinator.email.upper())

    assert "0 imported, 2 unchanged." in out
    assert Accession.objects.filter(status=Status.APPROVED, decided_by=coordinator).count() == 2


def test_the_command_prints_no_names(coordinator, csv_file):
    out, err = run(str(csv_file), "--dry-run", "--coordinator", coordinator.email)

    assert "Nasta" not in out + err and "Viasna" not in out + err


def test_the_command_refuses_an_invalid_file_naming_every_problem(coordinator, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_of({**PERSON, "region": "Atlantis"}, {**PERSON, "name": "Ales", "acceded": "2020-13"})
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command(
            "import_signatories", str(path), "--coordinator", coordinator.email, stderr=err
        )

    assert "line 2, region:" in err.getvalue()
    assert "line 3, acceded:" in err.getvalue()
    assert not Signatory.objects.exists()


@pytest.mark.parametrize("who", ["nobody@example.org", "user"])
def test_the_command_refuses_anyone_but_a_coordinator(edition_1, csv_file, who):
    email = UserFactory().email if who == "user" else who

    with pytest.raises(CommandError, match="No coordinator"):
        run(str(csv_file), "--coordinator", email)

    assert not Signatory.objects.exists()


def test_the_command_says_when_it_cannot_read_the_file(coordinator, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"), "--coordinator", coordinator.email)


# The review desk


@pytest.fixture
def desk(client, coordinator):
    client.force_login(coordinator)
    return client


def upload(client, data):
    file = SimpleUploadedFile("signatories.csv", data, content_type="text/csv")
    return client.post(reverse("review:import"), {"file": file})


def test_the_upload_page_documents_every_column_and_offers_the_template(desk):
    response = desk.get(reverse("review:import"))

    content = response.content.decode()
    for column in imports.COLUMNS:
        assert f"<code>{column}</code>" in content
    assert reverse("review:import_template") in content
    template = desk.get(reverse("review:import_template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert template.content.decode("utf-8-sig").strip() == ",".join(imports.COLUMNS)


def test_the_review_desk_links_to_the_import(desk):
    assert reverse("review:import") in desk.get(reverse("review:queue")).content.decode()


def test_an_upload_shows_a_preview_of_every_row_and_writes_nothing(desk):
    response = upload(desk, csv_of(ORGANIZATION, PERSON))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Viasna Human Rights Centre" in content and "Nasta Loika" in content
    assert "2 signatories will be carried over." in content
    assert reverse("review:import_confirm") in content
    assert not Signatory.objects.exists()


def test_confirming_the_preview_imports_the_file(desk, coordinator):
    token = upload(desk, csv_of(ORGANIZATION, PERSON)).context["token"]

    response = desk.post(reverse("review:import_confirm"), {"preview": token}, follow=True)

    assert "2 signatories carried over." in response.content.decode()
    assert Accession.objects.filter(status=Status.APPROVED, decided_by=coordinator).count() == 2


def test_a_preview_with_problems_lists_them_and_offers_no_confirmation(desk):
    response = upload(desk, csv_of(ORGANIZATION, {**PERSON, "region": "Atlantis"}))

    content = response.content.decode()
    assert "1 problem found." in content
    assert "<code>region</code>" in content
    assert reverse("review:import_confirm") not in content
    assert response.context["token"] == ""


def test_a_file_error_is_shown_with_its_line(desk):
    response = upload(desk, b"kind,name,colour\n")

    assert "Line 1, <code>colour</code>: Unknown column." in response.content.decode()


@pytest.mark.parametrize("control", ["\x00", "\u202e"], ids=["NUL", "right-to-left override"])
def test_control_characters_are_shown_visibly_in_the_preview(desk, control):
    response = upload(desk, csv_of({**PERSON, "name": f"Nul{control}Byte"}))

    assert "Nul\ufffdByte" in response.content.decode()
    assert control not in response.content.decode()


def test_an_upload_without_a_file_is_a_form_error(desk):
    response = desk.post(reverse("review:import"), {})

    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_an_upload_over_the_size_limit_is_a_form_error(desk):
    response = upload(desk, b"x" * (imports.MAX_BYTES + 1))

    assert response.status_code == 400
    assert "1 MB" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("token", ["", "forged", "kind,name\n"])
def test_a_confirmation_without_a_valid_preview_imports_nothing(desk, token):
    response = desk.post(reverse("review:import_confirm"), {"preview": token}, follow=True)

    assert "This preview has expired." in response.content.decode()
    assert not Signatory.objects.exists()


def test_a_preview_signed_for_another_coordinator_imports_nothing(desk):
    other = CoordinatorFactory()
    token = signing.dumps({"by": other.pk, "csv": csv_of(PERSON).decode()}, salt=SALT)

    desk.post(reverse("review:import_confirm"), {"preview": token})

    assert not Signatory.objects.exists()


def test_an_expired_preview_imports_nothing(desk, monkeypatch):
    token = upload(desk, csv_of(PERSON)).context["token"]
    monkeypatch.setattr("accession.review.import_views.PREVIEW_SECONDS", -1)

    desk.post(reverse("review:import_confirm"), {"preview": token})

    assert not Signatory.objects.exists()


def test_the_confirmation_checks_everything_again(desk):
    token = upload(desk, csv_of(ORGANIZATION)).context["token"]
    OrganizationFactory(name=ORGANIZATION["name"])

    response = desk.post(reverse("review:import_confirm"), {"preview": token})

    assert "Nothing was imported" in response.content.decode()
    assert problems(response.context["plan"]) == {(2, "name")}
    assert not Signatory.objects.exists()


def test_confirming_the_same_preview_twice_imports_once(desk):
    token = upload(desk, csv_of(ORGANIZATION, PERSON)).context["token"]

    desk.post(reverse("review:import_confirm"), {"preview": token})
    desk.post(reverse("review:import_confirm"), {"preview": token})

    assert Signatory.objects.count() == 2


@pytest.mark.parametrize("name", ["import", "import_template"])
def test_the_import_pages_are_404s_for_someone_who_is_not_a_coordinator(client, edition_1, name):
    client.force_login(UserFactory())

    assert client.get(reverse(f"review:{name}")).status_code == 404
    assert upload(client, csv_of(PERSON)).status_code == 404


def test_confirming_is_a_404_for_someone_who_is_not_a_coordinator(client, coordinator):
    client.force_login(coordinator)
    token = upload(client, csv_of(PERSON)).context["token"]
    client.force_login(UserFactory())

    response = client.post(reverse("review:import_confirm"), {"preview": token})

    assert response.status_code == 404
    assert not Signatory.objects.exists()


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(client, edition_1):
    client.force_login(CoordinatorFactory(totp=False))

    response = upload(client, csv_of(PERSON))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert not Signatory.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, edition_1):
    response = client.get(reverse("review:import"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_import_pages_are_never_cached(desk):
    assert "no-store" in desk.get(reverse("review:import"))["Cache-Control"]
    assert "no-store" in upload(desk, csv_of(PERSON))["Cache-Control"]


@pytest.mark.parametrize("code", ["be", "ru"])
@pytest.mark.parametrize("valid", [True, False], ids=["valid", "with problems"])
def test_the_preview_is_read_without_an_english_sentence(desk, code, valid):
    from django.utils import translation

    from tests.common.test_languages import english_fragments, words

    rows = [{**PERSON, "name": "Наста Лойка"}]
    if not valid:
        rows += [{**PERSON, "name": "=1", "region": "", "acceded": "2999-01"}]
    with translation.override(code):
        response = upload(desk, csv_of(*rows))

    text = words(response, code)
    assert not sorted(fragment for fragment in english_fragments() if fragment in text)
    assert f'<html lang="{code}">' in response.content.decode()
