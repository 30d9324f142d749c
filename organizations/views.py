from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import InvitationForm, OrganizationForm, RemoveRepresentativeForm
from .models import Organization


def _mine(request, slug):
    return get_object_or_404(Organization.objects.represented_by(request.user), slug=slug)


@never_cache
@login_required
def register(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.register_organization(request.user, form.save(commit=False))
        messages.success(request, _("The organization is registered. You are its representative."))
        return redirect("organizations:manage", slug=organization.slug)
    return render(request, "organizations/register.html", {"form": form})


@never_cache
@login_required
def manage(request, slug):
    return _manage_page(request, _mine(request, slug))


def _manage_page(request, organization, *, invitation_form=None, status=200):
    representatives = organization.representatives.select_related("user").order_by("added_at")
    invitations = organization.invitations.filter(accepted_at__isnull=True).order_by("-created_at")
    accessions = organization.accessions.select_related("edition").order_by("-submitted_at")
    return render(
        request,
        "organizations/manage.html",
        {
            "organization": organization,
            "representatives": representatives,
            "invitations": invitations,
            "accessions": accessions,
            "invitation_form": invitation_form or InvitationForm(),
        },
        status=status,
    )


@never_cache
@login_required
def edit(request, slug):
    organization = _mine(request, slug)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_organization(request.user, organization, fields=fields)
        messages.success(request, _("The organization's profile has been saved."))
        return redirect("organizations:manage", slug=slug)
    return render(request, "organizations/edit.html", {"form": form, "organization": organization})


@require_POST
@login_required
def invite(request, slug):
    organization = _mine(request, slug)
    # Each invitation sends mail to an address of the inviter's choosing: limited per account
    # and per organization, so no account can make the site mail strangers in bulk.
    if limited := ratelimit.consume_or_429(
        request, action="invite", user=request.user, key=organization.slug
    ):
        return limited
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, organization, invitation_form=form, status=400)
    try:
        services.invite_representative(request.user, organization, email=form.cleaned_data["email"])
    except services.OrganizationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation has been sent."))
    return redirect("organizations:manage", slug=slug)


@require_POST
@login_required
def remove_representative(request, slug):
    organization = _mine(request, slug)
    form = RemoveRepresentativeForm(request.POST)
    if not form.is_valid():
        raise BadRequest
    try:
        services.remove_representative(
            request.user, organization, representative_id=form.cleaned_data["representative"]
        )
    except services.OrganizationError as error:
        messages.error(request, str(error))
        return redirect("organizations:manage", slug=slug)
    messages.success(request, _("The representative has been removed."))
    if not Organization.objects.represented_by(request.user).filter(pk=organization.pk).exists():
        return redirect("accession:dashboard")
    return redirect("organizations:manage", slug=slug)


@never_cache
@login_required
def accept_invitation(request, token):
    if request.method == "POST":
        try:
            organization = services.accept_invitation(request.user, token)
        except services.OrganizationError as error:
            messages.error(request, str(error))
            return redirect("accession:dashboard")
        messages.success(request, _("You now represent %(name)s.") % {"name": organization.name})
        return redirect("organizations:manage", slug=organization.slug)
    # Whether it can be accepted is said before the button, not after it.
    try:
        invitation, problem = services.open_invitation(request.user, token), ""
    except services.OrganizationError as error:
        invitation, problem = None, str(error)
    return render(
        request,
        "organizations/accept_invitation.html",
        {"token": token, "invitation": invitation, "problem": problem},
    )
