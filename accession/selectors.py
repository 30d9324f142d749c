"""What a signed-in person speaks for, read once for the dashboard, the account page and the
header's "Hide me now": each rule about a signatory's next step lives here."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from organizations.models import Organization

from . import services
from .models import OPEN_STATUSES, Accession, Kind, Status

# The next step for a signatory, by its accession's status (see next_step()).
ACCEDE = "accede"
FOLLOW = "follow"
RESUBMIT = "resubmit"
RESPOND = "respond"
REAFFIRM = "reaffirm"
LISTING = "listing"
VIEW = "view"


def accessions_of(user: User, organizations: list[Organization]) -> QuerySet[Accession]:
    """Every accession the person may manage, their own and their organizations' (as
    organizations_of() read them), newest first."""
    return (
        Accession.objects.for_user(user, organizations)
        .select_related("edition", "organization", "signatory")
        .order_by("-submitted_at")
    )


def organizations_of(user: User) -> QuerySet[Organization]:
    return Organization.objects.represented_by(user).order_by("name")


@dataclass(frozen=True)
class Standing:
    """One signatory the person speaks for (themselves, or an organization they represent): the
    accession that says where it stands, if any, and what to do next."""

    organization: Organization | None
    accession: Accession | None
    step: str
    url: str

    @property
    def public(self) -> bool:
        """Whether the signatory is in some public output now (listed or counted)."""
        return self.accession is not None and self.accession.signatory.bucket is not None

    @property
    def hidden(self) -> bool:
        return self.accession is not None and self.accession.signatory.hidden_at is not None


def _current(accessions: list[Accession]) -> Accession | None:
    """The accession that says where a signatory stands: the newest open one (a pending
    reaffirmation over the approved one it would replace; an approved one over a later
    rejected reaffirmation), else the newest."""
    open_ = [accession for accession in accessions if accession.status in OPEN_STATUSES]
    return next(iter(open_ or accessions), None)


def next_step(accession: Accession | None, organization: Organization | None) -> tuple[str, str]:
    """(step, url): what the signatory can do next about `accession`, its current one."""
    if accession is None or accession.status in (Status.REJECTED, Status.WITHDRAWN):
        if organization is not None:
            return ACCEDE, reverse("accession:accede_organization", args=[organization.slug])
        return ACCEDE, reverse("accession:accede")
    page = accession.get_absolute_url()
    if accession.status == Status.CHANGES_REQUESTED:
        return RESUBMIT, reverse("accession:edit", args=[accession.public_id])
    if accession.status in (Status.SUBMITTED, Status.RESUBMITTED):
        return FOLLOW, page
    if accession.status == Status.SUSPENDED:
        return RESPOND, page
    if services.reaffirmable(accession):
        start = next_step(None, organization)[1]
        return REAFFIRM, f"{start}?from={accession.public_id}"
    if accession.status == Status.APPROVED:
        return LISTING, f"{page}#listing"
    return VIEW, page


def standings(accessions: list[Accession], organizations: list[Organization]) -> list[Standing]:
    """The person's own standing first, then each organization's they represent, from what
    accessions_of() and organizations_of() read (no query of its own)."""
    result = []
    for organization in [None, *organizations]:
        accession = _current(
            [
                each
                for each in accessions
                if each.organization_id == (organization.pk if organization else None)
            ]
        )
        result.append(Standing(organization, accession, *next_step(accession, organization)))
    return result


# The header's "Hide me now" on every page a signed-in person opens: Signatory.objects
# .for_user(user).filter(PUBLIC), ordered by pk, as one plain query. Built by the ORM, the union
# and subqueries cost more to compile than to run (tests/accession/test_hide_now.py holds it to
# the ORM's answer).
PUBLIC_ENTRIES = """
SELECT accession.public_id
FROM (
    SELECT id, accession_id, hidden_at FROM accession_signatory
    WHERE kind = %(individual)s AND user_id = %(user)s
    UNION ALL
    SELECT signatory.id, signatory.accession_id, signatory.hidden_at
    FROM accession_signatory AS signatory
    JOIN organizations_representative AS representative
        ON representative.organization_id = signatory.organization_id
    WHERE signatory.kind = %(organization)s AND representative.user_id = %(user)s
) AS signatory
JOIN accession_accession AS accession ON accession.id = signatory.accession_id
WHERE signatory.hidden_at IS NULL
ORDER BY signatory.id
LIMIT 2
"""


def public_entries(user: User) -> list[str]:
    """Up to two public ids of accessions standing for the person's public entries (their own,
    their organizations'): one for the header's one-tap "Hide me now", two to know there are
    several. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            PUBLIC_ENTRIES,
            {"user": user.pk, "individual": Kind.INDIVIDUAL, "organization": Kind.ORGANIZATION},
        )
        return [public_id for (public_id,) in cursor.fetchall()]
