"""Where a screen shows text drawn without anti-aliasing (bitmap fonts), to read larger.

Tesseract reads small bitmap glyphs badly and with confidence: xterm's 6x13
``fixed`` font turns ``@`` into ``t`` and ``.`` into ``,``, so an e-mail address
is read as prose and passes. Read at twice the size the same text comes out
right, and because tesseract scales every text line to one height before
recognising it, the larger read costs little more than the small one.

Bitmap text is told apart by its few grey levels: a tile of anti-aliased glyphs
holds a dozen levels or more, a tile of bitmap glyphs only its background and
its text colours. Tiles holding a straight rule (table borders, separators)
are not text, and neither are lone tiles (an icon): regions are connected runs
of such tiles, padded so the glyphs at their edges are whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from redaction.image.boxes import Box, merge_overlapping
from redaction.image.preprocess import components, grown_cells

TILE = 16
# A tile with ink (pixels darker than INK on the prepared, dark-on-light page):
INK = 128
MIN_INK_PIXELS = 4
MAX_INK_SHARE = 0.5
# ...and at most this many distinct grey levels is drawn without anti-aliasing.
MAX_LEVELS = 4
# Glyph strokes are thin: at most this share of a tile's ink may be interior
# (ink on all four sides), or the ink is a filled shape (an icon, a bullet).
MAX_INTERIOR = 0.2
# A connected run of at least this many such tiles, making up this share of the
# tiles with glyphs around them, is a region of bitmap text (in anti-aliased
# text a tile holding only an "l" or a "|" has few levels too)...
MIN_BITMAP_SHARE = 0.6
MIN_TILES = 6
# ...grown by this many pixels on each side (a glyph on a tile's edge is whole).
PAD = TILE // 2


def _tiles(page: np.ndarray) -> np.ndarray:
    """The page cut into TILE x TILE tiles: shape (rows, cols, TILE * TILE)."""
    height, width = page.shape
    rows, cols = height // TILE, width // TILE
    cut = page[: rows * TILE, : cols * TILE]
    return (
        cut.reshape(rows, TILE, cols, TILE).transpose(0, 2, 1, 3).reshape(rows, cols, TILE * TILE)
    )


def text_tiles(page: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per tile (bool, rows x cols): holds glyph-like ink; and of those, which hold
    it drawn with few grey levels."""
    tiles = _tiles(page)
    if tiles.size == 0:
        empty = np.zeros(tiles.shape[:2], dtype=bool)
        return empty, empty
    ink = tiles < INK
    count = ink.sum(axis=-1)
    has_ink = (count >= MIN_INK_PIXELS) & (count <= MAX_INK_SHARE * TILE * TILE)
    ordered = np.sort(tiles, axis=-1)
    levels = 1 + np.count_nonzero(np.diff(ordered, axis=-1), axis=-1)
    square = ink.reshape(*ink.shape[:2], TILE, TILE)
    # A rule crosses the tile: a full row or column of ink (a border, "-----").
    rule = square.all(axis=-1).any(axis=-1) | square.all(axis=-2).any(axis=-1)
    inner = square[..., 1:-1, 1:-1]
    interior = (
        inner
        & square[..., :-2, 1:-1]
        & square[..., 2:, 1:-1]
        & square[..., 1:-1, :-2]
        & square[..., 1:-1, 2:]
    ).sum(axis=(-1, -2))
    glyphs = has_ink & ~rule & (interior <= MAX_INTERIOR * count)
    return glyphs, glyphs & (levels <= MAX_LEVELS)


def bitmap_text_regions(
    page: np.ndarray, tiles: tuple[np.ndarray, np.ndarray] | None = None
) -> list[Box]:
    """Boxes (page coordinates) of the regions of bitmap text on a prepared page
    (``tiles``: its :func:`text_tiles`, when the caller has them)."""
    glyphs, bitmap = tiles if tiles is not None else text_tiles(page)
    height, width = page.shape
    boxes: list[Box] = []
    for cells in components(grown_cells(bitmap)):
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        inside = (slice(min(rows), max(rows) + 1), slice(min(cols), max(cols) + 1))
        few_levels = int(bitmap[inside].sum())
        if few_levels < MIN_TILES or few_levels < MIN_BITMAP_SHARE * int(glyphs[inside].sum()):
            continue
        boxes.append(_padded_box(cells, width, height))
    return merge_overlapping(boxes)


# Tiles of glyph-like ink that no word OCR returned covers: a block tesseract's
# page layout skipped whole (small coloured text in a terminal: a pretty-printed
# JSON record, read at 2x, comes out right), or a cell at a row's end it dropped
# ("| L7 9XY" read as "|"). A tile is missed when this share of its ink lies
# outside every word's box (a word of the line above may take in its top)...
MISSED_INK_SHARE = 0.3
# ...and a run of at least this many such tiles is a missed block; fewer are an
# icon or a stray glyph.
MIN_MISSED_TILES = 3


def missed_text_regions(
    page: np.ndarray, read: Sequence[Box], glyphs: np.ndarray | None = None
) -> list[Box]:
    """Boxes (page coordinates) of glyph-like ink the boxes of ``read`` leave
    uncovered (``glyphs``: the page's glyph tiles from :func:`text_tiles`, when
    known)."""
    if glyphs is None:
        glyphs = text_tiles(page)[0]
    if not glyphs.any():
        return []
    inside = np.zeros(page.shape, dtype=bool)
    for x0, y0, x1, y1 in read:
        inside[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = True
    ink = _tiles(page) < INK
    outside = (ink & ~_tiles(inside)).sum(axis=-1)
    missed = glyphs & (outside >= np.maximum(MIN_INK_PIXELS, MISSED_INK_SHARE * ink.sum(axis=-1)))
    # Growth joins missed tiles across blank ones, never across words read.
    covered = _tiles(inside).mean(axis=-1) >= 0.5
    height, width = page.shape
    boxes: list[Box] = []
    for cells in components((grown_cells(missed) & ~covered) | missed):
        found = [cell for cell in cells if missed[cell]]
        if len(found) < MIN_MISSED_TILES:
            continue
        boxes.append(_padded_box(found, width, height))
    return merge_overlapping(boxes)


def _padded_box(cells: Sequence[tuple[int, int]], width: int, height: int) -> Box:
    """The page box of tiles ``cells``, PAD pixels wider on each side."""
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return (
        max(0, min(cols) * TILE - PAD),
        max(0, min(rows) * TILE - PAD),
        min(width, (max(cols) + 1) * TILE + PAD),
        min(height, (max(rows) + 1) * TILE + PAD),
    )
