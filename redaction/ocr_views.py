"""Same-length "views" of OCR text with likely misreadings undone.

OCR confuses glyph pairs such as O/0, I/l/1, S/5, B/8 and Z/2. Rather than make
every pattern tolerant of every confusion, the redactor matches its patterns on
extra views of the line in which such characters are mapped back:

* the *digit view* maps letters to the digit they resemble inside words that are
  mostly digits (``4111 1111 IlII 1111`` → ``4111 1111 1111 1111``);
* the *letter view* maps digits and symbols to the letter they resemble inside
  words that are mostly letters (``Passw0rd`` → ``Password``), and a comma
  inside a word back to the dot it was (small bitmap fonts draw "." and "," a
  pixel apart: ``robin,quinlan@example,org``).

Every mapping is one character to one character, so a span found in a view is
the same span of the original text: the redactor masks the original characters.
"""

from __future__ import annotations

import re

_TO_DIGIT = str.maketrans(
    {
        "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0",
        "I": "1", "l": "1", "i": "1", "|": "1", "L": "1", "!": "1", "T": "7",
        "Z": "2", "z": "2",
        "S": "5", "s": "5",
        "B": "8",
        "G": "6", "b": "6",
        "g": "9", "q": "9",
        "A": "4",
    }
)  # fmt: skip
TO_LETTER = str.maketrans(
    {
        "0": "o", "1": "l", "|": "l", "!": "i", "5": "s", "8": "b",
        "3": "e", "4": "a", "7": "t", "6": "g", "9": "g", "2": "z",
    }
)  # fmt: skip

_DIGIT_LIKE = frozenset("0123456789ODQUIliL|!TZzSsBGbgqAo")
_STRONG_DIGIT_LIKE = frozenset("OIlSBZGDQo|")
_LETTER_LIKE_EXTRA = frozenset("0123456789|!")

# A "word" for the purpose of deciding which view applies: letters, digits and
# the symbols OCR produces in place of them ("@" and "$" are left alone: they
# are real characters of e-mail addresses and prices far more often).
# A single character class repeated: linear in Python's engine too, and cheaper
# per match than crossing into RE2 for every word.
_WORD = re.compile(r"[0-9A-Za-z|!]+")


def _is_digit_word(word: str) -> bool:
    return all(char in _DIGIT_LIKE for char in word)


def _group_follows(
    words: list[tuple[int, int, str]], digit_counts: list[int], index: int, position: int
) -> bool:
    """Word ``index`` holds two digits or more and stands one space from ``position``."""
    if not 0 <= index < len(words) or digit_counts[index] < 2:
        return False
    start, end, _ = words[index]
    return abs(start - position) <= 1 or abs(position - end) <= 1


def digit_view(text: str) -> str:
    """Map letter-for-digit misreadings in words that belong to a number.

    A word is remapped when every character could be a digit and it either holds
    a digit itself or sits next to a word with at least two digits (the card
    group ``IlII`` between ``1111`` groups).
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not words:
        return text
    digit_counts = [sum(char.isdigit() for char in word) for _, _, word in words]
    out = list(text)
    changed = False
    for index, (start, end, word) in enumerate(words):
        if word.isdigit() or not _is_digit_word(word):
            continue
        has_digit = digit_counts[index] > 0
        near_number = (
            index > 0 and digit_counts[index - 1] >= 2 and start - words[index - 1][1] <= 2
        ) or (
            index + 1 < len(words)
            and digit_counts[index + 1] >= 2
            and words[index + 1][0] - end <= 2
        )
        # Next to a number, only glyphs OCR really produces for digits count;
        # ordinary lower-case words ("is", "so") stay words.
        if has_digit or (near_number and all(char in _STRONG_DIGIT_LIKE for char in word)):
            out[start:end] = word.translate(_TO_DIGIT)
            changed = True
    # A "5" (or "3") read as "$" at the start of a digit group between other
    # groups ("0749 $423 5128") or before two more ("$06 02 4949"); a price
    # stands alone ("$423 each", "$423 in 2024").
    for index, (start, _, _) in enumerate(words):
        if start == 0 or text[start - 1] != "$" or digit_counts[index] < 2:
            continue
        before = index > 0 and _group_follows(words, digit_counts, index - 1, start - 1)
        after = _group_follows(words, digit_counts, index + 1, words[index][1])
        after_two = after and _group_follows(words, digit_counts, index + 2, words[index + 1][1])
        if (before and after) or after_two:
            out[start - 1] = "5"
            changed = True
    # A small "0" read as "@" at the start of a group of a dotted or dashed number
    # ("@6-19-80", "192. @.2.109") or of a spaced one ("5228 @114 5970", "@8 05 52"); after a
    # letter it is an address's.
    for match in _AT_FOR_ZERO.finditer(text):
        out[match.start()] = "0"
        changed = True
    return "".join(out) if changed else text


_AT_FOR_ZERO = re.compile(
    r"(?<![0-9A-Za-z_.%+\-])@(?=[0-9]?[.\-][0-9])|(?<=[0-9] )@(?=[0-9]+(?:[ ]|$))"
    r"|(?<![0-9A-Za-z_.%+\-])@(?=[0-9]{1,3}[ ][0-9]{2,}(?:[ ]|$))"
)


# A comma with no space after it, between a letter and a letter or digit: a dot
# misread (prose puts a space after its commas; numbers have digits both sides).
_COMMA_IN_WORD = re.compile(r"(?<=[A-Za-z]),(?=[A-Za-z0-9])|(?<=[0-9]),(?=[A-Za-z])")


def letter_view(text: str) -> str:
    """Map digit-for-letter misreadings in words that are mostly letters, and
    commas inside words to dots."""
    out: list[str] | None = None
    for match in _COMMA_IN_WORD.finditer(text):
        if out is None:
            out = list(text)
        out[match.start()] = "."
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isalpha():
            continue
        letters = sum(char.isalpha() for char in word)
        others = sum(char in _LETTER_LIKE_EXTRA for char in word)
        if letters >= 2 and letters >= others:
            if out is None:
                out = list(text)
            out[match.start() : match.end()] = word.translate(TO_LETTER)
    return "".join(out) if out is not None else text
