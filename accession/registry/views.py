"""The public registry: pages, exports, feed, badges, statistics. Built only from public.py,
and, for the yearly counts of concerns the statistics publish, accession/concerns/selectors.py."""

import csv
import datetime
import json
import threading
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from accession.concerns import selectors as concern_selectors
from accession.concerns.models import Concern
from accession.models import Kind
from common import page_cache
from common.page_cache import shared_page
from common.regions import Region
from organizations.models import Organization

from . import public
from .forms import PAGE_SIZE, RegistryForm
from .keyset import Page, paginate

SMALL = 5
# Machine-readable copies of people's names are for reading, not for search engines;
# organizations stay findable through their profiles and the sitemap.
NOINDEX = "noindex"


# What a filter by region adds to a count of signatories ("27 signatories in Grodno region").
IN_REGION = {
    Region.BREST: pgettext_lazy("after a count of signatories", "in Brest region"),
    Region.VITEBSK: pgettext_lazy("after a count of signatories", "in Vitebsk region"),
    Region.GOMEL: pgettext_lazy("after a count of signatories", "in Gomel region"),
    Region.GRODNO: pgettext_lazy("after a count of signatories", "in Grodno region"),
    Region.MINSK_REGION: pgettext_lazy("after a count of signatories", "in Minsk region"),
    Region.MOGILEV: pgettext_lazy("after a count of signatories", "in Mogilev region"),
    Region.MINSK_CITY: pgettext_lazy("after a count of signatories", "in Minsk city"),
    Region.ABROAD: pgettext_lazy("after a count of signatories", "abroad"),
}
FILTERS = (*public.FILTERS, "q")


def _matching(filters, count, more=False):
    """How many listed signatories the filters select, in words: "27 signatories in Grodno
    region", "3 organizations matching “ales”", or, when `more` match than the `count` shown,
    "More than 25 signatories matching “bialiatski”"."""
    if filters.get("kind") == Kind.INDIVIDUAL:
        words = ngettext(
            "%(counter)s human rights defender", "%(counter)s human rights defenders", count
        )
    elif filters.get("kind") == Kind.ORGANIZATION or filters.get("organization_kind"):
        words = ngettext("%(counter)s organization", "%(counter)s organizations", count)
    else:
        words = ngettext("%(counter)s signatory", "%(counter)s signatories", count)
    # Each filter is a phrase of its own after the count: their combinations are too many for
    # one sentence each.
    parts = [words % {"counter": formats.localize(count)}]
    if more:
        parts[0] = _("More than %(count)s") % {"count": parts[0]}
    if filters.get("organization_kind"):
        kind = public.KINDS[filters["organization_kind"]]
        parts.append(_("of the kind “%(kind)s”") % {"kind": kind})
    if filters.get("region"):
        parts.append(str(IN_REGION[filters["region"]]))
    if filters.get("edition"):
        parts.append(_("of edition %(number)s") % {"number": filters["edition"]})
    if filters.get("q"):
        parts.append(_("matching “%(text)s”") % {"text": " ".join(filters["q"].split())})
    return " ".join(parts) + "."


def _filters(request):
    """The form and its valid filters; an invalid value is dropped on its own, never taking the
    other filters with it."""
    form = RegistryForm(request.GET or None)
    form.is_valid()
    return form, getattr(form, "cleaned_data", {})


# A search is not kept: its text is the visitor's own, and the addresses it makes countless.
@shared_page(unless=("q",))
def registry(request):
    if request.GET.get("after") and request.GET.get("before"):
        raise BadRequest("A page is either after or before another, not both.")
    form, filters = _filters(request)
    sort = filters.get("sort") or "newest"
    size = filters.get("size") or PAGE_SIZE
    if filters.get("q"):
        # A search is one page of the closest matches (public.closest), with no next page:
        # counting beyond it would cost a scan of every signatory sharing a common name.
        found = public.closest(filters, filters["q"], size + 1)
        more = len(found) > size
        found = found[:size]
        if sort == "name":
            found.sort(key=lambda row: (row["listed_name"], row["public_id"]))
        page = Page(found, None, None)
        count = len(found)
    else:
        queryset = public.filtered(filters)
        page = paginate(
            public.rows(queryset),
            sort,
            size,
            after=filters.get("after"),
            before=filters.get("before"),
        )
        more = False
        count = None
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    # A filtered page counts what it lists (listed signatories only, so the count tells
    # nothing the entries do not); the whole registry's counts come from the tally.
    filtered = any(filters.get(key) for key in FILTERS)
    if filtered and count is None:
        count = queryset.count()
    return render(
        request,
        "registry/registry.html",
        {
            "form": form,
            "entries": public.labelled_all(page.rows),
            "page": page,
            "query": query.urlencode(),
            "matching": _matching(filters, count, more) if filtered else "",
            "summary": None if filtered else public.summary(),
        },
    )


@shared_page
def entry(request, public_id):
    row = public.rows(public.listed_signatories().filter(public_id=public_id)).first()
    if row is None:
        raise Http404
    # The badge speaks the page's language; English, the badge's own, needs no query.
    language = translation.get_language()
    badge_query = "" if language == settings.LANGUAGE_CODE else f"?lang={language}"
    return render(
        request, "registry/entry.html", {"entry": public.labelled(row), "badge_query": badge_query}
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Spreadsheets run cells starting with these as formulas; a leading quote keeps them text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def machine_language(request):
    """The language of a machine-readable output: its `lang` parameter, else English — never
    the reader's cookie or browser, so the same address always gives the same document."""
    code = request.GET.get("lang", "")
    return translation.override(code if code in dict(settings.LANGUAGES) else "en")


# Rows read per round trip to the database, and the size of the pieces written to the client:
# one write per row cost more than the rows themselves. The first read is smaller, so that the
# first rows leave before the next are read: a batch is as many random reads of the table and
# its joins, three for each row, which took a cold disk seconds (first row at 2 s in `make
# bench`).
FIRST_ROWS = 20
BATCH = 500
FIRST_CHUNK = 2 * 1024
CHUNK = 64 * 1024

# Exports streaming at once in one web process; more answer 503 with Retry-After. An export of a
# million rows keeps a thread busy for a minute or more: with gunicorn's threads per worker
# (config/gunicorn.py) above this, downloads can never take every thread from the pages.
EXPORTS_AT_ONCE = 2
RETRY_AFTER = 60
_export_slots = threading.BoundedSemaphore(EXPORTS_AT_ONCE)


def _ordered_rows(queryset):
    """The export's public rows in order, read in batches from one query in one transaction.

    Outside a transaction Django declares the cursor WITH HOLD, and PostgreSQL then builds the
    whole result before the first row; inside one it streams from the index-ordered scan. Closing
    the generator (the client went away) rolls the transaction back, freeing the connection.
    A slow client keeps the transaction, and so its snapshot, open as long as it reads: vacuum
    cannot reclaim rows deleted meanwhile until it is done."""
    ordered = public.rows(queryset.order_by("acceded_at", "public_id"))
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield from ordered.iterator(BATCH)
            return
        with connection.cursor() as cursor:
            # A plan this long is compiled (JIT) before its first row: a second at a million
            # rows, for a row-at-a-time index scan that gains nothing from it.
            cursor.execute("SET LOCAL jit = off")
        # The ORM's own iterator reads every batch alike; its rows are these (values() of
        # FIELDS, which PostgreSQL gives as Python wants them; tested).
        with connection.chunked_cursor() as cursor:
            cursor.execute(*ordered.query.sql_with_params())
            size = FIRST_ROWS
            while found := cursor.fetchmany(size):
                yield from (dict(zip(public.FIELDS, row, strict=True)) for row in found)
                size = BATCH


def _in_chunks(pieces):
    """`pieces` joined into chunks growing from FIRST_CHUNK to CHUNK characters: the first rows
    leave at once, the rest in few writes."""
    buffer, size, limit = [], 0, min(FIRST_CHUNK, CHUNK)
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= limit:
            yield "".join(buffer)
            buffer, size, limit = [], 0, min(limit * 2, CHUNK)
    if buffer:
        yield "".join(buffer)


def _streamed(request, chunks):
    """`chunks` produced in the output's language, however late the server iterates them."""
    with machine_language(request):
        yield from chunks


class _Export:
    """An export's content, holding one of the process's export slots until the response is
    closed — or, if the server never iterates or closes it, until it is dropped."""

    def __init__(self, request, pieces):
        self._chunks = _streamed(request, _in_chunks(pieces))
        self._holds_slot = True

    def __iter__(self):
        return self._chunks

    def close(self):
        try:
            self._chunks.close()
        finally:
            if self._holds_slot:
                self._holds_slot = False
                _export_slots.release()

    def __del__(self):
        self.close()


def _export(request, pieces, content_type, filename):
    if not _export_slots.acquire(blocking=False):
        with machine_language(request):
            busy = HttpResponse(
                _("Please wait a while before trying again."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        busy["Retry-After"] = str(RETRY_AFTER)
        return busy
    response = StreamingHttpResponse(_Export(request, pieces), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = NOINDEX
    return response


def export_csv(request):
    queryset = public.filtered(_filters(request)[1])
    writer = csv.writer(_Echo())

    def lines():
        # A byte-order mark first: without it Excel reads the file in the computer's legacy
        # code page and Cyrillic names come out garbled.
        yield "\ufeff" + writer.writerow(public.COLUMNS)
        for row in _ordered_rows(queryset):
            item = public.entry(row)
            item["other_names"] = " | ".join(item["other_names"])
            yield writer.writerow([_cell(item[column]) for column in public.COLUMNS])

    return _export(request, lines(), "text/csv; charset=utf-8", "signatories.csv")


def export_json(request):
    queryset = public.filtered(_filters(request)[1])

    def pieces():
        yield "["
        separator = ""
        for row in _ordered_rows(queryset):
            yield separator + json.dumps(public.entry(row), ensure_ascii=False)
            separator = ",\n"
        yield "]\n"

    return _export(request, pieces(), "application/json; charset=utf-8", "signatories.json")


# Stands for an entry's id in the addresses the open data page gives.
SAMPLE_ID = "0" * 16


@shared_page
def data(request):
    def template(name):
        return reverse(name, args=[SAMPLE_ID]).replace(SAMPLE_ID, "<id>")

    return render(
        request,
        "registry/data.html",
        {"entry_url": template("registry:entry"), "badge_url": template("open_data:badge")},
    )


@shared_page
def badge(request, public_id):
    row = public.rows(
        public.listed_signatories().filter(public_id=public_id, kind=Kind.ORGANIZATION)
    ).first()
    if row is None:
        raise Http404
    with machine_language(request):
        entry = public.entry(row)
        # One sentence, broken into the badge's two lines where its translation says.
        text = _(
            "Adheres to the Principles of\nHuman Rights Work in Belarus · edition %(number)s"
        ) % {"number": entry["edition"]}
        return render(
            request,
            "registry/badge.svg",
            {"entry": entry, "lines": text.split("\n")},
            content_type="image/svg+xml; charset=utf-8",
        )


class NewSignatoriesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Newly listed signatories of the Principles")
    subtitle = gettext_lazy(
        "Organizations and human rights defenders who acceded to the Principles of Human Rights "
        "Work in Belarus and chose to be listed."
    )

    def __call__(self, request, *args, **kwargs):
        with machine_language(request):
            response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = NOINDEX
        return response

    def link(self):
        return reverse("registry:list")

    def items(self):
        newest = public.listed_signatories().order_by("-acceded_at", "-public_id")
        return [public.entry(row) for row in public.rows(newest)[:50]]

    def item_title(self, item):
        return item["name"]

    def item_description(self, item):
        region = dict(Region.choices).get(item["region"], "")
        return _("Acceded to edition %(edition)s in %(month)s. %(region)s") % {
            "edition": item["edition"],
            "month": public.month_label(item["acceded"]),
            "region": region,
        }

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return item["url"]

    def item_updateddate(self, item):
        # Month precision, as on the page: the exact moment of approval is nobody's business.
        year, month = map(int, item["acceded"].split("-"))
        return datetime.datetime(year, month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _suppress(count):
    """Counts from 1 to 4 are shown as "fewer than 5", so that no one is singled out."""
    return {"count": count, "small": 0 < count < SMALL, "bar": 0 if 0 < count < SMALL else count}


def _breakdowns() -> dict[str, Any]:
    """The statistics' counts: a scan of every listed signatory, so made once per public
    version for every language, not once per page."""
    listed = public.listed_signatories()
    by_region = dict(listed.order_by().values_list("listed_region").annotate(n=Count("pk")))
    by_kind = {
        (kind, organization_kind or ""): n
        for kind, organization_kind, n in listed.order_by()
        .values_list("kind", "organization__kind")
        .annotate(n=Count("pk"))
    }
    # TruncMonth works in the current time zone, Europe/Minsk, as every other output does.
    by_month = list(
        listed.annotate(month=TruncMonth("acceded_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
        .values_list("month", "n")
    )
    return {
        "by_region": by_region,
        "by_kind": by_kind,
        "by_month": by_month,
        "concerns": concern_selectors.yearly_counts(),
    }


@shared_page
def statistics(request):
    """Breakdowns of what the registry already publishes — listed signatories by their listed
    region, kind and month — so that no figure here, alone or subtracted from another output,
    says anything about a signatory who is not named; those appear as one total."""
    counts = page_cache.for_version("statistics", _breakdowns)
    by_region, by_kind, by_month = counts["by_region"], counts["by_kind"], counts["by_month"]
    regions = [(label, _suppress(by_region.get(value, 0))) for value, label in Region.choices]
    kinds = [(_("individuals"), _suppress(by_kind.get(("individual", ""), 0)))] + [
        (label, _suppress(by_kind.get(("organization", value), 0)))
        for value, label in Organization.Kind.choices
    ]
    months, total = [], 0
    for month, n in by_month:
        total += n
        months.append((public.month_label(public.month(month)), _suppress(total)))
    return render(
        request,
        "registry/statistics.html",
        {
            "charts": [
                ("regions", _("Named signatories by region"), regions),
                ("kinds", _("Named signatories by kind"), kinds),
                ("months", _("Named signatories over time (cumulative)"), months),
            ],
            "unnamed": _suppress(public.summary()["counted"]),
            # That the procedure is used, and how concerns end: yearly totals only, blurred
            # like the rest, never a signatory or a month.
            "concerns": [
                {
                    "year": row["year"],
                    "counts": [_suppress(row[key]) for key in ("received", *Concern.Outcome)],
                }
                for row in counts["concerns"]
            ],
        },
    )


def claim_url(slug: str) -> str:
    """Where to ask to represent an organization: named in the query, never in the path."""
    return f"{reverse('accession:claim')}?{urlencode({'organization': slug})}"


@shared_page
def organization_profile(request, slug):
    """An organization's public profile: public only while it is a listed signatory (its URL
    stays under /organizations/, named organizations:profile, wired in config/urls.py)."""
    row = public.rows(
        public.listed_signatories().filter(kind="organization", organization__slug=slug)
    ).first()
    if row is None:
        raise Http404
    return render(
        request,
        "registry/profile.html",
        {"entry": public.labelled(row), "claim_url": claim_url(slug)},
    )
