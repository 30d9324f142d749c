"""The review desk queue's rows, written in Python: 50 rows of the template's loop cost the page
a third of its time, some twenty nodes a row, each looked up, localized and escaped by the
template engine. The HTML is the loop's, character for character (see the tests)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext

from common.rendering import escaped

register = template.Library()

ROW = (
    '\n      <tr>\n        <td data-label="{request_label}"><a href="{url}">{name}</a>{assisted}'
    "</td>"
    '\n        <td data-label="{kind_label}">{kind}</td>'
    '\n        <td data-label="{region_label}">{region}</td>'
    '\n        <td data-label="{status_label}">{status}</td>'
    '\n        <td data-label="{age_label}">{age}</td>'
    '\n        <td data-label="{reviewer_label}" class="address">{reviewer}</td>'
    "\n      </tr>\n    "
)


def _since(moment: Any) -> str:
    """The `timesince` filter: empty for no time."""
    return timesince(moment) if moment else ""


@register.simple_tag
def queue_rows(rows: list[dict[str, Any]], *column_labels: str) -> SafeString:
    """The table's rows for `rows` (from the queue view's _rows()), each cell labelled with its
    column's header (`column_labels`, in the columns' order) for phones."""
    request, kind, region, status, age, reviewer_label = map(escaped, column_labels)
    labels = {
        "request_label": request,
        "kind_label": kind,
        "region_label": region,
        "status_label": status,
        "age_label": age,
        "reviewer_label": reviewer_label,
    }
    assisted = escaped(pgettext("an accession a coordinator recorded", "assisted"))
    ago = gettext("%(since)s ago")
    cells = []
    for row in rows:
        cells.append(
            ROW.format(
                **labels,
                url=escaped(row["url"]),
                name=escaped(row["name"]),
                assisted=f' <span class="tag">{assisted}</span>' if row["assisted"] else "",
                kind=escaped(row["kind"]),
                region=escaped(row["region"]),
                status=escaped(row["status"]),
                age=escaped(_since(row["submitted_at"])),
                reviewer=(
                    f"{escaped(row['reviewer'])} "
                    f"({ago % {'since': escaped(_since(row['review_started_at']))}})"
                    if row["reviewer"]
                    else "—"
                ),
            )
        )
    return mark_safe("".join(cells))  # noqa: S308 (every value is escaped)
