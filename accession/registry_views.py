"""The public registry: pages, exports, feed, badges, statistics. Built only from public.py."""

import csv
import datetime
import json

from django.contrib.syndication.views import Feed
from django.db.models import Case, Count, F, When
from django.db.models.functions import TruncMonth
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Organization, Region

from . import public
from .forms import RegistryForm
from .keyset import paginate
from .models import Accession

SMALL = 5


def _filtered(request):
    form = RegistryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = public.listed_accessions()
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("organization_kind"):
        queryset = queryset.filter(organization__kind=filters["organization_kind"])
    if filters.get("region"):
        queryset = queryset.filter(listed_region=filters["region"])
    if filters.get("edition"):
        queryset = queryset.filter(edition__number=filters["edition"])
    if filters.get("q"):
        queryset = public.search(queryset, filters["q"])
    return form, filters, queryset


def registry(request):
    form, filters, queryset = _filtered(request)
    page = paginate(
        public.rows(queryset),
        filters.get("sort") or "newest",
        filters.get("size") or 50,
        after=filters.get("after"),
        before=filters.get("before"),
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "registry/registry.html",
        {
            "form": form,
            "entries": [public.labelled(public.entry(row)) for row in page.rows],
            "page": page,
            "query": query.urlencode(),
            "summary": public.summary(),
        },
    )


def entry(request, public_id):
    row = public.rows(public.listed_accessions().filter(public_id=public_id)).first()
    if row is None:
        raise Http404
    return render(request, "registry/entry.html", {"entry": public.labelled(public.entry(row))})


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Spreadsheets run cells starting with these as formulas; a leading quote keeps them text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(request):
    _form, _filters, queryset = _filtered(request)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(public.COLUMNS)
        for row in public.rows(queryset.order_by("approved_at", "public_id")).iterator(2000):
            item = public.entry(row)
            item["other_names"] = " | ".join(item["other_names"])
            yield writer.writerow([_cell(item[column]) for column in public.COLUMNS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signatories.csv"'
    return response


def export_json(request):
    _form, _filters, queryset = _filtered(request)

    def chunks():
        yield "["
        separator = ""
        for row in public.rows(queryset.order_by("approved_at", "public_id")).iterator(2000):
            yield separator + json.dumps(public.entry(row), ensure_ascii=False)
            separator = ",\n"
        yield "]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signatories.json"'
    return response


def data(request):
    return render(request, "registry/data.html", {"columns": public.COLUMNS})


def badge(request, public_id):
    row = public.rows(
        public.listed_accessions().filter(public_id=public_id, kind=Accession.Kind.ORGANIZATION)
    ).first()
    if row is None:
        raise Http404
    return render(
        request,
        "registry/badge.svg",
        {"entry": public.entry(row)},
        content_type="image/svg+xml; charset=utf-8",
    )


class NewSignatoriesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Newly listed signatories of the Principles")
    subtitle = gettext_lazy(
        "Organizations and human rights defenders who acceded to the Principles of Human Rights "
        "Work in Belarus and chose to be listed."
    )

    def link(self):
        return reverse("registry:list")

    def items(self):
        return [
            public.entry(row)
            for row in public.rows(public.listed_accessions().order_by("-approved_at"))[:50]
        ]

    def item_title(self, item):
        return item["name"]

    def item_description(self, item):
        region = dict(Region.choices).get(item["region"], "")
        return _("Acceded to edition %(edition)s in %(month)s. %(region)s") % {
            "edition": item["edition"],
            "month": item["acceded"],
            "region": region,
        }

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return item["url"]

    def item_updateddate(self, item):
        # Month precision, as on the page: the exact moment of approval is nobody's business.
        year, month = map(int, item["acceded"].split("-"))
        return datetime.datetime(year, month, 1, tzinfo=datetime.UTC)


def _suppress(count):
    """Counts from 1 to 4 are shown as "fewer than 5", so that no one is singled out."""
    return {"count": count, "small": 0 < count < SMALL, "bar": 0 if 0 < count < SMALL else count}


def statistics(request):
    accessions = public.public_accessions()
    # Counted-but-not-named signatories are counted here too, by their region; small counts
    # are suppressed below so that nobody can be singled out.
    by_region = dict(
        accessions.annotate(
            where=Case(
                When(kind=Accession.Kind.ORGANIZATION, then=F("organization__region")),
                default=F("region"),
            )
        )
        .values_list("where")
        .annotate(n=Count("pk"))
        .values_list("where", "n")
    )
    by_kind = {
        (kind, organization_kind or ""): n
        for kind, organization_kind, n in accessions.values_list(
            "kind", "organization__kind"
        ).annotate(n=Count("pk"))
    }
    by_month = list(
        accessions.annotate(month=TruncMonth("approved_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
        .values_list("month", "n")
    )
    regions = [(label, _suppress(by_region.get(value, 0))) for value, label in Region.choices]
    kinds = [(_("individuals"), _suppress(by_kind.get(("individual", ""), 0)))] + [
        (label, _suppress(by_kind.get(("organization", value), 0)))
        for value, label in Organization.Kind.choices
    ]
    months, total = [], 0
    for month, n in by_month:
        total += n
        months.append((month.strftime("%Y-%m"), _suppress(total)))
    return render(
        request,
        "registry/statistics.html",
        {
            "charts": [
                ("regions", _("Signatories by region"), regions),
                ("kinds", _("Signatories by kind"), kinds),
                ("months", _("Signatories over time (cumulative)"), months),
            ],
        },
    )
