"""Carrying over earlier accessions: signatories who acceded by letter before the registry
opened, imported by a coordinator from a CSV file (`manage.py import_signatories`, or the
review desk's upload, preview and confirm).

All or nothing: the whole file is validated first, against the database too, and one invalid
row means nothing is written. Each valid row becomes an approved accession recorded by the
importing coordinator under `events.CARRIED_OVER`, dated when the signatory acceded, and goes
through `publish()` like every other change to public state. A row is found again by its key
(the `id` column, else kind and name), stored on the signatory as a keyed hash, so importing
the same file twice changes nothing: a signatory already carried over is left as it is, since
its listing choice is its own from then on.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accession import events
from accession.models import (
    INDIVIDUAL_LISTINGS,
    ORGANIZATION_LISTINGS,
    Accession,
    Kind,
    Listing,
    Signatory,
    Status,
)
from accession.services import AccessionError, publish, record
from accounts.models import User
from accounts.policy import is_coordinator
from common.regions import Region
from common.validators import BIDI_CONTROLS, no_control_characters
from organizations.models import Organization
from principles.models import Edition

# Small enough for the preview to travel in a signed form field and back (the request body
# limit is 2.5 MB) and for one transaction to finish well within a request (about 10 s for
# 1,000 rows on PostgreSQL); a larger file is split, each part all or nothing.
MAX_BYTES = 1_000_000
MAX_ROWS = 1_000

COLUMNS = [
    "id",
    "kind",
    "name",
    "name_be",
    "name_ru",
    "name_latin",
    "organization_kind",
    "registration_status",
    "region",
    "listing",
    "edition",
    "acceded",
    "internal_note",
]
REQUIRED_COLUMNS = ["kind", "name", "region", "listing", "edition", "acceded"]
OTHER_NAMES = ["name_be", "name_ru", "name_latin"]
ORGANIZATION_ONLY = [*OTHER_NAMES, "organization_kind", "registration_status"]
ID_LENGTH = 100
# A spreadsheet runs a cell starting with one of these as a formula when the file is opened
# again; such a cell is refused, not silently changed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
KEY_SALT = "accession.review.imports.key"
# Long before any accession; a date such as 0001-01-01 cannot even be stored in Minsk time.
EARLIEST = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str


@dataclass
class Row:
    """One line of the file: its cells as given, and what they mean once valid."""

    line: int
    cells: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    key: str = ""
    kind: str = ""
    name: str = ""
    other_names: dict[str, str] = field(default_factory=dict)
    organization_kind: str = ""
    registration_status: str = ""
    region: str = ""
    listing: str = ""
    edition: Edition | None = None
    acceded: datetime.date | None = None
    internal_note: str = ""
    # Already carried over by an earlier import: left as it is.
    existing: bool = False

    @property
    def shown(self) -> dict[str, str]:
        """The cells for the preview, control characters made visible (a bidirectional
        override would otherwise turn the page around it)."""
        return {
            name: "".join(
                "\ufffd" if unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS else ch
                for ch in value
            )
            for name, value in self.cells.items()
        }


@dataclass
class Plan:
    """What an import does: the file's problems (nothing is written while there are any), and
    its rows, new or already carried over."""

    rows: list[Row] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.file_problems, *(problem for row in self.rows for problem in row.problems)]

    @property
    def new(self) -> list[Row]:
        return [row for row in self.rows if not row.existing]

    @property
    def existing(self) -> list[Row]:
        return [row for row in self.rows if row.existing]


# Reading the file.


def _decode(data: bytes) -> tuple[str, list[Problem]]:
    if len(data) > MAX_BYTES:
        return "", [Problem(0, "", _("The file is larger than 1 MB: split it into several."))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", [Problem(line, "", _("The file must be saved as UTF-8 text."))]
    if not text.strip():
        return "", [Problem(0, "", _("The file is empty."))]
    return text, []


def _read(text: str) -> tuple[list[Row], list[Problem]]:
    """The data lines of `text` as rows of named cells, the delimiter (comma or semicolon)
    sniffed from the header line."""
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    problems: list[Problem] = []
    header: list[str] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not header:
                header = [cell.strip().casefold() for cell in cells]
                problems += _check_header(header)
                if problems:
                    break
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                message = _("The file has more than %(limit)s rows: split it into several.")
                problems.append(Problem(start, "", message % {"limit": MAX_ROWS}))
                break
            if len(cells) != len(header):
                message = _("This line has %(found)s cells; the header has %(expected)s.") % {
                    "found": len(cells),
                    "expected": len(header),
                }
                rows.append(Row(start, {}, [Problem(start, "", message)]))
                continue
            rows.append(Row(start, dict(zip(header, cells, strict=True))))
    except csv.Error:
        problems.append(
            Problem(line, "", _("This line is not valid CSV: check its quotation marks."))
        )
    return rows, problems


def _check_header(header: list[str]) -> list[Problem]:
    problems = [Problem(1, name, _("Unknown column.")) for name in header if name not in COLUMNS]
    problems += [
        Problem(1, name, _("This column appears twice."))
        for index, name in enumerate(header)
        if name in header[:index]
    ]
    problems += [
        Problem(1, name, _("This column is missing."))
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    return problems


# Checking each row.


def _choices(choices: type[models.TextChoices]) -> dict[str, str]:
    """Each choice by its code and by its English label, case-insensitively."""
    with translation.override("en"):
        return {
            **{str(label).casefold(): value for value, label in choices.choices},
            **{value.casefold(): value for value in choices.values},
        }


KINDS = _choices(Kind)
LISTINGS = _choices(Listing)
REGIONS = _choices(Region)
ORGANIZATION_KINDS = _choices(Organization.Kind)
REGISTRATION_STATUSES = _choices(Organization.RegistrationStatus)


NAME_LENGTH = Organization._meta.get_field("name").max_length
NOTE_LENGTH = Accession._meta.get_field("internal_note").max_length


class _Invalid(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message


def _cell(
    row: Row,
    column: str,
    *,
    max_length: int | None = NAME_LENGTH,
    one_line: bool = True,
    required: bool = False,
) -> str:
    value = row.cells.get(column, "")
    if value.startswith(FORMULA_STARTS) or value.strip().startswith(FORMULA_STARTS):
        raise _Invalid(column, _("A cell may not start with =, +, -, @, a tab or a line break."))
    try:
        no_control_characters(value)
    except ValidationError as error:
        raise _Invalid(column, error.messages[0]) from None
    value = value.strip()
    if one_line and ("\n" in value or "\r" in value):
        raise _Invalid(column, _("This must fit on one line."))
    if max_length is not None and len(value) > max_length:
        raise _Invalid(
            column,
            _("At most %(limit)s characters (this has %(length)s).")
            % {"limit": max_length, "length": len(value)},
        )
    if required and not value:
        raise _Invalid(column, _("Required."))
    return value


def _choice(row: Row, column: str, choices: dict[str, str], *, required: bool = True) -> str:
    value = _cell(row, column, required=required)
    if value and value.casefold() not in choices:
        raise _Invalid(column, _("Unknown value: use one of the codes listed on the import page."))
    return choices.get(value.casefold(), "")


def _date(row: Row, today: datetime.date) -> datetime.date:
    value = _cell(row, "acceded", required=True)
    match = DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError
        year, month, day = match.groups()
        # A month alone means its first day: the earliest the accession can have been.
        date = datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        raise _Invalid("acceded", _("Write the date as YYYY-MM-DD or YYYY-MM.")) from None
    if date > today:
        raise _Invalid("acceded", _("This date is in the future."))
    if date < EARLIEST:
        raise _Invalid("acceded", _("This date is too early: write a date from 2000 on."))
    return date


def _edition(row: Row, editions: dict[int, Edition]) -> Edition:
    value = _cell(row, "edition", required=True)
    if not value.isdecimal() or int(value) not in editions:
        raise _Invalid("edition", _("No published edition has this number."))
    return editions[int(value)]


def _attempt(row: Row, read: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`read(row, ...)`, or None with the problem noted on the row."""
    try:
        return read(row, *args, **kwargs)
    except _Invalid as invalid:
        row.problems.append(Problem(row.line, invalid.column, invalid.message))
        return None


def _check(row: Row, editions: dict[int, Edition], today: datetime.date) -> None:
    """Fill in `row` from its cells, noting a problem for each cell that is wrong."""
    row.key = _attempt(row, _cell, "id", max_length=ID_LENGTH) or ""
    row.kind = _attempt(row, _choice, "kind", KINDS) or ""
    row.name = _attempt(row, _cell, "name", required=True) or ""
    row.other_names = {column: _attempt(row, _cell, column) or "" for column in OTHER_NAMES}
    row.organization_kind = (
        _attempt(row, _choice, "organization_kind", ORGANIZATION_KINDS, required=False) or ""
    )
    row.registration_status = (
        _attempt(row, _choice, "registration_status", REGISTRATION_STATUSES, required=False) or ""
    )
    row.region = _attempt(row, _choice, "region", REGIONS) or ""
    row.listing = _attempt(row, _choice, "listing", LISTINGS) or ""
    row.edition = _attempt(row, _edition, editions)
    row.acceded = _attempt(row, _date, today)
    row.internal_note = (
        _attempt(row, _cell, "internal_note", max_length=NOTE_LENGTH, one_line=False) or ""
    )
    if row.kind:
        _check_kind(row)


def _check_kind(row: Row) -> None:
    """What depends on the kind: organizations' own columns, and the listing choices."""
    if row.kind == Kind.ORGANIZATION:
        for column in ("organization_kind", "registration_status"):
            if not row.cells.get(column, "").strip():
                row.problems.append(Problem(row.line, column, _("Required for an organization.")))
        allowed = ORGANIZATION_LISTINGS
        message = _("An organization is listed or counted.")
    else:
        for column in ORGANIZATION_ONLY:
            if row.cells.get(column, "").strip():
                row.problems.append(Problem(row.line, column, _("Only for an organization.")))
        allowed = INDIVIDUAL_LISTINGS
        message = _("An individual is listed by full name or by initials, or counted.")
    if row.listing and row.listing not in allowed:
        row.problems.append(Problem(row.line, "listing", message))


# The rows against each other and against the registry.


def _key(row: Row) -> str:
    """What finds the row again in a later import: its id, else its kind and name."""
    if row.key:
        return f"id:{row.key}"
    return f"{row.kind}:{' '.join(row.name.split()).casefold()}"


def _digests(key: str) -> list[str]:
    """The key as stored: a keyed hash, under the current secret key and then any fallback
    (so rotating SECRET_KEY through SECRET_KEY_FALLBACKS does not lose a signatory)."""
    return [
        salted_hmac(KEY_SALT, key, secret=secret, algorithm="sha256").hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def _published_editions() -> dict[int, Edition]:
    """Each published edition by number, in English where that text exists (the one every
    edition has), since a letter's language is not recorded."""
    editions: dict[int, Edition] = {}
    for edition in Edition.objects.published().order_by("number", "language"):
        if edition.number not in editions or edition.language == settings.LANGUAGE_CODE:
            editions[edition.number] = edition
    return editions


def plan(data: bytes) -> Plan:
    """Read and check the whole file against the registry; write nothing."""
    text, problems = _decode(data)
    if problems:
        return Plan(file_problems=problems)
    rows, problems = _read(text)
    result = Plan(rows, problems)
    editions = _published_editions()
    today = timezone.localdate()
    for row in rows:
        if not row.problems:
            _check(row, editions, today)
    # Rows wrong elsewhere are still compared, so that every problem is told at once.
    _check_against_each_other_and_the_registry([row for row in rows if row.kind and row.name])
    return result


def _check_against_each_other_and_the_registry(rows: list[Row]) -> None:
    first_line: dict[str, int] = {}
    digests = {row.line: _digests(_key(row)) for row in rows}
    stored = set(
        Signatory.objects.filter(
            import_key__in=[digest for each in digests.values() for digest in each]
        ).values_list("import_key", flat=True)
    )
    registered = {name.casefold() for name in Organization.objects.values_list("name", flat=True)}
    for row in rows:
        key = _key(row)
        column = "id" if row.key else "name"
        if key in first_line:
            message = _("The same signatory as on line %(line)s.") % {"line": first_line[key]}
            row.problems.append(Problem(row.line, column, message))
            continue
        first_line[key] = row.line
        row.existing = bool(stored & set(digests[row.line]))
        if not row.existing and row.kind == Kind.ORGANIZATION and row.name.casefold() in registered:
            row.problems.append(
                Problem(row.line, "name", _("An organization with this name is already here."))
            )


# Writing.


class ImportFailed(AccessionError):
    pass


def carry_over(coordinator: User, data: bytes, *, dry_run: bool = False) -> Plan:
    """Import the file's signatories, all or none, as `coordinator`; with `dry_run`, or when
    the file has any problem, only say what would happen."""
    if not is_coordinator(coordinator):
        raise Http404
    try:
        return _carry_over(coordinator, data, dry_run=dry_run)
    except IntegrityError:
        # Another import of the same rows committed first: this one wrote nothing.
        raise ImportFailed(
            _("Another import changed the registry meanwhile. Nothing was imported: try again.")
        ) from None


@transaction.atomic
def _carry_over(coordinator: User, data: bytes, *, dry_run: bool) -> Plan:
    result = plan(data)
    if result.problems or dry_run:
        return result
    now = timezone.now()
    for row in result.new:
        _write(coordinator, row, now)
    return result


def _write(coordinator: User, row: Row, now: datetime.datetime) -> None:
    assert row.edition is not None and row.acceded is not None  # noqa: S101 - checked
    organization = None
    if row.kind == Kind.ORGANIZATION:
        organization = Organization(
            name=row.name,
            **row.other_names,
            kind=row.organization_kind,
            registration_status=row.registration_status,
            region=row.region,
        )
        _attribute(organization, coordinator)
        organization.save()
    signatory = Signatory(
        kind=row.kind,
        organization=organization,
        listing=row.listing,
        import_key=_digests(_key(row))[0],
    )
    _attribute(signatory, coordinator)
    signatory.save()
    individual = row.kind == Kind.INDIVIDUAL
    accession = Accession(
        signatory=signatory,
        kind=row.kind,
        organization=organization,
        edition=row.edition,
        edition_number=row.edition.number,
        edition_fingerprint=row.edition.fingerprint,
        status=Status.APPROVED,
        public_name=row.name if individual else "",
        region=row.region if individual else "",
        # They acceded by letter, accepting the Principles: the event code records how.
        accepts_principles=True,
        acts_peacefully=True,
        consents_to_processing=True,
        # Midnight in Minsk, the registry's time zone, so its month is the month given.
        approved_at=timezone.make_aware(
            datetime.datetime.combine(row.acceded, datetime.time()),
            timezone.get_default_timezone(),
        ),
        decided_by=coordinator,
        decided_at=now,
    )
    record(accession, coordinator, events.CARRIED_OVER, internal_note=row.internal_note)
    publish(signatory)


def _attribute(instance: models.Model, coordinator: User) -> None:
    instance._history_user = coordinator  # type: ignore[attr-defined]
    instance._change_reason = events.CARRIED_OVER  # type: ignore[attr-defined]
