"""The review desk queue's rows, rendered in Python, say what the template loop said."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import override

# The loop the tag replaces, as the queue had it.
ROWS_LOOP = """{% load i18n %}{% for row in rows %}
      <tr>
        <td data-label="{{ request_label }}"><a href="{{ row.url }}">{{ row.name }}</a>{% if row.assisted %} <span class="tag">{% translate "assisted" context "an accession a coordinator recorded" %}</span>{% endif %}</td>
        <td data-label="{{ kind_label }}">{{ row.kind }}</td>
        <td data-label="{{ region_label }}">{{ row.region }}</td>
        <td data-label="{{ status_label }}">{{ row.status }}</td>
        <td data-label="{{ age_label }}">{{ row.submitted_at|timesince }}</td>
        <td data-label="{{ reviewer_label }}" class="address">{% if row.reviewer %}{{ row.reviewer }} ({% blocktranslate with since=row.review_started_at|timesince %}{{ since }} ago{% endblocktranslate %}){% else %}—{% endif %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501
ROWS_TAG = (
    "{% load review_page %}{% queue_rows rows request_label kind_label region_label "
    "status_label age_label reviewer_label %}"
)
LABELS = {
    "request_label": "Request",
    "kind_label": "Kind",
    "region_label": 'Region "&"',
    "status_label": "Status",
    "age_label": "Age",
    "reviewer_label": "Being <reviewed> by",
}


def rows():
    now = timezone.now()
    return [
        {
            "url": "/en/review/0123456789abcdef/",
            "name": 'Centre <b>"Viasna"</b> & friends',
            "assisted": True,
            "kind": "organization",
            "region": "Grodno region",
            "status": "submitted",
            "submitted_at": now - datetime.timedelta(days=3, hours=2),
            "reviewer": "o'brien+<desk>@example.org",
            "review_started_at": now - datetime.timedelta(minutes=7),
        },
        {
            "url": "/en/review/fedcba9876543210/",
            "name": "Nasta Loika",
            "assisted": False,
            "kind": "individual",
            "region": "",
            "status": "resubmitted",
            "submitted_at": now - datetime.timedelta(days=400),
            "reviewer": None,
            "review_started_at": None,
        },
    ]


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_the_queues_rows_are_the_loops_rows_character_for_character(language):
    context = {"rows": rows(), **LABELS}

    with override(language):
        tag = Template(ROWS_TAG).render(Context(context))
        loop = Template(ROWS_LOOP).render(Context(context))

    assert tag == loop
    assert tag.count("<tr>") == 2
