"""The error summary: the problems of every form on the page that failed validation, found once
for every page in the base layout, so no form can forget it (after GOV.UK's error summary)."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    # The id of the input the summary links to; empty for an error of the whole form.
    target: str = ""


def _target(field) -> str:
    # Radio buttons and checkbox lists have no single input: link to the first one.
    if field.id_for_label:
        return field.id_for_label
    first = next(iter(field.subwidgets), None)
    return (first and first.id_for_label) or ""


def problems_of(form: BaseForm) -> list[Problem]:
    found = [Problem(str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                found.append(Problem(str(error)))
            else:
                # A label that is a sentence ("I consent ….") loses its full stop before the colon.
                label = str(field.label).rstrip(".")
                found.append(Problem(f"{label}: {error}", _target(field)))
    return found


@register.simple_tag(takes_context=True)
def form_problems(context: template.Context) -> list[Problem]:
    """The problems of the bound, invalid forms in the page's context, in the order given."""
    forms: dict[int, BaseForm] = {}
    values: list[Any] = list(context.flatten().values())
    for value in values:
        # type(), not isinstance(): isinstance would evaluate lazy values such as the CSP
        # nonce, and an evaluated nonce changes the page's Content-Security-Policy header.
        if issubclass(type(value), BaseForm) and value.is_bound:
            forms.setdefault(id(value), value)
    found: list[Problem] = []
    for form in forms.values():
        if form.errors:
            found.extend(problems_of(form))
    return found
