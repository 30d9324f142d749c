"""The history of an accession as its signatory reads it (the coordinators' reading is in
accession/review/timeline.py).

An accession's timeline is its own history rows merged with its signatory's (listing choices,
hiding), each rendered from its event code (events.py), which also says who may see it.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
from common.queries import Prepared

from . import events
from .events import Actor
from .models import Accession, Listing, Signatory, Status

# Each history, oldest first, read from its historical model: simple-history's `history` manager
# is a new class on every access, built by inspecting its queryset's methods.
ACCESSION_HISTORY = Prepared(
    lambda pk: Accession.history.model.objects.filter(id=pk).order_by("history_date", "history_id"),
    pk=-1,
)
SIGNATORY_HISTORY = Prepared(
    lambda pk: Signatory.history.model.objects.filter(id=pk).order_by("history_date", "history_id"),
    pk=-1,
)


@dataclass
class Entry:
    at: datetime
    actor: str | Promise
    event: str | Promise
    what: list[str] = field(default_factory=list)
    reason: str = ""
    internal_note: str = ""
    from_coordinators: bool = False


def history_rows(accession: Accession) -> list[tuple[Any, Any, bool]]:
    """Both histories, oldest first: (row, the previous row of its own history, whether it is
    the signatory's)."""
    rows = []
    for history, pk, of_signatory in (
        (ACCESSION_HISTORY, accession.pk, False),
        (SIGNATORY_HISTORY, accession.signatory_id, True),
    ):
        ordered = list(history(pk=pk))
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


def for_signatory(accession: Accession, viewer: User) -> list[Entry]:
    """What the signatory (or a representative, or a coordinator on their own case) sees:
    events meant for them, actors by role, reasons for them, never internal notes."""
    entries = []
    for row, previous, of_signatory in history_rows(accession):
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


def row_reason(row: Any) -> str:
    return getattr(row, "reason", "")


def latest_message(entries: list[Entry]) -> str:
    """The coordinators' latest decision's message: it stays on the signatory's page whatever
    the signatory does, until a coordinator decides again."""
    decisions = [entry for entry in entries if entry.from_coordinators]
    return decisions[-1].reason if decisions else ""
