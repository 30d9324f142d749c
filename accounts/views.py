from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .models import User


def _not_exempt(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@csrf_exempt
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language, which remembers the choice in a cookie and
    returns to the same page in the chosen language; a signed-in person's choice is also their
    account's, which their e-mail follows.

    A visitor's choice needs no CSRF token — the worst a forged one does is change a page's
    language — so public pages carry no CSRF cookie; a signed-in person's, which changes their
    account, does."""
    if request.user.is_authenticated:
        # Checked as for any view that is not exempt (this one is, for visitors' sake).
        refused = CsrfViewMiddleware(_not_exempt).process_view(request, _not_exempt, (), {})
        if refused is not None:
            return refused
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
