"""The concern procedure's events, by their stable code (stored in `history_change_reason`)."""

from django.utils.translation import gettext_lazy as _

RAISED = "concern.raised"
TAKEN = "concern.taken"
TAKEN_OVER = "concern.taken_over"
COMPLAINANT_ASKED = "concern.complainant_asked"
COMPLAINANT_ANSWERED = "concern.complainant_answered"
SIGNATORY_ASKED = "concern.signatory_asked"
SIGNATORY_RESPONDED = "concern.signatory_responded"
DISMISSED = "concern.dismissed"
RESOLVED = "concern.resolved"
REFERRED = "concern.referred"
COMPLAINANT_GONE = "concern.complainant_account_deleted"
ANONYMISED = "concern.anonymised"

DESCRIPTIONS = {
    RAISED: _("concern raised"),
    TAKEN: _("taken for review"),
    TAKEN_OVER: _("taken over for review"),
    COMPLAINANT_ASKED: _("the coordinators asked the person who raised it"),
    COMPLAINANT_ANSWERED: _("the person who raised it answered"),
    SIGNATORY_ASKED: _("the coordinators asked the signatory for a response"),
    SIGNATORY_RESPONDED: _("the signatory responded"),
    DISMISSED: _("closed: dismissed"),
    RESOLVED: _("closed: resolved"),
    REFERRED: _("closed: referred to the suspension procedure"),
    COMPLAINANT_GONE: _("the account of the person who raised it was deleted"),
    ANONYMISED: _("anonymised after the retention period"),
}
OUTCOMES = {DISMISSED, RESOLVED, REFERRED}
# What the person who raised the concern reads on their case page: their own steps, the
# coordinators' questions to them and the outcome. Never the signatory's side.
COMPLAINANT_SEES = {RAISED, COMPLAINANT_ASKED, COMPLAINANT_ANSWERED, DISMISSED, RESOLVED, REFERRED}
# What the signatory reads once asked: the question, their response and the outcome.
SIGNATORY_SEES = {SIGNATORY_ASKED, SIGNATORY_RESPONDED, DISMISSED, RESOLVED, REFERRED}


def describe(code: str | None) -> str:
    return str(DESCRIPTIONS.get(code or "", _("changed")))
