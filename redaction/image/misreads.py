"""Misreadings undone where the line itself says what a word is. Pure.

Small bitmap fonts (xterm's 6x10, 7x14) draw ":" as two dots that tesseract
reads as "3" (or "2"): "22:05:00" in a ``git log`` date becomes "22305300", an
8-digit run the card, phone and account rules take for a value. Beside a month
or weekday name ("Date: Fri Nov 8 22305300 2024") or after an ISO date
("2023-12-27T033423352") it can only be a time, and is put back as one. In a
disk usage row ("udev 3146 2486 666 78% /dev") sizes before the use
percentage lost their "G" to a "6" the same way.

Every change maps one character to one character, so the line's word boxes
and offsets stay valid.

:func:`table_bars` is another reading, not a correction: in a table drawn with
"|" a bar is often read as "1", "l" or "I" and glued to the cells beside it
("6739|Uma" as "67391Uma"), so the value before it no longer ends a word. The
line is analysed as read and as it reads with those bars made spaces again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from redaction.image.layout import Line
from redaction.image.ocr import OcrWord

_CALENDAR_WORD = re.compile(
    r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"[,.]?$"
)
# A clock time whose colons were read as "3" or "2": HH?MM or HH?MM?SS.
_CLOCK = re.compile(r"^(?:[01]\d|2[0-3])[32:][0-5]\d(?:[32:][0-5]\d)?$")
# An ISO date and a time, the colons read as "3" and a "Z" zone as "2".
_ISO_TIME = re.compile(
    r"^(\W*\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]))[3:]([0-5]\d)[3:]([0-5]\d)([Z2]?)"
)
_COLON_SLOTS = (2, 5)
# A disk usage line (df -h): sizes, then a use percentage. A "G" read as "6".
_USE_PERCENT = re.compile(r"^\d{1,3}%$")
_SIZE = re.compile(r"^\d{1,4}(?:[.,]\d)?[KMGTP]$")
_SIZE_G_AS_6 = re.compile(r"^\d{1,3}6$")
DF_MIN_SIZES = 2


def _as_clock(text: str) -> str:
    return "".join(":" if index in _COLON_SLOTS else char for index, char in enumerate(text))


def _as_iso_time(match: re.Match[str], text: str) -> str:
    head, minutes, seconds, zone = match.groups()
    fixed = f"{head}:{minutes}:{seconds}{'Z' if zone else ''}"
    return fixed + text[len(fixed) :]


def _is_size(text: str) -> bool:
    return _SIZE.match(text) is not None or _SIZE_G_AS_6.match(text) is not None


def _sizes_before_percentage(words: tuple[OcrWord, ...]) -> tuple[int, int]:
    """Where a disk usage row's sizes start and where its use percentage is, (0, 0)
    if the line is no such row: a file system's name (or not: read as a line of
    its own beside the sizes), then only sizes, then the percentage."""
    for index, word in enumerate(words):
        if _USE_PERCENT.match(word.text):
            first = 0 if words and _SIZE.match(words[0].text) else 1
            row = index - first >= DF_MIN_SIZES and all(
                _is_size(w.text) for w in words[first:index]
            )
            return (first, index) if row else (0, 0)
    return (0, 0)


def undo_misreads(line: Line) -> Line:
    """``line`` with misread times and sizes restored (see the module docstring)."""
    dated = any(_CALENDAR_WORD.match(word.text) for word in line.words)
    first, sized = _sizes_before_percentage(line.words)
    changed: list[OcrWord] = []
    for index, word in enumerate(line.words):
        text = word.text
        if first <= index < sized and _SIZE_G_AS_6.match(text):
            text = text[:-1] + "G"
        elif dated and _CLOCK.match(text):
            text = _as_clock(text)
        elif (iso := _ISO_TIME.match(text)) is not None:
            text = _as_iso_time(iso, text)
        changed.append(word if text == word.text else replace(word, text=text))
    if all(new is old for new, old in zip(changed, line.words, strict=True)):
        return line
    chars = list(line.text)
    for word, start in zip(changed, line.starts, strict=True):
        chars[start : start + len(word.text)] = word.text
    return replace(line, words=tuple(changed), text="".join(chars))


# A bar read as one or two thin glyphs between two cells ("I1", "|l", "!1"): after
# a digit or a lower-case letter, before a capital that starts a word ("Uma") or a
# code of two capitals and a digit ("GB44", "BS23": "DimitrovlIE89" is "Dimitrov"
# and "IE89"); or after a word, before a number ("com|l020",
# "netl+1"). A "1" alone is one glyph: "01311NE27" is "0131|NE27".
_GLUED_BAR = re.compile(
    r"(?<=[0-9a-z])(?:[lI!][1lI!|]|\|[lI!]|[1lI!])(?=[A-Z][a-z]|[A-Z]{2}[0-9])"
    r"|(?<=[a-z]{2})(?:[lI!][1lI!|]|\|[lI!])(?=\+?[0-9]{2})"
    r"|(?<=[.,]com|[.,]net|[.,]org)[lI!](?=\+[0-9]|[0-9]{2})"
    # ...and before an IBAN's country letters and check digits, after a space or a
    # name ("Fairweather IBE42 4046", "LindqvistIESOS 8301": "O" and "S" for digits).
    r"|(?<=[ a-z])[lI|](?=[A-Z]{2}[0-9OS]{2}[ ][0-9]{4})"
)


_BAR_BEFORE_IBAN = re.compile(r"[lI|][A-Z]{2}[0-9OS]{2}[ ][0-9]{4}")
# A row with no bar read as one shows it by this many glued bars.
GLUED_BARS_ALONE = 2


def table_bars(text: str) -> str | None:
    """``text`` with glued table bars restored (see the module docstring), or None
    when the line is no table row drawn with bars or nothing changes."""
    # Restored as spaces: a "|" would join the cells again in the digit view.
    restored, glued = _GLUED_BAR.subn(lambda bar: " " * len(bar.group()), text)
    iban = _BAR_BEFORE_IBAN.search(text) is not None
    if not glued or ("|" not in text and glued < GLUED_BARS_ALONE and not iban):
        return None
    return restored
