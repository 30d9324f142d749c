"""The registry page's rows and filters, rendered in Python, say what the template loops said."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils.translation import override

from accession.registry import public
from accession.registry.forms import RegistryForm
from accession.registry.templatetags import registry_page

# The loops the tags replace, as the page had them.
ROWS_LOOP = """{% for entry in entries %}
      <tr>
        <td data-label="{{ name_label }}"><a href="{{ entry.path }}">{{ entry.name }}</a>{% if entry.other_names_in %}<br><span class="other-names">{% for other in entry.other_names_in %}<span lang="{{ other.lang }}">{{ other.name }}</span>{% if not forloop.last %} · {% endif %}{% endfor %}</span>{% endif %}</td>
        <td data-label="{{ kind_label }}">{{ entry.kind_label }}</td>
        <td data-label="{{ region_label }}">{{ entry.region_label }}</td>
        <td data-label="{{ edition_label }}">{{ entry.edition }}</td>
        <td data-label="{{ acceded_label }}">{{ entry.acceded_label }}</td>
      </tr>
    {% endfor %}"""  # noqa: E501
ROWS_TAG = (
    "{% load registry_page %}{% registry_rows entries name_label kind_label region_label "
    "edition_label acceded_label %}"
)
FILTERS_LOOP = (
    "{% for field in form.visible_fields %}<div>{{ field.label_tag }} {{ field }} "
    "{{ field.errors }}</div>{% endfor %}"
)
FILTERS_TAG = "{% load registry_page %}{% filter_fields form %}"

ENTRIES = [
    {
        "path": "/en/registry/0123456789abcdef/",
        "name": 'Centre <b>"Viasna"</b> & friends',
        "other_names_in": [
            {"name": "Праваабарончы цэнтр «Вясна»", "lang": "be"},
            {"name": "<script>", "lang": "be-Latn"},
        ],
        "kind_label": "human rights organization",
        "region_label": "Grodno region",
        "edition": 12,
        "acceded_label": "February 2026",
    },
    {
        "path": "/en/registry/fedcba9876543210/",
        "name": "A. B.",
        "other_names_in": [],
        "kind_label": "individual",
        "region_label": "",
        "edition": 1,
        "acceded_label": "лютага 2026",
    },
]
LABELS = {
    "name_label": "Name",
    "kind_label": "Kind",
    "region_label": 'Region "&"',
    "edition_label": "Edition",
    "acceded_label": "Acceded",
}


def render(source, **context):
    return Template(source).render(Context(context))


def test_the_rows_are_the_loops_rows_character_for_character():
    assert render(ROWS_TAG, entries=ENTRIES, **LABELS) == render(
        ROWS_LOOP, entries=ENTRIES, **LABELS
    )


def form(query=None):
    return RegistryForm(QueryDict(query) if query is not None else None)


@pytest.mark.parametrize(
    "query",
    [
        None,
        "",
        "kind=organization&region=grodno&sort=name&size=10",
        "after=0123456789abcdef",
        "q=ales+<b>&edition=3",
        "edition=abc&size=7&region=nowhere",
        "after=zz",
    ],
)
@pytest.mark.parametrize("language", ["en", "be"])
def test_the_filters_are_the_loops_fields_character_for_character(query, language):
    with override(language):
        assert render(FILTERS_TAG, form=form(query)) == render(FILTERS_LOOP, form=form(query))


def test_the_filters_are_rendered_once_for_a_language_and_choice_of_filters():
    registry_page._FILTERS.clear()

    for _ in range(3):
        render(FILTERS_TAG, form=form("kind=organization"))

    assert len(registry_page._FILTERS) == 1


def test_the_filters_are_rendered_once_for_every_page_of_the_same_choices():
    registry_page._FILTERS.clear()

    for cursor in ("0123456789abcdef", "fedcba9876543210", "00000000000000aa"):
        render(FILTERS_TAG, form=form(f"kind=organization&after={cursor}"))

    assert len(registry_page._FILTERS) == 1


def test_the_choices_beside_a_name_searched_are_rendered_once_for_every_name():
    registry_page._FILTERS.clear()

    for name in ("Ales+Bialiatski", "Marfa+Rabkova", "Nasta+Loika"):
        render(FILTERS_TAG, form=form(f"q={name}&kind=individual"))

    assert len(registry_page._FILTERS) == 1


def sort_options(html):
    select = html.split('name="sort"')[1].split("</select>")[0]
    return [option.split(">")[1].split("<")[0] for option in select.split("<option")[1:]]


def test_a_search_is_sorted_best_matches_first_by_default():
    registry_page._FILTERS.clear()

    render(FILTERS_TAG, form=form("kind=individual"))
    html = render(FILTERS_TAG, form=form("q=Bialiatski&kind=individual"))

    assert sort_options(html) == ["best matches first", "by name"]


def test_the_registry_unsearched_is_sorted_newest_first_by_default():
    registry_page._FILTERS.clear()

    render(FILTERS_TAG, form=form("q=Bialiatski"))
    html = render(FILTERS_TAG, form=form(""))

    assert sort_options(html) == ["newest first", "by name"]


def test_a_name_typed_in_the_search_box_is_never_kept():
    registry_page._FILTERS.clear()

    render(FILTERS_TAG, form=form("q=Ales+Bialiatski&kind=individual"))

    assert "Bialiatski" not in repr(registry_page._FILTERS)


def test_an_edition_typed_is_never_kept():
    registry_page._FILTERS.clear()

    render(FILTERS_TAG, form=form("edition=987&kind=individual"))

    assert "987" not in repr(registry_page._FILTERS)


def test_a_month_is_written_in_each_readers_language_however_often_it_was_written_before():
    written = []
    for language in ("en", "be", "ru", "en", "be"):
        with override(language):
            written.append(public.month_label("2026-02"))

    assert written == [
        "February 2026",
        "люты 2026 г.",
        "февраль 2026 г.",
        "February 2026",
        "люты 2026 г.",
    ]
