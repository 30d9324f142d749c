"""Every event of the audit trail, by its stable code.

History rows store the code (in `history_change_reason`); services query codes, never wording;
timelines and downloads render them from here, in the reader's language, to whom may see them.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Actor(StrEnum):
    """Who acts in an event, as the signatory's timeline names them."""

    SIGNATORY = "signatory"
    COORDINATORS = "coordinators"
    SYSTEM = "system"


@dataclass(frozen=True)
class Event:
    code: str
    description: Promise
    actor: Actor
    # Whether the signatory (and the organization's representatives) see it on their timeline;
    # coordinators see every event.
    signatory_sees: bool


SUBMITTED = "accession.submitted"
RESUBMITTED = "accession.resubmitted"
WITHDRAWN = "accession.withdrawn"
RESPONDED = "accession.responded"
SUPERSEDED = "accession.superseded"
SUBMITTER_GONE = "accession.submitter_account_deleted"
# An accession made by letter before the site existed, imported by a coordinator with its date.
CARRIED_OVER = "accession.carried_over"
# Assisted accessions: a coordinator records one for a person without an account, and may hand
# them a claim code; the person claims it into their account, or asks the coordinators to hide
# or withdraw it for them until then.
RECORDED = "accession.recorded"
CLAIM_CODE_ISSUED = "accession.claim_code_issued"
CLAIMED = "accession.claimed"
WITHDRAWN_ON_REQUEST = "accession.withdrawn_on_request"
HIDDEN_ON_REQUEST = "signatory.hidden_on_request"
LISTING_CHANGED = "signatory.listing_changed"
HIDDEN = "signatory.hidden"
REPRESENTATIVES_GONE = "signatory.representatives_gone"
TAKEN = "review.taken"
TAKEN_OVER = "review.taken_over"
APPROVED = "review.approved"
REJECTED = "review.rejected"
CHANGES_REQUESTED = "review.changes_requested"
SUSPENDED = "review.suspended"
REINSTATED = "review.reinstated"
EXPULSION_PROPOSED = "review.expulsion_proposed"
EXPELLED = "review.expelled"

EVENTS = {
    event.code: event
    for event in [
        Event(SUBMITTED, _("submitted"), Actor.SIGNATORY, True),
        Event(RESUBMITTED, _("resubmitted with changes"), Actor.SIGNATORY, True),
        Event(WITHDRAWN, _("withdrawn"), Actor.SIGNATORY, True),
        Event(RESPONDED, _("response to the suspension sent"), Actor.SIGNATORY, True),
        Event(SUPERSEDED, _("superseded by the accession to a newer edition"), Actor.SYSTEM, True),
        Event(
            SUBMITTER_GONE,
            _("the submitting representative's account was deleted"),
            Actor.SYSTEM,
            False,
        ),
        Event(
            CARRIED_OVER,
            _("carried over: acceded by letter before the registry opened"),
            Actor.COORDINATORS,
            True,
        ),
        Event(
            RECORDED,
            _("recorded by a coordinator on the signatory's behalf, with their consent"),
            Actor.COORDINATORS,
            True,
        ),
        Event(CLAIM_CODE_ISSUED, _("claim code issued"), Actor.COORDINATORS, False),
        Event(CLAIMED, _("claimed into an account with a claim code"), Actor.SIGNATORY, True),
        Event(
            WITHDRAWN_ON_REQUEST,
            _("withdrawn by the coordinators at the signatory's request"),
            Actor.COORDINATORS,
            True,
        ),
        Event(
            HIDDEN_ON_REQUEST,
            _("hidden by the coordinators at the signatory's request"),
            Actor.COORDINATORS,
            True,
        ),
        Event(LISTING_CHANGED, _("listing choice changed"), Actor.SIGNATORY, True),
        Event(HIDDEN, _("hidden from every public page"), Actor.SIGNATORY, True),
        Event(
            REPRESENTATIVES_GONE,
            _("hidden: no representative is left"),
            Actor.SYSTEM,
            True,
        ),
        Event(TAKEN, _("taken for review"), Actor.COORDINATORS, False),
        Event(TAKEN_OVER, _("taken over for review"), Actor.COORDINATORS, False),
        Event(APPROVED, _("approved"), Actor.COORDINATORS, True),
        Event(REJECTED, _("rejected"), Actor.COORDINATORS, True),
        Event(CHANGES_REQUESTED, _("changes requested"), Actor.COORDINATORS, True),
        Event(SUSPENDED, _("suspended"), Actor.COORDINATORS, True),
        Event(REINSTATED, _("reinstated"), Actor.COORDINATORS, True),
        # A proposal is not a decision: the signatory learns of the expulsion once confirmed.
        Event(EXPULSION_PROPOSED, _("expulsion proposed"), Actor.COORDINATORS, False),
        Event(EXPELLED, _("expelled"), Actor.COORDINATORS, True),
    ]
}
# A change without a known code (an administrator's, or a bulk repair) is the coordinators' own.
UNKNOWN = Event("", _("changed"), Actor.SYSTEM, False)


def event(code: str | None) -> Event:
    return EVENTS.get(code or "", UNKNOWN)


def for_coordinators_only(code: str | None) -> bool:
    """Whether an event is the coordinators' alone (taking a request, an expulsion proposed but
    not confirmed): kept from the signatory in their timeline and in their data download."""
    return code in EVENTS and not EVENTS[code].signatory_sees
