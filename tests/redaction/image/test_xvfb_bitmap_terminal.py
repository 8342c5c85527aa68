"""An xterm in its default bitmap font (6x13 "fixed"), as a user first sees it.

Tesseract reads that font's "@" as "t" or "d" and its dots as commas, so e-mail
addresses once came out of the redactor readable. Bitmap text is now read at
twice its size: an address shown and one typed (real key events) are masked,
and the ordinary lines around them stay readable.
"""

from __future__ import annotations

import re
import time

import mss
import pytest
from PIL import Image

from redaction import redact_image
from redaction.image.ocr import TesserocrEngine
from redaction.image.redact import prepare, read_words
from tests.desktop import Display, wait_for_window

ADDRESS = "someone@example.org"
TYPED = "ping nobody.here@example.net"
ORDINARY = ["Weekly planning notes for the platform team", "Release train leaves on Thursday"]
# What OCR reliably reads of them (it may split "platform" in this font).
READABLE = ["Weekly planning notes", "Release train leaves on Thursday"]


def _capture(display: Display) -> Image.Image:
    with mss.MSS(display=display.name) as grabber:
        shot = grabber.grab(grabber.monitors[1])
        return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def _settled(display: Display) -> Image.Image:
    frame = _capture(display)
    for _ in range(40):
        time.sleep(0.15)
        again = _capture(display)
        if again.tobytes() == frame.tobytes():
            return again
        frame = again
    return frame


def _read(image: Image.Image) -> str:
    """What OCR can read off ``image``, bitmap text read at 2x as the redactor does."""
    page, _ = prepare(image, [])
    words = read_words(TesserocrEngine(), page)
    return re.sub(r"\s+", "", " ".join(word.text for word in words)).lower().replace(",", ".")


@pytest.fixture(scope="module")
def frame(display: Display, tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    notes = tmp_path_factory.mktemp("fixed") / "notes.txt"
    notes.write_text(f"{ORDINARY[0]}\nmail {ADDRESS}\n{ORDINARY[1]}\n")
    process = display.spawn(
        ["xterm", "-T", "consentry-fixed", "-fn", "fixed", "-geometry", "90x12+30+30",
         "-e", f"cat {notes}; exec sh"]
    )  # fmt: skip
    try:
        window = wait_for_window(display, "consentry-fixed")
        display.run("xdotool", "windowactivate", "--sync", window)
        display.type(TYPED, delay_ms=15)
        yield _settled(display)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_addresses_in_the_fixed_font_are_masked(frame: Image.Image) -> None:
    before = _read(frame)
    assert "example.org" in before and "example.net" in before  # readable before
    result = redact_image(frame)
    after = _read(result.image)
    assert "someone" not in after and "nobody" not in after
    assert "EMAIL" in {box.type for box in result.boxes}


def test_ordinary_lines_in_the_fixed_font_stay_readable(frame: Image.Image) -> None:
    text = redact_image(frame).text
    for words in READABLE:
        assert words in text
