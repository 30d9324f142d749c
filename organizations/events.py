"""The event codes of claims to represent an organization, stored in their history rows
(`history_change_reason`), as accession/events.py stores an accession's; services query codes,
never wording."""

from django.utils.translation import gettext_lazy as _

CLAIM_REQUESTED = "claim.requested"
CLAIM_WITHDRAWN = "claim.withdrawn"
CLAIM_TAKEN = "claim.taken"
CLAIM_TAKEN_OVER = "claim.taken_over"
CLAIM_GRANTED = "claim.granted"
CLAIM_REFUSED = "claim.refused"

DESCRIPTIONS = {
    CLAIM_REQUESTED: _("asked to represent the organization"),
    CLAIM_WITHDRAWN: _("withdrew the request"),
    CLAIM_TAKEN: _("taken for review"),
    CLAIM_TAKEN_OVER: _("taken over for review"),
    CLAIM_GRANTED: _("granted: now a representative"),
    CLAIM_REFUSED: _("refused"),
}
# The coordinators' own bookkeeping: kept from the claimant, in their data download too.
FOR_COORDINATORS_ONLY = {CLAIM_TAKEN, CLAIM_TAKEN_OVER}


def describe(code: str | None) -> str:
    return str(DESCRIPTIONS.get(code or "", _("changed")))
