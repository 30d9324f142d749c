"""The review desk's assisted accessions: recording one for a person who asked by another
channel and has no account, and acting on an accession nobody's account holds at the person's
request.

A claim code is shown in the response to the POST that made it, and nowhere else: not in an
address, a message or the session, which would keep it in a store not meant for it.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accession.services import current_edition

from . import services
from .forms import AssistedAccessionForm, DecisionForm, OnRequestForm
from .views import _request, _request_context, coordinator_required


@coordinator_required
def new(request):
    try:
        edition = current_edition()
    except services.AccessionError as error:
        messages.error(request, str(error))
        return redirect("review:queue")
    form = AssistedAccessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accession = form.save(commit=False)
        accession.public_id = form.cleaned_data["key"]
        accession.edition = edition
        try:
            accession, code = services.record_on_behalf(
                request.user,
                accession,
                listing=form.cleaned_data["listing"],
                claim_code=form.cleaned_data["claim_code"],
            )
        except services.AlreadyRecorded as error:
            messages.info(request, str(error))
            return redirect("review:request", public_id=error.accession.public_id)
        except services.AccessionError as error:
            form.add_error(None, str(error))
        else:
            return _code_page(request, "review/assisted_recorded.html", accession, code)
    return render(
        request,
        "review/assisted_new.html",
        {"form": form, "edition": edition},
        status=400 if form.errors else 200,
    )


def _code_page(request, template, accession, code):
    return render(
        request,
        template,
        {"accession": accession, "code": code, "days": settings.CLAIM_CODE_DAYS},
    )


@require_POST
@coordinator_required
def claim_code(request, public_id):
    accession = _request(public_id)
    try:
        code = services.issue_claim_code(request.user, accession)
    except services.AccessionError as error:
        messages.error(request, str(error))
        return redirect("review:request", public_id=public_id)
    return _code_page(request, "review/claim_code.html", accession, code)


@require_POST
@coordinator_required
def on_request(request, public_id, action):
    accession = _request(public_id)
    form = OnRequestForm(request.POST)
    if not form.is_valid():
        conflict = services.conflict_of_interest(request.user, accession)
        context, template = _request_context(
            accession, DecisionForm(), conflict, on_request_form=form
        )
        return render(request, template, context, status=400)
    act = services.hide_on_request if action == "hide" else services.withdraw_on_request
    try:
        act(request.user, accession, reason=form.cleaned_data["reason"])
    except services.AccessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    return redirect("review:request", public_id=public_id)
