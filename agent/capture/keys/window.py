"""Redacting a segment together with the tail of the one before it in the same field.

A secret can be typed across two segments ("my password is", a pause, then
the password). Each field keeps the tail of its last *emitted* (redacted)
segment — text that has already left the device, so keeping it adds nothing
— and a new segment is redacted as part of ``tail + separator + segment``;
only the new segment's part is emitted. The segment is also redacted alone,
and a span found by any reading is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.capture.redaction_counts import redaction_counts
from redaction import redact_text
from redaction.engine import placeholder

#: Characters of the previous segment kept per field: a sentence's worth of
#: context ("my password is", "card number:") before the value.
TAIL_CHARS = 80


@dataclass(frozen=True, slots=True)
class Redacted:
    """A segment after redaction: its text and how many values of each type were replaced."""

    text: str
    redactions: dict[str, int]


def separators(previous_flush: str) -> tuple[str, ...]:
    """How a tail and the next segment are joined when read together; the first builds tails.

    After a pause or the length limit the text may run straight on ("hunt" /
    "er2") or the person may have paused between words ("my password is" /
    "hunter2"): both readings are tried. After Enter (or a focus change away
    and back), a space, not a newline, so that a sentence finished on the next
    line still reads as one to the detectors.
    """
    return ("", " ") if previous_flush in ("pause", "length") else (" ",)


def redact_segment(
    segment: str, *, tail: str, joiners: tuple[str, ...], policy: object
) -> Redacted:
    """``segment`` redacted with ``source="typed"``, alone and after ``tail`` with each joiner.

    Raises :class:`redaction.RedactionError` for an unusable policy; the
    caller drops the segment.
    """
    spans: list[tuple[int, int, str]] = []
    for joiner in joiners if tail else ():
        offset = len(tail) + len(joiner)
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
        pieces += [segment[cursor:start], placeholder(kind)]
        cursor = end
    pieces.append(segment[cursor:])
    return Redacted("".join(pieces), redaction_counts(kind for _, _, kind in merged))


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
