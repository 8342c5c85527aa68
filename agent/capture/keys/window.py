"""Redacting a segment together with the tail of the one before it in the same field.

A secret can be typed across two segments ("my password is", a pause, then
the password). Each field keeps the tail of its last *emitted* (redacted)
segment — text that has already left the device, so keeping it adds nothing
— and a new segment is redacted as part of ``tail + separator + segment``;
only the new segment's part is emitted. The segment is also redacted alone,
and a span found by either reading is replaced.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from redaction import redact_text

#: Characters of the previous segment kept per field: a sentence's worth of
#: context ("my password is", "card number:") before the value.
TAIL_CHARS = 80

#: Finding types that fit the wire format's redaction-type field; anything else
#: is counted under ``OTHER`` rather than refused.
_TYPE_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")


@dataclass(frozen=True, slots=True)
class Redacted:
    """A segment after redaction: its text and how many values of each type were replaced."""

    text: str
    redactions: dict[str, int]


def separator(previous_flush: str) -> str:
    """What joins a tail to the next segment when the two are read together.

    A pause or the length limit cut text mid-flow: nothing. Enter ended a line:
    a space, not a newline, so that a sentence finished on the next line
    ("my password is" / "hunter2") still reads as one to the detectors.
    """
    return "" if previous_flush in ("pause", "length") else " "


def redact_segment(segment: str, *, tail: str, joiner: str, policy: object) -> Redacted:
    """``segment`` redacted with ``source="typed"``, read alone and after ``tail + joiner``.

    Raises :class:`redaction.RedactionError` for an unusable policy; the
    caller drops the segment.
    """
    offset = len(tail) + len(joiner)
    spans: list[tuple[int, int, str]] = []
    if tail:
        joined = redact_text(tail + joiner + segment, source="typed", policy=policy)
        spans += [
            (max(f.start - offset, 0), f.end - offset, f.type)
            for f in joined.findings
            if f.end > offset
        ]
    alone = redact_text(segment, source="typed", policy=policy)
    spans += [(f.start, f.end, f.type) for f in alone.findings]
    merged = _merged(spans)
    pieces: list[str] = []
    cursor = 0
    for start, end, kind in merged:
        pieces += [segment[cursor:start], f"[{kind}]"]  # redact_text's placeholder
        cursor = end
    pieces.append(segment[cursor:])
    counts = Counter(kind if _TYPE_NAME.match(kind) else "OTHER" for _, _, kind in merged)
    return Redacted("".join(pieces), dict(counts))


def next_tail(tail: str, joiner: str, redacted: str) -> str:
    """The tail a field keeps after emitting ``redacted``."""
    return (tail + joiner + redacted)[-TAIL_CHARS:]


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans joined (the earlier span's type names the union)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            merged[-1] = (last_start, max(last_end, end), last_kind)
        else:
            merged.append((start, end, kind))
    return merged
