"""Times a small bitmap font's ":" turned into digits are put back where the line is dated."""

from __future__ import annotations

import pytest

from redaction import RedactionPolicy
from redaction.image.analyse import analyse_words
from redaction.image.misreads import undo_misreads
from tests.redaction.image.lines import line_of


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Date; Fri Nov 8 22305300 2024 +0100", "Date; Fri Nov 8 22:05:00 2024 +0100"),
        ("-rw-r--r-- 1 ubuntu ubuntu 6240 Oct 16 02308 deploy.sh",
         "-rw-r--r-- 1 ubuntu ubuntu 6240 Oct 16 02:08 deploy.sh"),
        ("drwxr-xr-x 6 ubuntu ubuntu 4096 Jan 30 01248 docs",
         "drwxr-xr-x 6 ubuntu ubuntu 4096 Jan 30 01:48 docs"),
        ('"created_at"; "2023-12-27T033423352",', '"created_at"; "2023-12-27T03:42:35Z",'),
        ("udev 3146 207G 2396 46% /dev", "udev 314G 207G 239G 46% /dev"),
    ],
)  # fmt: skip
def test_misread_times_in_dated_lines_are_restored(read: str, meant: str) -> None:
    before = line_of(read)
    line = undo_misreads(before)
    pairs = zip(read.split(" "), meant.split(" "), strict=True)
    changed = [(a, b) for a, b in pairs if a != b]
    words = zip(before.words, line.words, strict=True)
    assert [(a.text, b.text) for a, b in words if a != b] == changed
    expected = before.text
    for old, new in changed:
        expected = expected.replace(old, new)
    assert line.text == expected
    starts = zip(line.words, line.starts, strict=True)
    assert [line.text[s : s + len(w.text)] for w, s in starts] == [w.text for w in line.words]


@pytest.mark.parametrize(
    "text",
    [
        "card 22305300 on file",  # no date on the line: a number stays a number
        "Fri Nov 8 24305300 2024",  # no hour 24
        "Fri Nov 8 22365300 2024",  # no minute 65
        "Mon 4111 1111 1111 1111",  # a card beside a weekday is not a time
        "Account 12345676 is 78% used",  # one number is no disk usage row
        "3146 2486 then 78%",  # ...nor are numbers after the percentage's place
    ],
)
def test_numbers_that_are_not_times_are_left(text: str) -> None:
    assert undo_misreads(line_of(text)).text == text


def test_a_git_log_date_in_a_bitmap_font_is_not_masked() -> None:
    from redaction.image.ocr import OcrWord

    texts = ["Date;", "Fri", "Nov", "8", "22305300", "2024", "+0100"]
    words, x = [], 0
    for text in texts:
        words.append(OcrWord(text, 94.0, (x, 0, x + 6 * len(text), 8)))
        x += 6 * len(text) + 6
    boxes, text = analyse_words(words, RedactionPolicy())
    assert boxes == []
    assert text == "Date; Fri Nov 8 22:05:00 2024 +0100"
