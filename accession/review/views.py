"""The review desk. Only coordinators with a second factor get here (see accounts.policy)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import now
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accession.concerns import services as concern_services
from accession.concerns.models import Concern
from accession.models import Accession, Status, StatusCount
from accounts.policy import is_coordinator
from common.queries import Prepared
from common.regions import Region
from common.rendering import Labels, address
from organizations.models import Claim

from . import services, timeline
from .forms import DecisionForm, OnRequestForm, ReviewFilterForm

QUEUE = "queue"
PAGE_SIZE = 50
# Each action, and what the coordinator reads once it is done: what was done, and who knows.
ACTIONS = {
    "takeover": gettext_lazy("You have taken over this request."),
    "approve": gettext_lazy("Approved. The signatory has been told."),
    "reject": gettext_lazy(
        "Rejected. The signatory has been told and can read your reason on their page."
    ),
    "request-changes": gettext_lazy("Changes requested. The signatory has been told."),
    "suspend": gettext_lazy(
        "Suspended. The entry is off every public page; the signatory has been told and can "
        "respond."
    ),
    "reinstate": gettext_lazy("Reinstated. The signatory has been told."),
    "propose-expulsion": gettext_lazy(
        "Expulsion proposed. Another coordinator must confirm it; until then the signatory is "
        "not told."
    ),
    "confirm-expulsion": gettext_lazy("Expelled. The signatory has been told."),
}


def coordinator_required(view):
    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


ROW_FIELDS = [
    "public_id",
    "kind",
    "status",
    "public_name",
    "region",
    "consent_method",
    "submitted_at",
    "review_started_at",
    "organization__name",
    "organization__region",
    "reviewer__email",
]


@coordinator_required
def queue(request):
    form = ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status") or QUEUE
    # What the rows show, as values: fifty model instances cost more than their query.
    accessions = Accession.objects.values(*ROW_FIELDS)
    if status == QUEUE:
        accessions = accessions.filter(status__in=services.REVIEWABLE).order_by("submitted_at")
    else:
        accessions = accessions.filter(status=status).order_by("-decided_at", "-submitted_at")
    if filters.get("kind"):
        accessions = accessions.filter(kind=filters["kind"])
    if filters.get("region"):
        region = filters["region"]
        accessions = accessions.filter(Q(region=region) | Q(organization__region=region))
    # Kept by the database (see StatusCount): a count over the whole table would grow with it.
    counts = StatusCount.counts()
    queue_count = sum(counts.get(value, 0) for value in services.REVIEWABLE)
    paginator = Paginator(accessions, PAGE_SIZE)
    if not (filters.get("kind") or filters.get("region")):
        # The pager's count is one of those above: no COUNT over the list.
        paginator.count = queue_count if status == QUEUE else counts.get(status, 0)
    page = paginator.get_page(request.GET.get("page"))
    # The pager keeps every filter of this view.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.object_list),
            "query": query.urlencode(),
            "status": status,
            "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "queue_count": queue_count,
            "claims_count": Claim.objects.filter(status=Claim.Status.PENDING).count(),
            "concerns_count": Concern.objects.filter(status__in=concern_services.OPEN).count(),
        },
    )


def _rows(accessions):
    """What the queue shows of each accession (ROW_FIELDS), each label translated once for the
    page."""
    kinds, regions, statuses = (
        Labels(choices) for choices in (Accession.Kind.choices, Region.choices, Status.choices)
    )
    return [
        {
            "url": address("review:request", accession["public_id"]),
            "name": accession["organization__name"] or accession["public_name"],
            "assisted": bool(accession["consent_method"]),  # as Accession.is_assisted
            "kind": kinds[accession["kind"]],
            "region": regions[
                accession["organization__region"]
                if accession["organization__name"] is not None
                else accession["region"]
            ],
            "status": statuses[accession["status"]],
            "submitted_at": accession["submitted_at"],
            "reviewer": accession["reviewer__email"],
            "review_started_at": accession["review_started_at"],
        }
        for accession in accessions
    ]


# The request page's lists: the same queries for every request.
EARLIER_OF_ORGANIZATION = Prepared(
    lambda of, accession: (
        Accession.objects.filter(organization_id=of).exclude(pk=accession).order_by("-submitted_at")
    ),
    of=-1,
    accession=-2,
)
EARLIER_OF_SIGNATORY = Prepared(
    lambda of, accession: (
        Accession.objects.filter(signatory_id=of).exclude(pk=accession).order_by("-submitted_at")
    ),
    of=-1,
    accession=-2,
)
CONCERNS = Prepared(
    lambda signatory: Concern.objects.filter(signatory_id=signatory).order_by("-received_at"),
    signatory=-1,
)


def _request_context(accession, form, conflict, on_request_form=None, views=None):
    """What the request page shows. A coordinator with a conflict of interest sees what the
    applicant sees (principle 15 covers reading too): no private data, no internal notes, no
    other coordinators, and no record of a view, since they view nothing private. Acting on an
    unclaimed accession at the person's request is open to them too (see services)."""
    unclaimed = {
        "unclaimed": accession.unclaimed,
        "on_request_form": on_request_form or OnRequestForm(),
        "claim_code_valid": accession.claim_expires_at and accession.claim_expires_at > now(),
    }
    if conflict:
        return {"accession": accession, "conflict": conflict, **unclaimed}, "review/conflict.html"
    if accession.organization_id:
        earlier = EARLIER_OF_ORGANIZATION(of=accession.organization_id, accession=accession.pk)
        representatives = accession.organization.representatives.select_related("user")
    else:
        earlier = EARLIER_OF_SIGNATORY(of=accession.signatory_id, accession=accession.pk)
        representatives = []
    return {
        "accession": accession,
        "signatory": accession.signatory,
        "earlier": earlier,
        "representatives": representatives,
        "timeline": timeline.for_coordinators(accession, views),
        # A concern referred to the suspension procedure is its ground: the two link up here.
        "concerns": CONCERNS(signatory=accession.signatory_id),
        "form": form,
        "Status": Status,
        "reviewable": accession.status in services.REVIEWABLE,
        **unclaimed,
    }, "review/request.html"


# The coordinators an accession names besides its reviewer, rarer, read by id in one query
# when there are any: as three more joins of the user table, planning the page's main query
# cost PostgreSQL more than running it.
COORDINATOR_FIELDS = ("decided_by", "recorded_by", "expulsion_proposed_by")


def _request(public_id):
    accession = get_object_or_404(
        Accession.objects.select_related("user", "organization", "signatory", "reviewer"),
        public_id=public_id,
    )
    named = {getattr(accession, f"{field}_id") for field in COORDINATOR_FIELDS} - {None}
    coordinators = get_user_model().objects.in_bulk(named) if named else {}
    for field in COORDINATOR_FIELDS:
        if (pk := getattr(accession, f"{field}_id")) in coordinators:
            setattr(accession, field, coordinators[pk])
    return accession


@coordinator_required
def request_page(request, public_id):
    accession = _request(public_id)
    conflict = services.conflict_of_interest(request.user, accession)
    views = None
    if not conflict:
        views = services.record_private_view(request.user, accession)
        if accession.status in services.REVIEWABLE and not accession.reviewer_id:
            try:
                services.take(request.user, accession)
            except services.AccessionError as error:
                # Withdrawn or decided meanwhile: the page shows what it is now.
                messages.info(request, str(error))
            accession = _request(public_id)
    context, template = _request_context(accession, DecisionForm(), conflict, views=views)
    return render(request, template, context)


@require_POST
@coordinator_required
def act(request, public_id, action):
    if action not in ACTIONS:
        raise Http404
    accession = _request(public_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        conflict = services.conflict_of_interest(request.user, accession)
        context, template = _request_context(accession, form, conflict)
        return render(request, template, context, status=400)
    notes = {
        "reason": form.cleaned_data["reason"],
        "internal_note": form.cleaned_data["internal_note"],
    }
    try:
        match action:
            case "takeover":
                services.take(request.user, accession, takeover=True)
            case "approve":
                services.approve(request.user, accession, **notes)
            case "reject":
                services.reject(request.user, accession, **notes)
            case "request-changes":
                services.request_changes(request.user, accession, **notes)
            case "suspend":
                services.suspend(request.user, accession, **notes)
            case "reinstate":
                services.reinstate(request.user, accession, **notes)
            case "propose-expulsion":
                services.propose_expulsion(request.user, accession, **notes)
            case "confirm-expulsion":
                services.confirm_expulsion(
                    request.user, accession, internal_note=notes["internal_note"]
                )
    except services.MissingReason as error:
        # The form again, with everything typed kept and the reason field marked.
        form.add_error("reason", str(error))
        conflict = services.conflict_of_interest(request.user, accession)
        context, template = _request_context(accession, form, conflict)
        return render(request, template, context, status=400)
    except services.AccessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, ACTIONS[action])
    return redirect("review:request", public_id=public_id)
