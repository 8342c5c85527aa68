"""Terms an organisation lists in its policy: employee names, project code names.

Matched case-insensitively on word boundaries, with any run of whitespace
between the words of a term. On OCR text the letter view is searched too, so
``B1uefinch`` still matches ``Bluefinch``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import re2

from redaction.detector import Hit, ScanContext

#: Upper bound on the number of deny-list terms, so one policy cannot make every
#: call pay for a pathological automaton. Enforced when the policy is built.
MAX_DENY_TERMS = 50_000


@lru_cache(maxsize=16)
def compile_terms(terms: tuple[str, ...]) -> re2._Regexp | None:
    """One RE2 alternation for all terms (cached per distinct deny-list)."""
    alternatives = []
    for term in terms:
        words = term.split()
        if words:
            alternatives.append(r"\s+".join(re2.escape(word) for word in words))
    if not alternatives:
        return None
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 256 << 20
    return re2.compile("(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")", options)


def _bounded(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
    after_ok = end == len(text) or not (text[end].isalnum() or text[end] == "_")
    return before_ok and after_ok


def find_terms(ctx: ScanContext, terms: tuple[str, ...]) -> Iterator[Hit]:
    regex = compile_terms(terms)
    if regex is None:
        return
    views = (ctx.text, ctx.letters) if ctx.ocr and ctx.letters is not ctx.text else (ctx.text,)
    seen: set[tuple[int, int]] = set()
    for text in views:
        for match in regex.finditer(text):
            start, end = match.span()
            if (start, end) in seen or not _bounded(text, start, end):
                continue
            seen.add((start, end))
            yield Hit(start, end, "DENY_TERM", "deny_list", 0.99)
