"""Shared reads of concerns: what a signatory asked to respond reads, what the person who raised
one reads, and the yearly counts the statistics page publishes."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear

from . import events
from .models import Concern


@dataclass
class Message:
    at: datetime
    event: str
    text: str


@dataclass
class AskedConcern:
    concern: Concern
    messages: list[Message] = field(default_factory=list)

    @property
    def awaiting_response(self) -> bool:
        return self.concern.status == Concern.Status.SIGNATORY_ASKED


def _messages(concern: Concern, seen: set[str], field_for: dict[str, str]) -> list[Message]:
    rows = concern.history.filter(history_change_reason__in=seen).order_by(
        "history_date", "history_id"
    )
    return [
        Message(
            row.history_date,
            events.describe(row.history_change_reason),
            getattr(row, field_for[row.history_change_reason]),
        )
        for row in rows
    ]


def for_complainant(concern: Concern) -> list[Message]:
    """Their own steps, the coordinators' questions to them and the outcome; never the
    signatory's side, nor the coordinators' notes."""
    fields = dict.fromkeys(events.COMPLAINANT_SEES, "to_complainant")
    fields[events.COMPLAINANT_ANSWERED] = "reply"
    return _messages(concern, events.COMPLAINANT_SEES, fields)


def asked_of(signatory_id: int) -> list[AskedConcern]:
    """The concerns about a signatory that the coordinators asked them to respond to, with the
    coordinators' questions, the responses and the outcome: never who raised them. Two queries
    however many there are."""
    fields = dict.fromkeys(events.SIGNATORY_SEES, "to_signatory")
    fields[events.SIGNATORY_RESPONDED] = "reply"
    asked = {
        concern.pk: AskedConcern(concern)
        for concern in Concern.objects.filter(
            signatory_id=signatory_id, signatory_asked_at__isnull=False, anonymised_at__isnull=True
        ).order_by("-signatory_asked_at")
    }
    rows = Concern.history.filter(
        id__in=list(asked), history_change_reason__in=events.SIGNATORY_SEES
    ).order_by("history_date", "history_id")
    for row in rows if asked else []:
        asked[row.id].messages.append(
            Message(
                row.history_date,
                events.describe(row.history_change_reason),
                getattr(row, fields[row.history_change_reason]),
            )
        )
    return list(asked.values())


def yearly_counts() -> list[dict]:
    """Per year, newest first: concerns received, and those closed by outcome (counted in the
    year they closed). Small counts are the template's to blur."""
    received = dict(
        Concern.objects.annotate(year=ExtractYear("received_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    closed: dict[int, dict[str, int]] = {}
    for year, outcome, n in (
        Concern.objects.filter(status=Concern.Status.CLOSED)
        .annotate(year=ExtractYear("closed_at"))
        .values_list("year", "outcome")
        .annotate(n=Count("pk"))
        .values_list("year", "outcome", "n")
    ):
        closed.setdefault(year, {})[outcome] = n
    return [
        {
            "year": year,
            "received": received.get(year, 0),
            **{outcome: closed.get(year, {}).get(outcome, 0) for outcome in Concern.Outcome},
        }
        for year in sorted(set(received) | set(closed), reverse=True)
    ]
