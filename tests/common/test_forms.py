"""The fast form renderer writes what Django's own templates write, character for character."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from accession.registry.forms import RegistryForm
from accession.review.forms import DecisionForm, ReviewFilterForm
from common.forms import FastRenderer


class EveryWidget(forms.Form):
    """One field per widget the renderer writes itself, and some it hands on to templates."""

    text = forms.CharField(label='Name <&> "quoted"', max_length=10, help_text="Help <b>")
    number = forms.IntegerField(min_value=1, max_value=999, required=False)
    decimal = forms.DecimalField(required=False, localize=True)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "x"}))
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(required=False)
    agree = forms.BooleanField(label=mark_safe("I <em>agree</em>."), required=False)
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & B"), (1234, 1234), ("lazy", gettext_lazy("Region"))],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[("", "none"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    disabled = forms.CharField(required=False, disabled=True, initial="kept")

    def clean(self):
        raise forms.ValidationError("The whole form <is> wrong.")


def rendered(form_class, renderer, *args, **kwargs):
    form = form_class(*args, renderer=renderer, **kwargs)
    form.is_valid()
    html = [str(form)]
    for field in form:
        html += [str(field), field.label_tag(), str(field.errors), field.as_hidden()]
    html.append(str(form.non_field_errors()))
    return "\n".join(html)


class HiddenOnly(forms.Form):
    """A form with no visible field: the layout's other branches."""

    token = forms.CharField(widget=forms.HiddenInput)


class WithClasses(EveryWidget):
    required_css_class = "required"
    error_css_class = "error <x>"


CASES = [
    (HiddenOnly, [], {}),
    (HiddenOnly, [{}], {}),
    (WithClasses, [{"radio": "b"}], {}),
    (EveryWidget, [], {}),
    (EveryWidget, [{}], {}),
    (
        EveryWidget,
        [
            {
                "text": 'too long <script> & "quotes"',
                "number": "1000",
                "decimal": "1234.5",
                "email": "not an address",
                "password": "secret",
                "hidden": "<x>",
                "date": "2026-02-30",
                "agree": "on",
                "choice": "1234",
                "grouped": "y",
                "several": ["a", "b"],
                "radio": "b",
                "boxes": ["b"],
                "note": "line 1\nline <2>",
            }
        ],
        {},
    ),
    (EveryWidget, [], {"initial": {"date": datetime.date(2026, 2, 3), "agree": True}}),
    (EveryWidget, [], {"auto_id": False}),
    (RegistryForm, [], {}),
    (RegistryForm, [{"q": "ales", "kind": "organization", "region": "grodno", "size": "10"}], {}),
    (RegistryForm, [{"edition": "abc", "size": "7", "after": "zz", "q": "x\x00"}], {}),
    (ReviewFilterForm, [{"status": "approved"}], {}),
    (DecisionForm, [{"reason": "x" * 3001}], {}),
]


@pytest.mark.parametrize(("form_class", "args", "kwargs"), CASES)
@pytest.mark.parametrize("language", ["en", "be"])
def test_the_fast_renderer_writes_what_djangos_templates_write(form_class, args, kwargs, language):
    with override(language):
        expected = rendered(form_class, DjangoTemplates(), *args, **kwargs)
        actual = rendered(form_class, FastRenderer(), *args, **kwargs)

    assert actual == expected


def test_the_fast_renderer_is_the_sites_form_renderer(settings):
    assert settings.FORM_RENDERER == "common.forms.FastRenderer"
