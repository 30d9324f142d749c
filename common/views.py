from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots(request):
    """Search engines may read the Principles, the registry's pages and organizations' profiles
    (individuals' entries say noindex themselves); never the machine copies of people's names,
    nor anything private."""
    # Private pages in every language, and without one (which redirects to one).
    prefixes = ["/", *(f"/{code}/" for code, _name in settings.LANGUAGES)]
    return render(
        request,
        "robots.txt",
        {"site_url": settings.SITE_URL, "prefixes": prefixes},
        content_type="text/plain",
    )
