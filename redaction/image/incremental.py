"""``ScreenRedactor``: successive frames of one display, re-reading only what changed.

Most frames of a working day differ from the one before by a line of typing, a
cursor, a new chat message. The redactor keeps the previous frame's page (the
greyscale image tesseract reads) and its words; a new frame is compared with it
exactly (no hash to collide: an unnoticed change would be an unredacted one),
the changed rows and columns become a few regions, each region grows to cover
every earlier word it touches, and only those regions are read again. Words
outside them are kept; all lines are then analysed again (the text redactor is
cheap next to OCR, and a line's context may have changed) with a cache keyed by
line content.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from PIL import Image

from redaction.image.analyse import LineResult, analyse_words
from redaction.image.boxes import Box, inside, intersects, merge_overlapping, union
from redaction.image.ocr import OcrEngine, OcrWord, new_engine
from redaction.image.redact import (
    ImageRedaction,
    check_boxes,
    check_image,
    finish,
    prepare,
    read_words,
)
from redaction.policy import coerce_policy

# Changed rows closer than this (px) belong to one region (one text line's
# glyphs leave gaps between their changed rows).
JOIN_ROWS = 6
# A region grows by this share of a text line's height on each side, so a word
# typed next to an earlier one is read together with it.
MARGIN_LINES = 1.0
# Rows added above and below a changed region: the changed pixels already span
# the new glyphs; earlier words they touch are added whole (see grow).
VERTICAL_MARGIN = 2
# A word box this many text heights tall is a border or underline misread.
TALL_WORD = 1.8
# Assumed text height (px) before any word has been read.
DEFAULT_LINE_PX = 16
# Beyond this share of the frame, one full read is cheaper than many regions.
FULL_READ_SHARE = 0.5
# Analysed lines kept for reuse; cleared when full (a screen has a few hundred).
LINE_CACHE_SIZE = 4096


def changed_regions(previous: np.ndarray, current: np.ndarray) -> list[Box]:
    """Bounding boxes of the changed pixels, one per band of nearby changed rows."""
    diff = previous != current
    rows = np.flatnonzero(diff.any(axis=1))
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > JOIN_ROWS)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]]))
    regions: list[Box] = []
    for top, bottom in zip(starts.tolist(), ends.tolist(), strict=True):
        columns = np.flatnonzero(diff[top : bottom + 1].any(axis=0))
        regions.append((int(columns[0]), top, int(columns[-1]) + 1, bottom + 1))
    return regions


def _is_tall(word: OcrWord, line_px: int) -> bool:
    """A box far taller than a text line: a misread border or underline, not text."""
    return word.height > TALL_WORD * line_px


def widen(region: Box, margin: int, size: tuple[int, int]) -> Box:
    """``region`` widened by ``margin`` sideways and VERTICAL_MARGIN up and down."""
    width, height = size
    return (
        max(0, region[0] - margin),
        max(0, region[1] - VERTICAL_MARGIN),
        min(width, region[2] + margin),
        min(height, region[3] + VERTICAL_MARGIN),
    )


def grow(region: Box, words: Sequence[OcrWord], line_px: int) -> Box:
    """``region`` grown by every earlier word it touches, until none is cut.

    A tall box widens the region only sideways: growing through it would chain
    from line to line down a column of bordered text.
    """
    box = region
    changed = True
    while changed:
        changed = False
        for word in words:
            if not intersects(word.box, box):
                continue
            reach = word.box
            if _is_tall(word, line_px):
                reach = (word.box[0], box[1], word.box[2], box[3])
            grown = union((reach, box))
            if grown != box:
                box = grown
                changed = True
    return box


def stale(word: OcrWord, regions: Sequence[Box], line_px: int) -> bool:
    """Whether ``word`` is replaced by the re-reading of ``regions``.

    A tall box reaching outside every region is kept (with its mask, if it had
    one): the regions do not cover all of it, so dropping it could only uncover.
    """
    touched = [region for region in regions if intersects(word.box, region)]
    if not touched:
        return False
    return not _is_tall(word, line_px) or any(inside(word.box, r) for r in touched)


class ScreenRedactor:
    """Redacts successive frames of one display; keep one per display and thread.

    Not thread-safe (it holds the previous frame). A frame of a different size,
    or one where more than half the area changed (a theme switch, a scroll), is
    read in full. The previous frame's page, words and analysed lines are kept
    in memory only; call :meth:`reset` when capture pauses or stops.
    """

    def __init__(self, *, policy: object = None, engine: OcrEngine | None = None) -> None:
        self._policy = coerce_policy(policy)
        self._engine = engine or new_engine()
        self._page: np.ndarray | None = None
        self._words: list[OcrWord] = []
        self._cache: dict[tuple[object, ...], LineResult] = {}
        self.last_regions: tuple[Box, ...] = ()
        """Regions read for the last frame (the whole frame on a full read)."""

    def reset(self) -> None:
        """Forget the previous frame; the next one is read in full."""
        self._page = None
        self._words = []
        self._cache.clear()

    def _line_px(self) -> int:
        if not self._words:
            return DEFAULT_LINE_PX
        heights = sorted(word.height for word in self._words)
        return heights[len(heights) // 2]

    def _regions(self, page: np.ndarray, line_px: int) -> list[Box] | None:
        """Regions to read again, or None for a full read."""
        if self._page is None or self._page.shape != page.shape:
            return None
        found = changed_regions(self._page, page)
        size = (page.shape[1], page.shape[0])
        margin = max(4, int(line_px * MARGIN_LINES))
        grown = merge_overlapping(widen(r, margin, size) for r in found)
        while True:  # growing may make regions overlap, and merging cut new words
            again = merge_overlapping(grow(r, self._words, line_px) for r in grown)
            if again == grown:
                break
            grown = again
        area = sum((r[2] - r[0]) * (r[3] - r[1]) for r in grown)
        if area > FULL_READ_SHARE * page.size:
            return None
        return grown

    def redact(
        self, image: Image.Image, *, exclude: Iterable[Sequence[int]] = ()
    ) -> ImageRedaction:
        """Redact ``image``, the next frame of this display."""
        picture = check_image(image)
        excluded = check_boxes(exclude)
        page_image, clipped = prepare(picture, excluded)
        page = np.asarray(page_image)
        line_px = self._line_px()
        regions = self._regions(page, line_px)
        if regions is None:
            self._words = read_words(self._engine, page_image)
            self.last_regions = ((0, 0, *picture.size),)
        else:
            words = [w for w in self._words if not stale(w, regions, line_px)]
            for region in regions:
                words.extend(read_words(self._engine, page_image, region))
            self._words = words
            self.last_regions = tuple(regions)
        self._page = page
        if len(self._cache) > LINE_CACHE_SIZE:
            self._cache.clear()
        found, text = analyse_words(self._words, self._policy, self._cache)
        return finish(picture, clipped, found, text)
