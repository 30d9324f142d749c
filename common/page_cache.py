"""The cache of what anonymous visitors see, exactly invalidated.

Every public output changes only when public state does, and every change to public state bumps
the public version (`bump()`, in its own transaction). Pages marked `@shared_page` are kept for
anonymous visitors under that version, their address and language, so the next request after a
change renders afresh: "hide me now" is gone from every page at once, whatever is cached.

A request is served from or stored into the cache only when it cannot be anyone's own page: no
session cookie (nobody is signed in without one), nothing stored in the session, no CSRF token
handed out, no cookie set. Browsers and proxies get an ETag and `no-cache`, so they revalidate
each time (a 304 costs one small read) and never show a page the version has moved past.
"""

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers

from .models import PublicVersion

# Old versions' pages are never asked for again; they go when they expire or are evicted.
TIMEOUT = 24 * 60 * 60
ROW = 1


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark public state as changed, in the caller's transaction: call it in the transaction
    that makes the change, so the two commit together (it locks the one row until then, after
    every other lock the change takes)."""
    versions = PublicVersion.objects.using(using)
    value = secrets.randbits(62)
    if not versions.filter(pk=ROW).update(value=value):
        versions.create(pk=ROW, value=value)


def current() -> int | None:
    return PublicVersion.objects.filter(pk=ROW).values_list("value", flat=True).first()


def for_version[T](name: str, compute: Callable[[], T]) -> T:
    """`compute()`, made once per public version and shared by every process: for what many
    pages or languages derive from public state alone."""
    version = current()
    if version is None:
        return compute()
    return cast(T, cache.get_or_set(f"{name}:{version}", compute, TIMEOUT))


def shared_page(view: Callable[..., Any] | None = None, *, unless: tuple[str, ...] = ()) -> Any:
    """Mark a view whose page is the same for every anonymous visitor of an address, so the
    cache may keep it; not when the query has any of the parameters in `unless` (a search:
    its text is the visitor's own, and the addresses it makes are countless)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        wrapper.shared_page_unless = unless  # type: ignore[attr-defined]
        return wrapper

    return decorate(view) if view is not None else decorate


def _anonymous(request: HttpRequest) -> bool:
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not _anonymous(request):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    unless = getattr(match.func, "shared_page_unless", None)
    return unless is not None and not any(request.GET.get(name) for name in unless)


def _key(request: HttpRequest, version: int) -> str:
    # Hashed by the cache's KEY_FUNCTION; the address holds filters, never a searched name.
    return f"page:{version}:{request.LANGUAGE_CODE}:{request.build_absolute_uri()}"


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
        and not (hasattr(request, "session") and request.session.modified)
    )


def _answer(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponseBase:
    """The page, or 304 Not Modified to a browser or proxy that has it already."""
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"
    # Signed-in people (who carry a cookie) see their own version of the same address.
    patch_vary_headers(response, ("Cookie",))
    return get_conditional_response(request, etag=etag, response=response) or response


class PageCacheMiddleware:
    """Serves and keeps `@shared_page` pages for anonymous visitors (placed after the session
    and locale middleware, so the key has the page's language, and before everything a cached
    page has no need of)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable(request):
            return self.get_response(request)
        # Read before the page is rendered: a change committed in between is then in the page
        # kept under the older version, never missing from one kept under the newer.
        version = current()
        if version is None:
            return self.get_response(request)
        key = _key(request, version)
        kept = cache.get(key)
        if kept is not None:
            status, headers, content, etag = kept
            return _answer(request, HttpResponse(content, status=status, headers=headers), etag)
        rendered = self.get_response(request)
        if not isinstance(rendered, HttpResponse) or not _storable(request, rendered):
            return rendered
        etag = f'"{hashlib.blake2b(rendered.content, digest_size=16).hexdigest()}"'
        headers = {k: v for k, v in rendered.headers.items() if k.lower() != "set-cookie"}
        cache.set(key, (rendered.status_code, headers, rendered.content, etag), TIMEOUT)
        return _answer(request, rendered, etag)
