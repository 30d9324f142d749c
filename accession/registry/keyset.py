"""Keyset pagination: a page starts after (or ends before) a listed signatory named by its public
id, so deep pages cost what the first costs and signatories added meanwhile never shift a page.

A cursor is resolved among listed signatories only: an id that is private (pending, hidden,
counted but not named, or an accession's) answers exactly as an id that never existed — with
the first page — so a cursor can never tell whether or when anyone was approved.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Subquery

from accession.models import LISTED, Signatory

# Sort name -> ((field, descending), ...); the last field is unique, so the order is total.
Sort = tuple[tuple[str, bool], ...]
SORTS: dict[str, Sort] = {
    "newest": (("acceded_at", True), ("public_id", True)),
    "name": (("listed_name", False), ("public_id", False)),
}


@dataclass
class Page:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    previous_cursor: str | None


def _beyond(fields: Sort, cursor: str, forwards: bool) -> Q:
    """Rows strictly after the cursor row in the sort order (before it if not forwards)."""
    cursor_row = Signatory.objects.filter(LISTED, public_id=cursor)

    def value(name: str) -> Subquery:
        return Subquery(cursor_row.values(name)[:1])

    condition = Q()
    for position, (name, descending) in enumerate(fields):
        lookup = "lt" if descending == forwards else "gt"
        step = Q(**{f"{name}__{lookup}": value(name)})
        for earlier, _descending in fields[:position]:
            step &= Q(**{earlier: value(earlier)})
        condition |= step
    # Redundant with the above, but lets the database start its index scan at the cursor
    # instead of filtering every row before it.
    first, descending = fields[0]
    bound = Q(**{f"{first}__{'lte' if descending == forwards else 'gte'}": value(first)})
    return bound & condition


def _page(
    queryset: QuerySet[Any, dict[str, Any]],
    fields: Sort,
    size: int,
    forwards: bool,
    from_cursor: bool,
) -> Page:
    order = [f"-{name}" if descending == forwards else name for name, descending in fields]
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forwards:
        rows.reverse()
    if not rows:
        return Page([], None, None)
    has_next = more if forwards else True
    has_previous = from_cursor if forwards else more
    return Page(
        rows,
        rows[-1]["public_id"] if has_next else None,
        rows[0]["public_id"] if has_previous else None,
    )


def paginate(
    queryset: QuerySet[Any, dict[str, Any]],
    sort: str,
    size: int,
    after: str | None = None,
    before: str | None = None,
) -> Page:
    """`size` public rows of `queryset` after `after` or before `before` (not both): one query,
    or two when the cursor names no listed signatory, which then gets the first page."""
    fields = SORTS[sort]
    cursor = after or before
    if cursor:
        forwards = not before
        page = _page(
            queryset.filter(_beyond(fields, cursor, forwards)),
            fields,
            size,
            forwards,
            from_cursor=True,
        )
        if page.rows:
            return page
    return _page(queryset, fields, size, forwards=True, from_cursor=False)
