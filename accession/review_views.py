"""The review desk. Only coordinators with a second factor get here (see accounts.policy)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.policy import is_coordinator

from . import services, timeline
from .forms import DecisionForm, ReviewFilterForm
from .models import Accession, Status

QUEUE = "queue"
PAGE_SIZE = 50


def coordinator_required(view):
    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@coordinator_required
def queue(request):
    form = ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status") or QUEUE
    accessions = Accession.objects.select_related("organization", "reviewer")
    if status == QUEUE:
        accessions = accessions.filter(status__in=services.REVIEWABLE).order_by("submitted_at")
    else:
        accessions = accessions.filter(status=status).order_by("-decided_at", "-submitted_at")
    if filters.get("kind"):
        accessions = accessions.filter(kind=filters["kind"])
    if filters.get("region"):
        region = filters["region"]
        accessions = accessions.filter(Q(region=region) | Q(organization__region=region))
    counts = dict(Accession.objects.values_list("status").annotate(n=Count("id")))
    page = Paginator(accessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accession/review_queue.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "queue_count": sum(counts.get(value, 0) for value in services.REVIEWABLE),
        },
    )


@coordinator_required
def request_page(request, public_id):
    accession = get_object_or_404(
        Accession.objects.select_related(
            "user", "organization", "edition", "reviewer", "decided_by", "expulsion_proposed_by"
        ),
        public_id=public_id,
    )
    conflict = services.conflict_of_interest(request.user, accession)
    services.record_private_view(request.user, accession)
    if not conflict and accession.status in services.REVIEWABLE and not accession.reviewer_id:
        accession = services.take(request.user, accession)
        accession.refresh_from_db()
    if accession.organization_id:
        earlier = accession.organization.accessions.exclude(pk=accession.pk)
        representatives = accession.organization.representatives.select_related("user")
    else:
        earlier = Accession.objects.filter(kind=accession.kind, user=accession.user_id).exclude(
            pk=accession.pk
        )
        representatives = []
    return render(
        request,
        "accession/review_request.html",
        {
            "accession": accession,
            "conflict": conflict,
            "earlier": earlier.select_related("edition").order_by("-submitted_at"),
            "representatives": representatives,
            "timeline": timeline.for_coordinators(accession),
            "form": DecisionForm(),
            "Status": Status,
            "reviewable": accession.status in services.REVIEWABLE,
        },
    )


ACTIONS = {
    "takeover": lambda user, accession, form: services.take(user, accession, takeover=True),
    "approve": lambda user, accession, form: services.approve(user, accession, **form),
    "reject": lambda user, accession, form: services.reject(user, accession, **form),
    "request-changes": lambda user, accession, form: services.request_changes(
        user, accession, **form
    ),
    "suspend": lambda user, accession, form: services.suspend(user, accession, **form),
    "reinstate": lambda user, accession, form: services.reinstate(user, accession, **form),
    "propose-expulsion": lambda user, accession, form: services.propose_expulsion(
        user, accession, **form
    ),
    "confirm-expulsion": lambda user, accession, form: services.confirm_expulsion(
        user, accession, internal_note=form["internal_note"]
    ),
}


@require_POST
@coordinator_required
def act(request, public_id, action):
    if action not in ACTIONS:
        raise Http404
    accession = get_object_or_404(Accession, public_id=public_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the reasons: %(errors)s") % {"errors": form.errors})
        return redirect("review:request", public_id=public_id)
    try:
        ACTIONS[action](request.user, accession, form.cleaned_data)
    except services.AccessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    return redirect("review:request", public_id=public_id)
