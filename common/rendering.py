"""Helpers for pages that list many rows: each row's address and labels without paying, per row,
for a reverse() or for translating a field's every choice (get_FOO_display() does both)."""

import html
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Stands for the one argument of an address: it fits the public_id and slug converters.
ARGUMENT = "0" * 16
_ADDRESSES: dict[tuple[str, ...], tuple[str, str]] = {}


def _template(name: str) -> tuple[str, str]:
    key = (name, get_language() or "", get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    try:
        return _ADDRESSES[key]
    except KeyError:
        head, _argument, tail = reverse(name, args=[ARGUMENT]).rpartition(ARGUMENT)
        _ADDRESSES[key] = head, tail
        return head, tail


def address(name: str, argument: str) -> str:
    """reverse(name, args=[argument]) for an address whose one argument is a public id or a
    slug, reversed once per name, language and prefix rather than once per row (a page of 50
    rows made 100 reverse() calls, an export of a million rows two million). The characters
    those converters allow need no quoting, and the argument is not checked against them: it
    comes from a field those converters were made for."""
    head, tail = _template(name)
    return head + argument + tail


def addresses(name: str) -> Callable[[str], str]:
    """address() with `name` for many arguments, in the language active now."""
    head, tail = _template(name)
    return lambda argument: head + argument + tail


class Labels(dict[Any, str]):
    """The labels of a field's choices, each translated when first used: a page of rows looks
    each one up once. A value without a label stands for itself, as in get_FOO_display(),
    unless `unknown` says what to show instead."""

    def __init__(self, choices: Iterable[tuple[Any, Any]], *, unknown: str | None = None) -> None:
        super().__init__()
        self.choices = dict(choices)
        self.unknown = unknown

    def __missing__(self, key: Any) -> str:
        if key in self.choices:
            value = str(self.choices[key])
        else:
            value = str(key) if self.unknown is None else self.unknown
        self[key] = value
        return value


def escaped(value: Any) -> str:
    """conditional_escape() without its checks for lazy strings, which cost more than the
    escaping, for rows written in Python: what is safe already is kept, anything else escaped
    as Django escapes it."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
