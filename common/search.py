"""Names as search keys that meet across scripts: "Сапелка", "Sapelka" and "Sapiełka", or
"Бяляцкі" and "Bialiatski", fold to the same key, so a searcher finds a signatory whatever
alphabet and transliteration they type."""

import re

from anyascii import anyascii

# Applied in order, after transliteration to lower-case ASCII: the usual Latin spellings of one
# Cyrillic letter (English, Belarusian Łacinka, Polish) become one letter.
DIGRAPHS = [
    ("sz", "s"),
    ("cz", "c"),
    ("zh", "z"),
    ("sh", "s"),
    ("ch", "c"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("w", "v"),
    ("g", "h"),
    ("y", "i"),
    ("j", "i"),
]
SOFTENING = re.compile(r"i(?=[aeou])")  # ia, ie, io, iu: я, е, ё, ю after a consonant
DOUBLED = re.compile(r"(\w)\1+")
NOT_A_LETTER = re.compile(r"[^a-z0-9 ]+")


def fold(text: str) -> str:
    """The search key of `text`: transliterated, lower-case, spelling variants merged."""
    key = NOT_A_LETTER.sub("", anyascii(text).lower())
    for spelling, letter in DIGRAPHS:
        key = key.replace(spelling, letter)
    key = SOFTENING.sub("", key)
    return " ".join(DOUBLED.sub(r"\1", key).split())
