import re

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

STRONG = re.compile(r"\*\*(.+?)\*\*")


def _inline(text):
    return mark_safe(STRONG.sub(r"<strong>\1</strong>", escape(text)))  # noqa: S308 - escaped first


@register.filter
def paragraphs(text):
    """Render edition text: blank lines separate paragraphs, lines starting "- " form a list,
    and **…** marks emphasis kept from the source document."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((_inline(line[2:]),) for line in lines))
            blocks.append(mark_safe(f"<ul>{items}</ul>"))  # noqa: S308 - items are escaped
        else:
            blocks.append(mark_safe(f"<p>{_inline(' '.join(lines))}</p>"))  # noqa: S308
    return mark_safe("\n".join(blocks))  # noqa: S308 - every block is escaped above
