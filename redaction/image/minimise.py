"""Make a redacted frame as small as a study needs: downscale, greyscale, encode.

Only redacted frames come here. Encoding happens in memory; the bytes are what
the agent seals, so nothing readable is written out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from redaction.types import RedactionError

ImageFormat = Literal["webp", "png"]
FORMATS: tuple[ImageFormat, ...] = ("webp", "png")
# Never scale below this width: thumbnails smaller than this show nothing useful.
MIN_WIDTH = 160
# WebP cannot encode a side longer than this (downscale first, or use PNG).
WEBP_MAX_SIDE = 16383
# Quality bounds accepted for lossy WebP (Pillow's scale).
MIN_QUALITY, MAX_QUALITY = 1, 100


@dataclass(frozen=True, slots=True)
class MinimisedFrame:
    """An encoded frame: ``data`` bytes in ``format``, of ``size`` pixels."""

    data: bytes
    format: ImageFormat
    size: tuple[int, int]


def downscale(image: Image.Image, max_width: int) -> Image.Image:
    """``image`` shrunk to at most ``max_width`` pixels wide, aspect kept (never enlarged)."""
    if max_width < MIN_WIDTH:
        raise RedactionError(f"max_width: at least {MIN_WIDTH} pixels, got {max_width}")
    if image.width <= max_width:
        return image
    height = max(1, round(image.height * max_width / image.width))
    return image.resize((max_width, height), Image.Resampling.LANCZOS)


def to_greyscale(image: Image.Image) -> Image.Image:
    return image.convert("L")


def encode(image: Image.Image, format: ImageFormat = "webp", *, quality: int = 60) -> bytes:
    """``image`` as WebP (lossy, ``quality`` 1–100) or PNG (lossless) bytes."""
    if format not in FORMATS:
        raise RedactionError(f"format: expected one of {', '.join(FORMATS)}")
    if not MIN_QUALITY <= quality <= MAX_QUALITY:
        raise RedactionError(f"quality: expected {MIN_QUALITY}-{MAX_QUALITY}, got {quality}")
    buffer = io.BytesIO()
    if format == "webp":
        image.save(buffer, format="WEBP", quality=quality, method=4)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def minimise(
    image: Image.Image,
    *,
    max_width: int | None = None,
    greyscale: bool = False,
    format: ImageFormat = "webp",
    quality: int = 60,
) -> MinimisedFrame:
    """Apply a policy's frame settings to a redacted frame, in that order."""
    if not isinstance(image, Image.Image):
        raise RedactionError(f"image: expected a PIL image, got {type(image).__name__}")
    for name, value in (("max_width", max_width), ("quality", quality)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise RedactionError(f"{name}: expected an integer")
    frame = image if max_width is None else downscale(image, max_width)
    if format == "webp" and max(frame.size) > WEBP_MAX_SIDE:
        raise RedactionError(f"format: WebP frames are at most {WEBP_MAX_SIDE} px a side")
    if greyscale:
        frame = to_greyscale(frame)
    elif frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    return MinimisedFrame(encode(frame, format, quality=quality), format, frame.size)
