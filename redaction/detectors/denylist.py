"""Terms an organisation lists in its policy: employee names, project code names.

Matched case-insensitively on word boundaries, with any run of whitespace
between the words of a term. On OCR text each letter also matches the glyphs
OCR confuses it with, so ``B1uefinch`` still matches ``Bluefinch``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import re2

from redaction.detector import Hit, ScanContext

#: Upper bound on the number of deny-list terms, so one policy cannot make every
#: call pay for a pathological automaton. Enforced when the policy is built.
MAX_DENY_TERMS = 50_000


# Glyphs OCR confuses, per letter of a term (matched case-insensitively).
_OCR_ALTERNATIVES = {
    "m": "(?:m|rn|nn)", "w": "(?:w|vv)", "l": "[l1i|!]", "i": "[il1|!]", "o": "[o0]",
    "s": "[s5]", "b": "[b8]", "z": "[z2]", "g": "[g69]", "e": "[e3]", "a": "[a4]",
    "t": "[t7]", "0": "[0o]", "1": "[1li|]", "5": "[5s]", "8": "[8b]", "2": "[2z]",
}  # fmt: skip


def _ocr_word(word: str) -> str:
    """A term word whose letters also match their OCR look-alikes and unaccented forms."""
    pieces: list[str] = []
    index = 0
    while index < len(word):
        if word[index : index + 2].lower() == "rn":  # "Fernández" read as "Femández"
            pieces.append("(?:rn|m)")
            index += 2
            continue
        char = word[index]
        base = unicodedata.normalize("NFKD", char)[0].lower()
        choice = _OCR_ALTERNATIVES.get(base, re2.escape(base))
        if base != char.lower():
            choice = f"(?:{re2.escape(char)}|{choice})"
        pieces.append(choice)
        index += 1
    return "".join(pieces)


def _term_pattern(term: str, ocr: bool) -> str:
    words = term.split()
    if not ocr:
        return r"\s+".join(re2.escape(word) for word in words)
    return r"\s+".join(_ocr_word(word) for word in words)


@lru_cache(maxsize=16)
def compile_terms(terms: tuple[str, ...], ocr: bool = False) -> re2._Regexp | None:
    """One RE2 alternation for all terms (cached per distinct deny-list).

    For OCR text each letter also matches the glyphs OCR confuses it with
    (``Adeyemi`` matches ``Adeyerni``).
    """
    alternatives = sorted(
        (_term_pattern(term, ocr) for term in terms if term.split()), key=len, reverse=True
    )
    if not alternatives:
        return None
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 256 << 20
    return re2.compile("(?:" + "|".join(alternatives) + ")", options)


def _bounded(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
    after_ok = end == len(text) or not (text[end].isalnum() or text[end] == "_")
    return before_ok and after_ok


def find_terms(ctx: ScanContext, regex: re2._Regexp | None) -> Iterator[Hit]:
    """Occurrences of the compiled deny-list ``regex`` on word boundaries."""
    if regex is None:
        return
    for match in regex.finditer(ctx.text):
        start, end = match.span()
        if _bounded(ctx.text, start, end):
            yield Hit(start, end, "DENY_TERM", "deny_list", 0.99)
