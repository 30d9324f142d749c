"""The focus ring stands out (3:1, WCAG 1.4.11) against every background of static/css/site.css."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
# Declarations inside comments are not styles.
RULES = re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", CSS, flags=re.DOTALL))
PROPERTIES = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", CSS))


def colour(value):
    """A colour of the stylesheet (#rgb, #rrggbb or var(--name)) as (r, g, b), or None."""
    value = value.strip()
    if match := re.fullmatch(r"var\((--[\w-]+)\)", value):
        return colour(PROPERTIES[match.group(1)])
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(digit * 2 for digit in value[1:])
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))
    return None


def luminance(rgb):
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    lighter, darker = sorted([luminance(a), luminance(b)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def backgrounds(buttons):
    """(selector, colour) of every background in the stylesheet, of buttons or of the rest."""
    found = []
    for selector, body in RULES:
        for value in re.findall(r"background(?:-color)?\s*:\s*([^;]+)", body):
            if (rgb := colour(value)) is not None and ("button" in selector) == buttons:
                found.append((selector.strip(), rgb))
    return found


RING = colour("var(--focus)")
INNER = colour("var(--focus-inner)")


def test_the_contrast_is_computed_as_wcag_defines_it():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast(colour("#767676"), colour("#fff")) == pytest.approx(4.54, abs=0.01)


def test_the_stylesheet_names_backgrounds_of_pages_and_of_buttons():
    assert colour("var(--paper)") in [rgb for _, rgb in backgrounds(buttons=False)]
    assert colour("var(--tint)") in [rgb for _, rgb in backgrounds(buttons=False)]
    assert colour("var(--accent)") in [rgb for _, rgb in backgrounds(buttons=True)]


def test_the_focus_ring_is_drawn_with_the_two_colours():
    ring = next(body for selector, body in RULES if "a:focus-visible" in selector)

    assert "outline: 3px solid var(--focus)" in ring
    assert "box-shadow: 0 0 0 2px var(--focus-inner)" in ring


def test_the_two_colours_of_the_ring_contrast_9_to_1_so_one_stands_out_on_any_background():
    assert contrast(RING, INNER) >= 9


@pytest.mark.parametrize(("selector", "background"), backgrounds(buttons=False))
def test_the_outer_ring_contrasts_3_to_1_with_the_background_around_a_focused_element(
    selector, background
):
    assert contrast(RING, background) >= 3, selector


@pytest.mark.parametrize(("selector", "background"), backgrounds(buttons=True))
def test_the_inner_ring_contrasts_3_to_1_with_the_fill_of_a_focused_button(selector, background):
    assert contrast(INNER, background) >= 3, selector
