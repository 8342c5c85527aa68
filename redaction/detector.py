"""The detector unit and the scan context every detector reads.

A detector is data plus a little code: an entity type, one or more linear-time
patterns (RE2), context words, and an optional validator that turns a raw match
into a confidence or rejects it. Detectors with logic that does not fit that
shape (cards found inside digit runs, keyword/value pairs) subclass
:class:`Detector` and override :meth:`Detector.find`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import re2

from redaction.ocr_views import digit_view, letter_view
from redaction.types import Source

#: How far before a match (in characters) a context word may stand.
CONTEXT_WINDOW = 40

#: Which same-length view of the text a pattern runs on.  ``raw`` always; on OCR
#: text also the digit and/or letter view (see :mod:`redaction.ocr_views`).
View = str
RAW: View = "raw"
DIGITS: View = "digits"
LETTERS: View = "letters"


class ScanContext:
    """The text being scanned, its lazily built views, and shared helpers."""

    __slots__ = ("__dict__", "source", "text")

    def __init__(self, text: str, source: Source) -> None:
        self.text = text
        self.source = source

    @property
    def ocr(self) -> bool:
        return self.source == "ocr"

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def digits(self) -> str:
        return digit_view(self.text) if self.ocr else self.text

    @cached_property
    def letters(self) -> str:
        return letter_view(self.text) if self.ocr else self.text

    @cached_property
    def letters_lower(self) -> str:
        return self.letters.lower()

    def view(self, name: View) -> str:
        if name == DIGITS:
            return self.digits
        if name == LETTERS:
            return self.letters
        return self.text

    def before(self, start: int, window: int = CONTEXT_WINDOW) -> str:
        """Lower-cased text just before ``start`` (letter view on OCR text)."""
        source = self.letters_lower if self.ocr else self.lower
        return source[max(0, start - window) : start]

    def around(self, start: int, end: int, window: int = CONTEXT_WINDOW) -> str:
        source = self.letters_lower if self.ocr else self.lower
        return source[max(0, start - window) : end + window // 2]

    def has_context(
        self, start: int, words: Sequence[str], window: int = CONTEXT_WINDOW, end: int | None = None
    ) -> bool:
        """True when one of ``words`` occurs shortly before ``start`` (or around the span)."""
        if not words:
            return False
        haystack = self.before(start, window) if end is None else self.around(start, end, window)
        return any(_starts_word_in(haystack, word) for word in words)


def _starts_word_in(haystack: str, word: str) -> bool:
    """``word`` occurs in ``haystack`` at the start of a word ("cc" is not in "account")."""
    index = haystack.find(word)
    while index >= 0:
        if index == 0 or not haystack[index - 1].isalnum():
            return True
        index = haystack.find(word, index + 1)
    return False


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate span found by a detector (offsets into the original text)."""

    start: int
    end: int
    type: str
    detector: str
    confidence: float


#: A refiner sees an accepted hit and returns it adjusted (narrower span, other type).
Refiner = Callable[["Hit", "ScanContext"], "Hit"]

#: A validator sees the matched value, the match span and the context; it
#: returns a confidence in (0, 1] or ``None`` to reject the candidate.
Validator = Callable[[str, int, int, ScanContext], float | None]


@dataclass(frozen=True)
class Detector:
    """One kind of sensitive value.

    ``patterns`` are RE2 syntax. If a pattern has a group named ``v``, only that
    group is the sensitive value (the rest is context such as ``password:``).
    ``views`` lists the text views the patterns run on for OCR input.
    """

    name: str
    type: str
    patterns: tuple[str, ...]
    validate: Validator | None = None
    confidence: float = 0.9
    views: tuple[View, ...] = (RAW,)
    ocr_only: bool = False
    #: Adjusts an accepted hit (trim its span, pick its type from context).
    refine: Refiner | None = None
    compiled: tuple[re2._Regexp, ...] = field(init=False, repr=False, compare=False)
    #: Per compiled pattern, the index of its ``v`` group (0: the whole match) and
    #: of its ``k`` group (-1: none). Looked up once: the binding rebuilds the
    #: name table on every ``groupindex`` access.
    groups: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        options = re2.Options()
        options.max_mem = 64 << 20
        compiled = tuple(re2.compile(p, options) for p in self.patterns)
        object.__setattr__(self, "compiled", compiled)
        indexes = []
        for regex in compiled:
            names = regex.groupindex
            indexes.append((names.get("v", 0), names.get("k", -1)))
        object.__setattr__(self, "groups", tuple(indexes))

    def views_for(self, ctx: ScanContext) -> tuple[View, ...]:
        if ctx.ocr:
            return self.views
        return () if self.ocr_only else (RAW,)

    def texts_for(self, ctx: ScanContext) -> list[str]:
        """The distinct view texts to scan (a view equal to one already listed is skipped)."""
        texts: list[str] = []
        for view_name in self.views_for(ctx):
            text = ctx.view(view_name)
            if not any(text is other or text == other for other in texts):
                texts.append(text)
        return texts

    def find(self, ctx: ScanContext) -> Iterator[Hit]:
        seen: set[tuple[int, int]] = set()
        for text in self.texts_for(ctx):
            for regex, (group, _) in zip(self.compiled, self.groups, strict=True):
                for match in regex.finditer(text):
                    start, end = match.span(group)
                    if start < 0 or end <= start or (start, end) in seen:
                        continue
                    seen.add((start, end))
                    value = text[start:end]
                    if self.validate is None:
                        confidence: float | None = self.confidence
                    else:
                        confidence = self.validate(value, start, end, ctx)
                    if confidence is None:
                        continue
                    hit = Hit(start, end, self.type, self.name, confidence)
                    yield hit if self.refine is None else self.refine(hit, ctx)
