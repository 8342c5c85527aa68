"""Weak and garbled small words are read again from a 2× crop, most urgent first.

The engine here is scripted (it returns what tesseract returned on a real
screen where its page layout garbled clear text): these tests are about which
words are re-read and which readings replace which, not about OCR quality.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from redaction.image.boxes import Box
from redaction.image.ocr import UNREAD, OcrWord
from redaction.image.redact import broken_lines, read_words


class ScriptedEngine:
    """First call: the page reading; later calls: one re-read per crop, at 2×."""

    name = "scripted"

    def __init__(self, page: list[OcrWord], crop_reading: dict[int, list[OcrWord]]) -> None:
        self.page = page
        self.crop_reading = crop_reading  # by the crop's height in page pixels
        self.crops: list[tuple[int, int]] = []

    def read(
        self, image: Image.Image, region: Box | None = None, *, inverted_text: bool = True
    ) -> list[OcrWord]:
        if not self.crops and image.size == (800, 600):
            self.crops.append((-1, -1))
            return list(self.page)
        self.crops.append(image.size)
        # A crop is told apart by its height at 1× (the tests' regions differ).
        return list(self.crop_reading.get(image.height // 2, []))


def garbled(text: str, x: int, y: int, width: int, confidence: float = 0.0) -> OcrWord:
    return OcrWord(text, confidence, (x, y, x + width, y + 9))


def test_a_garbled_small_word_is_replaced_by_its_re_reading() -> None:
    page = Image.new("L", (800, 600), 255)
    first = [garbled("Pannen)", 400, 100, 83)]
    # The re-read region is the word ± 2 heights (18 px) and 4 px above and below:
    # 17 px high, so the 2× crop is 34 px high and the scripted reading is chosen.
    reread = [OcrWord("07700", 93.0, (36, 8, 100, 26)), OcrWord("900026", 93.0, (106, 8, 204, 26))]
    engine = ScriptedEngine(first, {17: reread})
    words = read_words(engine, page)
    assert [w.text for w in words] == ["07700", "900026"]
    assert all(w.box[1] >= 96 and w.box[3] <= 113 for w in words)  # back in page coordinates


def test_a_confident_word_is_never_re_read() -> None:
    page = Image.new("L", (800, 600), 255)
    engine = ScriptedEngine([garbled("Mobile", 400, 100, 40, confidence=97.0)], {})
    assert [w.text for w in read_words(engine, page)] == ["Mobile"]
    assert engine.crops == [(-1, -1)]


def test_an_unread_re_reading_keeps_the_first_reading_for_analysis() -> None:
    page = Image.new("L", (800, 600), 255)
    engine = ScriptedEngine([garbled("ennenta7", 386, 200, 77)], {})
    assert [w.text for w in read_words(engine, page)] == ["ennenta7"]


def test_a_line_broken_by_unreadable_ink_is_read_again_whole() -> None:
    # "db-2.internal:5432:reporting:app:x" as tesseract's page layout returned it.
    page = Image.new("L", (800, 600), 255)
    # The unreadable ink is glyph strokes over the line's height, not a drawn rule.
    ImageDraw.Draw(page).rectangle((190, 301, 191, 310), fill=0)
    first = [
        OcrWord("db-2.", 78.0, (4, 300, 45, 311)),
        OcrWord(":5432:report.ing:", 35.0, (52, 300, 180, 313)),
        OcrWord(UNREAD, 0.0, (186, 300, 212, 311)),
        OcrWord("app:Welc0me=93", 68.0, (218, 300, 330, 311)),
    ]
    whole = [OcrWord("db-2.internal:5432:reporting:app:Welc0me=93", 90.0, (8, 18, 680, 40))]
    # The region is the line's box, one line height (11 px) to each side, 4 px
    # above and below: 21 px high at 1x.
    engine = ScriptedEngine(first, {21: whole})
    words = read_words(engine, page)
    assert [w.text for w in words] == ["db-2.internal:5432:reporting:app:Welc0me=93"]


def test_a_lone_unreadable_mark_or_one_at_a_line_end_breaks_no_line() -> None:
    mark = OcrWord(UNREAD, 0.0, (100, 300, 126, 311))
    words = [garbled("Mobile", 140, 300, 40, 97.0), garbled("phone", 186, 300, 40, 97.0)]
    assert broken_lines([mark]) == []
    assert broken_lines([mark, *words]) == []  # an icon before a label
    inside = [words[0], OcrWord(UNREAD, 0.0, (184, 300, 200, 311)), garbled("x", 206, 300, 9, 90.0)]
    assert [line.text for line, _ in broken_lines(inside)] == [f"Mobile {UNREAD} x"]


class BlockEngine:
    """The page reading, then whatever region is read alone at its own size."""

    name = "scripted-block"

    def __init__(self, page: list[OcrWord], alone: list[OcrWord]) -> None:
        self.page = page
        self.alone = alone
        self.calls: list[tuple[tuple[int, int], Box | None]] = []

    def read(
        self, image: Image.Image, region: Box | None = None, *, inverted_text: bool = True
    ) -> list[OcrWord]:
        self.calls.append((image.size, region))
        if len(self.calls) == 1:
            return list(self.page)
        if image.size == (800, 600) and region is not None:
            return [w for w in self.alone if region[0] <= w.box[0] and w.box[2] <= region[2]]
        return []


def test_a_garbled_block_too_large_for_the_re_read_budget_is_read_alone() -> None:
    # A table whose rows tesseract's page layout mixed with a sidebar of another
    # line pitch: twenty rows of garbled words, 400 x 200 px, far past 4 % of the
    # frame; read alone (the region as its own page) its rows come out clear.
    page = Image.new("L", (800, 600), 255)
    rows = range(100, 300, 10)
    first = [garbled("lGBZ2", 200, y, 300, confidence=20.0) for y in rows]
    alone = [OcrWord(f"row {y}", 91.0, (200, y, 500, y + 9)) for y in rows]
    engine = BlockEngine(first, alone)
    words = read_words(engine, page)
    assert sorted(w.text for w in words) == sorted(w.text for w in alone)
    block = [region for size, region in engine.calls[1:] if size == (800, 600)]
    assert len(block) == 1 and block[0] is not None
    x0, y0, x1, y1 = block[0]
    assert x0 <= 200 and x1 >= 500 and y0 <= 100 and y1 >= 299


def test_a_block_beyond_a_quarter_of_the_frame_stays_as_first_read() -> None:
    # Past BLOCK_SHARE nothing is read again: the weak words stay and are masked
    # as unsure by the analysis (fail closed), and the cost stays bounded.
    page = Image.new("L", (800, 600), 255)
    rows = range(20, 580, 10)
    first = [garbled("lGBZ2", 20, y, 760, confidence=20.0) for y in rows]
    engine = BlockEngine(first, [])
    words = read_words(engine, page)
    assert [w.text for w in words] == [w.text for w in first]
    assert len(engine.calls) == 1
