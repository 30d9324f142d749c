"""The review desk's concerns about signatories: the list of open ones, a concern's page
(opening it takes it and records the view, as for a request), and the steps to an outcome.

The transitions are accession/concerns/services.py's; these pages only show and call them."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accession.concerns import events, services
from accession.concerns.models import Concern
from common.validators import no_control_characters

from .views import coordinator_required

# Each action, and what the coordinator reads once it is done: what was done, and who knows.
ACTIONS = {
    "takeover": gettext_lazy("You have taken over this concern."),
    "ask-complainant": gettext_lazy(
        "Asked. The person who raised it reads your question on their case page."
    ),
    "ask-signatory": gettext_lazy(
        "Asked. The signatory reads the concern and your question on their accession page."
    ),
    "close": gettext_lazy("Closed. The person who raised it reads the outcome and your reasons."),
}
NOTE = forms.CharField(
    label=gettext_lazy("Internal note (coordinators only)"),
    required=False,
    max_length=3000,
    widget=forms.Textarea(attrs={"rows": 2}),
    validators=[no_control_characters],
)


class AskForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    internal_note = NOTE


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=Concern.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reasons"),
        help_text=gettext_lazy(
            "The person who raised it reads them, and so does the signatory if asked to respond."
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    internal_note = NOTE


FORMS = {"ask-complainant": AskForm, "ask-signatory": AskForm, "close": CloseForm}


@dataclass
class Entry:
    at: datetime
    actor: str
    event: str
    texts: list[tuple[str, str]]


def _timeline(concern: Concern) -> list[Entry]:
    """Every history row and every view of the concern, oldest first."""
    labels = {
        "to_complainant": _("To the person who raised it:"),
        "to_signatory": _("To the signatory:"),
        "reply": _("Answer:"),
        "internal_note": _("Internal note:"),
    }
    entries = [
        Entry(
            row.history_date,
            row.history_user.email
            if row.history_user
            else _("the person who raised it")
            if row.history_change_reason in {events.RAISED, events.COMPLAINANT_ANSWERED}
            else _("the system"),
            events.describe(row.history_change_reason),
            [
                (label, getattr(row, field))
                for field, label in labels.items()
                if getattr(row, field)
            ],
        )
        for row in concern.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    ]
    entries += [
        Entry(
            view.at,
            view.coordinator.email if view.coordinator else _("a former coordinator"),
            _("opened the private data"),
            [],
        )
        for view in concern.views.select_related("coordinator")
    ]
    return sorted(entries, key=lambda entry: entry.at)


def _concern(concern_id: str) -> Concern:
    return get_object_or_404(
        Concern.objects.select_related(
            "signatory__accession", "complainant", "reviewer", "decided_by"
        ),
        public_id=concern_id,
    )


def _page(request, concern: Concern, failed: tuple[str, forms.Form] | None = None, status=200):
    conflict = services.conflict_of_interest(request.user, concern)
    if conflict:
        # Principle 15 covers reading too: nothing of the concern, not even who raised it.
        return render(
            request, "review/concern_conflict.html", {"conflict": conflict}, status=status
        )
    forms_ = {action: form_class(prefix=action) for action, form_class in FORMS.items()}
    if failed:
        forms_[failed[0]] = failed[1]
    return render(
        request,
        "review/concern.html",
        {
            "concern": concern,
            "timeline": _timeline(concern),
            "forms": {action.replace("-", "_"): form for action, form in forms_.items()},
            "open": concern.status in services.OPEN,
        },
        status=status,
    )


@coordinator_required
def concern_list(request):
    waiting = (
        Concern.objects.filter(status__in=services.OPEN)
        .select_related("signatory", "reviewer")
        .order_by("received_at")
    )
    return render(request, "review/concerns.html", {"concerns": waiting})


@coordinator_required
def concern_page(request, concern_id):
    concern = _concern(concern_id)
    if not services.conflict_of_interest(request.user, concern):
        services.record_view(request.user, concern)
        if concern.status in services.OPEN and not concern.reviewer_id:
            try:
                services.take(request.user, concern)
            except services.ConcernError as error:
                messages.info(request, str(error))
            concern = _concern(concern_id)
    return _page(request, concern)


@require_POST
@coordinator_required
def concern_act(request, concern_id, action):
    if action not in ACTIONS:
        raise Http404
    concern = _concern(concern_id)
    form = FORMS[action](request.POST, prefix=action) if action in FORMS else None
    if form is not None and not form.is_valid():
        return _page(request, concern, (action, form), status=400)
    data = form.cleaned_data if form is not None else {}
    try:
        match action:
            case "takeover":
                services.take(request.user, concern, takeover=True)
            case "ask-complainant":
                services.ask_complainant(request.user, concern, **data)
            case "ask-signatory":
                services.ask_signatory(request.user, concern, **data)
            case "close":
                services.close(request.user, concern, **data)
    except services.MissingText as error:
        # Only the actions with a form can miss a text.
        form = form or FORMS[action](prefix=action)
        form.add_error(None, str(error))
        return _page(request, concern, (action, form), status=400)
    except services.ConcernError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, ACTIONS[action])
    return redirect("review:concern", concern_id=concern_id)
