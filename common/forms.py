"""A form renderer that writes the forms' and fields' layout, the common widgets, labels and
error lists in Python.

Django renders each widget, option, label and error list through a template of its own: the
registry's filters (seven fields, 25 options) cost a quarter of the page's rendering. This
renderer produces the same HTML, character for character, for the templates it knows, and
hands every other template to Django's (tests/common/test_forms.py compares the two).
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# The widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input checkbox color date datetime email hidden number password search tel text time url"
    ).split()
}
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
TEXTAREA = f"{WIDGETS}textarea.html"
LABEL = "django/forms/label.html"
FORM = "django/forms/div.html"
FIELD = "django/forms/field.html"
ERRORS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")

# What `{{ value }}` does in a template rendered by the renderer: local time, localized, escaped.
_CONTEXT = Context(autoescape=True)


def _text(value: Any) -> str:
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe, escapes the rest."""
    try:
        text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    except (ValueError, TypeError):
        return ""
    # Only what was already safe stays unescaped, as with the template filter.
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context: dict[str, Any]) -> str:
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_text(context['label'])}</{tag}>"


def _errors(context: dict[str, Any]) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    target = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{target}>{items}</ul>'


def _hidden(fields: list[Any]) -> str:
    return "".join(_text(field) for field in fields)


def _form(context: dict[str, Any]) -> str:
    """django/forms/div.html, newline for newline."""
    errors, fields, hidden = context["errors"], context["fields"], context["hidden_fields"]
    parts = [_text(errors), "\n"]
    if errors and not fields:
        parts.append(f"\n  <div>{_hidden(hidden)}</div>\n")
    parts.append("\n")
    for number, (field, _errors) in enumerate(fields, start=1):
        classes = field.css_classes()
        attribute = f' class="{_text(classes)}"' if classes else ""
        parts.append(f"\n  <div{attribute}>")
        parts.append(f"\n    {_text(field.as_field_group())}\n    ")
        if number == len(fields):
            parts.append(f"\n      {_hidden(hidden)}\n    ")
        parts.append("\n</div>\n")
    parts.append("\n")
    if not fields and not errors:
        parts.append(f"\n  {_hidden(hidden)}\n")
    parts.append("\n")
    return "".join(parts)


def _field(context: dict[str, Any]) -> str:
    """django/forms/field.html, newline for newline."""
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{_text(described)}"' if described else ""
        parts = [f"\n  <fieldset{aria}>\n  {_text(field.legend_tag()) if field.label else ''}\n"]
    else:
        parts = [f"\n  {_text(field.label_tag()) if field.label else ''}\n"]
    parts.append("\n")
    if field.help_text:
        target = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{target}>{field.help_text}</div>')
    parts.append(f"\n{_text(field.errors)}\n{_text(field)}")
    if field.use_fieldset:
        parts.append("</fieldset>")
    parts.append("\n")
    return "".join(parts)


class FastRenderer(DjangoTemplates):
    """Django's default renderer, with its most used templates written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        html: str | None
        if template_name in INPUTS:
            html = _input(context["widget"])
        elif template_name == SELECT:
            html = _select(context["widget"])
        elif template_name == TEXTAREA:
            html = _textarea(context["widget"])
        elif template_name == LABEL:
            html = _label(context)
        elif template_name in ERRORS:
            html = _errors(context)
        elif template_name == FORM:
            html = _form(context)
        elif template_name == FIELD:
            html = _field(context)
        else:
            html = None
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()
