import json
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import outbox
from accounts.policy import COORDINATOR_IDLE_SECONDS
from organizations.models import INVITATION_LIFETIME

from . import services
from .forms import DeleteAccountForm


def privacy(request):
    """Who runs the site, what it keeps and for how long: the figures it runs with, so that the
    page cannot drift from them."""
    return render(
        request,
        "privacy/privacy.html",
        {
            "operator": settings.OPERATOR_NAME,
            "contact_email": settings.CONTACT_EMAIL,
            "retention_days": settings.RETENTION_DAYS,
            "session_hours": math.ceil(settings.SESSION_COOKIE_AGE / 3600),
            "idle_minutes": COORDINATOR_IDLE_SECONDS // 60,
            "invitation_days": INVITATION_LIFETIME.days,
            "unsent_mail_days": outbox.LIFETIME.days,
            "claim_code_days": settings.CLAIM_CODE_DAYS,
        },
    )


@never_cache
@require_POST
@login_required
def download_data(request):
    """POST, so that no link or prefetch can trigger a download of someone's data."""
    data = json.dumps(services.export_user_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # Erase first: were it to fail, the person would still be logged in to try again.
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "privacy/delete.html", {"form": form})
