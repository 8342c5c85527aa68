"""Text tesseract's page layout skipped whole is found by its ink and read at 2x.

On a real terminal (small green JSON values on black, from ``curl … | jq``)
tesseract returned no word at all for a block it reads perfectly at twice the
size. The engine in the read test is scripted to do the same; the region test
uses real glyphs drawn with a known font.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from redaction.image.aliased import missed_text_regions
from redaction.image.boxes import Box, intersects
from redaction.image.ocr import OcrWord
from redaction.image.redact import read_words
from tests.redaction.image.screens import FONTS


def _page(size: tuple[int, int] = (640, 200)) -> tuple[Image.Image, list[Box]]:
    """Three lines of 12 px text; their ink boxes."""
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    face = ImageFont.truetype(FONTS["mono"], 12)
    boxes = []
    for y, text in ((20, '"name": "Ola Quinlan",'), (60, '"email": "o.quinlan@example.net",'),
                    (100, '"phone": "+44 7700 900628",')):  # fmt: skip
        draw.text((16, y), text, fill=0, font=face)
        x0, y0, x1, y1 = draw.textbbox((16, y), text, font=face)
        boxes.append((int(x0), int(y0), int(x1), int(y1)))
    return page, boxes


def test_lines_no_word_touches_are_missed_regions() -> None:
    page, lines = _page()
    regions = missed_text_regions(np.asarray(page), [lines[0]])
    assert regions
    assert all(not intersects(region, lines[0]) or region[1] > lines[0][1] for region in regions)
    for line in lines[1:]:
        assert any(
            r[0] <= line[0] and r[1] <= line[1] and r[2] >= line[2] and r[3] >= line[3]
            for r in regions
        )


def test_text_that_was_read_and_a_lone_mark_are_no_missed_region() -> None:
    page, lines = _page()
    assert missed_text_regions(np.asarray(page), lines) == []
    dot = Image.new("L", (640, 200), 255)
    ImageDraw.Draw(dot).ellipse((300, 90, 306, 96), fill=0)  # a status dot
    assert missed_text_regions(np.asarray(dot), []) == []


class SkippingEngine:
    """Reads the page as tesseract did (the block missing), and any crop at 2x."""

    name = "scripted"

    def __init__(self, page_words: list[OcrWord], crop_words: list[OcrWord]) -> None:
        self.page_words = page_words
        self.crop_words = crop_words

        self.reads: list[tuple[tuple[int, int], Box | None]] = []

    @property
    def calls(self) -> int:
        return len(self.reads)

    def read(
        self, image: Image.Image, region: Box | None = None, *, inverted_text: bool = True
    ) -> list[OcrWord]:
        self.reads.append((image.size, region))
        return list(self.page_words if self.calls == 1 else self.crop_words)


def test_a_block_too_large_for_a_2x_reading_is_read_alone_at_its_size() -> None:
    # A whole table of small text the layout dropped: past the 2x budget (a tenth
    # of the frame), within BLOCK_SHARE, read as a page of its own at 1x.
    page, lines = _page((480, 260))
    engine = SkippingEngine([OcrWord('"name":', 95.0, lines[0])], [])
    read_words(engine, page)
    assert engine.calls == 2
    size, region = engine.reads[1]
    assert size == page.size and region is not None
    assert region[1] <= lines[1][1] and region[3] >= lines[2][3]


def test_past_both_budgets_a_large_unread_area_is_not_read_again() -> None:
    page, lines = _page((360, 130))  # the block is most of this small frame
    engine = SkippingEngine([OcrWord('"name":', 95.0, lines[0])], [])
    read_words(engine, page)
    assert engine.calls == 1


def test_a_skipped_block_is_read_again_and_its_words_kept() -> None:
    page, lines = _page((1280, 800))  # the block is a small share of the frame
    first = [OcrWord('"name":', 95.0, lines[0])]
    # What the 2x crop holds, in crop pixels; the test only needs it placed back.
    crop = [OcrWord('"o.quinlan@example.net",', 90.0, (120, 60, 500, 84))]
    engine = SkippingEngine(first, crop)
    words = read_words(engine, page)
    assert engine.calls >= 2
    found = [w for w in words if "quinlan" in w.text]
    assert found
    # Back in page coordinates: halved, and placed below the line that was read.
    x0, y0, x1, y1 = found[0].box
    assert (x1 - x0, y1 - y0) == (190, 12)
    assert y0 > lines[0][3]


def test_a_line_the_layout_dropped_inside_bitmap_text_is_read_from_its_own_crop() -> None:
    # Three lines of aliased (bitmap) text; the 2x reading of the block returns the
    # first line only, as tesseract did on a 6x10 terminal; the missing lines are
    # read again from a crop of their own.
    page = Image.new("L", (640, 200), 255)
    draw = ImageDraw.Draw(page)
    draw.fontmode = "1"  # no anti-aliasing: the few grey levels of a bitmap font
    face = ImageFont.truetype(FONTS["mono"], 11)
    for y, text in ((20, "COLORTERM=truecolor"), (34, "DB_HOST=203.0.113.49"), (48, "DB_NAME=x")):
        draw.text((8, y), text, fill=0, font=face)
    first = [OcrWord("COLORTERM=truecolor", 90.0, (16, 40, 300, 64))]  # crop pixels, 2x
    engine = SkippingEngine(first, [OcrWord("DB_HOST=203.0.113.49", 88.0, (10, 10, 300, 30))])
    words = read_words(engine, page)
    assert engine.calls >= 2
    assert any("203.0.113.49" in w.text for w in words)


def test_a_region_edge_cutting_through_another_line_moves_to_the_blank_between() -> None:
    import numpy as np
    from PIL import Image

    from redaction.image.redact import _clear_edges

    page = np.full((60, 80), 255, dtype=np.uint8)
    page[10:20, 10:70] = 0  # the text to read
    page[34:44, 10:70] = 0  # the next line, its top inside the region
    image = Image.fromarray(page, mode="L")
    assert _clear_edges(image, (4, 4, 76, 38)) == (4, 4, 76, 34)
    assert _clear_edges(image, (4, 4, 76, 30)) == (4, 4, 76, 30)  # nothing cut
    # Ink at the edge with no blank row within reach: the region stays.
    page[20:34, 10:70] = 0
    assert _clear_edges(Image.fromarray(page, mode="L"), (4, 4, 76, 38)) == (4, 4, 76, 38)
