"""The site's addresses plus a bare view, the benchmark's yardstick: what any page costs at the
least through the same middleware. Only config/bench_settings.py names this module."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site]
