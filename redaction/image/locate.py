"""Map a character span of a line's text back to pixels.

Whole words use the word's box; part of a word (``password:hunter2`` read as one
word) uses the boxes of its glyphs, or, when the back-end only reports words, an
even share of the word's width widened by one character on each side — the
fail-closed side of a guess.
"""

from __future__ import annotations

from redaction.image.boxes import Box, union
from redaction.image.layout import Line
from redaction.image.ocr import OcrWord


def part_of_word(word: OcrWord, start: int, end: int) -> Box:
    """Pixels of ``word.text[start:end]``."""
    if start <= 0 and end >= len(word.text):
        return word.box
    if len(word.glyphs) == len(word.text):
        return union(word.glyphs[start:end])
    x0, y0, x1, y1 = word.box
    share = (x1 - x0) / max(1, len(word.text))
    left = x0 + int(share * max(0, start - 1))
    right = x0 + int(share * min(len(word.text), end + 1) + 0.999)
    return (left, y0, min(x1, right), y1)


def span_box(line: Line, start: int, end: int) -> Box | None:
    """The box covering ``line.text[start:end]`` (None when no word is touched)."""
    pieces: list[Box] = []
    for word, offset in zip(line.words, line.starts, strict=True):
        first = max(start, offset)
        last = min(end, offset + len(word.text))
        if first < last:
            pieces.append(part_of_word(word, first - offset, last - offset))
    return union(pieces) if pieces else None


def reach_back(line: Line, start: int, box: Box, limit: int, clearance: int) -> Box:
    """``box`` of a value starting a word at ``start``, grown left over the blank
    between it and the word before (at most ``limit`` px), up to ``clearance`` px
    short of that word (the padding a fill gets must not reach it).

    Tesseract's box of a weakly read word can begin several glyphs after its ink
    ("login is admin / e6G!_d…" boxed from its seventh glyph): a credential's box
    reaches back to the separator or label before it, never over them.
    """
    for index, offset in enumerate(line.starts):
        if offset == start and index:
            before = line.words[index - 1].box[2] + clearance
            if before < box[0]:
                return (max(before, box[0] - limit), box[1], box[2], box[3])
    return box


def pad(box: Box, x: int, y: int) -> Box:
    return (box[0] - x, box[1] - y, box[2] + x, box[3] + y)
