"""Group OCR words into lines, so values spread over several words are read whole.

Tesseract's own lines are not used: the incremental redactor re-reads only a
strip of the screen and must merge the strip's words with the words kept from
earlier frames, so both paths group words the same way, here, by geometry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from redaction.image.ocr import Box, OcrWord

# Two words share a line when their vertical extents overlap by this share of
# the shorter word (ascenders and descenders make heights differ).
SAME_LINE_OVERLAP = 0.5
# A horizontal gap wider than this many word heights starts a new line (a new
# column, table cell or form field); a space between words is about 0.3.
WORD_GAP = 2.5
# A label and its field may sit farther apart on one row (forms): the row keeps
# segments up to this many heights apart as neighbours for context.
FIELD_GAP = 16.0


@dataclass(frozen=True, slots=True)
class Line:
    """Words read left to right; ``starts[i]`` is where word i begins in ``text``."""

    words: tuple[OcrWord, ...]
    text: str
    starts: tuple[int, ...]
    box: Box

    @property
    def height(self) -> int:
        return max(1, min(word.height for word in self.words))


def _overlap(a: Box, b: Box) -> float:
    """Vertical overlap of two boxes as a share of the shorter one."""
    shared = min(a[3], b[3]) - max(a[1], b[1])
    shorter = max(1, min(a[3] - a[1], b[3] - b[1]))
    return shared / shorter


def _make_line(words: Sequence[OcrWord]) -> Line:
    starts: list[int] = []
    position = 0
    for word in words:
        starts.append(position)
        position += len(word.text) + 1
    box = (
        min(w.box[0] for w in words),
        min(w.box[1] for w in words),
        max(w.box[2] for w in words),
        max(w.box[3] for w in words),
    )
    return Line(tuple(words), " ".join(w.text for w in words), tuple(starts), box)


def group_lines(words: Iterable[OcrWord]) -> list[Line]:
    """Lines in reading order (top to bottom, then left to right)."""
    open_lines: list[list[OcrWord]] = []
    done: list[list[OcrWord]] = []
    for word in sorted(words, key=lambda w: (w.box[0], w.box[1])):
        home: list[OcrWord] | None = None
        still_open: list[list[OcrWord]] = []
        for line in open_lines:
            last = line[-1]
            gap = word.box[0] - last.box[2]
            reach = WORD_GAP * max(last.height, word.height, 1)
            if gap > reach:
                done.append(line)
                continue
            still_open.append(line)
            if home is None and gap >= -reach and _overlap(last.box, word.box) >= SAME_LINE_OVERLAP:
                home = line
        open_lines = still_open
        if home is None:
            open_lines.append([word])
        else:
            home.append(word)
    done.extend(open_lines)
    lines = [_make_line(line) for line in done]
    lines.sort(key=lambda line: (line.box[1], line.box[0]))
    return lines


def row_neighbours(lines: Sequence[Line]) -> dict[int, int]:
    """For each line index, the next line to its right on the same row (form fields).

    Only neighbours within :data:`FIELD_GAP` heights are kept: a label's value
    can be far from it in a form, but not across the whole screen.
    """
    order = sorted(range(len(lines)), key=lambda i: lines[i].box[0])
    following: dict[int, int] = {}
    for position, i in enumerate(order):
        left = lines[i]
        for j in order[position + 1 :]:
            right = lines[j]
            gap = right.box[0] - left.box[2]
            if gap > FIELD_GAP * left.height:
                break
            if gap >= 0 and _overlap(left.box, right.box) >= SAME_LINE_OVERLAP:
                following[i] = j
                break
    return following
