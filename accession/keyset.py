"""Keyset pagination: a page starts after (or ends before) a row named by its public id, so
deep pages cost what the first costs and rows added meanwhile never shift a page."""

from dataclasses import dataclass

from django.db.models import Q, Subquery

from .models import Accession

# Sort name -> ((field, descending), ...); the last field is unique, so the order is total.
SORTS = {
    "newest": (("approved_at", True), ("public_id", True)),
    "name": (("listed_name", False), ("public_id", False)),
}


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def _beyond(fields, cursor, forwards):
    """Rows strictly after the cursor row in the sort order (before it if not forwards)."""
    cursor_row = Accession.objects.filter(public_id=cursor)
    condition = Q()
    for position, (name, descending) in enumerate(fields):
        value = Subquery(cursor_row.values(name)[:1])
        lookup = "lt" if descending == forwards else "gt"
        step = Q(**{f"{name}__{lookup}": value})
        for earlier, _descending in fields[:position]:
            step &= Q(**{earlier: Subquery(cursor_row.values(earlier)[:1])})
        condition |= step
    # Redundant with the above, but lets the database start its index scan at the cursor
    # instead of filtering every row before it.
    first, descending = fields[0]
    bound = Q(
        **{
            f"{first}__{'lte' if descending == forwards else 'gte'}": Subquery(
                cursor_row.values(first)[:1]
            )
        }
    )
    return bound & condition


def paginate(queryset, sort, size, after=None, before=None):
    """One query: `size` rows of `queryset` (public rows) after `after` or before `before`."""
    fields = SORTS[sort]
    forwards = not before
    order = [f"-{name}" if descending == forwards else name for name, descending in fields]
    if after or before:
        queryset = queryset.filter(_beyond(fields, after or before, forwards))
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forwards:
        rows.reverse()
    if not rows:
        return Page([], None, None)
    has_next = more if forwards else True
    has_previous = bool(after) if forwards else more
    return Page(
        rows,
        rows[-1]["public_id"] if has_next else None,
        rows[0]["public_id"] if has_previous else None,
    )
