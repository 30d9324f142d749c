"""Who coordinates, and what coordinators and staff must have before they reach their pages."""

import datetime
import time
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from common.i18n import path_without_language

COORDINATORS = "Coordinators"
COORDINATOR_IDLE_SECONDS = 30 * 60
# Session key: when a coordinator's or staff member's last request came, in epoch seconds, to
# the minute: written at most once a minute, not on every request (each write is a query).
LAST_SEEN = "coordinator_last_seen"
LAST_SEEN_STEP = 60
PROTECTED_PREFIXES = ("/review/", "/admin/")
# Session key: the page a coordinator or staff member asked for when sent to set up two-factor
# authentication, offered again once it is set up (allauth's pages keep no `next` through its
# several steps, the recovery codes included, which must be seen before moving on).
AFTER_TWO_FACTOR = "after_two_factor"

# Seeing a page of private data again within this time is the same visit, recorded once: after
# each decision the desk returns to the page, and a reload is no new reading.
VISIT = datetime.timedelta(minutes=10)


def is_coordinator(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_coordinator"):
        user._is_coordinator = user.groups.filter(name=COORDINATORS).exists()
    return user._is_coordinator


def has_second_factor(user: Any) -> bool:
    """is_mfa_enabled(user) as the request began, read with the user where the backend did so
    (accounts.backends): for the gates, which ask before anything in the request changes it."""
    known = getattr(user, "_has_second_factor", None)
    return is_mfa_enabled(user) if known is None else known


PRIVATE_PREFIXES = ("/accounts/", "/accession/", "/organizations/manage/", "/review/", "/admin/")


class NoStoreMiddleware:
    """No cache, shared or private, may keep a page that shows account, applicant or
    coordinator data: every page under the private prefixes, and every page of a signed-in
    person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        private = path_without_language(request.path).startswith(PRIVATE_PREFIXES) or (
            hasattr(request, "user") and request.user.is_authenticated
        )
        if private:
            add_never_cache_headers(response)
        return response


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: whether to show the review desk in the menu, and where to continue
    once two-factor authentication is set up."""
    user = request.user
    after = request.session.get(AFTER_TWO_FACTOR) if user.is_authenticated else None
    return {
        "is_coordinator": is_coordinator(user),
        "after_two_factor": after if after and is_mfa_enabled(user) else None,
    }


class CoordinatorPolicyMiddleware:
    """Coordinators and staff: a confirmed second factor before any review or admin page, and
    sessions that end after 30 minutes of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (user.is_staff or is_coordinator(user)):
            # The idle limit is kept here rather than in the cookie's lifetime: a cookie with
            # an expiry would outlive the browser, which must end every session when closed.
            now = int(time.time())
            idle = now - request.session.get(LAST_SEEN, now)
            if idle > COORDINATOR_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after 30 minutes of inactivity."))
                return redirect_to_login(request.get_full_path())
            if idle >= LAST_SEEN_STEP or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
            protected = path_without_language(request.path).startswith(PROTECTED_PREFIXES)
            if protected and not has_second_factor(user):
                if request.method == "GET":
                    # The path only: a query (an admin search, say) may hold a name.
                    request.session[AFTER_TWO_FACTOR] = request.path
                messages.warning(
                    request,
                    _("Set up two-factor authentication before using the review desk or admin."),
                )
                return redirect("mfa_index")
            if protected:
                request.session.pop(AFTER_TWO_FACTOR, None)
        return self.get_response(request)
