"""The reader's languages: the switcher in the header and the alternates every page lists."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def path_without_language(path: str) -> str:
    """`/be/review/…` → `/review/…`: the page a path names, whatever its language, so that rules
    keyed on a path (two factors for the review desk, no-store for private pages) hold in every
    language."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def languages(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    """Template context: each language, named in itself, with the address of this very page in
    it (for the switcher and for <link rel="alternate" hreflang>)."""
    path = request.get_full_path()
    return {
        "languages": [
            {"code": code, "name": name, "url": settings.SITE_URL + translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ]
    }
