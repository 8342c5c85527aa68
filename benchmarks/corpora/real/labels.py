"""Labels for text that a real program drew: its box, and which pixels in it are ink.

A program reports where it put text (a DOM range's client rects, a terminal's
character cells, a Tk text index's bbox), not which pixels are glyphs. The ink
is what differs clearly from the box's background, the colour most common on
the box's edge: anti-aliasing fringes fainter than INK_SHARE of the strongest
contrast in the box do not count, as the synthetic corpus's masks leave faint
fringes out.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from benchmarks.corpora.screen_corpus import InkRegion, ScreenValue

Box = tuple[int, int, int, int]

# A pixel is ink when it differs from the background by at least this share of
# the box's largest difference, and by at least MIN_CONTRAST grey levels.
INK_SHARE = 0.4
MIN_CONTRAST = 24
# Boxes are widened by this many pixels before the ink is looked for: reported
# boxes are the font's advance box, and some glyphs overhang it ("j", italics).
OVERHANG = 1


class LabelError(ValueError):
    """A reported text box has no ink: the program did not draw what was asked."""


def _background(pixels: NDArray[np.int16]) -> NDArray[np.int16]:
    """The most common colour on the edge of the box."""
    edge = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    colours, counts = np.unique(edge.reshape(-1, edge.shape[-1]), axis=0, return_counts=True)
    return colours[int(np.argmax(counts))]


def ink(image: Image.Image, box: Box) -> tuple[Box, NDArray[np.bool_]] | None:
    """The tight box of the ink inside ``box`` and its mask, or None if there is none."""
    width, height = image.size
    x0, y0 = max(0, box[0] - OVERHANG), max(0, box[1] - OVERHANG)
    x1, y1 = min(width, box[2] + OVERHANG), min(height, box[3] + OVERHANG)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    pixels = np.asarray(image.convert("RGB").crop((x0, y0, x1, y1)), dtype=np.int16)
    difference = np.abs(pixels - _background(pixels)).max(axis=2)
    strongest = int(difference.max())
    if strongest < MIN_CONTRAST:
        return None
    mask = difference >= max(MIN_CONTRAST, INK_SHARE * strongest)
    rows, cols = np.nonzero(mask)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    tight = (x0 + int(left), y0 + int(top), x0 + int(right), y0 + int(bottom))
    return tight, mask[top:bottom, left:right].copy()


def label(image: Image.Image, text: str, box: Box, type_: str | None = None) -> InkRegion:
    """An ordinary line (``type_`` None) or a sensitive value of ``type_`` at ``box``."""
    found = ink(image, box)
    if found is None:
        raise LabelError(f"no ink in the box {box} reported for a {type_ or 'line'}")
    tight, mask = found
    if type_ is None:
        return InkRegion(text, tight, mask)
    return ScreenValue(text, tight, mask, type_)
