"""Prepare a screenshot for OCR: exclusions filled, greyscale, dark text on light.

Tesseract reads dark text on a light background best. When a line reads badly
it retries it inverted, which costs a second recognition of that line: a dark
theme makes *every* line pay twice (3.1 s against 1.8 s for a 1920×1080 frame).
Worse, light text on a dark *panel* (a coloured table header, a selected row)
is binarised into a solid bar that layout analysis never takes for text, so it
is not read at all. So the frame is inverted when its background is mostly
dark, and then every remaining dark panel is found (block medians, connected
blocks, edges refined to the pixel) and inverted in place, and every mid-grey
panel (a blue chat bubble once inverted) is stretched to a white background.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
from PIL import Image

from redaction.image.boxes import Box, clip

# A frame whose median grey is below this is a dark theme (0 = black, 255 = white).
DARK_MEDIAN = 110
# Pixels sampled per axis when estimating the background (a 1/4 grid is plenty).
SAMPLE_STEP = 4
# Blocks of this size (px) whose mean grey is below PANEL_DARK are dark panels
# (text strokes alone never darken a whole block that much)...
PANEL_BLOCK = 8
PANEL_DARK = 80
# ...and this many of them mean the page may hold light-on-dark text.
PANEL_MIN_BLOCKS = 4
# A block whose median grey is below this has a dark background...
PANEL_SPLIT = 128
# ...and below this a near-black one (see lift_coloured_text).
NEAR_BLACK = 48
# A pixel whose brightest channel exceeds its luminance by this much is a strong
# colour (pure blue: 211; green: 85; orange (206, 145, 120): 46).
SATURATED = 64
# Panels whose background grey is between PANEL_SPLIT and this are mid-grey
# panels; a block's background is this percentile of its grey levels.
GREY_PANEL_BELOW = 200
BACKGROUND_SHARE = 0.85
# Ink differs from a grey panel's background by at least this much; a panel with
# more such pixels lighter than darker holds light text.
LIGHT_INK = 40
# A panel filling this share of its bounding rectangle is inverted as a rectangle.
PANEL_FILL = 0.8
# An edge row or column of a panel's blocks filled this little is not part of it.
PANEL_EDGE_FILL = 0.5


def grey(image: Image.Image) -> np.ndarray:
    """Luminance as a uint8 array (a copy the caller may modify)."""
    return np.array(image.convert("L"), dtype=np.uint8)


def _shrunk(mask: np.ndarray) -> np.ndarray:
    """``mask`` with only the cells whose eight neighbours are all set too."""
    inner = np.zeros_like(mask)
    if mask.shape[0] < 3 or mask.shape[1] < 3:
        return inner
    core = mask[1:-1, 1:-1].copy()
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            core &= mask[1 + dr : mask.shape[0] - 1 + dr, 1 + dc : mask.shape[1] - 1 + dc]
    inner[1:-1, 1:-1] = core
    return inner


def grown_cells(mask: np.ndarray) -> np.ndarray:
    """``mask`` with every set cell's eight neighbours set too."""
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    return wide


def lift_coloured_text(pixels: np.ndarray, image: Image.Image) -> None:
    """Where the background is near black, give each pixel (in place) its brightest
    channel if that is lighter than its luminance.

    Coloured text on a dark background keeps its contrast so: a terminal's blue
    (0, 0, 238) has a luminance of 27, next to nothing against black, but a
    brightest channel of 238; its green (0, 205, 0), at 120, is lost to the
    binarisation threshold once the page is inverted. Only near-black
    backgrounds are lifted: white text on a blue chat bubble is read best by
    luminance, where the bubble stays darker than its text.
    """
    if image.mode not in ("RGB", "RGBA"):
        return
    # Opened (eroded, then grown back): a dark icon or a bold glyph fills a block
    # or two, a dark background many in every direction.
    dark = grown_cells(_shrunk(_block_levels(pixels, 0.5) < NEAR_BLACK))
    if not dark.any():
        return
    rows, cols = dark.shape
    mask = np.zeros(pixels.shape, dtype=bool)
    mask[: rows * PANEL_BLOCK, : cols * PANEL_BLOCK] = np.repeat(
        np.repeat(dark, PANEL_BLOCK, axis=0), PANEL_BLOCK, axis=1
    )
    channels = np.asarray(image.convert("RGB"), dtype=np.uint8)
    brightest = channels.max(axis=2)
    # Only strong colours: a pastel's luminance is contrast enough already, and
    # lifting it would thin its anti-aliased strokes.
    mask &= brightest.astype(np.int16) - pixels > SATURATED
    np.copyto(pixels, brightest, where=mask)


def fill_grey(pixels: np.ndarray, boxes: Iterable[Box], value: int = 255) -> None:
    """Blank ``boxes`` of a greyscale array in place (exclusions and filled values)."""
    height, width = pixels.shape
    for box in boxes:
        clipped = clip(box, (width, height))
        if clipped is not None:
            x0, y0, x1, y1 = clipped
            pixels[y0:y1, x0:x1] = value


def is_dark(pixels: np.ndarray) -> bool:
    """Whether the frame's background is dark (median of a sparse pixel sample)."""
    sample = pixels[::SAMPLE_STEP, ::SAMPLE_STEP]
    return bool(sample.size) and float(np.median(sample)) < DARK_MEDIAN


def _block_levels(page: np.ndarray, share: float) -> np.ndarray:
    """The ``share`` percentile of grey in each PANEL_BLOCK square (stride-2 sample).

    The median tells a dark panel from a light one; a high percentile is the
    background of a block even when dense text covers much of it.
    """
    height, width = page.shape
    rows, cols = height // PANEL_BLOCK, width // PANEL_BLOCK
    if rows == 0 or cols == 0:
        return np.zeros((rows, cols), dtype=np.uint8)
    half = PANEL_BLOCK // 2
    sample = page[: rows * PANEL_BLOCK : 2, : cols * PANEL_BLOCK : 2]
    blocks = sample.reshape(rows, half, cols, half).transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    rank = min(blocks.shape[-1] - 1, int(share * blocks.shape[-1]))
    return np.partition(blocks, rank, axis=-1)[..., rank]


def components(mask: np.ndarray) -> list[list[tuple[int, int]]]:
    """4-connected components of True cells (the block grid is small: 135×240)."""
    seen = np.zeros_like(mask, dtype=bool)
    found: list[list[tuple[int, int]]] = []
    rows, cols = mask.shape
    for start in zip(*np.nonzero(mask), strict=True):
        r0, c0 = int(start[0]), int(start[1])
        if seen[r0, c0]:
            continue
        seen[r0, c0] = True
        stack = [(r0, c0)]
        cells: list[tuple[int, int]] = []
        while stack:
            r, c = stack.pop()
            cells.append((r, c))
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < rows and 0 <= nc < cols and mask[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        found.append(cells)
    return found


def _trim(cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``cells`` without sparse edge rows and columns (PANEL_EDGE_FILL or less filled):
    blocks straddling a panel's edge, or a scrap of another panel touching it,
    would otherwise make a full panel look irregular."""
    kept = cells
    while kept:
        rows = Counter(r for r, _ in kept)
        cols = Counter(c for _, c in kept)
        top, bottom, left, right = min(rows), max(rows), min(cols), max(cols)
        sparse = {
            ("r", top): rows[top] <= PANEL_EDGE_FILL * len(cols),
            ("r", bottom): rows[bottom] <= PANEL_EDGE_FILL * len(cols),
            ("c", left): cols[left] <= PANEL_EDGE_FILL * len(rows),
            ("c", right): cols[right] <= PANEL_EDGE_FILL * len(rows),
        }
        drop = {edge for edge, thin in sparse.items() if thin}
        if not drop or len(rows) == 1 or len(cols) == 1:
            return kept
        kept = [(r, c) for r, c in kept if ("r", r) not in drop and ("c", c) not in drop]
    return kept


def _fills_rectangle(cells: list[tuple[int, int]]) -> bool:
    """The blocks fill at least PANEL_FILL of their bounding rectangle (a bar, a
    button, a bubble), so the panel can be treated as that rectangle."""
    rows = {r for r, _ in cells}
    cols = {c for _, c in cells}
    return len(cells) >= PANEL_FILL * len(rows) * len(cols)


def _edge(profile: np.ndarray, start: int, stop: int, dark_first: bool) -> int:
    """First index in [start, stop) where ``profile`` turns dark (or light)."""
    for index in range(max(0, start), min(len(profile), stop)):
        if (profile[index] < PANEL_SPLIT) == dark_first:
            return index
    return min(max(0, start + PANEL_BLOCK), len(profile))


def _panel_box(page: np.ndarray, cells: list[tuple[int, int]]) -> Box:
    """The panel's rectangle in pixels, each edge moved to where the background changes."""
    b = PANEL_BLOCK
    top = min(r for r, _ in cells) * b
    bottom = (max(r for r, _ in cells) + 1) * b
    left = min(c for _, c in cells) * b
    right = (max(c for _, c in cells) + 1) * b
    rows = np.median(page[:, left:right], axis=1) if right > left else np.zeros(0)
    cols = np.median(page[top:bottom, :], axis=0) if bottom > top else np.zeros(0)
    y0 = _edge(rows, top - b, top + b, dark_first=True)
    x0 = _edge(cols, left - b, left + b, dark_first=True)
    y1 = _edge(rows, bottom - b, bottom + b, dark_first=False)
    x1 = _edge(cols, right - b, right + b, dark_first=False)
    return (x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))


def whiten_grey_panels(page: np.ndarray) -> int:
    """Stretch, in place, every mid-grey panel so its background becomes as light as
    the page's.

    Tesseract binarises with one global (Otsu) threshold; text on a mid-grey
    panel (a blue chat bubble once inverted, a grey toolbar) falls on the dark
    side of it together with the panel and is lost. Local thresholding would
    fix that too but costs up to twice the recognition time on busy tables.
    """
    # A block's background is its median, unless dense text pulls the median
    # away from it: then the light end (dark text) or the dark end (light text)
    # is the background, and one of them must be grey too.
    backgrounds = _block_levels(page, 0.5)
    light_end = _block_levels(page, BACKGROUND_SHARE)
    dark_end = _block_levels(page, 1 - BACKGROUND_SHARE)

    def grey(levels: np.ndarray) -> np.ndarray:
        return (levels >= PANEL_SPLIT) & (levels < GREY_PANEL_BELOW)

    grey_blocks = grey(backgrounds) & (grey(light_end) | grey(dark_end))
    # Panels are brought to the page's own background level, not to white: a
    # few white panels on a light-grey page would split tesseract's threshold
    # between the two backgrounds and blacken the page.
    page_level = max(GREY_PANEL_BELOW, int(np.median(light_end))) if light_end.size else 255
    panels = 0
    for component in components(grey_blocks):
        cells = _trim(component)
        if len(cells) < PANEL_MIN_BLOCKS:
            continue
        if not _fills_rectangle(cells):
            continue
        rows = {r for r, _ in cells}
        cols = {c for _, c in cells}
        b = PANEL_BLOCK
        top, bottom = min(rows) * b, (max(rows) + 1) * b
        left, right = min(cols) * b, (max(cols) + 1) * b
        panel = page[top:bottom, left:right]
        block_rows = slice(min(rows), max(rows) + 1)
        block_cols = slice(min(cols), max(cols) + 1)
        background = int(np.median(backgrounds[block_rows, block_cols]))
        # Ink is counted in the panel's interior blocks: its edge blocks also
        # hold some of the page around it (rounded corners, a strip below).
        members = set(cells)
        interior = [
            (r, c) for r, c in cells if {(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)} <= members
        ] or cells
        inner = np.concatenate(
            [page[r * b : (r + 1) * b, c * b : (c + 1) * b].ravel() for r, c in interior]
        )
        lighter = int(np.count_nonzero(inner > background + LIGHT_INK))
        darker = int(np.count_nonzero(inner < background - LIGHT_INK))
        if lighter > darker:
            # Light text on the grey (white on an orange button): invert first,
            # so the text is what ends up dark.
            np.subtract(255, panel, out=panel)
            background = 255 - background
        stretched = panel.astype(np.uint16) * page_level // max(1, background)
        panel[:] = np.minimum(stretched, 255).astype(np.uint8)
        panels += 1
    return panels


def invert_dark_panels(page: np.ndarray) -> int:
    """Invert, in place, every dark panel of a dark-on-light page; returns how many.

    A panel is a 4-connected set of at least PANEL_MIN_BLOCKS blocks whose median
    is dark. A panel that fills most of its bounding rectangle (the usual case:
    bars, buttons, bubbles) is inverted over that rectangle with its edges
    refined to the pixel; an irregular one block by block.
    """
    backgrounds = _block_levels(page, 0.5)
    panels = 0
    for cells in components(backgrounds < PANEL_SPLIT):
        if len(cells) < PANEL_MIN_BLOCKS:
            continue
        panels += 1
        if _fills_rectangle(cells):
            x0, y0, x1, y1 = _panel_box(page, cells)
            page[y0:y1, x0:x1] = 255 - page[y0:y1, x0:x1]
            continue
        b = PANEL_BLOCK
        for r, c in cells:
            page[r * b : (r + 1) * b, c * b : (c + 1) * b] = (
                255 - page[r * b : (r + 1) * b, c * b : (c + 1) * b]
            )
    return panels


def has_dark_panels(page: np.ndarray) -> bool:
    """Whether the page (already dark-on-light) still has dark areas that could
    hold light text, which tesseract then needs to retry inverted."""
    height, width = page.shape
    rows, cols = height // PANEL_BLOCK, width // PANEL_BLOCK
    if rows == 0 or cols == 0:
        return True
    blocks = page[: rows * PANEL_BLOCK, : cols * PANEL_BLOCK].reshape(
        rows, PANEL_BLOCK, cols, PANEL_BLOCK
    )
    means = blocks.mean(axis=(1, 3), dtype=np.float32)
    return int(np.count_nonzero(means < PANEL_DARK)) >= PANEL_MIN_BLOCKS
