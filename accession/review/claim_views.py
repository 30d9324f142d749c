"""The review desk's claims to represent an organization: the list of those waiting, a claim's
page (opening it takes it and records the view, as for a request), and the decisions.

The transitions are organizations/claims.py's; these pages only show and call them."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.validators import no_control_characters
from organizations import claims, events
from organizations.models import Claim

from .views import coordinator_required

# Each action, and what the coordinator reads once it is done: what was done, and who knows.
ACTIONS = {
    "takeover": gettext_lazy("You have taken over this request."),
    "grant": gettext_lazy("Granted. The person is now a representative and has been told."),
    "refuse": gettext_lazy(
        "Refused. The person has been told and can read your reason on their page."
    ),
}


class ClaimDecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the claimant"),
        help_text=gettext_lazy("Required to refuse. The claimant reads it on their page."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    internal_note = forms.CharField(
        label=gettext_lazy("Internal note (coordinators only)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )


@dataclass
class Entry:
    at: datetime
    actor: str
    event: str
    reason: str = ""
    internal_note: str = ""


def _timeline(claim: Claim) -> list[Entry]:
    """Every history row and every view of the claim, oldest first."""
    entries = [
        Entry(
            row.history_date,
            row.history_user.email if row.history_user else _("the system"),
            events.describe(row.history_change_reason),
            row.reason,
            row.internal_note,
        )
        for row in claim.history.select_related("history_user").order_by("history_date")
    ]
    entries += [
        Entry(
            view.at,
            view.coordinator.email if view.coordinator else _("a former coordinator"),
            _("opened the private data"),
        )
        for view in claim.views.select_related("coordinator")
    ]
    return sorted(entries, key=lambda entry: entry.at)


def _claim(claim_id: str) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related("user", "organization", "reviewer", "decided_by"),
        public_id=claim_id,
    )


def _page(request, claim: Claim, form: ClaimDecisionForm, status: int = 200):
    conflict = claims.conflict_of_interest(request.user, claim)
    if conflict:
        # Principle 15 covers reading too: nothing of the claim, not even the claimant.
        return render(request, "review/claim_conflict.html", {"conflict": conflict}, status=status)
    organization = claim.organization
    return render(
        request,
        "review/claim.html",
        {
            "claim": claim,
            "organization": organization,
            "representatives": organization.representatives.select_related("user"),
            "others": organization.claims.exclude(pk=claim.pk).select_related("user"),
            "timeline": _timeline(claim),
            "form": form,
            "pending": claim.status == Claim.Status.PENDING,
        },
        status=status,
    )


@coordinator_required
def claim_list(request):
    waiting = (
        Claim.objects.filter(status=Claim.Status.PENDING)
        .select_related("organization", "reviewer")
        .order_by("created_at")
    )
    return render(request, "review/claims.html", {"claims": waiting})


@coordinator_required
def claim_page(request, claim_id):
    claim = _claim(claim_id)
    if not claims.conflict_of_interest(request.user, claim):
        claims.record_view(request.user, claim)
        if claim.status == Claim.Status.PENDING and not claim.reviewer_id:
            try:
                claims.take(request.user, claim)
            except claims.ClaimError as error:
                # Withdrawn or decided meanwhile: the page shows what it is now.
                messages.info(request, str(error))
            claim = _claim(claim_id)
    return _page(request, claim, ClaimDecisionForm())


@require_POST
@coordinator_required
def claim_act(request, claim_id, action):
    if action not in ACTIONS:
        raise Http404
    claim = _claim(claim_id)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, claim, form, status=400)
    notes = {
        "reason": form.cleaned_data["reason"],
        "internal_note": form.cleaned_data["internal_note"],
    }
    try:
        match action:
            case "takeover":
                claims.take(request.user, claim, takeover=True)
            case "grant":
                claims.grant(request.user, claim, **notes)
            case "refuse":
                claims.refuse(request.user, claim, **notes)
    except claims.MissingReason as error:
        # The form again, with everything typed kept and the reason field marked.
        form.add_error("reason", str(error))
        return _page(request, claim, form, status=400)
    except claims.ClaimError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, ACTIONS[action])
    return redirect("review:claim", claim_id=claim_id)
