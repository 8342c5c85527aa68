"""What OCR cannot settle is masked: weak readings of value-shaped words, and values
after a credential keyword even when the keyword itself was misread.

The text redactor already knows ``password: x`` and its OCR look-alikes
(``Passw0rd``). These rules add what only the image side knows: tesseract's
confidence in each word, and keywords garbled beyond a look-alike (``Pasword``,
``passwerd``) or written without a separator (``token x7GhJk2PqL``). Prose that
merely mentions passwords ("reset your password using the link") is left alone:
a value must look like one, not like a word of a sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from redaction.detector import Hit
from redaction.detectors.values import (
    is_non_value,
    is_prose_word,
    is_version,
    looks_password_like,
    looks_random,
)
from redaction.image.layout import Line
from redaction.ocr_views import TO_LETTER

# Below this tesseract word confidence (0-100) a reading is treated as unsure.
LOW_CONFIDENCE = 60.0
# An unsure word is value-shaped when it has this many digit-like characters...
UNSURE_MIN_DIGITS = 4
# ...making up at least this share of its letters and digits.
UNSURE_DIGIT_SHARE = 0.5

# Keywords whose next word is a credential; matched with a small edit distance
# (see :func:`is_credential_keyword`) so that misread keywords still count.
CREDENTIAL_KEYWORDS = (
    "password", "passwd", "passphrase", "passcode", "passwort", "contraseña", "wachtwoord",
    "secret", "token", "apikey", "api_key", "api-key", "pwd", "pin",
)  # fmt: skip
# Real words one edit away from a keyword: never keywords themselves.
_NEAR_MISSES = frozenset(
    """
    passed passes passer passport passports pass passage passing tokens tokenised tokenized
    secrets secretly secrete pins pink pint pine ping pine pint pun pan pen pit spin twin win
    broken woken spoken taken token's passcodes passwords
    """.split()
)
# Buttons and links that sit beside a password field.
_UI_WORDS = frozenset(
    """
    cancel save submit show hide edit copy forgot forgotten login log sign signin logout
    continue next back done apply confirm remember manager settings help
    """.split()
)
_SEPARATORS = frozenset({":", "=", ":=", "->", "=>", "-", "is", "was", "ist", "est", "es"})
_STRIP = ".,;:!?\"'()[]{}<>=`"


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``limit`` (banded DP)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != other),
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def keyword_form(word: str) -> str:
    """A word as a keyword candidate: punctuation stripped, digits read as letters."""
    return word.strip(_STRIP).translate(TO_LETTER).lower()


def is_credential_keyword(word: str) -> bool:
    """``word`` is, or is a misreading of, a password/secret keyword.

    Keywords of three letters must match exactly (``pwd``, ``pin``); longer ones
    allow one edit, and those of seven letters or more two.
    """
    form = keyword_form(word)
    if len(form) < 3 or form in _NEAR_MISSES:
        return False
    for keyword in CREDENTIAL_KEYWORDS:
        limit = 0 if len(keyword) <= 3 else 1 if len(keyword) < 7 else 2
        if _edit_distance_at_most(form, keyword, limit):
            return True
    return False


def _is_separator(word: str) -> bool:
    return word.lower() in _SEPARATORS


def looks_like_value(word: str, *, after_separator: bool) -> bool:
    """A credential value rather than prose, a placeholder or a version number."""
    core = word.strip(".,;\"'()[]{}<>`")
    if not core or is_prose_word(core) or is_non_value(core) or is_version(core):
        return False
    if core.lower() in _UI_WORDS:
        return False
    if looks_password_like(core) or looks_random(core, min_length=8):
        return True
    # "password: sunflower" — after an explicit separator any non-prose word is the value.
    return after_separator and len(core) >= 4 and core.isalnum() and core.lower() != core.upper()


def keyword_value_hits(line: Line, prefix_words: tuple[str, ...] = ()) -> Iterator[Hit]:
    """Values that follow a (possibly misread) credential keyword in ``line``.

    ``prefix_words`` are the last words of a label to the left of the line (a form
    field's caption), which can make the line's first word a value.
    """
    words = [*prefix_words, *(word.text for word in line.words)]
    skip = len(prefix_words)
    for index, word in enumerate(words):
        tail = word.rstrip(":=")
        if not is_credential_keyword(tail):
            continue
        # A label in its own column is separated from its field by the gap.
        separated = tail != word or index == skip - 1
        value_at = index + 1
        if value_at < len(words) and _is_separator(words[value_at]):
            separated = True
            value_at += 1
        if value_at >= len(words) or value_at < skip:
            continue
        value = words[value_at]
        if not looks_like_value(value, after_separator=separated):
            continue
        position = value_at - skip
        start = line.starts[position]
        yield Hit(start, start + len(value), "PASSWORD", "ocr_keyword_value", 0.8)


def _digit_like(char: str) -> bool:
    return char.isdigit() or char in "OoIl|SZB"


def is_unsure_value(text: str, confidence: float) -> bool:
    """A weakly read word that could be (part of) a number, code or token."""
    if confidence >= LOW_CONFIDENCE:
        return False
    core = "".join(char for char in text if char.isalnum())
    if not core:
        return False
    digits = sum(1 for char in core if char.isdigit())
    digit_like = sum(1 for char in core if _digit_like(char))
    if (
        digits >= 1
        and digit_like >= UNSURE_MIN_DIGITS
        and digit_like >= UNSURE_DIGIT_SHARE * len(core)
    ):
        return True
    return looks_random(text, min_length=10)


def unsure_hits(line: Line) -> Iterator[Hit]:
    """Weakly read words of ``line`` that could be part of a sensitive value."""
    for word, start in zip(line.words, line.starts, strict=True):
        if is_unsure_value(word.text, word.confidence):
            yield Hit(start, start + len(word.text), "UNSURE", "ocr_low_confidence", 0.5)


def label_words(line: Line) -> tuple[str, ...]:
    """The last words of ``line`` when it ends with a credential label, else ()."""
    words = [word.text for word in line.words[-3:]]
    while words and _is_separator(words[-1]):
        words.pop()
    if words and is_credential_keyword(words[-1].rstrip(":=")):
        return tuple(word.text for word in line.words[-3:])
    return ()
