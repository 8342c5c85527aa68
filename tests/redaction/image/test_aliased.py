"""Bitmap (aliased) text is found before OCR and read at twice its size."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from redaction import redact_image
from redaction.image.aliased import bitmap_text_regions
from redaction.image.ocr import TesserocrEngine
from redaction.image.redact import prepare
from tests.redaction.image.screens import render

LINES = [
    [("alice@build-7:~/src$ git log -3", False)],
    [("commit 3f9a2c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291", False)],
    [("Author: Robin Quinlan <", False), ("robin.quinlan@example.org", True), (">", False)],
    [("Date:   Tue Mar 12 10:14:03 2024 +0000", False)],
    [("    Fix retry loop in the uploader", False)],
    [("alice@build-7:~/src$ ping ", False), ("someone@example.org", True)],
    [("ping: ", False), ("someone@example.org", True), (": Name or service not known", False)],
]


def _regions(image: Image.Image) -> list[tuple[int, int, int, int]]:
    page, _ = prepare(image, [])
    return bitmap_text_regions(np.asarray(page))


def test_aliased_small_text_is_one_region_around_the_text() -> None:
    rendered = render(LINES, font="mono", size=11, aliased=True, line_gap=1.25)
    regions = _regions(rendered.image)
    assert len(regions) == 1
    x0, y0, x1, y1 = regions[0]
    for line in rendered.lines:
        lx0, ly0, lx1, ly1 = line.box
        assert x0 <= lx0 and y0 <= ly0 and lx1 <= x1 + 2 and ly1 <= y1 + 2


def test_anti_aliased_text_is_not_bitmap_text() -> None:
    for theme in ("light", "dark", "terminal"):
        rendered = render(LINES, font="mono", size=11, theme=theme, line_gap=1.25)
        assert _regions(rendered.image) == [], theme


def test_icons_and_table_rules_are_not_text() -> None:
    image = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(image)
    for row in range(8):  # a grid of cell borders
        draw.line((20, 20 + row * 40, 620, 20 + row * 40), fill="black")
    for column in range(7):
        draw.line((20 + column * 100, 20, 20 + column * 100, 300), fill="black")
    for index in range(8):  # a column of filled icons
        top = 20 + index * 40
        draw.ellipse((630 - 6, top, 630 + 6, top + 12), fill="navy")
        draw.polygon([(5, top + 12), (11, top), (17, top + 12)], fill="darkred")
    assert _regions(image) == []


def test_addresses_in_a_small_bitmap_font_are_masked_and_prose_kept() -> None:
    rendered = render(LINES, font="mono", size=11, aliased=True, line_gap=1.25)
    result = redact_image(rendered.image, engine=TesserocrEngine())
    for text, ink in rendered.values.items():
        assert ink.unchanged_share(rendered.image, result.image) < 0.25, text
    for line in (rendered.lines[0], rendered.lines[4]):
        assert line.unchanged_share(rendered.image, result.image) > 0.95, line.text


def test_an_unlabelled_password_in_a_chat_line_is_masked() -> None:
    lines = [
        [("[14:13] George: the shared drive is back, use ", False), ("Kx7#pLm2qRw", True)],
        [("[14:14] Sam: thanks, release v2.1.0-rc1 goes out at 16:00", False)],
    ]
    rendered = render(lines, font="sans", size=14)
    result = redact_image(rendered.image, engine=TesserocrEngine())
    assert rendered.values["Kx7#pLm2qRw"].unchanged_share(rendered.image, result.image) < 0.25
    assert rendered.lines[1].unchanged_share(rendered.image, result.image) > 0.95


def test_unreadable_ink_that_is_a_drawn_rule_is_not_text() -> None:
    from redaction.image.ocr import UNREAD, OcrWord
    from redaction.image.redact import _is_rule

    page = np.full((40, 200), 255, dtype=np.uint8)
    page[10, 10:190] = 0  # "+-----+-----+": a rule with its junction marks
    page[8:13, 10] = page[8:13, 100] = page[8:13, 189] = 0
    rendered = render([[("Quarterly report", False)]], size=14)
    text_page = np.asarray(rendered.image.convert("L"))
    assert _is_rule(OcrWord(UNREAD, 0.0, (8, 4, 192, 16)), page)
    assert not _is_rule(OcrWord(UNREAD, 0.0, rendered.lines[0].box), text_page)
    assert not _is_rule(OcrWord("rule", 90.0, (8, 4, 192, 16)), page)  # read text stays
