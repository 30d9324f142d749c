import hashlib
import io
import json
import shutil
import tomllib
import unicodedata

import pytest
from django.core.management import CommandError, call_command

from principles.loader import EditionText, parse_edition_file
from principles.models import Edition, Principle
from tests.conftest import FIXTURES, TEST_EDITIONS

EDITION_1 = FIXTURES / "edition-1.en.toml"
EDITION_2 = TEST_EDITIONS / "edition-2.en.toml"

pytestmark = pytest.mark.django_db


def load(*paths):
    out = io.StringIO()
    call_command("load_principles", *paths, stdout=out)
    return out.getvalue()


def edited_copy(tmp_path, old, new, source=EDITION_1):
    text = source.read_text(encoding="utf-8")
    assert old in text, "the edit must apply to the fixture"
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_first_load_creates_edition_1_as_current_with_fifteen_principles():
    output = load()

    edition = Edition.objects.get()
    assert (edition.number, edition.language, edition.status) == (1, "en", "current")
    assert edition.adoption_date is None
    assert list(edition.principles.values_list("number", flat=True)) == list(range(1, 16))
    assert "created and published" in output


def test_second_load_reports_that_nothing_changed():
    load()

    output = load()

    assert output.strip() == "Nothing changed: the editions in the database match the files."
    assert Edition.objects.count() == 1
    assert Principle.objects.count() == 15


def test_fingerprint_is_sha256_of_the_documented_canonical_json():
    load()
    data = tomllib.loads(EDITION_1.read_text(encoding="utf-8"))

    def canon(text):
        text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
        return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")

    document = {
        "title": canon(data["title"]),
        "introduction": canon(data["introduction"]),
        "explanatory_note": canon(data["explanatory_note"]),
        "footnotes": canon(data["footnotes"]),
        "principles": [
            {"number": p["number"], "title": canon(p["title"]), "body": canon(p["body"])}
            for p in sorted(data["principles"], key=lambda p: p["number"])
        ],
    }
    expected = hashlib.sha256(
        json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()

    assert Edition.objects.get().fingerprint == expected


def test_fingerprint_ignores_line_endings_and_trailing_spaces(tmp_path):
    crlf = tmp_path / "crlf.toml"
    crlf.write_bytes(EDITION_1.read_bytes().replace(b"\n", b"\r\n"))
    spaces = edited_copy(
        tmp_path, "Non-violence\"\nbody = '''\n", "Non-violence\"\nbody = '''\n  \n"
    )

    original = parse_edition_file(EDITION_1).fingerprint

    assert parse_edition_file(crlf).fingerprint == original
    assert parse_edition_file(spaces).fingerprint == original


def test_fingerprint_changes_when_one_word_changes(tmp_path):
    changed = edited_copy(
        tmp_path, "Human rights defenders make no profit.", "They make no profit."
    )

    assert parse_edition_file(changed).fingerprint != parse_edition_file(EDITION_1).fingerprint


INVALID_FILES = {
    "fourteen principles": (
        "[[principles]]\nnumber = 15\n",
        "[[principles]]\nnumber = 16\n",
        "must have a number from 1 to 15",
    ),
    "a principle twice": ("\nnumber = 2\n", "\nnumber = 1\n", "principle 1 appears twice"),
    "an empty title": ('title = "Non-violence"', 'title = "  "', "principle 6 title is empty"),
    "an empty body": (
        "We consider it unacceptable to resort to violence to achieve our goals. In their human "
        "rights work, human rights defenders do not resort to violence and threats of violence.",
        "",
        "principle 6 body is empty",
    ),
    "an unknown language": ('language = "en"', 'language = "xx"', "unknown language 'xx'"),
    "an unknown key": (
        'status = "published"',
        'status = "published"\nauthor = "x"',
        "unknown keys",
    ),
    "an unknown status": ('status = "published"', 'status = "final"', "status must be"),
    "a NUL character": ('title = "Non-violence"', 'title = "Non\\u0000violence"', "control char"),
    "a bad adoption date": (
        'status = "published"',
        'status = "published"\nadoption_date = "2010"',
        "adoption_date must be a date",
    ),
    "invalid TOML": ('title = "Non-violence"', 'title = "Non-violence', "not a valid TOML file"),
    # TOML's true is an int to Python; it must not pass for principle 1.
    "a boolean principle number": (
        "[[principles]]\nnumber = 1\n",
        "[[principles]]\nnumber = true\n",
        "must have a number from 1 to 15",
    ),
}


@pytest.mark.parametrize("old, new, message", INVALID_FILES.values(), ids=INVALID_FILES.keys())
def test_an_invalid_file_is_refused_and_nothing_is_written(tmp_path, old, new, message):
    path = edited_copy(tmp_path, old, new)

    with pytest.raises(CommandError, match=message):
        load(path)

    assert not Edition.objects.exists()
    assert not Principle.objects.exists()


def test_a_missing_principle_is_named(tmp_path):
    text = EDITION_1.read_text(encoding="utf-8")
    start = text.index("[[principles]]\nnumber = 7\n")
    end = text.index("[[principles]]\nnumber = 8\n")
    path = tmp_path / "edition.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")

    with pytest.raises(CommandError, match=r"exactly 15 principles .*missing: 7"):
        load(path)


def test_changing_the_text_of_a_published_edition_is_refused_naming_edition_and_principle(
    tmp_path,
):
    load()
    before = EditionText.from_edition(Edition.objects.get()).canonical()
    path = edited_copy(tmp_path, "goals and objectives", "goals and tasks")

    with pytest.raises(CommandError) as refused:
        load(path)

    message = str(refused.value)
    assert "edition 1 (en" in message
    assert "principle 3 (text)" in message
    assert "A change is a new edition" in message
    assert EditionText.from_edition(Edition.objects.get()).canonical() == before


def test_a_refusal_also_discards_the_valid_files_of_the_same_run(tmp_path):
    load()
    edited_copy(tmp_path, 'title = "Non-violence"', 'title = "Nonviolence"')
    shutil.copy(EDITION_2, tmp_path)

    with pytest.raises(CommandError, match="principle 6 \\(title\\)"):
        load(tmp_path)

    assert list(Edition.objects.values_list("number", flat=True)) == [1]


def test_a_published_edition_cannot_return_to_draft(tmp_path):
    load()
    path = edited_copy(tmp_path, 'status = "published"', 'status = "draft"')

    with pytest.raises(CommandError, match="cannot return to draft"):
        load(path)

    assert Edition.objects.get().status == Edition.Status.CURRENT


def test_the_adoption_date_of_a_published_edition_can_be_set_once_known(tmp_path):
    load()
    fingerprint = Edition.objects.get().fingerprint
    path = edited_copy(
        tmp_path, 'status = "published"', 'status = "published"\nadoption_date = 2009-12-10'
    )

    output = load(path)

    edition = Edition.objects.get()
    assert str(edition.adoption_date) == "2009-12-10"
    assert edition.fingerprint == fingerprint
    assert "adoption date set to 2009-12-10" in output


def test_publishing_edition_2_supersedes_edition_1():
    load()

    output = load(EDITION_2)

    statuses = dict(Edition.objects.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "current"}
    assert "edition 1 (en): superseded" in output.lower()


def test_a_draft_edition_is_loaded_without_becoming_current_and_may_still_change(tmp_path):
    load()
    draft = edited_copy(tmp_path, 'status = "published"', 'status = "draft"', source=EDITION_2)
    load(draft)
    changed = edited_copy(tmp_path, "Professionalism and learning", "Professional growth", draft)

    output = load(changed)

    statuses = dict(Edition.objects.values_list("number", "status"))
    assert statuses == {1: "current", 2: "draft"}
    assert "draft updated" in output
    assert Principle.objects.get(edition__number=2, number=12).title == "Professional growth"


def test_the_same_edition_twice_in_one_run_is_refused(tmp_path):
    shutil.copy(EDITION_1, tmp_path / "a.toml")
    shutil.copy(EDITION_1, tmp_path / "b.toml")

    with pytest.raises(CommandError, match=r"also in a\.toml"):
        load(tmp_path)

    assert not Edition.objects.exists()
