"""A weakly read cell in a column of values is one of them. Pure.

Tables put one kind of value in a column: the clients of a web log, the phones
or postcodes of a customer list. When OCR garbles one cell past every pattern
("19202.235" for 192.0.2.235, its dots lost) while the cells above and below it
were found, its place says what it is: a word read weakly, with the digits (or
the "@") its neighbours' values have, lying in their column, is masked as one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from redaction.image.boxes import Box
from redaction.image.layout import Line

DETECTOR = "ocr_value_column"
# Read below this confidence a word may be a garbled value.
WEAK_CONFIDENCE = 60.0
# Values found in at least this many other lines of the column say what it holds...
MIN_FOUND = 2
# ...within this many line heights above or below the word.
REACH_HEIGHTS = 12
# A word is in a value's column when this share of the narrower of the two lies
# in the other's horizontal span.
COLUMN_OVERLAP = 0.6
# What a garbled reading must still have to be taken for a value of the type.
NUMBER_TYPES = frozenset(
    {"IP_ADDRESS", "PHONE", "NHS_NUMBER", "CARD", "BANK_ACCOUNT", "SORT_CODE", "US_SSN"}
)
MIN_DIGITS = 3


def _overlap(a: Box, b: Box) -> float:
    shared = min(a[2], b[2]) - max(a[0], b[0])
    narrower = max(1, min(a[2] - a[0], b[2] - b[0]))
    return shared / narrower


def _shaped_for(kind: str, text: str) -> bool:
    if kind in NUMBER_TYPES:
        return sum(char.isdigit() for char in text) >= MIN_DIGITS
    if kind == "EMAIL":
        return "@" in text or "." in text
    if kind == "UK_POSTCODE":
        return any(char.isdigit() for char in text) and any(char.isalpha() for char in text)
    return False


def column_hits(
    lines: Sequence[Line], found: Sequence[tuple[Box, str, int]]
) -> Iterator[tuple[Box, str, int]]:
    """(box, type, line index) of weak words lying in a column of found values of
    one type (``found``: each value's box, type and line index)."""
    for index, line in enumerate(lines):
        height = line.height
        for word in line.words:
            if word.confidence >= WEAK_CONFIDENCE:
                continue
            if any(
                line_index == index and _overlap(box, word.box) > 0 for box, _, line_index in found
            ):
                continue  # found already
            kinds: dict[str, set[int]] = {}
            for box, kind, line_index in found:
                near = abs(box[1] - word.box[1]) <= REACH_HEIGHTS * height
                if line_index != index and near and _overlap(box, word.box) >= COLUMN_OVERLAP:
                    kinds.setdefault(kind, set()).add(line_index)
            for kind, others in kinds.items():
                if len(others) >= MIN_FOUND and _shaped_for(kind, word.text):
                    yield word.box, kind, index
                    break
