import html
import re

import pytest
from django.urls import reverse

from tests.conftest import SOURCE

pytestmark = pytest.mark.django_db

SOURCE_TEXT = (SOURCE / "principles-of-human-rights-work-in-belarus.en.txt").read_text("utf-8")


def source_principles():
    """(number, title, [paragraph, ...]) for each principle, read straight from the source."""
    text = SOURCE_TEXT.replace("goals\n\nand objectives", "goals and objectives")
    body = text[text.index("\n1. Commitment") : text.index("\nExplanatory Note\n")]
    headings = list(re.finditer(r"^(\d{1,2})\. (.+)$", body, re.M))
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        end = following.start() if following else len(body)
        paragraphs = [p.strip() for p in body[heading.end() : end].split("\n\n") if p.strip()]
        yield int(heading.group(1)), heading.group(2), paragraphs


def page_text(response):
    return html.unescape(response.content.decode())


def test_home_shows_every_principle_title_and_body_exactly_as_in_the_source(client, edition_1):
    content = page_text(client.get(reverse("home")))

    principles = list(source_principles())
    assert len(principles) == 15
    for number, title, paragraphs in principles:
        assert f'id="principle-{number}"' in content
        assert title in content
        for paragraph in paragraphs:
            for line in paragraph.split("\n"):
                expected = f"<li>{line[2:]}</li>" if line.startswith("- ") else line
                assert expected in content, f"principle {number}: {line[:60]}"


def test_home_shows_the_introduction_with_accession_and_the_definition_of_defenders(
    client, edition_1
):
    content = page_text(client.get(reverse("home")))

    assert "This document presents a set of professional and ethical principles" in content
    assert "<strong>is open for the accession</strong>" in content
    assert (
        "Human rights defenders are those individuals, groups and bodies of the society" in content
    )
    assert "In our work, we adhere to the following principles:" in content


def test_home_shows_the_explanatory_note_and_its_footnote(client, edition_1):
    content = page_text(client.get(reverse("home")))

    assert "Explanatory Note" in content
    assert "The purpose of the National Human Rights Movement ¹ is" in content
    assert "Elena Tonkacheva (Lawtrend)." in content
    assert (
        "¹ The Belarusian Human Rights Movement Strategy. Adopted by the II Belarusian" in content
    )


def test_home_keeps_the_bulleted_list_of_principle_11_as_a_list(client, edition_1):
    content = page_text(client.get(reverse("home")))

    section = content[content.index('id="principle-11"') : content.index('id="principle-12"')]
    assert section.count("<li>") == 3
    assert "<ul><li>the fact of applying for assistance;" in section


def test_home_shows_edition_number_unknown_adoption_date_and_fingerprint(client, edition_1):
    content = page_text(client.get(reverse("home")))

    assert edition_1.fingerprint in content
    assert re.search(r"<dt>Edition</dt>\s*<dd>1 \(current\)</dd>", content)
    assert "date not known" in content


def test_every_principle_has_a_visible_link_to_its_anchor(client, edition_1):
    content = page_text(client.get(reverse("home")))

    for number in range(1, 16):
        assert content.count(f'href="#principle-{number}"') == 2  # contents and heading link


def test_home_runs_a_fixed_number_of_queries(client, edition_1, django_assert_max_num_queries):
    # The public version (common/page_cache.py), the edition, its principles.
    with django_assert_max_num_queries(3):
        client.get(reverse("home"))


def test_home_is_a_404_before_any_edition_is_loaded(client):
    response = client.get(reverse("home"))

    assert response.status_code == 404


def test_editions_list_shows_published_editions_newest_first(client, edition_2):
    content = page_text(client.get(reverse("principles:editions")))

    assert content.index("Edition 2") < content.index("Edition 1")
    assert edition_2.fingerprint in content
    assert reverse("principles:compare", args=[1, 2]) in content


def test_an_earlier_edition_is_readable_and_marked_superseded(client, edition_2):
    content = page_text(client.get(reverse("principles:edition", args=[1])))

    assert "This edition has been superseded." in content
    assert "focus/ orientation" in content


def test_home_shows_the_current_edition_after_a_newer_one_is_published(client, edition_2):
    content = page_text(client.get(reverse("home")))

    assert edition_2.fingerprint in content
    assert "Professionalism and learning" in content
    assert "2030" in content


def test_compare_lists_exactly_the_changed_principles(client, edition_2):
    response = client.get(reverse("principles:compare", args=[1, 2]))

    summary = page_text(response).split('id="summary-heading"')[1].split("</section>")[0]
    assert re.findall(r'href="#(principle-\d+)"', summary) == ["principle-3", "principle-12"]


def test_compare_marks_removed_and_added_words(client, edition_2):
    content = page_text(client.get(reverse("principles:compare", args=[1, 2])))

    assert "Professionalism<ins> and learning</ins>" in content
    section = content[content.index('id="principle-3"') : content.index('id="principle-4"')]
    assert re.search(r"<del>[^<]*focus/ orientation\.[^<]*</del>", section)
    assert re.search(r"<ins>[^<]*orientation of[^<]*</ins>", section)


def test_compare_of_an_edition_with_itself_says_the_text_is_the_same(client, edition_1):
    content = page_text(client.get(reverse("principles:compare", args=[1, 1])))

    assert "The two editions have the same text." in content
    assert "<del>" not in content


@pytest.mark.parametrize(
    "url", ["/en/principles/99/", "/en/principles/compare/1/99/", "/en/principles/compare/99/1/"]
)
def test_unknown_editions_give_a_404_in_the_site_layout(client, edition_1, url):
    response = client.get(url)

    assert response.status_code == 404
    content = page_text(response)
    assert "Page not found" in content
    assert 'class="site-header"' in content


def test_a_draft_edition_is_not_public(client, edition_1, tmp_path):
    from django.core.management import call_command

    from tests.conftest import TEST_EDITIONS

    draft = tmp_path / "draft.toml"
    draft.write_text(
        (TEST_EDITIONS / "edition-2.en.toml")
        .read_text("utf-8")
        .replace('status = "published"', 'status = "draft"')
    )
    call_command("load_principles", draft)

    assert client.get(reverse("principles:edition", args=[2])).status_code == 404
    assert "Edition 2" not in page_text(client.get(reverse("principles:editions")))


def test_the_top_of_the_current_edition_links_down_to_the_way_to_accede(client, edition_1):
    content = client.get(reverse("home")).content.decode()

    link = content.index('<a href="#accede">How to accede</a>')
    assert link < content.index('class="introduction"')
    assert 'id="accede"' in content
