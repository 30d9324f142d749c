"""The reader's languages: the switcher in the header and the alternates every page lists."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, ResolverMatch, reverse, translate_url
from django.utils.translation import override


def path_without_language(path: str) -> str:
    """`/be/review/…` → `/review/…`: the page a path names, whatever its language, so that rules
    keyed on a path (two factors for the review desk, no-store for private pages) hold in every
    language."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def _translated(path: str, match: ResolverMatch | None, code: str) -> str:
    """translate_url(path, code), from the request's own resolution when it has one, rather
    than resolving the path again for each language."""
    if match is None:
        return translate_url(path, code)
    if not match.url_name:
        return path
    with override(code):
        try:
            translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    parsed = urlsplit(path)
    return urlunsplit((parsed.scheme, parsed.netloc, translated, parsed.query, parsed.fragment))


def languages(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    """Template context: each language, named in itself, with the address of this very page in
    it (for the switcher and for <link rel="alternate" hreflang>)."""
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    return {
        "languages": [
            {"code": code, "name": name, "url": settings.SITE_URL + _translated(path, match, code)}
            for code, name in settings.LANGUAGES
        ]
    }
