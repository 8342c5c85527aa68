"""``redact_image``: one OCR pass over a screenshot, every sensitive value filled solid.

Pure in the sense that matters for privacy: the screenshot is never written to
disk (the OCR back-ends take it in memory) and nothing is logged. Exclusion
rectangles (windows of excluded applications) are filled before OCR, so their
content is never read at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from redaction.image.analyse import RedactedBox, analyse_words
from redaction.image.boxes import Box, inside
from redaction.image.failclosed import is_unsure_value
from redaction.image.ocr import OcrEngine, OcrWord, default_engine
from redaction.image.preprocess import (
    clip_box,
    fill_grey,
    grey,
    has_dark_panels,
    invert_dark_panels,
    is_dark,
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
# ...and all re-reads of a frame together at most this share of its pixels.
REREAD_SHARE = 0.02
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
    pixels = np.asarray(out)
    draw = ImageDraw.Draw(out)
    for box in boxes:
        clipped = clip_box(box, out.size)
        if clipped is None:
            continue
        colour = _fill_colour(pixels, clipped, out.mode)
        draw.rectangle((clipped[0], clipped[1], clipped[2] - 1, clipped[3] - 1), fill=colour)
    return out


def _reread_small(
    engine: OcrEngine, page: Image.Image, words: list[OcrWord], inverted_text: bool
) -> list[OcrWord]:
    """Small words that would be masked as unsure, read again from their line at 2×.

    Only those: re-reading costs a recognition, and a confident small word is
    already read well enough.
    """
    weak = [w for w in words if w.height < SMALL_WORD_PX and is_unsure_value(w.text, w.confidence)]
    if not weak:
        return words
    regions: list[Box] = []
    budget = REREAD_SHARE * page.width * page.height
    for word in weak:
        reach = REREAD_REACH * word.height
        region = clip_box(
            (
                int(word.box[0] - reach),
                word.box[1] - REREAD_PAD,
                int(word.box[2] + reach),
                word.box[3] + REREAD_PAD,
            ),
            page.size,
        )
        if region is None or any(inside(word.box, r) for r in regions):
            continue
        area = (region[2] - region[0]) * (region[3] - region[1])
        if area > budget:
            break  # the rest stay masked as unsure: fail closed, at a bounded cost
        budget -= area
        regions.append(region)
    kept = [w for w in words if not any(inside(w.box, region) for region in regions)]
    for region in regions:
        crop = page.crop(region)
        big = crop.resize((crop.width * UPSCALE, crop.height * UPSCALE), Image.Resampling.LANCZOS)
        found = engine.read(big, inverted_text=inverted_text)
        kept.extend(_scaled(word, region) for word in found)
    return kept


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
    """OCR of the prepared page (or one region of it), weak small text re-read larger."""
    pixels = np.asarray(page)
    if region is not None:
        pixels = pixels[region[1] : region[3], region[0] : region[2]]
    inverted_text = has_dark_panels(pixels)
    words = engine.read(page, region, inverted_text=inverted_text)
    return _reread_small(engine, page, words, inverted_text)


def prepare(image: Image.Image, exclude: Sequence[Box]) -> tuple[Image.Image, list[Box]]:
    """The page tesseract reads, and the exclusion boxes clipped to the image."""
    pixels = grey(image)
    excluded = [box for box in (clip_box(b, image.size) for b in exclude) if box is not None]
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
            x0, y0, x1, y1 = (int(v) for v in item)
        except (TypeError, ValueError) as exc:
            raise RedactionError(f"exclude[{index}]: coordinates must be integers") from exc
        boxes.append((x0, y0, x1, y1))
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
    boxes = [RedactedBox(box, EXCLUDED, "exclusion") for box in clipped] + found
    painted = paint(picture, [b.box for b in boxes])
    return ImageRedaction(painted, tuple(boxes), text)
