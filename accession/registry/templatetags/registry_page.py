"""The registry page's costly parts made cheap: its table rows, written in Python (50 rows of the
template's loop cost the page two thirds of its rendering, thirteen variables a row, each looked
up, localized and escaped by the template engine), with the HTML of that loop, character for
character (see the tests); and its filters, rendered once for each language and choice of
filters."""

from typing import Any

from django import template
from django.forms import Form
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from common.rendering import escaped

register = template.Library()

ROW = (
    '\n      <tr>\n        <td data-label="{name_label}"><a href="{path}">{name}</a>{others}</td>'
    '\n        <td data-label="{kind_label}">{kind}</td>'
    '\n        <td data-label="{region_label}">{region}</td>'
    '\n        <td data-label="{edition_label}">{edition}</td>'
    '\n        <td data-label="{acceded_label}">{acceded}</td>'
    "\n      </tr>\n    "
)


def _other_names(entry: dict[str, Any]) -> str:
    """An organization's other names, each marked with its language for screen readers."""
    if not entry["other_names_in"]:
        return ""
    names = " · ".join(
        f'<span lang="{escaped(other["lang"])}">{escaped(other["name"])}</span>'
        for other in entry["other_names_in"]
    )
    return f'<br><span class="other-names">{names}</span>'


class _Localized(dict[Any, str]):
    def __missing__(self, value: Any) -> str:
        text = self[value] = escaped(localize(value))
        return text


@register.simple_tag
def registry_rows(entries: list[dict[str, Any]], *column_labels: str) -> SafeString:
    """The table's rows for `entries` (from public.labelled_all()), each cell labelled with its
    column's header (`column_labels`, in the columns' order) for phones."""
    name, kind, region, edition, acceded = (escaped(label) for label in column_labels)
    # Editions repeat from row to row: each is localized once.
    editions = _Localized()
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            ROW.format(
                name_label=name,
                kind_label=kind,
                region_label=region,
                edition_label=edition,
                acceded_label=acceded,
                path=escaped(entry["path"]),
                name=escaped(entry["name"]),
                others=_other_names(entry),
                kind=escaped(entry["kind_label"]),
                region=escaped(entry["region_label"]),
                edition=editions[entry["edition"]],
                acceded=escaped(entry["acceded_label"]),
            )
            for entry in entries
        )
    )


# The HTML of the filters' choice fields for each language and choice of filters, rendered when
# first asked for; bounded, as the choices are many. The fields typed into (the name searched,
# the edition) are rendered anew each time and never kept: their text is the visitor's own.
_FILTERS: dict[tuple[Any, ...], list[str | None]] = {}
_FILTERS_KEPT = 1000


@register.simple_tag
def filter_fields(form: Form) -> SafeString:
    """Each visible field of the registry's filters with its label and errors, in a <div>."""
    if form.is_bound and form.errors:
        return _filters(form)
    visible = form.visible_fields()
    typed = {field.name for field in _free_text(form)}
    # What each chosen widget reads from the query, the only input besides the language and
    # whether a name is searched (the sort's first choice says so), not the hidden page cursors,
    # which no kept field shows.
    key = (
        get_language(),
        form.is_bound,
        getattr(form, "searched", False),
        *(repr(field.data) for field in visible if field.name not in typed),
    )
    fields = _FILTERS.get(key)
    if fields is None:
        if len(_FILTERS) >= _FILTERS_KEPT:
            _FILTERS.clear()
        fields = _FILTERS[key] = [
            None if field.name in typed else _field(field) for field in visible
        ]
    return mark_safe(  # noqa: S308 (rendered by the form)
        "".join(
            _field(field) if html is None else html
            for field, html in zip(visible, fields, strict=True)
        )
    )


def _free_text(form: Form) -> list[Any]:
    return [field for field in form.visible_fields() if not hasattr(field.field, "choices")]


def _field(field: Any) -> str:
    return f"<div>{field.label_tag()} {field} {field.errors}</div>"


def _filters(form: Form) -> SafeString:
    return mark_safe(  # noqa: S308 (rendered by the form)
        "".join(_field(field) for field in form.visible_fields())
    )
