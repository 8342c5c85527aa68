"""On OCR text, one misread character must not let a value through (fail closed)."""

from __future__ import annotations

import pytest

from redaction import redact_text
from tests.redaction.coverage import covering_finding

# (OCR line, the damaged value as it appears)
OCR_CASES = [
    ("Card: 4111 1111 IlII 1111", "4111 1111 IlII 1111"),
    ("Card 4111 1111 1111 1112", "4111 1111 1111 1112"),  # one wrong digit: Luhn fails
    ("card 5555 5555 5555 4A44", "5555 5555 5555 4A44"),
    ("Tel: O20 7946 O958", "O20 7946 O958"),
    ("mobile 077OO 9OOl23", "077OO 9OOl23"),
    ("IBAN GB82 WEST 1234 5698 7654 3Z", "GB82 WEST 1234 5698 7654 3Z"),
    ("IBAN GB82 WEST 1234 5698 7654 33", "GB82 WEST 1234 5698 7654 33"),  # mod-97 fails
    ("NI: AB 12 34 S6 C", "AB 12 34 S6 C"),
    ("NHS No 943 476 59l9", "943 476 59l9"),
    ("NHS No 943 476 5918", "943 476 5918"),  # mod-11 fails
    ("SSN 123-45-67B9", "123-45-67B9"),
    ("Passw0rd: hunter2", "hunter2"),
    ("PASSWORD hunt3r2!", "hunt3r2!"),
    ("pa55word = letmein99", "letmein99"),
    ("jane.doe@exarnple.c0m", "jane.doe@exarnple.c0m"),
    ("server 192.168.l.10 down", "192.168.l.10"),
    ("Postcode SWIA 1AA", "SWIA 1AA"),
]


@pytest.mark.parametrize(("line", "value"), OCR_CASES)
def test_value_with_an_ocr_confusion_is_still_redacted(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


OCR_ORDINARY = [
    "Meeting notes - 15 March 2024 - Q3 planning",
    "Revenue grew 3.5% to £1,250,000 in Q3 2025",
    "Reset your password using the link below",
    "File Edit View Insert Format Tools Help",
    "Version 3.11.7 (build 4521) - Settings",
    "Inbox (3) - Drafts - Sent - Spam",
]


@pytest.mark.parametrize("line", OCR_ORDINARY)
def test_ordinary_ocr_lines_stay_readable(line: str) -> None:
    assert redact_text(line, source="ocr").text == line
