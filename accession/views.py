import re

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accession.concerns import selectors as concern_selectors
from accession.concerns.forms import ResponseForm as ConcernResponseForm
from accession.concerns.models import Concern
from accounts.policy import has_second_factor, is_coordinator
from common.converters import PublicIdConverter
from organizations import claims
from organizations.forms import ClaimForm
from organizations.models import Claim, Organization

from . import letters, selectors, services, timeline
from .forms import (
    IndividualAccessionForm,
    ListingForm,
    OrganizationAccessionForm,
    ResponseForm,
    TakeOverForm,
    WithdrawForm,
)
from .models import LISTED, Accession, Signatory, Status

PREFILL_EXCLUDE = {"accepts_principles", "acts_peacefully", "consents_to_processing"}


def _mine(request, public_id):
    return get_object_or_404(
        Accession.objects.for_user(request.user).select_related(
            "edition", "organization", "signatory__organization", "signatory__accession"
        ),
        public_id=public_id,
    )


def _standings(request):
    organizations = list(selectors.organizations_of(request.user))
    accessions = list(selectors.accessions_of(request.user, organizations))
    standings = selectors.standings(accessions, organizations)
    return {
        "accessions": accessions,
        "organizations": organizations,
        "standings": standings,
        "public_standings": [standing for standing in standings if standing.public],
    }


@never_cache
@login_required
def dashboard(request):
    my_claims = (
        Claim.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("-created_at")
    )
    return render(request, "accession/dashboard.html", {**_standings(request), "claims": my_claims})


@never_cache
@login_required
def account_home(request):
    """The account page (allauth's account_home, served here because it shows where each
    signatory the person speaks for stands, and what to do next)."""
    # A coordinator learns here, not only at the desk's door, that a second factor comes first.
    coordinator_without_two_factors = is_coordinator(request.user) and not has_second_factor(
        request.user
    )
    concerns = Concern.objects.filter(complainant=request.user).order_by("-received_at")
    return render(
        request,
        "accounts/home.html",
        {
            **_standings(request),
            "concerns": concerns,
            "needs_two_factors": coordinator_without_two_factors,
        },
    )


def _accede(request, organization=None):
    """The accession form, for the person (`organization` None) or for an organization they
    represent; on success, the new accession's page."""
    try:
        edition = services.current_edition()
    except services.AccessionError as error:
        messages.error(request, str(error))
        return redirect("accession:dashboard")
    form_class = OrganizationAccessionForm if organization else IndividualAccessionForm
    form = form_class(request.POST or None, edition=edition, initial=_prefill(request))
    if request.method == "POST" and (
        limited := ratelimit.consume_or_429(request, action="accede", user=request.user)
    ):
        return limited
    if request.method == "POST" and form.is_valid():
        accession, listing = form.save(commit=False), form.cleaned_data["listing"]
        try:
            if organization:
                services.submit_for_organization(
                    request.user,
                    accession,
                    organization=organization,
                    edition=edition,
                    listing=listing,
                )
            else:
                services.submit_individual(
                    request.user, accession, edition=edition, listing=listing
                )
        except services.AlreadyAcceded as error:
            messages.info(request, str(error))
            return redirect(error.accession)
        except services.AccessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your accession has been submitted for review."))
            return redirect(accession)
    template = (
        "accession/accede_organization.html" if organization else "accession/accede_individual.html"
    )
    return render(
        request, template, {"form": form, "edition": edition, "organization": organization}
    )


def _prefill(request):
    """The answers of an earlier accession, for reaffirming a newer edition."""
    source = request.GET.get("from")
    if not source:
        return None
    if not re.fullmatch(PublicIdConverter.regex, source):
        raise Http404
    earlier = _mine(request, source)
    return {
        **{
            name: value
            for name, value in vars(earlier).items()
            if not name.startswith("_") and name not in PREFILL_EXCLUDE
        },
        "listing": earlier.signatory.listing,
    }


@never_cache
@login_required
def accede_individual(request):
    return _accede(request)


@never_cache
@login_required
def accede_organization(request, slug):
    organization = get_object_or_404(Organization.objects.represented_by(request.user), slug=slug)
    return _accede(request, organization)


@never_cache
@login_required
def detail(request, public_id):
    return _detail_page(request, _mine(request, public_id))


def _detail_page(request, accession, *, response_form=None, status=200):
    entries = timeline.for_signatory(accession, request.user)
    return render(
        request,
        "accession/detail.html",
        {
            "accession": accession,
            "signatory": accession.signatory,
            "letter": letters.letter(accession),
            "timeline": entries,
            "message": timeline.latest_message(entries),
            "listing_form": ListingForm(accession=accession),
            "response_form": response_form
            or ResponseForm(initial={"response": accession.signatory_response}),
            "reaffirmable": services.reaffirmable(accession),
            "concerns": [
                (asked, ConcernResponseForm(auto_id=f"id_{asked.concern.public_id}_%s"))
                for asked in concern_selectors.asked_of(accession.signatory_id)
            ],
            "Status": Status,
        },
        status=status,
    )


@never_cache
@login_required
def edit(request, public_id):
    accession = _mine(request, public_id)
    if accession.status != Status.CHANGES_REQUESTED:
        messages.error(request, _("This accession can be edited only when changes were requested."))
        return redirect(accession)
    form_class = (
        IndividualAccessionForm
        if accession.kind == Accession.Kind.INDIVIDUAL
        else OrganizationAccessionForm
    )
    form = form_class(
        request.POST or None, instance=accession, edition=accession.edition, with_listing=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit(request.user, accession, fields=form.cleaned_data)
        except services.AccessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your changes have been sent for review."))
        return redirect(accession)
    return render(request, "accession/edit.html", {"form": form, "accession": accession})


@never_cache
@login_required
def withdraw(request, public_id):
    accession = _mine(request, public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(request.user, accession, reason=form.cleaned_data["reason"])
        except services.AccessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your accession has been withdrawn."))
        return redirect(accession)
    return render(request, "accession/withdraw.html", {"form": form, "accession": accession})


@require_POST
@login_required
def change_listing(request, public_id):
    accession = _mine(request, public_id)
    form = ListingForm(request.POST, accession=accession)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listing options offered."))
        return redirect(accession)
    try:
        services.change_listing(request.user, accession, listing=form.cleaned_data["listing"])
    except services.AccessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your listing choice has been saved."))
    return redirect(accession)


@require_POST
@login_required
def respond(request, public_id):
    accession = _mine(request, public_id)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        # The page again with the form's errors and the text as typed, never lost.
        return _detail_page(request, accession, response_form=form, status=400)
    try:
        services.respond_to_suspension(
            request.user, accession, response=form.cleaned_data["response"]
        )
    except services.AccessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your response has been sent to the coordinators."))
    return redirect(accession)


@require_POST
@login_required
def hide_now(request, public_id):
    accession = _mine(request, public_id)
    services.hide_now(request.user, accession)
    if accession.organization:
        done = _(
            "Done: the organization no longer appears anywhere public. Choose a listing again "
            "to show it again."
        )
    else:
        done = _("Done: you no longer appear anywhere public. Choose a listing again to reappear.")
    messages.success(request, done)
    return redirect(accession)


@never_cache
@login_required
def claim(request):
    """Ask to represent an organization, from its public profile: offered for every
    organization the registry lists (so the profile says nothing of its representatives), and
    for any other address the profile's 404. The organization is named in the query (the form
    posts back to the same address), which access logs leave out: a path would tell them which
    organization someone asked for."""
    slug = request.GET.get("organization", "")
    organization = get_object_or_404(
        Organization.objects.filter(signatory__in=Signatory.objects.filter(LISTED)), slug=slug
    )
    if organization.representatives.filter(user=request.user).exists():
        messages.info(request, _("You already represent this organization."))
        return redirect("organizations:manage", slug=slug)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and (
        limited := ratelimit.consume_or_429(request, action="claim", user=request.user)
    ):
        return limited
    if request.method == "POST" and form.is_valid():
        try:
            claims.request_claim(request.user, organization, basis=form.cleaned_data["basis"])
        except claims.AlreadyClaimed as error:
            messages.info(request, str(error))
            return redirect("accession:dashboard")
        except claims.ClaimError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request has been sent to the coordinators. Its status is on this page."),
            )
            return redirect("accession:dashboard")
    return render(request, "accession/claim.html", {"form": form, "organization": organization})


@require_POST
@login_required
def withdraw_claim(request, claim_id):
    claim = get_object_or_404(Claim, public_id=claim_id, user=request.user)
    try:
        claims.withdraw_claim(request.user, claim)
    except claims.ClaimError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request has been withdrawn."))
    return redirect("accession:dashboard")


@sensitive_post_parameters("code")
@never_cache
@login_required
def take_over(request):
    """Take over, with the code the coordinators gave, an accession they recorded for you (or
    carried over from your letter)."""
    form = TakeOverForm(request.POST or None)
    if request.method == "POST":
        if limited := ratelimit.consume_or_429(request, action="take-over", user=request.user):
            return limited
        if form.is_valid():
            try:
                accession = services.claim(request.user, code=form.cleaned_data["code"])
            except services.AccessionError as error:
                form.add_error("code", str(error))
            else:
                messages.success(
                    request,
                    _("The accession is yours now: you manage it here, as if you had sent it."),
                )
                return redirect(accession)
    return render(
        request, "accession/take_over.html", {"form": form}, status=400 if form.errors else 200
    )
