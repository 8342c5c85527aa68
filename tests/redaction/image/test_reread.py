"""Weak and garbled small words are read again from a 2× crop, most urgent first.

The engine here is scripted (it returns what tesseract returned on a real
screen where its page layout garbled clear text): these tests are about which
words are re-read and which readings replace which, not about OCR quality.
"""

from __future__ import annotations

from PIL import Image

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
