"""Real screenshots of an Xvfb display (xterm under openbox), captured with mss.

Synthetic values are shown in a terminal; the redacted capture, read again by
tesseract, must not contain any of them, and ordinary text must survive. Then
more is typed with xdotool and the next frame goes through the incremental
redactor, which must read only the changed part and catch the new value.
"""

from __future__ import annotations

import hashlib
import re
import time

import mss
import pytest
from PIL import Image

from redaction import ScreenRedactor, redact_image
from redaction.image.ocr import TesserocrEngine
from tests.desktop import Display, wait_for_window

CANARIES = {
    "EMAIL": "ada.lovelace@example.org",
    "CARD": "4012 8888 8888 1881",  # a published Visa test number
    "IBAN": "GB33 BUKB 2020 1555 5555 55",
    "PHONE": "07700 900461",
    "PASSWORD": "Zq8#rTmw2Lp",
}
# Built at run time so that no token-shaped literal sits in the repository
# (secret scanners would flag it, and rightly so).
FAKE_TOKEN = "ghp_" + hashlib.sha256(b"consentry xvfb test token").hexdigest()[:36]
ORDINARY = ["Weekly planning notes", "Release train leaves on Thursday"]


def _normalised(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).lower()


def _capture(display: Display) -> Image.Image:
    with mss.MSS(display=display.name) as grabber:
        shot = grabber.grab(grabber.monitors[1])
        return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def _ocr_text(image: Image.Image) -> str:
    return " ".join(word.text for word in TesserocrEngine().read(image.convert("L")))


def _settle(display: Display, before: Image.Image | None = None) -> Image.Image:
    """A capture after the screen stops changing (xterm draws asynchronously)."""
    frame = _capture(display)
    for _ in range(40):
        time.sleep(0.15)
        again = _capture(display)
        if again.tobytes() == frame.tobytes() and (
            before is None or again.tobytes() != before.tobytes()
        ):
            return again
        frame = again
    return frame


@pytest.fixture(scope="module")
def terminal(display: Display, tmp_path_factory: pytest.TempPathFactory) -> Display:
    notes = tmp_path_factory.mktemp("xterm") / "notes.txt"
    notes.write_text(
        f"{ORDINARY[0]}\n"
        f"Contact: {CANARIES['EMAIL']}  mobile {CANARIES['PHONE']}\n"
        f"Card {CANARIES['CARD']} IBAN {CANARIES['IBAN']}\n"
        f"db password: {CANARIES['PASSWORD']}\n"
        f"{ORDINARY[1]}\n"
    )
    display.spawn(
        ["xterm", "-T", "consentry-notes", "-fa", "DejaVu Sans Mono", "-fs", "13",
         "-geometry", "100x20+40+40", "-e", f"cat {notes}; exec sh"]
    )  # fmt: skip
    window = wait_for_window(display, "consentry-notes")
    display.run("xdotool", "windowactivate", "--sync", window)
    return display


def test_values_shown_in_a_real_terminal_are_gone_from_the_capture(terminal: Display) -> None:
    frame = _settle(terminal)
    assert _normalised(CANARIES["EMAIL"]) in _normalised(_ocr_text(frame))  # visible before
    result = redact_image(frame)
    after = _normalised(_ocr_text(result.image))
    assert [kind for kind, value in CANARIES.items() if _normalised(value) in after] == []
    assert {"EMAIL", "CARD", "IBAN", "PHONE", "PASSWORD"} <= {b.type for b in result.boxes}
    for line in ORDINARY:
        assert line in result.text


def test_typed_value_is_caught_by_the_incremental_redactor(terminal: Display) -> None:
    redactor = ScreenRedactor()
    first = _settle(terminal)
    redactor.redact(first)
    terminal.run(
        "xdotool",
        "type",
        "--delay",
        "20",
        f"export API_TOKEN={FAKE_TOKEN}",
    )
    second = _settle(terminal, before=first)
    result = redactor.redact(second)
    changed = sum((r[2] - r[0]) * (r[3] - r[1]) for r in redactor.last_regions)
    assert 0 < changed < 0.1 * second.width * second.height
    assert "SECRET" in {b.type for b in result.boxes} or "PASSWORD" in {
        b.type for b in result.boxes
    }
    assert FAKE_TOKEN[:10] not in _ocr_text(result.image)
