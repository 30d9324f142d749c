"""Word-level comparison of two editions, principle by principle."""

import difflib
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

TOKENS = re.compile(r"\s+|[^\s]+")


def diff_html(old, new):
    """HTML of `new` with words removed from `old` in <del> and words added in <ins>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every token is escaped


@dataclass
class Part:
    key: str
    label: str | Promise
    state: str  # unchanged, changed, added, removed
    old: str
    new: str

    @property
    def html(self):
        return diff_html(self.old, self.new)

    @property
    def anchor(self):
        return self.key

    @property
    def label_is_text(self):
        """A principle's label is its title: the edition's text, in the edition's language."""
        return self.key.startswith("principle-")

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


STATE_LABELS = {
    "unchanged": _("unchanged"),
    "changed": _("changed"),
    "added": _("added"),
    "removed": _("removed"),
}


def _state(old, new):
    if old is None:
        return "added"
    if new is None:
        return "removed"
    return "unchanged" if old == new else "changed"


def compare_editions(old, new):
    """The parts of two editions in reading order, each with its state and texts."""
    parts = [
        Part(
            "introduction",
            _("Introduction"),
            _state(old.introduction, new.introduction),
            old.introduction,
            new.introduction,
        ),
    ]
    old_principles = {p.number: p for p in old.principles.all()}
    new_principles = {p.number: p for p in new.principles.all()}
    for number in sorted(old_principles.keys() | new_principles.keys()):
        o, n = old_principles.get(number), new_principles.get(number)
        old_text = f"{o.title}\n\n{o.body}" if o else None
        new_text = f"{n.title}\n\n{n.body}" if n else None
        title = n.title if n else o.title if o else ""
        parts.append(
            Part(
                f"principle-{number}",
                f"{number}. {title}",
                _state(old_text, new_text),
                old_text or "",
                new_text or "",
            )
        )
    for key, label in (("explanatory_note", _("Explanatory Note")), ("footnotes", _("Notes"))):
        o, n = getattr(old, key), getattr(new, key)
        parts.append(Part(key.replace("_", "-"), label, _state(o, n), o, n))
    return parts
