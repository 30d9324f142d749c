"""The history of an accession as a signatory reads it: what happened, when, by whom."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Listing, Status


@dataclass
class Entry:
    at: object
    actor: str
    what: list
    reason: str


def _actor(row, viewer, accession):
    if row.history_user_id == viewer.pk:
        return _("you")
    if row.history_user_id == accession.user_id and accession.organization_id:
        return _("a representative of the organization")
    if row.history_user_id is None:
        return _("the system")
    return _("a coordinator")


def timeline(accession, viewer):
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
        if previous is not None and not what:
            what.append(_("details changed"))
        entries.append(
            Entry(row.history_date, _actor(row, viewer, accession), what, row.history_change_reason)
        )
        previous = row
    return entries
