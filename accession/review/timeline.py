"""The history of an accession as the coordinators read it: every history row of the accession
and its signatory as readable changes, with actors, reasons and internal notes, and every view
of the private data."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accession import events
from accession.models import Accession, PrivateDataView
from accession.timeline import Entry, history_rows, row_reason

# Never shown as a change: noise, or shown by other means (each row's reason and internal note
# are shown with it).
QUIET_FIELDS = [
    "updated_at",
    "decided_at",
    "review_started_at",
    "closed_at",
    "reason",
    "internal_note",
]
USER_FIELDS = {"user", "reviewer", "decided_by", "expulsion_proposed_by"}


def for_coordinators(
    accession: Accession, views: list[PrivateDataView] | None = None
) -> list[Entry]:
    """Every history row as readable changes, and every view of the private data (`views`
    when they have been read already), in order."""
    rows = history_rows(accession)
    deltas = [
        row.diff_against(previous, excluded_fields=QUIET_FIELDS).changes if previous else []
        for row, previous, _of_signatory in rows
    ]
    if views is None:
        views = list(accession.views.all())
    # One query for the people named, however long the history: those who made each change,
    # those named in changed user fields, those who opened the private data.
    user_ids = {
        value
        for changes in deltas
        for change in changes
        if change.field in USER_FIELDS
        for value in (change.old, change.new)
    }
    user_ids |= {row.history_user_id for row, _previous, _of_signatory in rows}
    user_ids |= {view.coordinator_id for view in views}
    emails = dict(
        get_user_model().objects.filter(pk__in=user_ids - {None}).values_list("pk", "email")
    )
    entries = []
    for (row, _previous, of_signatory), changes in zip(rows, deltas, strict=True):
        if of_signatory and not changes:
            continue  # its creation is the first submission's, shown with that
        model = row.instance_type
        what = []
        for change in changes:
            model_field = model._meta.get_field(change.field)
            old, new = (_display(model_field, value, emails) for value in (change.old, change.new))
            what.append(f"{capfirst(model_field.verbose_name)}: {old} → {new}")
        entries.append(
            Entry(
                row.history_date,
                emails.get(row.history_user_id, _("a deleted account"))
                if row.history_user_id
                else _("the system"),
                events.event(row.history_change_reason).description,
                what,
                row_reason(row),
                getattr(row, "internal_note", ""),
            )
        )
    for view in views:
        who = emails.get(view.coordinator_id) if view.coordinator_id else None
        entries.append(
            Entry(view.at, who or _("a former coordinator"), _("opened the private data"))
        )
    return sorted(entries, key=lambda entry: entry.at)


def _display(model_field: Any, value: Any, emails: dict[int, str]) -> str:
    """A field's value as a reader reads it: a person by e-mail, a choice by its label, a time
    in Minsk to the minute, a yes or no."""
    if value in (None, ""):
        return "—"
    if model_field.name in USER_FIELDS:
        return emails.get(value, _("a deleted account"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
