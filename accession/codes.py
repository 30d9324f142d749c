"""One-time claim codes: how a person who acceded through a coordinator, or whose accession by
letter was carried over, takes their accession into an account of their own.

A code is shown once and stored only as a keyed hash (HMAC-SHA256 under SECRET_KEY), so that
the table, a backup or its history cannot give it back, and so that it can still be found by
one indexed lookup. Sixteen characters from an alphabet of 32 are 80 bits: guessing is hopeless
even before the rate limit. They are grouped by four, without 0/O or 1/I, for reading aloud.
"""

import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS, GROUP_LENGTH = 4, 4
SALT = "accession.codes.claim"
# What a reader on a Cyrillic keyboard types for the Latin letters that look the same.
LOOKALIKES = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")


def new_code() -> str:
    """A fresh code as it is shown: ABCD-EFGH-JKLM-NPQR."""
    characters = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(
        characters[start : start + GROUP_LENGTH]
        for start in range(0, len(characters), GROUP_LENGTH)
    )


def normalise(typed: str) -> str:
    """A code as typed, in any case, with spaces or dashes, Cyrillic look-alikes read as Latin."""
    return "".join(ch for ch in typed.upper().translate(LOOKALIKES) if ch.isalnum())


def digests(code: str) -> list[str]:
    """The code's keyed hash under the current secret key and then each fallback, so that
    rotating SECRET_KEY does not void the codes handed out."""
    return [
        salted_hmac(SALT, normalise(code), secret=secret, algorithm="sha256").hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]
