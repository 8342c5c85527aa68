"""The client of an access log line is masked by its place, whatever OCR made of it."""

from __future__ import annotations

import pytest

from redaction.image.accesslog import client_hits
from redaction.image.analyse import analyse_words
from redaction.image.ocr import OcrWord
from redaction.policy import RedactionPolicy
from tests.redaction.image.lines import line_of, masked


@pytest.mark.parametrize(
    ("text", "client"),
    [
        # An IPv6 address whose colons a bitmap font turned into 3s.
        ('2001 2db8332a22:371a - - [01/Aug/2025:20330329:32 +0000] "GET / HTTP/1,1" 200',
         "2001 2db8332a22:371a"),
        # The identity field's dash glued to the address.
        ('192,0,2,145- - [30/Jan/2024:09:34:30 +0000] "HEAD /login HTTP/1.1" 500', "192,0,2,145"),
        # A host name, and a user named by HTTP authentication masked with it (the
        # line glues a lone dash to the words around it).
        ('crawl-7.example.net - alice [30/Jan/2024:09:34:30 +0000] "GET / HTTP/1.1"',
         "crawl-7.example.net-alice"),
        ("(01/Aug/2025 is no client", None),
        ("see - - [01/Aug/2025:10:00:00] for details", None),  # no address before it
    ],
)  # fmt: skip
def test_the_client_field_is_masked(text: str, client: str | None) -> None:
    line = line_of(text)
    assert masked(line, list(client_hits(line))) == ([client] if client else [])


def test_a_client_read_as_a_segment_of_its_own_is_masked() -> None:
    # OCR set the address apart from the rest of its line (a wide gap after it).
    words = [
        OcrWord("198,51,100,166-", 80.0, (3, 253, 98, 261)),
        OcrWord("-", 80.0, (105, 253, 111, 261)),
        OcrWord("[30/Jan/2024:09:33:36", 80.0, (117, 253, 250, 262)),
        OcrWord('"HEAD', 90.0, (260, 253, 290, 262)),
        OcrWord("/login", 90.0, (296, 253, 332, 262)),
    ]
    far = [OcrWord(w.text, w.confidence, (w.box[0] + 60, *w.box[1:])) for w in words[1:]]
    boxes, text = analyse_words([words[0], *far], RedactionPolicy())
    assert any(box.box[0] <= 3 and box.box[2] >= 98 for box in boxes)
    assert "198" not in text and "/login" in text
