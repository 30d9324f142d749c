"""Everything the public may see of signatories, in one place.

`listed_signatories()` is the one public queryset and `entry()` the one public serializer: the
registry page, the permalinks, the organization profiles, both exports, the feed, the badges and
the statistics are built from them and from nothing else (the summary's counts come from the
tally, which counts by the same rule). Private fields never leave here. A signatory is one entry,
however many editions it acceded to.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accession.models import LISTED, Kind, Signatory, Tally
from common.regions import Region
from common.rendering import Labels, addresses
from common.search import fold
from organizations.models import Organization

# Everything a public output may read, and nothing else.
FIELDS = [
    "public_id",
    "kind",
    "listed_name",
    "listed_region",
    "acceded_at",
    "accession__edition_number",
    "organization__slug",
    "organization__kind",
    "organization__registration_status",
    "organization__name_be",
    "organization__name_ru",
    "organization__name_latin",
    "organization__website",
    "organization__description",
    "organization__public_contact",
]

# The public fields, in the order of the CSV columns; documented on /registry/data/.
COLUMNS = [
    "id",
    "kind",
    "name",
    "other_names",
    "organization_kind",
    "registration_status",
    "region",
    "edition",
    "acceded",
    "website",
    "description",
    "contact",
    "url",
    "profile",
]


def listed_signatories() -> QuerySet[Signatory]:
    """Those of them who chose to be named: the signatories the registry may show."""
    return Signatory.objects.filter(LISTED)


def rows(queryset: QuerySet[Signatory] | None = None) -> QuerySet[Signatory, dict[str, Any]]:
    """Public rows (dicts of FIELDS) for `queryset`, which must come from listed_signatories()."""
    return (queryset if queryset is not None else listed_signatories()).values(*FIELDS)


def month(moment: datetime | None) -> str:
    """The month of `moment` in the site's time zone (Europe/Minsk), as every output gives it:
    the exact moment of approval is nobody's business."""
    return timezone.localtime(moment).strftime("%Y-%m") if moment else ""


def entry(row: dict[str, Any]) -> dict[str, Any]:
    """The public form of one row from rows(): the fields of the page, the exports and feed."""
    return _entry(row, addresses("registry:entry"), addresses("organizations:profile"))


def _entry(
    row: dict[str, Any], entry_path: Callable[[str], str], profile_path: Callable[[str], str]
) -> dict[str, Any]:
    organization = row["kind"] == Kind.ORGANIZATION
    return {
        "id": row["public_id"],
        "kind": row["kind"],
        "name": row["listed_name"],
        "other_names": [
            name
            for name in (
                row["organization__name_be"],
                row["organization__name_ru"],
                row["organization__name_latin"],
            )
            if name
        ]
        if organization
        else [],
        "organization_kind": row["organization__kind"] or "",
        "registration_status": row["organization__registration_status"] or "",
        "region": row["listed_region"],
        "edition": row["accession__edition_number"],
        "acceded": month(row["acceded_at"]),
        "website": row["organization__website"] or "",
        "description": row["organization__description"] or "",
        "contact": row["organization__public_contact"] or "",
        "url": settings.SITE_URL + entry_path(row["public_id"]),
        "profile": settings.SITE_URL + profile_path(row["organization__slug"])
        if organization
        else "",
    }


def summary() -> dict[str, int]:
    """Counts for the top of the registry: one small read of the tally."""
    counts = {"organizations": 0, "individuals": 0, "counted": 0}
    for kind, named, count in Tally.objects.values_list("kind", "named", "count"):
        if not named:
            counts["counted"] += count
        elif kind == Kind.ORGANIZATION:
            counts["organizations"] += count
        else:
            counts["individuals"] += count
    return counts


def search(queryset: QuerySet[Signatory, Any], text: str) -> QuerySet[Signatory, Any]:
    """Names (organizations' other names included) matching `text`, ignoring case, in any
    script (the names' folded keys are searched too, see common/search.py); on PostgreSQL
    tolerant of typos, two swapped letters among them, through the trigram index."""
    text = " ".join(text.split()).casefold()
    key = fold(text)
    if not text:
        return queryset
    matches = Q(search_text__contains=text)
    if key:
        matches |= Q(search_text__contains=key)
        if connection.vendor == "postgresql":
            matches |= Q(search_text__trigram_word_similar=key)
            # A single word is matched as typed too, through the same index: folding makes more
            # of two swapped letters when the swap splits or forms a spelling it merges
            # ("Bialitaski" folds to "balitaski", far from "balacki"; as typed it is close to
            # "bialiatski"). More words carry enough trigrams for the key alone, and a second
            # similarity costs every row the page walks.
            if text != key and " " not in text:
                matches |= Q(search_text__trigram_word_similar=text)
    return queryset.filter(matches)


KINDS = dict(Organization.Kind.choices)
STATUSES = dict(Organization.RegistrationStatus.choices)
REGIONS = dict(Region.choices)


# The language each of an organization's other names is written in, for screen readers.
OTHER_NAME_LANGUAGES = [
    ("organization__name_be", "be"),
    ("organization__name_ru", "ru"),
    ("organization__name_latin", "be-Latn"),
]


class _Months(dict[str, str]):
    """month_label() of each month, once for a page of rows."""

    def __missing__(self, month: str) -> str:
        value = self[month] = month_label(month)
        return value


def labelled(row: dict[str, Any]) -> dict[str, Any]:
    """The public entry of `row` (from rows()) with the display labels, the other names with
    their languages, and the site-relative link its pages need."""
    return labelled_all([row])[0]


def labelled_all(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """labelled() of each of `rows`, each label translated once for all of them."""
    kinds, statuses, regions = (
        Labels(choices.items(), unknown="") for choices in (KINDS, STATUSES, REGIONS)
    )
    months = _Months()
    individual = _("individual")
    entry_path, profile_path = addresses("registry:entry"), addresses("organizations:profile")
    badge_path = addresses("open_data:badge")
    result = []
    for row in rows:
        item = _entry(row, entry_path, profile_path)
        organization = item["kind"] == Kind.ORGANIZATION
        result.append(
            {
                **item,
                "other_names_in": [
                    {"name": row[field], "lang": language}
                    for field, language in OTHER_NAME_LANGUAGES
                    if organization and row[field]
                ],
                "path": entry_path(item["id"]),
                "kind_label": kinds[item["organization_kind"]] if organization else individual,
                "organization_kind_label": kinds[item["organization_kind"]],
                "registration_status_label": statuses[item["registration_status"]],
                "region_label": regions[item["region"]],
                # The month in the reader's words ("люты 2026"); the files keep "2026-02".
                "acceded_label": months[item["acceded"]],
                # The badge's address carries no language (its text follows ?lang=).
                "badge_url": settings.SITE_URL + badge_path(item["id"]) if organization else "",
            }
        )
    return result


def month_label(month: str) -> str:
    """ "2026-02" as the reader's language writes a month of a year."""
    if not month:
        return ""
    year, number = map(int, month.split("-"))
    return date_format(date(year, number, 1), "YEAR_MONTH_FORMAT")
