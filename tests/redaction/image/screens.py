"""Small rendered screens for tests: lines of text in a known font, with ink masks.

Each line is a sequence of pieces; a piece marked as a value records the pixels
its glyphs cover, so a test can ask whether a redaction changed them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = {
    "sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
}
THEMES = {
    "light": ("#ffffff", "#1f1f1f"),
    "dark": ("#1e1e1e", "#d4d4d4"),
    "coloured": ("#fdf6d8", "#1a3ea8"),
    "terminal": ("#000000", "#33ff33"),
}
INK_LEVEL = 96


@dataclass(frozen=True)
class Ink:
    """Where a rendered piece of text is: its box and its glyph pixels."""

    text: str
    box: tuple[int, int, int, int]
    mask: np.ndarray

    def unchanged_share(self, before: Image.Image, after: Image.Image) -> float:
        x0, y0, x1, y1 = self.box
        a = np.asarray(before.convert("RGB"))[y0:y1, x0:x1]
        b = np.asarray(after.convert("RGB"))[y0:y1, x0:x1]
        same = np.all(a == b, axis=-1) & self.mask
        return float(same.sum()) / max(1, int(self.mask.sum()))


@dataclass(frozen=True)
class Rendered:
    image: Image.Image
    values: dict[str, Ink]
    lines: list[Ink]


def render(
    lines: Sequence[Sequence[tuple[str, bool]]],
    *,
    theme: str = "light",
    font: str = "sans",
    size: int = 15,
    width: int = 900,
    line_gap: float = 1.6,
    origin: tuple[int, int] = (12, 10),
    aliased: bool = False,
) -> Rendered:
    """Draw ``lines`` (pieces of ``(text, is_value)``) one below another.

    ``aliased`` draws without anti-aliasing, as a bitmap font is drawn.
    """
    background, colour = THEMES[theme]
    face = ImageFont.truetype(FONTS[font], size)
    height = origin[1] * 2 + int(len(lines) * size * line_gap) + size
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    if aliased:
        draw.fontmode = "1"
    values: dict[str, Ink] = {}
    inks: list[Ink] = []
    y = origin[1]
    for pieces in lines:
        x = origin[0]
        line_mask = Image.new("L", image.size, 0)
        for text, is_value in pieces:
            draw.text((x, y), text, font=face, fill=colour)
            ImageDraw.Draw(line_mask).text((x, y), text, font=face, fill=255)
            if is_value:
                mask = Image.new("L", image.size, 0)
                ImageDraw.Draw(mask).text((x, y), text, font=face, fill=255)
                values[text] = _ink(text, mask)
            x += int(draw.textlength(text, font=face))
        inks.append(_ink("".join(t for t, _ in pieces), line_mask))
        y += int(size * line_gap)
    return Rendered(image, values, inks)


def _ink(text: str, mask_image: Image.Image) -> Ink:
    mask = np.asarray(mask_image) >= INK_LEVEL
    ys, xs = np.nonzero(mask)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    return Ink(text, box, mask[box[1] : box[3], box[0] : box[2]])


def plain(*texts: str) -> list[list[tuple[str, bool]]]:
    """Lines with no values."""
    return [[(text, False)] for text in texts]


def draw(
    image: Image.Image,
    xy: tuple[int, int],
    text: str,
    *,
    fill: str,
    font: str = "sans",
    size: int = 15,
) -> Ink:
    """Draw ``text`` on ``image`` and return where its ink is."""
    face = ImageFont.truetype(FONTS[font], size)
    ImageDraw.Draw(image).text(xy, text, font=face, fill=fill)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).text(xy, text, font=face, fill=255)
    return _ink(text, mask)
