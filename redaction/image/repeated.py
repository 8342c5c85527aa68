"""A value found on a screen is masked wherever else the screen shows it. Pure.

A terminal often shows one value twice: ``ping robin_castillo@example.net`` and
the error that quotes it, a password typed in one command and printed by the
next. OCR may read one copy well and garble the other past every pattern
("robin_castilloGexample", its "@" read as "G" and ".net" lost), but the copy it
read well says what the garbled one is: a word holding a distinctive part of a
value found elsewhere on the screen is masked as that value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from redaction.detector import Hit
from redaction.detectors.values import is_prose_word
from redaction.image.layout import Line

DETECTOR = "ocr_repeated_value"
# A part must be this long (letters and digits) to be told apart from other words.
MIN_KEY_CHARS = 6
# ...and a secret this long: a short one could be part of anything.
MIN_SECRET_CHARS = 8
# Passwords and secrets are repeated whole; an address by its local part, when
# that is shaped like a person's or a system's address, not a word ("jsmith" is
# a login on its own; "robin_castillo", "ops.alerts" or "keiko91" are not words).
CREDENTIAL_TYPES = frozenset({"PASSWORD", "SECRET"})


def _folded(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def _key(kind: str, text: str) -> str | None:
    """The part of a found value another copy of it is recognised by, if distinctive."""
    if kind == "EMAIL":
        local = text.strip("<>()[]\"',;: ").partition("@")[0]
        shaped = any(char in "._-" or char.isdigit() for char in local)
        key = _folded(local)
        if not shaped or is_prose_word(local.lower()):
            return None
    elif kind in CREDENTIAL_TYPES:
        # One token, letters and digits, no address or path (a hit grown over a
        # prompt, "deploy@db-2", says nothing of the secret).
        token = text.strip()
        key = _folded(token)
        mixed = any(c.isdigit() for c in key) and any(c.isalpha() for c in key)
        if not mixed or len(key) < MIN_SECRET_CHARS or any(c in token for c in " @/"):
            return None
    else:
        return None
    return key if len(key) >= MIN_KEY_CHARS else None


def value_keys(found: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Distinctive parts of the (type, text) values found, each with its type."""
    keys: dict[str, str] = {}
    for kind, text in found:
        key = _key(kind, text)
        if key is not None:
            keys.setdefault(key, kind)
    return keys


def repeated_hits(line: Line, keys: Mapping[str, str]) -> Iterator[Hit]:
    """Words of ``line`` holding one of ``keys``: another copy of a value found."""
    if not keys:
        return
    for word, start in zip(line.words, line.starts, strict=True):
        folded = _folded(word.text)
        for key, kind in keys.items():
            if key in folded:
                yield Hit(start, start + len(word.text), kind, DETECTOR, 0.6)
                break
