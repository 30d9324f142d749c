"""The history of an accession, read two ways: by its signatory, and by the coordinators.

An accession's timeline is its own history rows merged with its signatory's (listing choices,
hiding), each rendered from its event code (events.py), which also says who may see it.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import events
from .events import Actor
from .models import Listing, Status

# Never shown as a change: noise, or shown by other means.
QUIET_FIELDS = ["updated_at", "decided_at", "review_started_at", "closed_at"]
USER_FIELDS = {"user", "reviewer", "decided_by", "expulsion_proposed_by"}


@dataclass
class Entry:
    at: object
    actor: str
    event: str
    what: list = field(default_factory=list)
    reason: str = ""
    internal_note: str = ""
    from_coordinators: bool = False


def _rows(accession):
    """Both histories, oldest first: (row, the previous row of its own history, whether it is
    the signatory's)."""
    rows = []
    for history, of_signatory in ((accession.history, False), (accession.signatory.history, True)):
        ordered = list(
            history.select_related("history_user").order_by("history_date", "history_id")
        )
        # Bulk loads (seed_demo, imports) write no history: an empty history is an empty list.
        rows += [
            (row, ordered[index - 1] if index else None, of_signatory)
            for index, row in enumerate(ordered)
        ]
    return sorted(rows, key=lambda each: each[0].history_date)


def _signatory_actor(event, row, viewer, accession):
    if event.actor == Actor.COORDINATORS:
        return _("the coordinators")
    if event.actor == Actor.SYSTEM:
        return _("the system")
    if row.history_user_id == viewer.pk or not accession.organization_id:
        return _("you")
    return _("a representative of the organization")


def _signatory_changes(row, previous, of_signatory):
    """What a signatory reads as having changed in one history row."""
    what = []
    if not of_signatory:
        if previous is None or row.status != previous.status:
            what.append(_("status: %(status)s") % {"status": Status(row.status).label})
        if previous is not None and row.signatory_response != previous.signatory_response:
            what.append(_("response sent"))
    elif previous is not None:
        if row.listing != previous.listing:
            what.append(_("listing: %(listing)s") % {"listing": Listing(row.listing).label})
        if bool(row.hidden_at) != bool(previous.hidden_at):
            what.append(_("hidden from every public page") if row.hidden_at else _("shown again"))
    return what


def for_signatory(accession, viewer):
    """What the signatory (or a representative, or a coordinator on their own case) sees:
    events meant for them, actors by role, reasons for them, never internal notes."""
    entries = []
    for row, previous, of_signatory in _rows(accession):
        event = events.event(row.history_change_reason)
        what = _signatory_changes(row, previous, of_signatory)
        if not event.signatory_sees or not (what or row_reason(row)):
            continue
        entries.append(
            Entry(
                row.history_date,
                _signatory_actor(event, row, viewer, accession),
                event.description,
                what,
                row_reason(row) if event.actor != Actor.SYSTEM else "",
                from_coordinators=event.actor == Actor.COORDINATORS,
            )
        )
    return entries


def row_reason(row):
    return getattr(row, "reason", "")


def latest_message(entries):
    """The coordinators' latest decision's message: it stays on the signatory's page whatever
    the signatory does, until a coordinator decides again."""
    decisions = [entry for entry in entries if entry.from_coordinators]
    return decisions[-1].reason if decisions else ""


def for_coordinators(accession):
    """Every history row as readable changes, and every view of the private data, in order."""
    rows = _rows(accession)
    deltas = [
        row.diff_against(previous, excluded_fields=QUIET_FIELDS).changes if previous else []
        for row, previous, _of_signatory in rows
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
    for (row, _previous, of_signatory), changes in zip(rows, deltas, strict=True):
        if of_signatory and not changes:
            continue  # its creation is the first submission's, shown with that
        model = row.instance_type
        what = []
        for change in changes:
            model_field = model._meta.get_field(change.field)
            old, new = (_display(model_field, value, emails) for value in (change.old, change.new))
            what.append(f"{model_field.verbose_name}: {old} → {new}")
        entries.append(
            Entry(
                row.history_date,
                row.history_user.email if row.history_user else _("the system"),
                events.event(row.history_change_reason).description,
                what,
                row_reason(row),
                getattr(row, "internal_note", ""),
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
