"""What a signatory reads about where their accession stands: what happened and what they can do
next, in whole sentences, on their accession's page and (when MAIL_DETAIL is "full") in the
e-mail. Neither carries the coordinators' reasons: those are on the page, after login.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.regions import Region

from . import events
from .models import Accession, Listing, Status

# The status each e-mailed event leaves the accession in: the mail tells of that event even if
# another has followed by the time the task worker writes it.
STATUS_AFTER = {
    events.SUBMITTED: Status.SUBMITTED,
    events.RESUBMITTED: Status.RESUBMITTED,
    events.WITHDRAWN: Status.WITHDRAWN,
    events.APPROVED: Status.APPROVED,
    events.REINSTATED: Status.APPROVED,
    events.REJECTED: Status.REJECTED,
    events.CHANGES_REQUESTED: Status.CHANGES_REQUESTED,
    events.SUSPENDED: Status.SUSPENDED,
    events.EXPELLED: Status.EXPELLED,
}

WHILE_OPEN = gettext_lazy("Until then you can change how you will be listed, or withdraw it.")
ACCEDE_AGAIN = gettext_lazy("You may accede again at any time.")

# Status: (title, what it means, what the signatory can do next). Approval's meaning depends on
# the listing, see _approved().
LETTERS: dict[str, tuple[Promise, Promise, Promise]] = {
    Status.SUBMITTED: (
        gettext_lazy("Your accession has been received"),
        gettext_lazy(
            "The coordinators will review it. Nothing about it is public until it is "
            "approved, and then only as you chose."
        ),
        WHILE_OPEN,
    ),
    Status.RESUBMITTED: (
        gettext_lazy("Your changes have been received"),
        gettext_lazy("The coordinators will review your accession again."),
        WHILE_OPEN,
    ),
    Status.CHANGES_REQUESTED: (
        gettext_lazy("The coordinators ask for changes"),
        gettext_lazy(
            "Your accession is not public. The coordinators' message says what to change."
        ),
        gettext_lazy("Edit your accession and resubmit it."),
    ),
    Status.REJECTED: (
        gettext_lazy("Your accession was rejected"),
        gettext_lazy("Nothing about it is public. The coordinators explain why in their message."),
        ACCEDE_AGAIN,
    ),
    Status.WITHDRAWN: (
        gettext_lazy("Your accession has been withdrawn"),
        gettext_lazy("Nothing about it is public."),
        ACCEDE_AGAIN,
    ),
    Status.SUSPENDED: (
        gettext_lazy("Your entry is suspended"),
        gettext_lazy(
            "It is not shown on any public page while the coordinators consider the reasons "
            "in their message."
        ),
        gettext_lazy("You can send them your response."),
    ),
    Status.EXPELLED: (
        gettext_lazy("Your accession has ended in expulsion"),
        gettext_lazy(
            "Your entry is not shown on any public page. The coordinators explain why in "
            "their message."
        ),
        gettext_lazy("This accession is closed; nothing more is needed from you."),
    ),
    Status.SUPERSEDED: (
        gettext_lazy("This accession has been superseded"),
        gettext_lazy("Your accession to a newer edition was approved; your entry now shows it."),
        gettext_lazy("Follow the newer accession from My accession."),
    ),
}


@dataclass(frozen=True)
class Letter:
    title: str
    meaning: str
    next_step: str


def letter(accession: Accession, status: str | None = None, *, names: bool = True) -> Letter:
    """Where `accession` stands (in `status`, its own by default), in the current language.
    With `names` False (for e-mail) an approved entry is described by its listing choice, not
    by the name and region it shows."""
    status = status or accession.status
    if status == Status.APPROVED:
        return _approved(accession, names)
    title, meaning, next_step = LETTERS[status]
    return Letter(str(title), str(meaning), str(next_step))


def _approved(accession: Accession, names: bool) -> Letter:
    signatory = accession.signatory
    title = _("Your accession is approved")
    if signatory.hidden_at is not None:
        return Letter(
            title,
            _("Your entry is hidden from every public page, as you asked."),
            _("Choose a listing to appear again."),
        )
    line = signatory.public_line(signatory.listing, accession)
    if line is None:
        meaning = _("You are counted in the registry's total but not named, as you chose.")
    else:
        name, region = line
        shown = [name, str(Region(region).label) if region else ""]
        listing = (
            ", ".join(part for part in shown if part)
            if names
            else str(Listing(signatory.listing).label)
        )
        meaning = _("Your entry is in the registry as you chose: %(listing)s.") % {
            "listing": listing
        }
    return Letter(
        title, meaning, _("You can change how you are listed, or hide your entry, at any time.")
    )
