from django import template
from django.utils.formats import localize
from django.utils.translation import gettext as _

register = template.Library()

# Each bar under its label, the whole as wide as a phone's screen, so that on a phone the text
# is drawn at about its own size, and no label, however long, runs into its bar.
BAR_SPACE = 270
WIDTH = BAR_SPACE + 90
ROW = 44


@register.simple_tag
def bar_chart(series):
    """Geometry of a horizontal bar chart for [(label, {"count", "small", "bar"}), ...]."""
    largest = max((value["bar"] for _label, value in series), default=0) or 1
    bars = [
        {
            "label": str(label),
            "y": index * ROW + 4,
            "width": round(BAR_SPACE * value["bar"] / largest),
            "text": _("fewer than 5") if value["small"] else localize(value["count"]),
        }
        for index, (label, value) in enumerate(series)
    ]
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars), 1) * ROW + 8,
    }
