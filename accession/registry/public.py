"""Everything the public may see of signatories, in one place.

`listed_signatories()` is the one public queryset and `entry()` the one public serializer: the
registry page, the permalinks, the organization profiles, both exports, the feed, the badges and
the statistics are built from them and from nothing else (the summary's counts come from the
tally, which counts by the same rule). Private fields never leave here. A signatory is one entry,
however many editions it acceded to.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import TrigramWordDistance, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accession.models import LISTED, Kind, Signatory, Tally
from common.queries import Prepared
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


def _terms(text: str) -> tuple[str, str]:
    """`text` as searched (spaces collapsed, case folded) and its key in any script."""
    text = " ".join(text.split()).casefold()
    return text, fold(text)


def search(
    queryset: QuerySet[Signatory, Any], text: str, similar: bool = True
) -> QuerySet[Signatory, Any]:
    """Names (organizations' other names included) matching `text`, ignoring case, in any
    script (the names' folded keys are searched too, see common/search.py); on PostgreSQL, if
    `similar`, tolerant of typos, two swapped letters among them, through the trigram index;
    a key of SHORT_KEY letters or fewer only as a substring."""
    text, key = _terms(text)
    if not text:
        return queryset
    matches = Q(search_text__contains=text)
    if key:
        matches |= Q(search_text__contains=key)
        if similar and connection.vendor == "postgresql" and len(key) > SHORT_KEY:
            matches |= Q(search_text__trigram_word_similar=key)
            # A single word is matched as typed too, through the same index: folding makes more
            # of two swapped letters when the swap splits or forms a spelling it merges
            # ("Bialitaski" folds to "balitaski", far from "balacki"; as typed it is close to
            # "bialiatski"). More words carry enough trigrams for the key alone, and a second
            # similarity costs every row the page walks.
            if text != key and " " not in text:
                matches |= Q(search_text__trigram_word_similar=text)
    return queryset.filter(matches)


# Keys this short are matched as substrings only: a word similarity of two or three letters
# finds names that merely begin alike ("zuk" is as similar to "zuravel" as the threshold asks),
# and their trigrams are in too many names for the index to narrow, so every row the newest-first
# walk passes was compared.
SHORT_KEY = 3

# For one word typed, the listed words nearest its key and nearest the word as typed, walked
# on the GiST trigram index. accession_searchword holds the words of listed signatories'
# search text only (see migration 0008), so a correction can name no one the registry does not
# show.
NEAREST_WORDS = """
SELECT typed.position, by_key.word, by_key.distance, as_typed.word, as_typed.distance
FROM (VALUES (%s)) AS typed (position)
LEFT JOIN LATERAL (
    SELECT word, word <-> %s AS distance FROM accession_searchword ORDER BY 2 LIMIT 1
) AS by_key ON true
LEFT JOIN LATERAL (
    SELECT word, word <-> %s AS distance FROM accession_searchword ORDER BY 2 LIMIT 1
) AS as_typed ON true
"""
# pg_trgm's default similarity threshold: a word this far from every listed word stays as typed.
FARTHEST_CORRECTION = 0.7


def corrected(text: str) -> str:
    """The search key of `text` with each word that is no part of the nearest listed word
    replaced by that word's key ("bialitaski" → "balacki"), so that a typo is searched as what
    it most likely meant: matching the typo itself against a million names would compare it
    with every name sharing a few of its letters. PostgreSQL only."""
    words = [(word, fold(word)) for word in text.split() if fold(word)]
    if not words:
        return fold(text)
    params: list[Any] = []
    for position, (word, key) in enumerate(words):
        params += [position, key, word]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([NEAREST_WORDS] * len(words)) + " ORDER BY 1", params)
        nearest = cursor.fetchall()
    keys = []
    for (word, key), (_position, *candidates) in zip(words, nearest, strict=True):
        found = [
            (distance, known)
            for known, distance in zip(candidates[::2], candidates[1::2], strict=True)
            if known is not None and distance <= FARTHEST_CORRECTION
        ]
        if not found or any(key in known or word in known for _distance, known in found):
            keys.append(key)
        else:
            keys.append(fold(min(found)[1]))
    return " ".join(keys)


# The words accession_searchword should hold: those of the listed signatories' search text,
# each with how many of them have it (as migration 0008 first filled it), and where it differs.
SEARCH_WORDS_DRIFT = """
WITH listed AS ({listed}),
true_words AS (
    SELECT word, count(*) AS signatories
    FROM (SELECT DISTINCT id, unnest(string_to_array(search_text, ' ')) AS word FROM listed) AS w
    WHERE word <> ''
    GROUP BY word
)
SELECT coalesce(true_words.word, kept.word), coalesce(kept.signatories, 0),
    coalesce(true_words.signatories, 0)
FROM true_words FULL JOIN accession_searchword AS kept ON kept.word = true_words.word
WHERE kept.signatories IS DISTINCT FROM true_words.signatories
"""


@transaction.atomic
def reconcile_search_words() -> int:
    """Recount accession_searchword, repair it and return how many words had drifted. Its
    triggers keep it in every statement; this is for what passes them by (a restore of one
    table, a fix by hand), since a word kept after its last listed signatory is hidden could
    correct a typo to a name the registry no longer shows. The table stays locked against
    writes until the repair commits, so a change meanwhile waits and is counted after it.
    PostgreSQL only (SQLite has no such table)."""
    if connection.vendor != "postgresql":
        return 0
    listed, params = listed_signatories().values("id", "search_text").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE accession_searchword IN EXCLUSIVE MODE")
        cursor.execute(SEARCH_WORDS_DRIFT.format(listed=listed), params)
        drift = cursor.fetchall()
        counted = [(word, true) for word, _kept, true in drift if true]
        cursor.execute(
            "DELETE FROM accession_searchword WHERE word = ANY(%s)",
            [[word for word, _kept, true in drift if not true]],
        )
        cursor.execute(
            "INSERT INTO accession_searchword (word, signatories) "
            "SELECT * FROM unnest(%s::text[], %s::integer[]) "
            "ON CONFLICT (word) DO UPDATE SET signatories = excluded.signatories",
            [[word for word, _true in counted], [true for _word, true in counted]],
        )
    return len(drift)


# What search_text %> key compares the word similarity with (settings.py sets it; pg_trgm's
# default until its library is loaded), so that the same names are similar with it or without.
WORD_SIMILARITY_THRESHOLD = RawSQL(
    "coalesce(current_setting('pg_trgm.word_similarity_threshold', true)::float8, 0.6)",
    [],
    FloatField(),
)


# The registry's filters besides the name searched, in the order they are applied.
FILTERS = ("kind", "organization_kind", "region", "edition")


def filtered(filters: Mapping[str, Any]) -> QuerySet[Signatory]:
    """The listed signatories the registry's `filters` (a RegistryForm's cleaned data) select,
    the name searched for included."""
    queryset = listed_signatories()
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("organization_kind"):
        queryset = queryset.filter(organization__kind=filters["organization_kind"])
    if filters.get("region"):
        queryset = queryset.filter(listed_region=filters["region"])
    if filters.get("edition"):
        queryset = queryset.filter(accession__edition_number=filters["edition"])
    if filters.get("q"):
        queryset = search(queryset, filters["q"])
    return queryset


def closest(filters: Mapping[str, Any], text: str, limit: int) -> list[dict[str, Any]]:
    """At most `limit` public rows (as rows() gives them) of those `filters` select (FILTERS)
    whose names match `text`, the closest first. On PostgreSQL: those nearest its key by word
    similarity, a typo corrected first (corrected()), walked in that order on the GiST trigram
    index, so that a page costs the same however many share a common name. Then, if the page
    is not full, the names containing `text` or its key, newest first; so every match is there
    when there are fewer than `limit`. SQLite has only the latter."""
    filters = {name: filters[name] for name in FILTERS if filters.get(name)}
    text, key = _terms(text)
    found: list[dict[str, Any]] = []
    nearest_first = connection.vendor == "postgresql" and len(key) > SHORT_KEY
    if nearest_first:
        query = nearest_query(tuple(filters), limit).bound(**filters, key=corrected(text))
        with connection.cursor() as cursor:
            cursor.execute(*query)
            found = [dict(zip(FIELDS, row, strict=True)) for row in cursor.fetchall()]
    if len(found) < limit:
        # Typos are the nearest names' business: matching them again here would compare the
        # typo with every name sharing a few of its letters.
        others = search(filtered(filters), text, similar=not nearest_first).exclude(
            public_id__in=[row["public_id"] for row in found]
        )
        found += rows(others.order_by("-acceded_at", "-public_id"))[: limit - len(found)]
    return found


def nearest(queryset: QuerySet[Signatory], key: str, limit: int) -> QuerySet[Signatory, Any]:
    """The public rows of at most `limit` of `queryset` nearest `key` by word similarity, and
    similar enough, the nearest first."""
    distance = TrigramWordDistance(key, "search_text")
    # Chosen apart from the joins rows() adds, which would tempt the planner into collecting
    # every match through the GIN index and sorting them. The walk has no similarity condition
    # (search_text %> key): PostgreSQL estimates one by running it on the column's statistics,
    # which cost more to plan than the walk costs to run. The nearest are similar enough or not
    # at all, so the few it finds are filtered after.
    ids = queryset.order_by(distance).values("pk")[:limit]
    similar = Signatory.objects.alias(similarity=TrigramWordSimilarity(key, "search_text")).filter(
        pk__in=ids, similarity__gte=WORD_SIMILARITY_THRESHOLD
    )
    return rows(similar.order_by(distance))


# Values no request carries, standing in for a request's own in nearest_query(): the form takes
# editions up to 999, and one out of the column's range would make the ORM drop the query.
STAND_INS: dict[str, Any] = {
    "kind": "\x00kind",
    "organization_kind": "\x00organization_kind",
    "region": "\x00region",
    "edition": 32_123,
    "key": "\x00key",
}


@functools.cache
def nearest_query(names: tuple[str, ...], limit: int) -> Prepared[Signatory]:
    """nearest() of the signatories filtered by `names` (FILTERS, in order): the same SQL for
    every search with those filters, compiled once."""
    return Prepared(
        lambda key, **filters: nearest(filtered(filters), key, limit),
        **{name: STAND_INS[name] for name in (*names, "key")},
    )


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


# month_label() of each month in each language and format: Django's date formatting translates
# the month's name anew each time, and a page of rows has dozens of months.
_MONTH_LABELS: dict[tuple[str | None, str, str], str] = {}
_MONTH_LABELS_KEPT = 10_000


def month_label(month: str) -> str:
    """ "2026-02" as the reader's language writes a month of a year."""
    if not month:
        return ""
    key = (get_language(), get_format("YEAR_MONTH_FORMAT"), month)
    label = _MONTH_LABELS.get(key)
    if label is None:
        if len(_MONTH_LABELS) >= _MONTH_LABELS_KEPT:
            _MONTH_LABELS.clear()
        year, number = map(int, month.split("-"))
        label = _MONTH_LABELS[key] = date_format(date(year, number, 1), key[1])
    return label
