"""Every page on a phone, 320 and 390 CSS px wide, as a visitor, a signatory and a coordinator:
nothing scrolls sideways, and what one taps is big enough to hit (WCAG 2.2, 2.5.8)."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from accession.models import Status
from tests.browser.steps import assert_fits, log_in, overflow
from tests.factories import (
    PASSWORD,
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    OrganizationFactory,
    totp_code,
)
from tests.security.test_every_page import a_world, concrete, patterns

WIDTHS = [320, 390]
# Screenshots of every page are kept at this width, to look at.
SCREENSHOT_WIDTH = 390

# Long values in three scripts, as real ones can be: each must wrap, not widen the page.
LONG_NAME = (
    "Public Association for the Defence of Human Rights and Legal Aid to Political Prisoners "
    "of Belarus, Registered Abroad after Its Liquidation by the Authorities, "
    "Praviabaroncaja-Asacyjacyja-Viasna-Homiel-Hrodna"
)[:200]
LONG_NAMES = {
    "name": LONG_NAME,
    "name_be": "Праваабарончая грамадская асацыяцыя "
    "«Беларускіхельсінкскікамітэтабаронычалавечыхправоўурэгіёнах»",
    "name_ru": "Правозащитное общественное объединение "
    "«Белорусскийхельсинкскийкомитетзащитыправчеловекаврегионах»",
    "name_latin": "Pravaabaroncaja hramadskaja asacyjacyja "
    "Bielaruskichielsinkskikamitetabaronycalaviecychpravouurehijonach",
}
LONG_PERSON = "Ўладзіслава-Аляксандра Кастравіцкая-Ластоўскаяшчаслівагародніцкая"
LONG_EMAIL = (
    "uladzislava.kastravickaja.lastouskaja.praviabaronca@"
    "human-rights-defenders-in-exile.example.org"
)

# allauth's pages that a walk over the site's own URL patterns leaves out.
ACCOUNT_PAGES = [
    "",
    "login/",
    "signup/",
    "password/reset/",
    "password/change/",
    "email/",
    "logout/",
    "reauthenticate/",
    "2fa/",
    "2fa/totp/activate/",
    "2fa/recovery-codes/",
    "2fa/webauthn/",
]

# What one taps, and among those what must be 24 by 24 px or spaced: buttons, boxes, lists,
# and links in navigation, in lists of actions, or alone in a list item or a table cell. A link
# inside a sentence is exempt (2.5.8's "inline" exception).
TOO_SMALL_TO_TAP = """() => {
  const SIZE = 24;
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(element).visibility !== 'hidden'
      && !element.closest('.skip-link');
  };
  const targets = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary'
  )].filter(shown);
  const alone = (link) => link.parentElement.matches('li, td')
    && link.parentElement.textContent.trim() === link.textContent.trim();
  const checked = targets.filter((element) =>
    element.matches('button, select, input[type=checkbox], input[type=radio], a.button')
    || (element.matches('a') && (element.closest('nav, .actions') || alone(element))));
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const small = (box) => box.width < SIZE - 0.5 || box.height < SIZE - 0.5;
  const distanceToBox = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  // 2.5.8's spacing exception: a 24 px circle centred on an undersized target intersects no
  // other target and no other undersized target's circle.
  const spaced = (element, box) => targets.every((other) => {
    if (other === element || other.contains(element) || element.contains(other)) return true;
    const otherBox = other.getBoundingClientRect();
    if (distanceToBox(centre(box), otherBox) < SIZE / 2) return false;
    if (!small(otherBox)) return true;
    const [x, y] = centre(box), [u, v] = centre(otherBox);
    return Math.hypot(x - u, y - v) >= SIZE;
  });
  return checked
    .filter((element) => {
      const box = element.getBoundingClientRect();
      return small(box) && !spaced(element, box);
    })
    .map((element) => {
      const box = element.getBoundingClientRect();
      const name = (element.textContent || element.name || element.type || '').trim().slice(0, 40);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      return `${element.tagName.toLowerCase()} "${name}" ${size}`;
    });
}"""


def a_long_world():
    """test_every_page's world, its names and addresses as long as real ones get, with a request
    waiting in the review queue under a coordinator's long address."""
    organization = OrganizationFactory(**LONG_NAMES, public_contact=LONG_EMAIL)
    world = a_world(
        mine={"public_name": LONG_PERSON, "legal_name": LONG_PERSON, "affiliation": LONG_NAME},
        organization={"organization": organization},
    )
    signatory = world["signatory"]
    signatory.email = LONG_EMAIL
    signatory.save(update_fields=["email"])
    EmailAddress.objects.filter(user=signatory).update(email=LONG_EMAIL)
    AccessionFactory(
        status=Status.SUBMITTED,
        public_name=LONG_PERSON,
        reviewer=CoordinatorFactory(email="coordinator." + LONG_EMAIL),
        review_started_at=timezone.now(),
    )
    OrganizationAccessionFactory(
        status=Status.SUBMITTED,
        organization=OrganizationFactory(**{**LONG_NAMES, "name": LONG_NAME[::-1]}),
    )
    return world


@pytest.fixture
def world(edition_1):
    world = a_long_world()
    site = {concrete(route, world["values"]) for route in patterns()}
    # Pages only: the files, the feed and the badges have no language prefix.
    urls = sorted(url for url in site if url.startswith("/en/") and "/accounts/" not in url)
    return {**world, "urls": urls + [f"/en/accounts/{path}" for path in ACCOUNT_PAGES]}


def walk(page, world, width, name, artifacts):
    """Each page that answers with HTML, at `width`: what sticks out or is too small to tap."""
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    walked = set()
    for url in world["urls"]:
        # A form's target answers a GET with an empty 405, which Chromium shows as an error.
        response = page.request.get(url)
        if response.status == 405 or "text/html" not in response.headers["content-type"]:
            continue
        # A page that sends this person elsewhere (a visitor to log in, mostly) lands on a page
        # walked once, not once for every address that leads there.
        landed = urlsplit(response.url).path
        if landed in walked:
            continue
        walked.add(landed)
        page.goto(url)
        found = overflow(page)
        if found["excess"] > 0:
            problems.append(f"{landed} is {found['excess']} px too wide: {found['culprits']}")
        if small := page.evaluate(TOO_SMALL_TO_TAP):
            problems.append(f"{landed} has targets too small to tap: {small}")
        if width == SCREENSHOT_WIDTH:
            slug = landed.removeprefix("/en/")
            for key in ("public_id", "slug", "token"):
                slug = slug.replace(str(world["values"][key]), key)
            slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-") or "home"
            page.screenshot(path=artifacts / f"phone-{name}-{slug}.png", full_page=True)
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_a_phone_and_is_easy_to_tap_for_a_visitor(page, world, width, artifacts):
    problems = walk(page, world, width, "visitor", artifacts)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_a_phone_and_is_easy_to_tap_for_a_signatory(page, world, width, artifacts):
    log_in(page, LONG_EMAIL)

    problems = walk(page, world, width, "signatory", artifacts)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_a_phone_and_is_easy_to_tap_for_a_coordinator(
    page, world, width, artifacts
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(world["coordinator"].email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # The second step of logging in is a page too.
    assert_fits(page)
    page.get_by_role("textbox", name="Code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()

    problems = walk(page, world, width, "coordinator", artifacts)

    assert not problems, "\n".join(problems)


def test_every_page_fits_a_phone_in_belarusian_for_a_coordinator(page, world, artifacts):
    """Belarusian words are longer than English ones: buttons and menus must still fit."""
    log_in(page, world["coordinator"].email, second_factor=totp_code)
    in_belarusian = {**world, "urls": [url.replace("/en/", "/be/", 1) for url in world["urls"]]}

    problems = walk(page, in_belarusian, 320, "coordinator-be", artifacts)

    assert not problems, "\n".join(problems)


def test_the_tap_check_finds_targets_too_small_and_too_close(page):
    page.set_content(
        '<nav><a href="#a">a</a><a href="#b">b</a></nav>'
        '<p>A sentence with <a href="#c">an inline link</a>, which is exempt.</p>'
        '<ul class="actions"><li><a href="#d">d</a></li></ul>'
    )

    too_small = page.evaluate(TOO_SMALL_TO_TAP)

    # "d" is as small as "a" and "b", but nothing is near it.
    assert [entry.split('"')[1] for entry in too_small] == ["a", "b"]


def test_the_tap_check_accepts_a_small_target_with_space_around_it(page):
    page.set_content('<nav><a href="#a">a</a></nav><p>Text.</p><nav><a href="#b">b</a></nav>')

    assert page.evaluate(TOO_SMALL_TO_TAP) == []


def row_cells(page):
    """For each cell of the registry's first row: its header, and the label drawn before it."""
    return page.evaluate(
        """() => [...document.querySelectorAll('table.registry tbody tr:first-child td')].map(
          (cell) => [
            document.querySelectorAll('table.registry thead th')[cell.cellIndex].textContent,
            getComputedStyle(cell, '::before').content,
          ])"""
    )


def test_on_a_phone_each_table_cell_shows_its_column_header(page, world):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/en/registry/")

    cells = row_cells(page)

    assert [header for header, _label in cells] == ["Name", "Kind", "Region", "Edition", "Acceded"]
    for header, label in cells:
        assert label == f'"{header}" / ""'


def test_on_a_wide_screen_table_cells_show_no_label(page, world):
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto("/en/registry/")

    assert {label for _header, label in row_cells(page)} == {"none"}
    expect(page.get_by_role("columnheader", name="Name")).to_be_visible()


def test_a_stacked_table_is_still_a_table_to_screen_readers(page, world):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/en/registry/")
    session = page.context.new_cdp_session(page)

    nodes = session.send("Accessibility.getFullAXTree")["nodes"]

    roles = {node.get("role", {}).get("value") for node in nodes}
    assert {"table", "row", "columnheader", "cell"} <= roles
    names = [node["name"]["value"] for node in nodes if node.get("role", {}).get("value") == "cell"]
    # The label drawn before each cell is not read: the header already names the cell.
    assert "Kind" not in " ".join(names) and "individual" in names


def test_on_a_phone_a_checkbox_sits_beside_its_label(page, world):
    log_in(page, LONG_EMAIL)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/en/accession/new/")

    box = page.get_by_role("checkbox", name="I act, and will act").bounding_box()
    label = page.get_by_text("I act, and will act").bounding_box()

    assert box["x"] + box["width"] <= label["x"]
    assert label["y"] <= box["y"] < label["y"] + label["height"]
