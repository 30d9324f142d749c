"""The public side of the concern procedure: the procedure itself, the form to raise a concern,
and the case page where the person who raised it reads the coordinators' questions and answers.

None of these pages can tell a visitor whether a concern exists: the case page answers a wrong
code and a code whose concern is gone alike, and only after the rate limit."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accession.models import LISTED, Signatory

from . import selectors, services
from .forms import AnswerForm, CaseCodeForm, ConcernForm, ResponseForm
from .models import Concern


def procedure(request):
    return render(request, "concerns/procedure.html", {"retention_days": settings.RETENTION_DAYS})


def _prefilled(public_id: str) -> Signatory | None:
    """The signatory a registry entry or profile links from: only one the registry lists, so
    that the form confirms nothing the registry does not show."""
    if not public_id:
        return None
    return Signatory.objects.filter(LISTED, public_id=public_id).first()


def _limited(request):
    """Per client address for everyone, and per account as well for a signed-in person; the
    counters live in the cache only, never with the address itself."""
    if limited := ratelimit.consume_or_429(request, action="concern"):
        return limited
    if request.user.is_authenticated:
        return ratelimit.consume_or_429(request, action="concern-account", user=request.user)
    return None


@never_cache
def new(request):
    """Raise a concern. The signatory chosen from the registry travels in the query, which
    access logs leave out, and is shown by its listed name."""
    signatory = _prefilled(request.GET.get("signatory", ""))
    form = ConcernForm(
        request.POST or None,
        signatory_name=signatory.listed_name if signatory else "",
        with_account=request.user.is_authenticated,
    )
    if request.method == "POST":
        if limited := _limited(request):
            return limited
        if form.is_valid():
            data = form.cleaned_data
            try:
                _concern, code = services.raise_concern(
                    request.user if request.user.is_authenticated else None,
                    signatory=signatory,
                    signatory_text=data.get("signatory_text", ""),
                    principles=data["principles"],
                    account=data["account"],
                    evidence=data["evidence"],
                    contact=data["contact"],
                    anonymous=not data.get("under_account"),
                )
            except services.ConcernError as error:
                form.add_error(None, str(error))
            else:
                # The code is shown on this response and never again: no redirect to a page
                # that could show it twice.
                return render(request, "concerns/received.html", {"code": code})
    return render(
        request,
        "concerns/new.html",
        {"form": form, "signatory": signatory},
        status=400 if form.errors else 200,
    )


def _case_page(request, concern: Concern, answer_form: AnswerForm, code: str = "", status=200):
    return render(
        request,
        "concerns/case.html",
        {
            "concern": concern,
            "messages_": selectors.for_complainant(concern),
            "answer_form": answer_form,
            "code": code,
            "asked": concern.status == Concern.Status.COMPLAINANT_ASKED,
        },
        status=status,
    )


def _answer(request, concern: Concern, code: str = ""):
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            concern = services.answer(concern, form.cleaned_data["answer"], actor=request.user)
        except services.ConcernError as error:
            form.add_error(None, str(error))
        else:
            return _case_page(request, concern, AnswerForm(), code)
    return _case_page(request, concern, form, code, status=400)


@sensitive_post_parameters("code")
@never_cache
def case(request):
    """Read a case with its code (posted, never in the address) and answer a question."""
    form = CaseCodeForm(request.POST or None)
    if request.method == "POST":
        if limited := ratelimit.consume_or_429(request, action="case-code"):
            return limited
        if form.is_valid():
            code = form.cleaned_data["code"]
            concern = services.find_by_code(code)
            if concern is None:
                form.add_error(
                    "code",
                    CaseCodeForm.no_case_message(),
                )
            elif "answer" in request.POST:
                # The answer form posts the code again with the answer; the code form alone.
                return _answer(request, concern, code)
            else:
                return _case_page(request, concern, AnswerForm(), code)
    return render(
        request, "concerns/case_code.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@login_required
def mine(request, public_id):
    """A concern raised under the person's own account: theirs only, anyone else's a 404."""
    concern = get_object_or_404(Concern, public_id=public_id, complainant=request.user)
    if request.method == "POST":
        return _answer(request, concern)
    return _case_page(request, concern, AnswerForm())


@require_POST
@login_required
def respond(request, public_id):
    """The signatory (or a representative of the signatory organization) responds, from their
    accession page; anyone else, and a concern they were not asked about, is a 404."""
    concern = get_object_or_404(
        Concern.objects.select_related("signatory__accession"),
        public_id=public_id,
        signatory_asked_at__isnull=False,
    )
    form = ResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise services.MissingText(_("Write your response."))
        services.respond(request.user, concern, form.cleaned_data["response"])
    except services.ConcernError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your response has been sent to the coordinators."))
    accession = concern.signatory.accession if concern.signatory else None
    return redirect(accession) if accession else redirect("accession:dashboard")
