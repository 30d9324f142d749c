"""The cache of what anonymous visitors see, exactly invalidated.

Every public output changes only when public state does, and every change to public state bumps
the public version (`bump()`, in its own transaction). Pages marked `@shared_page` are kept for
anonymous visitors by address and language with the version they were rendered under, and
served only while it is current, so the next request after a change renders afresh: "hide me
now" is gone from every page at once, whatever is cached.

The version's truth is a database row, changed in the change's transaction. The cache holds a copy,
so that a kept page costs one round trip to the cache: replaced by a value of its own when a change
begins (pages rendered meanwhile are never current after it; not with a cache table in the same
database, which would take the write into the change's transaction) and by the row's new value as it
commits, before the response that made the change is sent. The copy lives seconds and is then read
again from the row, so even a cache write lost at a commit leaves a page stale for COPY_TIMEOUT at
most.

A request is served from or stored into the cache only when it cannot be anyone's own page: no
session cookie (nobody is signed in without one), nothing stored in the session, no CSRF token
handed out, no cookie set. Browsers and proxies get an ETag and `no-cache`, so they revalidate
each time (a 304 costs one small read) and never show a page the version has moved past.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable
from functools import partial, wraps
from typing import Any, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers

from .models import PublicVersion

# A page no one asks for goes after an hour; one whose version has passed is rendered over.
TIMEOUT = 60 * 60
ROW = 1
COPY = "public-version"
COPY_TIMEOUT = 5

logger = logging.getLogger(__name__)


def _quietly[T](operation: Callable[..., T], *args: Any) -> T | None:
    """A cache that fails costs speed, never a page, and never a change to public state ("hide
    me now" above all): the row stays the truth."""
    try:
        return operation(*args)
    except Exception:  # whatever the backend raises
        logger.warning("The page cache failed; answering without it.", exc_info=True)
        return None


def _pages() -> Any:
    # Apart from the default cache: a crawler walking every page evicts only pages, never a
    # rate-limit counter or a used two-factor code.
    return caches["pages"]


def lock(using: str = DEFAULT_DB_ALIAS) -> None:
    """Take the public version's row until the caller's transaction ends: every change to public
    state takes it after its signatory's row and before the counts it moves (the tally, the
    search words). Two changes then never hold those counts in opposite orders, as an import or
    an account's deletion (several signatories in one transaction) and a "hide me now" would,
    which PostgreSQL ends by failing one of them. Reading the version never waits for it."""
    PublicVersion.objects.using(using).select_for_update().filter(pk=ROW).exists()


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark public state as changed, in the caller's transaction: call it in the transaction
    that makes the change, so the two commit together (it holds the one row until then)."""
    if not isinstance(_pages(), DatabaseCache):
        # A table in the same database would take this write into the change's transaction,
        # where no one sees it, and hold its row until the commit: a request storing the old
        # version there meanwhile would then follow this change's own write.
        _quietly(_pages().set, COPY, secrets.randbits(62), COPY_TIMEOUT)
    value = secrets.randbits(62)
    versions = PublicVersion.objects.using(using)
    if not versions.filter(pk=ROW).update(value=value):
        versions.create(pk=ROW, value=value)
    transaction.on_commit(
        partial(_quietly, _pages().set, COPY, value, COPY_TIMEOUT), using=using, robust=True
    )


def forget_pages() -> None:
    """Empty the pages cache once the caller's transaction commits: no copy of a page that
    named someone who is no longer listed (hidden, withdrawn, erased, listed otherwise) stays
    readable in it. Pages are rendered again as they are asked for."""
    if settings.CACHES["pages"] == settings.CACHES["default"]:
        return  # one cache for both: emptying it would forget rate limits and used codes
    transaction.on_commit(partial(_quietly, _pages().clear), robust=True)


def _from_database() -> int | None:
    value = PublicVersion.objects.filter(pk=ROW).values_list("value", flat=True).first()
    if value is not None:
        # Unless a change has just written its own.
        _quietly(_pages().add, COPY, value, COPY_TIMEOUT)
    return value


def current() -> int | None:
    version = _quietly(_pages().get, COPY)
    return version if version is not None else _from_database()


def for_version[T](name: str, compute: Callable[[], T]) -> T:
    """`compute()`, made once per public version and shared by every process: for what many
    pages or languages derive from public state alone."""
    version = current()
    kept = _quietly(_pages().get, name)
    if kept is not None and kept[0] == version:
        return cast(T, kept[1])
    value = compute()
    if version is not None:
        _quietly(_pages().set, name, (version, value), TIMEOUT)
    return value


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
    return unless is not None and not any(any(request.GET.getlist(name)) for name in unless)


def _key(request: HttpRequest) -> str:
    # Hashed by the cache's KEY_FUNCTION; the address holds filters, never a searched name.
    return f"page:{request.LANGUAGE_CODE}:{request.build_absolute_uri()}"


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
        key = _key(request)
        # The version is read before the page is rendered: a change committed in between is
        # then in a page kept under the older version, never missing from one under the newer.
        found = _quietly(_pages().get_many, [COPY, key]) or {}
        version = found.get(COPY) or _from_database()
        if version is None:
            return self.get_response(request)
        kept = found.get(key)
        if kept is not None and kept[0] == version:
            _version, status, headers, content, etag = kept
            return _answer(request, HttpResponse(content, status=status, headers=headers), etag)
        rendered = self.get_response(request)
        if not isinstance(rendered, HttpResponse) or not _storable(request, rendered):
            return rendered
        etag = f'"{hashlib.blake2b(rendered.content, digest_size=16).hexdigest()}"'
        headers = {k: v for k, v in rendered.headers.items() if k.lower() != "set-cookie"}
        page = (version, rendered.status_code, headers, rendered.content, etag)
        _quietly(_pages().set, key, page, TIMEOUT)
        return _answer(request, rendered, etag)
