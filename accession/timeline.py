"""The history of an accession, read two ways: by its signatory, and by the coordinators."""

import itertools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Listing, Status

# What a signatory's timeline shows; review bookkeeping (who took a request) stays internal.
SIGNATORY_FIELDS = ["status", "listing", "hidden_at", "reason", "signatory_response"]
# Never shown as a change: noise, or shown by other means.
QUIET_FIELDS = ["updated_at", "decided_at", "review_started_at"]
USER_FIELDS = {"user", "reviewer", "decided_by", "expulsion_proposed_by"}


@dataclass
class Entry:
    at: object
    actor: str
    event: str
    what: list = field(default_factory=list)
    reason: str = ""
    internal_note: str = ""


def _signatory_actor(row, viewer, accession):
    if row.history_user_id == viewer.pk:
        return _("you")
    if row.history_user_id is None:
        return _("the system")
    if row.history_user_id == accession.user_id and accession.organization_id:
        return _("a representative of the organization")
    return _("a coordinator")


def for_signatory(accession, viewer):
    rows = list(accession.history.order_by("history_date", "history_id"))
    entries, previous = [], None
    for row in rows:
        what = []
        if previous is None or row.status != previous.status:
            what.append(_("status: %(status)s") % {"status": Status(row.status).label})
        if previous is not None and row.listing != previous.listing:
            what.append(_("listing: %(listing)s") % {"listing": Listing(row.listing).label})
        if previous is not None and bool(row.hidden_at) != bool(previous.hidden_at):
            what.append(_("hidden from every public page") if row.hidden_at else _("shown again"))
        if previous is not None and row.signatory_response != previous.signatory_response:
            what.append(_("response sent"))
        changed = previous is None or any(
            getattr(row, name) != getattr(previous, name) for name in SIGNATORY_FIELDS
        )
        if changed and (what or row.reason):
            entries.append(
                Entry(
                    row.history_date,
                    _signatory_actor(row, viewer, accession),
                    row.history_change_reason or "",
                    what,
                    row.reason,
                )
            )
        previous = row
    return entries


def for_coordinators(accession):
    """Every history row as readable changes, and every view of the private data, in order."""
    rows = list(
        accession.history.select_related("history_user").order_by("history_date", "history_id")
    )
    deltas = [
        row.diff_against(previous, excluded_fields=QUIET_FIELDS).changes
        for previous, row in itertools.pairwise(rows)
    ]
    # One query for the people named in changed user fields, however long the history.
    user_ids = {
        value
        for changes in deltas
        for change in changes
        if change.field in USER_FIELDS
        for value in (change.old, change.new)
    }
    emails = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
    entries = []
    for row, changes in zip(rows, [[], *deltas], strict=True):
        what = []
        for change in changes:
            model_field = accession._meta.get_field(change.field)
            old, new = (_display(model_field, value, emails) for value in (change.old, change.new))
            what.append(f"{model_field.verbose_name}: {old} → {new}")
        entries.append(
            Entry(
                row.history_date,
                row.history_user.email if row.history_user else _("the system"),
                row.history_change_reason or "",
                what,
                row.reason,
                row.internal_note,
            )
        )
    for view in accession.views.select_related("coordinator"):
        entries.append(
            Entry(
                view.at,
                view.coordinator.email if view.coordinator else _("a former coordinator"),
                _("opened the private data"),
            )
        )
    return sorted(entries, key=lambda entry: entry.at)


def _display(model_field, value, emails):
    if value in (None, ""):
        return "—"
    if model_field.name in USER_FIELDS:
        return emails.get(value, _("a deleted account"))
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return str(value)
