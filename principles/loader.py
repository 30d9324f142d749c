"""Reading, validating and loading edition files from `fixtures/`.

An edition file is TOML (see README.md, "Editions of the Principles"). The fingerprint is the
SHA-256, in hex, of the edition's canonical text: the JSON document

    {"explanatory_note": ..., "footnotes": ..., "introduction": ...,
     "principles": [{"body": ..., "number": 1, "title": ...}, ...], "title": ...}

with keys sorted, principles in number order, no whitespace between tokens
(separators "," and ":"), non-ASCII characters written as themselves, encoded as UTF-8; every
string first normalised to Unicode NFC with line endings as "\\n", trailing spaces removed from
each line and leading and trailing blank lines removed. Metadata (number, language, status,
adoption date) is not part of the text, so a late-known adoption date does not change it.
"""

import datetime
import hashlib
import json
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common import page_cache

from .models import PRINCIPLE_COUNT, Edition, Principle

FILE_STATUSES = {"draft", "published"}
EDITION_KEYS = {
    "number",
    "language",
    "status",
    "adoption_date",
    "title",
    "introduction",
    "explanatory_note",
    "footnotes",
    "principles",
}
REQUIRED_EDITION_KEYS = {"number", "language", "status", "title", "introduction", "principles"}
PRINCIPLE_KEYS = {"number", "title", "body"}
TEXT_FIELDS = ["title", "introduction", "explanatory_note", "footnotes"]


class EditionFileError(Exception):
    """A file that cannot be loaded, or a load that would change a published edition."""


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


@dataclass
class EditionText:
    number: int
    language: str
    published: bool
    title: str
    introduction: str
    explanatory_note: str = ""
    footnotes: str = ""
    adoption_date: datetime.date | None = None
    principles: dict[int, tuple[str, str]] = field(default_factory=dict)  # number -> title, body
    source: str = ""

    @property
    def label(self):
        return f"edition {self.number} ({self.language}, {self.source})"

    def canonical(self):
        document = {field_name: getattr(self, field_name) for field_name in TEXT_FIELDS}
        document["principles"] = [
            {"number": number, "title": title, "body": body}
            for number, (title, body) in sorted(self.principles.items())
        ]
        return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def fingerprint(self):
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()

    @classmethod
    def from_edition(cls, edition):
        return cls(
            number=edition.number,
            language=edition.language,
            published=edition.is_published,
            title=edition.title,
            introduction=edition.introduction,
            explanatory_note=edition.explanatory_note,
            footnotes=edition.footnotes,
            adoption_date=edition.adoption_date,
            principles={p.number: (p.title, p.body) for p in edition.principles.all()},
            source="database",
        )

    def differences(self, other):
        """Names of the parts of the text that differ from `other`, in reading order."""
        names = [
            name
            for name in ("title", "introduction")
            if getattr(self, name) != getattr(other, name)
        ]
        for number in sorted(set(self.principles) | set(other.principles)):
            mine, theirs = self.principles.get(number), other.principles.get(number)
            if mine != theirs:
                part = "title" if mine and theirs and mine[0] != theirs[0] else "text"
                names.append(f"principle {number} ({part})")
        names += [
            name.replace("_", " ")
            for name in ("explanatory_note", "footnotes")
            if getattr(self, name) != getattr(other, name)
        ]
        return names


def _text(value: object, where: str, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise EditionFileError(f"{where} must be text.")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value):
        raise EditionFileError(f"{where} contains a control character.")
    value = normalise(value)
    if required and not value:
        raise EditionFileError(f"{where} is empty.")
    return value


def parse_edition_file(path: Path) -> "EditionText":
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise EditionFileError(f"{path.name}: not a valid TOML file: {error}") from error

    unknown = set(data) - EDITION_KEYS
    if unknown:
        raise EditionFileError(f"{path.name}: unknown keys: {', '.join(sorted(unknown))}.")
    missing = REQUIRED_EDITION_KEYS - set(data)
    if missing:
        raise EditionFileError(f"{path.name}: missing keys: {', '.join(sorted(missing))}.")

    number = data["number"]
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise EditionFileError(f"{path.name}: the edition number must be a positive integer.")
    where = f"{path.name}: edition {number}"
    languages = {code for code, _name in settings.LANGUAGES}
    if data["language"] not in languages:
        raise EditionFileError(
            f"{where}: unknown language {data['language']!r} "
            f"(known: {', '.join(sorted(languages))})."
        )
    if data["status"] not in FILE_STATUSES:
        raise EditionFileError(f"{where}: status must be 'draft' or 'published'.")
    adoption_date = data.get("adoption_date")
    if adoption_date is not None and type(adoption_date) is not datetime.date:
        raise EditionFileError(f"{where}: adoption_date must be a date such as 2010-09-25.")

    principles = data["principles"]
    if not isinstance(principles, list) or not all(isinstance(p, dict) for p in principles):
        raise EditionFileError(f"{where}: principles must be a list of [[principles]] tables.")
    parsed = {}
    for position, principle in enumerate(principles, start=1):
        unknown = set(principle) - PRINCIPLE_KEYS
        if unknown:
            raise EditionFileError(
                f"{where}: principle #{position} has unknown keys: {', '.join(sorted(unknown))}."
            )
        p_number = principle.get("number")
        # A TOML boolean is an int to Python, and `true` would pass for principle 1.
        if (
            not isinstance(p_number, int)
            or isinstance(p_number, bool)
            or not 1 <= p_number <= PRINCIPLE_COUNT
        ):
            raise EditionFileError(
                f"{where}: principle #{position} must have a number from 1 to {PRINCIPLE_COUNT}."
            )
        if p_number in parsed:
            raise EditionFileError(f"{where}: principle {p_number} appears twice.")
        parsed[p_number] = (
            _text(principle.get("title"), f"{where}: principle {p_number} title"),
            _text(principle.get("body"), f"{where}: principle {p_number} body"),
        )
    if len(parsed) != PRINCIPLE_COUNT:
        absent = sorted(set(range(1, PRINCIPLE_COUNT + 1)) - set(parsed))
        raise EditionFileError(
            f"{where}: an edition has exactly {PRINCIPLE_COUNT} principles numbered "
            f"1 to {PRINCIPLE_COUNT}; missing: {', '.join(map(str, absent))}."
        )

    return EditionText(
        number=number,
        language=data["language"],
        published=data["status"] == "published",
        title=_text(data["title"], f"{where}: title"),
        introduction=_text(data["introduction"], f"{where}: introduction"),
        explanatory_note=_text(data.get("explanatory_note"), f"{where}: explanatory note", False),
        footnotes=_text(data.get("footnotes"), f"{where}: footnotes", False),
        adoption_date=adoption_date,
        principles=parsed,
        source=path.name,
    )


def edition_files(paths: Iterable[Path | str]) -> list[Path]:
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(path.glob("*.toml"))
        elif path.is_file():
            files.append(path)
        else:
            raise EditionFileError(f"{path}: no such file or directory.")
    return files


def load_editions(paths: Iterable[Path | str]) -> list[str]:
    """Load every edition file under `paths` in one transaction; return a line per change.

    Nothing is written unless every file is valid and no published text would change.
    """
    texts = [parse_edition_file(path) for path in edition_files(paths)]
    seen: dict[tuple[int, str], str] = {}
    for text in texts:
        key = (text.number, text.language)
        if key in seen:
            raise EditionFileError(
                f"{text.label}: the same edition and language is also in {seen[key]}."
            )
        seen[key] = text.source

    changes: list[str] = []
    with transaction.atomic():
        for text in texts:
            change = _load_one(text)
            if change:
                changes.append(change)
        changes += _settle_current()
        if changes:
            page_cache.bump()
    return changes


def _load_one(text: "EditionText") -> str | None:
    edition = (
        Edition.objects.select_for_update()
        .filter(number=text.number, language=text.language)
        .first()
    )
    if edition is None:
        edition = Edition(number=text.number, language=text.language)
        _write(edition, text)
        return f"{text.label}: created" + (" and published" if text.published else " as a draft")

    stored = EditionText.from_edition(edition)
    differences = stored.differences(text)
    if edition.is_published:
        if differences:
            raise EditionFileError(
                f"{text.label}: refusing to change the published text "
                f"(differs in {', '.join(differences)}). A change is a new edition."
            )
        if not text.published:
            raise EditionFileError(f"{text.label}: a published edition cannot return to draft.")
        if edition.adoption_date != text.adoption_date:
            edition.adoption_date = text.adoption_date
            edition.save(update_fields=["adoption_date"])
            return f"{text.label}: adoption date set to {text.adoption_date or 'unknown'}"
        return None

    if not differences and not text.published and edition.adoption_date == text.adoption_date:
        return None
    _write(edition, text)
    if text.published:
        return f"{text.label}: published"
    return f"{text.label}: draft updated"


def _write(edition: Edition, text: "EditionText") -> None:
    edition.title = text.title
    edition.introduction = text.introduction
    edition.explanatory_note = text.explanatory_note
    edition.footnotes = text.footnotes
    edition.adoption_date = text.adoption_date
    edition.fingerprint = text.fingerprint
    if text.published:
        # Marked superseded for now; _settle_current picks the newest published as current.
        edition.status = Edition.Status.SUPERSEDED
        edition.published_at = timezone.now()
    edition.save()
    edition.principles.all().delete()
    Principle.objects.bulk_create(
        Principle(edition=edition, number=number, title=title, body=body)
        for number, (title, body) in sorted(text.principles.items())
    )


def _settle_current() -> list[str]:
    """Make the newest published edition current, in every language its text is published in,
    and every older one superseded: an edition is adopted once, whatever languages its text is
    read in, so a reader of a language without the newest text reads it in English."""
    changes = []
    published = list(Edition.objects.published().order_by("-number", "language"))
    newest = published[0].number if published else None
    # Demote first: the database allows only one current edition per language.
    for edition in published:
        if edition.status == Edition.Status.CURRENT and edition.number != newest:
            edition.status = Edition.Status.SUPERSEDED
            edition.save(update_fields=["status"])
            changes.append(f"edition {edition.number} ({edition.language}): superseded")
    for edition in published:
        if edition.number == newest and edition.status != Edition.Status.CURRENT:
            edition.status = Edition.Status.CURRENT
            edition.save(update_fields=["status"])
            changes.append(f"edition {edition.number} ({edition.language}): now current")
    return changes
