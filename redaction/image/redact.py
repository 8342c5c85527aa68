"""``redact_image``: OCR a screenshot once, fill every sensitive value solid.

Bitmap text is read at 2× (see :mod:`aliased`); small words read weakly get a
second look at 2× (a bounded share of the frame).

Pure in the sense that matters for privacy: the screenshot is never written to
disk (the OCR back-ends take it in memory) and nothing is logged. Exclusion
rectangles (windows of excluded applications) are filled before OCR, so their
content is never read at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from redaction.image.aliased import bitmap_text_regions, missed_text_regions, text_tiles
from redaction.image.analyse import RedactedBox, analyse_words
from redaction.image.boxes import (
    Box,
    clip,
    cover_whole,
    inside,
    intersection,
    intersects,
    shifted,
)
from redaction.image.failclosed import is_unsure_value
from redaction.image.layout import Line, group_lines
from redaction.image.ocr import UNREAD, OcrEngine, OcrWord, default_engine
from redaction.image.preprocess import (
    fill_grey,
    grey,
    has_dark_panels,
    invert_dark_panels,
    is_dark,
    lift_coloured_text,
    whiten_grey_panels,
)
from redaction.policy import RedactionPolicy, coerce_policy
from redaction.types import RedactionError

# Refuse frames beyond this many pixels (three 4K monitors are 25 MP): a larger
# "screenshot" is a mistake or an attack on the OCR's memory.
MAX_PIXELS = 64_000_000
# Words shorter than this (px) that read weakly are read again from a 2× crop:
# tesseract wants an x-height of about 10 px; UI text at 11 px has about 6.
SMALL_WORD_PX = 11
UPSCALE = 2
# A re-read covers the word and this many of its heights on each side (its
# neighbours give tesseract context), plus a few pixels above and below...
REREAD_REACH = 6
REREAD_PAD = 4
# Words up to this height read below this confidence are garbled, whatever their
# shape: tesseract's page layout, not the size, failed them; a 2× crop reads them.
GARBLED_HEIGHT_PX = 16
GARBLED_CONFIDENCE = 40.0
# A garbled word is re-read with less of its line around it: it needs no context
# to be read, only a layout tesseract does not get wrong.
GARBLED_REACH = 2
# A line of at least this many words with unreadable ink inside is broken
# (see broken_lines).
BROKEN_MIN_WORDS = 3
# All re-reads of a frame together take at most this share of its pixels...
REREAD_SHARE = 0.04
# ...and this much more on a frame with broken lines (see broken_lines).
BROKEN_SHARE = 0.11
# A region of weak words too large for that budget is a block whose layout
# tesseract got wrong (a table beside a menu of another line pitch, rows mixed
# into one another): read again alone at its own size, up to this share of the
# frame, then its weak words at 2x as above.
BLOCK_SHARE = 0.25
# Text the first reading skipped whole is read again at 2x up to this share of
# the frame's pixels.
MISSED_SHARE = 0.1
# Share of a first reading's width the re-read words must cover to replace it.
REREAD_COVER = 0.9
# Unreadable ink with this share of its dark pixels (below RULE_INK) in its
# RULE_ROWS fullest rows is a drawn line, not text, and is not masked.
RULE_INK = 128
RULE_ROWS = 3
RULE_SHARE = 0.6
# Solid fills, tried in order: the first colour absent from a region is used, so
# every pixel of the value changes (a black fill over black text would not).
FILL_COLOURS: tuple[tuple[int, int, int], ...] = (
    (0, 0, 0), (48, 48, 48), (96, 96, 96), (24, 24, 72), (72, 24, 24), (255, 0, 255),
)  # fmt: skip
EXCLUDED = "EXCLUDED"


@dataclass(frozen=True, slots=True)
class ImageRedaction:
    """A redacted screenshot: same size as the input, every sensitive region filled.

    ``text`` is what was read off the screen with placeholders for the values
    (for policies that keep text instead of pixels), one line per text line.
    """

    image: Image.Image
    boxes: tuple[RedactedBox, ...]
    text: str


def check_image(image: object) -> Image.Image:
    """``image`` as a PIL image fit to redact, or a :class:`RedactionError` saying why."""
    if not isinstance(image, Image.Image):
        raise RedactionError(f"image: expected a PIL image, got {type(image).__name__}")
    width, height = image.size
    if width < 1 or height < 1:
        raise RedactionError("image: empty (zero width or height)")
    if width * height > MAX_PIXELS:
        raise RedactionError(f"image: {width}x{height} is larger than {MAX_PIXELS} pixels")
    try:
        image.load()
    except (OSError, ValueError):
        raise RedactionError("image: the image data could not be decoded") from None
    return image


def _colour_for(mode: str, rgb: tuple[int, int, int]) -> int | tuple[int, ...]:
    if mode == "L":
        return round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2])
    if mode == "RGBA":
        return (*rgb, 255)
    return rgb


def _fill_colour(pixels: np.ndarray, box: Box, mode: str) -> int | tuple[int, ...]:
    x0, y0, x1, y1 = box
    region = pixels[y0:y1, x0:x1]
    for rgb in FILL_COLOURS:
        colour = _colour_for(mode, rgb)
        if isinstance(colour, int):
            present = bool(np.any(region == colour))
        else:
            present = bool(np.any(np.all(region == np.array(colour, dtype=region.dtype), axis=-1)))
        if not present:
            return colour
    return _colour_for(mode, FILL_COLOURS[-1])


def paint(image: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    """A copy of ``image`` (mode L, RGB or RGBA; others become RGB) with ``boxes`` filled."""
    out = image.copy() if image.mode in ("L", "RGB", "RGBA") else image.convert("RGB")
    out.info = {}  # no metadata of the original (a JPEG comment, EXIF, PNG text) rides along
    pixels = np.asarray(out)
    draw = ImageDraw.Draw(out)
    for box in boxes:
        clipped = clip(box, out.size)
        if clipped is None:
            continue
        colour = _fill_colour(pixels, clipped, out.mode)
        draw.rectangle((clipped[0], clipped[1], clipped[2] - 1, clipped[3] - 1), fill=colour)
    return out


def _reread_small(
    engine: OcrEngine,
    page: Image.Image,
    words: list[OcrWord],
    inverted_text: bool,
    within: Box,
    *,
    blocks: bool = True,
) -> list[OcrWord]:
    """Small words that would be masked as unsure or were barely read at all (clear
    text tesseract's page layout garbled: "07700 900026" as "Pannen)"), and small
    lines whose layout broke, read again at 2×.

    Only those: re-reading costs a recognition, and a confident small word is
    already read well enough. Regions cover whole words and stay ``within`` the
    area being read; see :func:`_replaced` for which first readings give way.
    With ``blocks``, regions past the budget are read alone (see BLOCK_SHARE).
    """
    # Each region to re-read, and its rank: value-shaped words first, then broken
    # lines, then garbled words (the budget may not last).
    wanted: list[tuple[Box, tuple[int, float]]] = []
    pixels = np.asarray(page)
    # A drawn line read as unreadable ink: nothing to read larger, and a region
    # must not grow to take in the whole of it (see cover_whole below).
    texts = [w for w in words if not _is_rule(w, pixels)]
    for w in texts:
        if w.height < SMALL_WORD_PX and is_unsure_value(w.text, w.confidence):
            reach, rank = REREAD_REACH, 0
        elif w.height < GARBLED_HEIGHT_PX and w.confidence < GARBLED_CONFIDENCE:
            reach, rank = GARBLED_REACH, 2
        else:
            continue
        grow = int(reach * w.height)
        x0, y0, x1, y1 = w.box
        wanted.append(
            ((x0 - grow, y0 - REREAD_PAD, x1 + grow, y1 + REREAD_PAD), (rank, w.confidence))
        )
    for line, worst in broken_lines(texts):
        x0, y0, x1, y1 = line.box
        grow = line.height
        wanted.append(((x0 - grow, y0 - REREAD_PAD, x1 + grow, y1 + REREAD_PAD), (1, worst)))
    if not wanted:
        return words
    around = [c for box, _ in wanted if (c := clip(box, page.size)) is not None]
    ranks = [(c, rank) for box, rank in wanted if (c := clip(box, page.size)) is not None]
    area = (within[2] - within[0]) * (within[3] - within[1])
    budget = REREAD_SHARE * area
    if any(rank[0] == 1 for _, rank in ranks):
        budget += BROKEN_SHARE * area

    def priority(region: Box) -> tuple[int, float]:
        return min((rank for box, rank in ranks if inside(box, region)), default=(3, 100.0))

    regions: list[Box] = []
    large: list[Box] = []
    block_budget = BLOCK_SHARE * area if blocks else 0.0
    for grown in sorted(cover_whole(around, [w.box for w in texts]), key=priority):
        region = intersection(grown, within)
        size = 0 if region is None else (region[2] - region[0]) * (region[3] - region[1])
        if region is not None and size <= budget:
            budget -= size
            regions.append(region)
        elif region is not None and size <= block_budget:
            block_budget -= size
            large.append(region)
        # else: the weak words there stay masked as unsure: fail closed
    found: list[OcrWord] = []
    for region in regions:
        found.extend(read_larger(engine, page, region, inverted_text))
    for region in large:
        found.extend(_read_alone(engine, page, region, inverted_text))
    regions += large
    return [w for w in words if not _replaced(w, regions, found)] + found


def _read_alone(
    engine: OcrEngine, page: Image.Image, region: Box, inverted_text: bool
) -> list[OcrWord]:
    """A block read as a page of its own (see BLOCK_SHARE), its weak small words then
    read again at 2x within it."""
    alone = engine.read(page, region, inverted_text=inverted_text)
    return _reread_small(engine, page, alone, inverted_text, region, blocks=False)


def broken_lines(words: Sequence[OcrWord]) -> list[tuple[Line, float]]:
    """Lines of small text whose page layout tesseract got wrong, and their weakest
    confidence: ink it could not read between two words of the line
    ("db-2.internal:5432:reporting:app:x" read as "db-2. internal :5432:report.ing:
    \ufffd app :x"). Read larger, such a line comes out whole. A lone unreadable
    mark (an icon, a coloured glyph) makes no line broken.

    Words tesseract boxes over two rows are a sign too, but it boxes some so on
    lines it reads well: re-reading those cost a sixth more time on ordinary
    screens for little gain, so they are left out.
    """
    broken: list[tuple[Line, float]] = []
    for line in group_lines(words):
        if len(line.words) < BROKEN_MIN_WORDS:
            continue
        heights = sorted(w.height for w in line.words)
        if heights[len(heights) // 2] >= GARBLED_HEIGHT_PX:
            continue
        if any(UNREAD in w.text for w in line.words[1:-1]):
            broken.append((line, min(w.confidence for w in line.words)))
    return broken


def read_larger(
    engine: OcrEngine,
    page: Image.Image,
    region: Box,
    inverted_text: bool,
) -> list[OcrWord]:
    """The words of ``region`` read from a copy UPSCALE times larger, in page coordinates."""
    crop = page.crop(region)
    big = crop.resize((crop.width * UPSCALE, crop.height * UPSCALE), Image.Resampling.LANCZOS)
    read = engine.read(big, (0, 0, big.width, big.height), inverted_text=inverted_text)
    return [_scaled(word, region) for word in read]


def _replaced(word: OcrWord, regions: Sequence[Box], found: Sequence[OcrWord]) -> bool:
    """A first reading is dropped only when the re-reading covers (nearly) all of
    its width; otherwise both are kept and analysed (fail closed)."""
    if not any(inside(word.box, r) for r in regions):
        return False
    x0, _, x1, _ = word.box
    covered = sum(
        max(0, min(x1, f.box[2]) - max(x0, f.box[0])) for f in found if intersects(word.box, f.box)
    )
    return covered >= REREAD_COVER * (x1 - x0)


def _scaled(word: OcrWord, region: Box) -> OcrWord:
    def back(box: Box) -> Box:
        x0, y0, x1, y1 = box
        return (
            region[0] + x0 // UPSCALE,
            region[1] + y0 // UPSCALE,
            region[0] + -(-x1 // UPSCALE),
            region[1] + -(-y1 // UPSCALE),
        )

    return OcrWord(word.text, word.confidence, back(word.box), tuple(back(g) for g in word.glyphs))


def read_words(
    engine: OcrEngine,
    page: Image.Image,
    region: Box | None = None,
) -> list[OcrWord]:
    """OCR of the prepared page (or one region of it).

    Bitmap text (see :mod:`aliased`) is read at UPSCALE times its size, and the
    rest of the page with those regions blanked; weak small words of the rest
    are then read again larger. Unreadable ink that is a drawn rule is dropped.
    """
    within = region or (0, 0, page.width, page.height)
    whole = np.asarray(page)
    pixels = whole[within[1] : within[3], within[0] : within[2]]
    tiles = text_tiles(pixels)
    bitmap = [shifted(box, within[0], within[1]) for box in bitmap_text_regions(pixels, tiles)]
    area = (within[2] - within[0]) * (within[3] - within[1])
    words: list[OcrWord] = []
    for box in bitmap:
        inside = whole[box[1] : box[3], box[0] : box[2]]
        inverted = has_dark_panels(inside)
        read = read_larger(engine, page, box, inverted)
        words.extend(read)
        # Lines the layout dropped inside a large bitmap block ("DB_HOST=…" between
        # two lines it read) are read again from a crop of their own.
        glyph_tiles = text_tiles(inside)[0]
        words.extend(
            _read_missed(
                engine, page, inside, glyph_tiles, read, inverted, box, blocks=False, frame=area
            )
        )
    rest = page
    glyphs = tiles[0]
    if bitmap:
        blank = np.array(page)
        fill_grey(blank, bitmap)
        pixels = blank[within[1] : within[3], within[0] : within[2]]
        rest = Image.fromarray(blank, mode="L")
        glyphs = text_tiles(pixels)[0]
    if not bitmap or glyphs.any():  # else: nothing but bitmap text here
        inverted_text = has_dark_panels(pixels)
        first = engine.read(rest, region, inverted_text=inverted_text)
        words.extend(_reread_small(engine, rest, first, inverted_text, within))
        words.extend(_read_missed(engine, rest, pixels, glyphs, first, inverted_text, within))
    return [word for word in words if not _is_rule(word, whole)]


def _read_missed(
    engine: OcrEngine,
    page: Image.Image,
    pixels: np.ndarray,
    glyphs: np.ndarray,
    read: Sequence[OcrWord],
    inverted_text: bool,
    within: Box,
    *,
    blocks: bool = True,
    frame: int = 0,
) -> list[OcrWord]:
    """Text tesseract's page layout skipped whole, read at 2x (see
    :func:`aliased.missed_text_regions`), up to MISSED_SHARE of the ``frame``'s
    area (default: of ``within``). A region that reads as nothing is read once more
    with its edges moved off the glyphs of the lines beside it (see
    :func:`_clear_edges`).

    With ``blocks``, a region too large for that budget (a whole table of small
    text the layout dropped) is read alone at its own size, its weak small words
    then at 2x, up to BLOCK_SHARE. Past the budgets the ink stays unread: it is no
    value tesseract saw, so nothing marks it; the budgets bound the cost of a
    frame full of drawings.
    """
    left, top = within[0], within[1]
    boxes = [shifted(w.box, -left, -top) for w in read]
    area = frame or (within[2] - within[0]) * (within[3] - within[1])
    budget = MISSED_SHARE * area
    block_budget = BLOCK_SHARE * area if blocks else 0.0
    found: list[OcrWord] = []
    for box in missed_text_regions(pixels, boxes, glyphs):
        region = shifted(box, left, top)
        size = (region[2] - region[0]) * (region[3] - region[1])
        if size <= budget:
            budget -= size
            read_here = read_larger(engine, page, region, inverted_text)
            if not read_here and (snapped := _clear_edges(page, region)) != region:
                # Glyphs of a line beside the region, cut by its edge, can make
                # tesseract return nothing at all: read again without them.
                read_here = read_larger(engine, page, snapped, inverted_text)
            found.extend(read_here)
        elif size <= block_budget:
            block_budget -= size
            found.extend(_read_alone(engine, page, region, inverted_text))
    # The region's edge may take in a word read already: the first reading stays.
    known = [w.box for w in read if UNREAD not in w.text]
    return [f for f in found if not any(_mostly_inside(f.box, box) for box in known)]


# An edge of a region cutting through ink moves in by at most this many pixels to
# the nearest row or column without any.
EDGE_SNAP = 8


def _clear_edges(page: Image.Image, region: Box) -> Box:
    """``region`` with each edge that cuts through ink moved inwards to the nearest
    blank row or column (at most EDGE_SNAP pixels), where there is one."""
    x0, y0, x1, y1 = region
    ink = np.asarray(page)[y0:y1, x0:x1] < RULE_INK
    rows: np.ndarray = np.any(ink, axis=1)
    cols: np.ndarray = np.any(ink, axis=0)

    def inward(lines: np.ndarray, order: range) -> int:
        for step, index in enumerate(order):
            if step > EDGE_SNAP:
                break
            if not lines[index]:
                return step
        return 0

    if ink.size == 0:
        return region
    # An edge without ink is clear already: its first step returns 0.
    top = inward(rows, range(len(rows)))
    bottom = inward(rows, range(len(rows) - 1, -1, -1))
    left = inward(cols, range(len(cols)))
    right = inward(cols, range(len(cols) - 1, -1, -1))
    snapped = (x0 + left, y0 + top, x1 - right, y1 - bottom)
    return snapped if snapped[2] > snapped[0] and snapped[3] > snapped[1] else region


def _mostly_inside(box: Box, other: Box) -> bool:
    """Half of ``box``'s area or more lies in ``other``."""
    shared = intersection(box, other)
    if shared is None:
        return False
    area = (box[2] - box[0]) * (box[3] - box[1])
    return 2 * (shared[2] - shared[0]) * (shared[3] - shared[1]) >= area


def _is_rule(word: OcrWord, page: np.ndarray) -> bool:
    """Ink tesseract could not read that is a drawn rule ("+-----+", "=====", a
    border), not text: most of it lies in a few rows."""
    if UNREAD not in word.text:
        return False
    x0, y0, x1, y1 = word.box
    ink = page[y0:y1, x0:x1] < RULE_INK
    total = int(ink.sum())
    if total == 0:
        return True
    rows = np.sort(ink.sum(axis=1))[::-1]
    return int(rows[:RULE_ROWS].sum()) >= RULE_SHARE * total


def prepare(image: Image.Image, exclude: Sequence[Box]) -> tuple[Image.Image, list[Box]]:
    """The page tesseract reads, and the exclusion boxes clipped to the image."""
    pixels = grey(image)
    excluded = [box for box in (clip(b, image.size) for b in exclude) if box is not None]
    lift_coloured_text(pixels, image)
    dark = is_dark(pixels)
    fill_grey(pixels, excluded, 0 if dark else 255)
    if dark:
        np.subtract(255, pixels, out=pixels)
    invert_dark_panels(pixels)
    whiten_grey_panels(pixels)
    return Image.fromarray(pixels, mode="L"), excluded


def check_boxes(exclude: Iterable[object]) -> list[Box]:
    """Exclusion rectangles as integer boxes, or a :class:`RedactionError` naming the bad one."""
    boxes: list[Box] = []
    for index, item in enumerate(exclude):
        if not isinstance(item, Sequence) or len(item) != 4:
            raise RedactionError(f"exclude[{index}]: expected (x0, y0, x1, y1)")
        try:
            left, top, right, bottom = (float(v) for v in item)
        except (TypeError, ValueError):
            raise RedactionError(f"exclude[{index}]: coordinates must be numbers") from None
        if not all(math.isfinite(v) for v in (left, top, right, bottom)):
            raise RedactionError(f"exclude[{index}]: coordinates must be finite")
        if right <= left or bottom <= top:
            raise RedactionError(f"exclude[{index}]: x1 and y1 must be larger than x0 and y0")
        # Fractional window edges (macOS points) are widened to whole pixels.
        boxes.append((math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)))
    return boxes


def redact_image(
    image: Image.Image,
    *,
    policy: object = None,
    exclude: Iterable[Sequence[int]] = (),
    engine: OcrEngine | None = None,
) -> ImageRedaction:
    """Fill every sensitive value on ``image`` and return a new image of the same size.

    ``exclude`` lists rectangles (x0, y0, x1, y1) filled before OCR, unread.
    ``engine`` defaults to one tesseract engine per process (see
    :func:`redaction.image.ocr.default_engine`); pass your own per thread.
    """
    picture = check_image(image)
    settings: RedactionPolicy = coerce_policy(policy)
    excluded = check_boxes(exclude)
    reader = engine or default_engine()
    page, clipped = prepare(picture, excluded)
    words = read_words(reader, page)
    found, text = analyse_words(words, settings)
    return finish(picture, clipped, found, text)


def finish(
    picture: Image.Image, excluded: Sequence[Box], found: Sequence[RedactedBox], text: str
) -> ImageRedaction:
    """The redaction result: exclusions and found boxes (clipped to the frame) painted."""
    boxes = [RedactedBox(box, EXCLUDED, "exclusion") for box in excluded]
    for item in found:
        inside_frame = clip(item.box, picture.size)
        if inside_frame is not None:
            boxes.append(RedactedBox(inside_frame, item.type, item.detector))
    painted = paint(picture, [b.box for b in boxes])
    return ImageRedaction(painted, tuple(boxes), text)
