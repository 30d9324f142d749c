from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from common.page_cache import shared_page

from .diff import compare_editions
from .models import Edition


def _languages():
    """The visitor's language first, then the site default for editions not yet translated."""
    return list(dict.fromkeys([get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE]))


def _in_preferred_language(editions):
    languages = _languages()
    best: dict[int, Edition] = {}
    for edition in sorted(editions, key=lambda e: languages.index(e.language)):
        best.setdefault(edition.number, edition)
    return sorted(best.values(), key=lambda e: -e.number)


def _published(**filters):
    return _in_preferred_language(
        Edition.objects.published()
        .filter(language__in=_languages(), **filters)
        .prefetch_related("principles")
    )


def _edition_or_404(number):
    editions = _published(number=number)
    if not editions:
        raise Http404
    return editions[0]


def _edition_page(request, edition, **context):
    # Shown in English when the coordinators have not published the reader's language's text:
    # the page says so, in the reader's language.
    untranslated = edition.language != (get_language() or settings.LANGUAGE_CODE)
    return render(
        request,
        "principles/edition.html",
        {"edition": edition, "untranslated": untranslated, **context},
    )


@shared_page
def current_edition(request):
    editions = _published(status=Edition.Status.CURRENT)
    if not editions:
        raise Http404
    return _edition_page(request, editions[0], is_home=True)


@shared_page
def edition_detail(request, number):
    return _edition_page(request, _edition_or_404(number))


@shared_page
def edition_list(request):
    editions = _in_preferred_language(Edition.objects.published().filter(language__in=_languages()))
    # Each edition is offered a comparison with the one before it.
    rows = list(zip(editions, [*editions[1:], None], strict=True))
    return render(request, "principles/edition_list.html", {"rows": rows})


@shared_page
def compare(request, a, b):
    """Two editions compared word by word, in one language: the reader's when both texts are
    published in it, otherwise English."""
    old, new = _edition_or_404(a), _edition_or_404(b)
    if old.language != new.language:
        old, new = (
            Edition.objects.published()
            .prefetch_related("principles")
            .get(number=edition.number, language=settings.LANGUAGE_CODE)
            for edition in (old, new)
        )
    parts = compare_editions(old, new)
    return render(
        request,
        "principles/compare.html",
        {
            "old": old,
            "new": new,
            "parts": parts,
            "changed": [part for part in parts if part.state != "unchanged"],
        },
    )
