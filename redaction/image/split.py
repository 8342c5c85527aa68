"""Values OCR split into pieces are covered whole.

Tesseract splits a value at a glyph it cannot read or a gap it takes for a
space: "DB_PASSWORD=Saturn" ".44", "token: hp_keOUR" "6nVRO3g}vkbx…", "ben."
"lindq" "vistS0@mail.example.com". The detectors find one piece; these rules
grow the hit over the others, so no piece of the value stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence

from redaction.detector import Hit
from redaction.detectors.values import is_hex_id, is_prose_word
from redaction.image.failclosed import (
    BARELY_READ,
    LOW_CONFIDENCE,
    UI_WORDS,
    VALUE_EDGES,
    is_separator,
)
from redaction.image.layout import Line, advance_of

# The detector of a vendor token cut by the end of its line (see wrapped_value_words).
CUT_TOKEN = "token_cut_at_line_end"
# Types whose value OCR may split into pieces, every one of which must be covered.
CREDENTIAL_TYPES = frozenset({"PASSWORD", "SECRET"})
UNSURE = "UNSURE"
# Types made of digit groups: a group OCR garbled (often with the border of its
# input box: "[e700 900232", "(saa 797 4476") stands just before the groups it read.
NUMBER_TYPES = frozenset(
    {"PHONE", "NHS_NUMBER", "CARD", "SORT_CODE", "BANK_ACCOUNT", "IBAN", "UK_NINO", "US_SSN"}
)
_GROWN_TYPES = CREDENTIAL_TYPES | NUMBER_TYPES | {"EMAIL", UNSURE}
# A garbled group is no longer than this (without the punctuation around it).
GARBLED_GROUP_CHARS = 6
# A split credential goes on across gaps up to this many character advances (a
# monospaced space is one; a glyph OCR dropped leaves about one more).
VALUE_GAP = 2.0
# A credential ending its line goes on in the next line of its row this close
# (in line heights; see continued_on_row).
ROW_GAP = 3.0
# An address's start and end go together across a gap this wide (in line heights):
# the local part's middle OCR lost ("sofia" … "trov@example.net").
ADDRESS_ROW_GAP = 5.0
# A weakly read piece goes on with it across a wider gap: the glyphs between were
# dropped as noise ("+UNF" "LiF" "Y9MS", the middle read as nothing).
WEAK_VALUE_GAP = 4.0
# Closer than this many advances, a piece is part of the token whatever its shape.
TIGHT_VALUE_GAP = 0.8
# Words that start a comment after a value ("DB_PASSWORD=x  # rotated").
_COMMENT_STARTS = ("#", "//", ";", "--")


def _word_at(line: Line, offset: int) -> int:
    """Index of the word of ``line`` holding character ``offset``; -1 between words."""
    for index, (word, start) in enumerate(zip(line.words, line.starts, strict=True)):
        if start <= offset < start + len(word.text):
            return index
    return -1


def _continues_value(text: str, assignment: bool, tight: bool) -> bool:
    """``text`` is another piece of a credential split by OCR, not the words after it.

    ``tight``: it follows across less than a space, so it is part of the same token
    whatever it looks like ("ghp_dPOj…X9" "Awl" "5f8cEJjG").
    """
    core = text.strip(VALUE_EDGES)
    # A comment is set apart by a space at least; "#38" closer than that is the
    # rest of the token ("Butt3rfly" "#38").
    comment = text.startswith(_COMMENT_STARTS) and not (tight and core[1:].isalnum())
    if not core:
        return not comment  # a stray "." inside the value
    if comment or is_prose_word(core):
        return False
    if core.lower() in UI_WORDS:
        return False
    if is_separator(core):
        # Inside a "KEY=value" a ":" closer than a space is the value's own
        # ("DB_PASSWORD=tE" ":" "3Tdqm…"); elsewhere it starts something new.
        return assignment and tight and not core.isalpha()
    if assignment or tight:
        return True  # "KEY=value" runs to the end of the line in a config file
    return any(not char.isalpha() for char in core) or any(char.isupper() for char in core[1:])


def _starts_address(text: str, confidence: float, *, cut: bool = False) -> bool:
    """A word before an e-mail address that can be the start of its local part
    ("ben." "lindq" before "vistS0@mail.example.com"): weakly read, ending in a
    character local parts are joined with, or shaped like a local part and not a
    word (letters with a digit, "." or "_": "taylor.vasquez" "16@example.com",
    "keiko9" "1@example.net"). ``cut``: the piece after it starts with ".", "_" or
    "-", so the local part surely goes on to the left ("oliver" ".novak57@…").
    """
    core = text.strip("\"'()[]<>,;")
    if not core or text.endswith(":") or "@" in core or _names_address(core):
        return False
    if cut:
        return True
    if is_prose_word(core):
        return False
    shaped = any(char.isalpha() for char in core) and (
        any(char.isdigit() for char in core) or "." in core[1:-1] or "_" in core
    )
    return confidence < LOW_CONFIDENCE or core[-1] in "._-+" or shaped


_ADDRESS_LABELS = frozenset({"email", "e-mail", "mail", "emailaddress"})


def _names_address(text: str) -> bool:
    """An e-mail field's label ("email", "E-mail:", a JSON key '"email":')."""
    return text.strip(":=\"'\u201c\u201d").lower() in _ADDRESS_LABELS


def _extend_address(line: Line, hit: Hit, advance: float) -> Hit:
    """An e-mail hit grown back over the pieces of its local part OCR split off."""
    first = _word_at(line, hit.start)
    if first < 0 or line.starts[first] != hit.start:
        return hit
    while first > 0:
        before, word = line.words[first - 1], line.words[first]
        if word.box[0] - before.box[2] > VALUE_GAP * advance:
            break
        cut = word.text.lstrip("\"'(<").startswith((".", "_", "-"))
        # Between an e-mail label and the address, a word is its start: the "_"
        # between them was lost ("Work email" "george" "patel@example.org").
        labelled = first >= 2 and _names_address(line.words[first - 2].text)
        if not (labelled or _starts_address(before.text, before.confidence, cut=cut)):
            break
        first -= 1
    return Hit(line.starts[first], hit.end, hit.type, hit.detector, hit.confidence)


def _weak_piece_before(line: Line, index: int, advance: float, below: float) -> bool:
    """The word before word ``index`` is close, read with confidence under
    ``below``, and neither a label ("Phone:") nor a word of prose."""
    before, word = line.words[index - 1], line.words[index]
    core = before.text.strip(VALUE_EDGES)
    return (
        word.box[0] - before.box[2] <= VALUE_GAP * advance
        and before.confidence < below
        and bool(core)
        and not before.text.endswith((":", "="))
        and not is_prose_word(core)
    )


def _tight_piece_before(line: Line, index: int, advance: float) -> bool:
    """The word before word ``index`` is closer than a space and shaped like a piece
    of a token ("JInKJ" "gp%N2H67": OCR split a password at a wide glyph)."""
    before, word = line.words[index - 1], line.words[index]
    return (
        word.box[0] - before.box[2] <= TIGHT_VALUE_GAP * advance
        and not before.text.endswith((":", "="))
        and _continues_value(before.text, assignment=False, tight=False)
    )


def _extend_back(line: Line, hit: Hit, advance: float, *, tight: bool = False) -> Hit:
    """A credential or unsure hit grown back over the barely read pieces before it
    ("bNO7!" "!CxDtMhM2VO": the first piece read too badly to judge on its own),
    and with ``tight`` over token-shaped pieces closer than a space."""
    first = _word_at(line, hit.start)
    if first < 0 or line.starts[first] != hit.start:
        return hit
    while first > 0 and (
        _weak_piece_before(line, first, advance, BARELY_READ)
        or (tight and _tight_piece_before(line, first, advance))
    ):
        first -= 1
    return Hit(line.starts[first], hit.end, hit.type, hit.detector, hit.confidence)


def _extend_number_back(line: Line, hit: Hit, advance: float) -> Hit:
    """A number grown back over one weakly read, short piece just before it: the
    first group of the number, garbled ("[e700" "900232")."""
    first = _word_at(line, hit.start)
    if first < 1 or line.starts[first] != hit.start:
        return hit
    core = line.words[first - 1].text.strip(VALUE_EDGES)
    if (
        not _weak_piece_before(line, first, advance, LOW_CONFIDENCE)
        or len(core) > GARBLED_GROUP_CHARS
        or core.lower() in UI_WORDS
    ):
        return hit
    return Hit(line.starts[first - 1], hit.end, hit.type, hit.detector, hit.confidence)


# A phone number has at least this many digits; one read with fewer may go on
# past a speck OCR read as a glyph ("020 7946 i 0882")...
PHONE_MIN_DIGITS = 10
PHONE_MAX_DIGITS = 13
# ...in a last group of this many digits.
LAST_GROUP_DIGITS = (3, 4)


def _last_group(text: str) -> bool:
    """A phone number's last group of digits."""
    core = text.strip(VALUE_EDGES)
    return core.isdigit() and LAST_GROUP_DIGITS[0] <= len(core) <= LAST_GROUP_DIGITS[1]


def _speck(text: str) -> bool:
    """A speck OCR read as a glyph or two, no digit ("i", "|")."""
    return len(text) <= 2 and not any(char.isdigit() for char in text)


def _extend_phone_forward(line: Line, hit: Hit, advance: float) -> Hit:
    """A phone number short of digits grown over its last group, past one speck
    (a glyph of at most two characters, no digit) OCR read between them."""
    digits = sum(char.isdigit() for char in line.text[hit.start : hit.end])
    last = _word_at(line, hit.end - 1)
    if hit.type != "PHONE" or digits >= PHONE_MIN_DIGITS or last < 0:
        return hit
    following = last + 1
    for _ in range(2):
        if following >= len(line.words):
            return hit
        word, before = line.words[following], line.words[following - 1]
        if word.box[0] - before.box[2] > VALUE_GAP * advance:
            return hit
        if _last_group(word.text):
            if digits + len(word.text.strip(VALUE_EDGES)) > PHONE_MAX_DIGITS:
                return hit
            end = line.starts[following] + len(word.text)
            return Hit(hit.start, end, hit.type, hit.detector, hit.confidence)
        if not _speck(word.text):
            return hit
        following += 1
    return hit


def extend_split_values(line: Line, hits: list[Hit]) -> list[Hit]:
    """Hits grown over the pieces OCR split a value into: credentials to whole words
    and over what follows them ("DB_PASSWORD=Saturn" ".44", "token: hp_keOUR"
    "6nVRO3g}vkbx…"), and back over barely read pieces before them; numbers back
    over a garbled first group; e-mail addresses back over the start of their
    local part."""
    if not any(hit.type in _GROWN_TYPES for hit in hits):
        return hits
    advance = advance_of(line.words)
    grown: list[Hit] = []
    for hit in hits:
        if hit.type == "EMAIL":
            grown.append(_extend_address(line, hit, advance))
            continue
        if hit.type == UNSURE:
            grown.append(_extend_back(line, hit, advance))
            continue
        if hit.type in NUMBER_TYPES:
            grown.append(
                _extend_phone_forward(line, _extend_number_back(line, hit, advance), advance)
            )
            continue
        if hit.type in CREDENTIAL_TYPES:
            hit = _extend_back(line, hit, advance, tight=True)
        last = _word_at(line, hit.end - 1) if hit.type in CREDENTIAL_TYPES else -1
        if last < 0:
            grown.append(hit)
            continue
        before = line.text[max(0, hit.start - 1) : hit.start]
        assignment = before in ("=", ":", "-") and _word_at(line, hit.start - 1) == _word_at(
            line, hit.start
        )
        following = last + 1
        while following < len(line.words):
            piece = line.words[following]
            gap = piece.box[0] - line.words[following - 1].box[2]
            # Glued in the line's text: the layout found no space there either.
            glued = line.text[line.starts[following] - 1] != " "
            tight = gap <= TIGHT_VALUE_GAP * advance or glued
            reach = WEAK_VALUE_GAP if piece.confidence < LOW_CONFIDENCE else VALUE_GAP
            if gap > reach * advance or not _continues_value(
                line.words[following].text, assignment, tight
            ):
                break
            following += 1
        end = line.starts[following - 1] + len(line.words[following - 1].text)
        grown.append(Hit(hit.start, max(hit.end, end), hit.type, hit.detector, hit.confidence))
    return grown


def continued_on_row(line: Line, spans: Sequence[tuple[int, int, str, str]], right: Line) -> str:
    """The type of a credential that runs to the end of ``line`` and goes on in the
    first word of ``right``, the next line on its row, or "" when none does.

    OCR can box a value's pieces so far apart that they land in two lines
    ("DB_PASSWORD=h8=Lu:" / "Oko3TEhz+2"); the second piece must look like more
    of the value (see :func:`_continues_value`) and sit within ``ROW_GAP`` heights.
    """
    end_of_text = len(line.text.rstrip())
    kinds = [kind for _, end, kind, _ in spans if kind in CREDENTIAL_TYPES and end >= end_of_text]
    if not kinds or right.box[0] - line.box[2] > ROW_GAP * line.height:
        return ""
    first = right.words[0].text
    return kinds[0] if _continues_value(first, assignment=False, tight=False) else ""


def phone_continued_on_row(
    line: Line, spans: Sequence[tuple[int, int, str, str]], right: Line
) -> bool:
    """A phone number short of digits ends ``line`` (but for a speck) and its last
    group starts ``right``, the next line on its row ("SUPPORT_PHONE=020 7946 i" /
    "0882")."""
    if right.box[0] - line.box[2] > ROW_GAP * right.height:
        return False
    tail = line.starts[-1] if _speck(line.words[-1].text) else len(line.text.rstrip())
    if not _last_group(right.words[0].text):
        return False
    first = right.words[0].text.strip(VALUE_EDGES)
    for start, end, kind, _ in spans:
        digits = sum(char.isdigit() for char in line.text[start:end])
        if kind == "PHONE" and len(line.text[:tail].rstrip()) <= end and digits < PHONE_MIN_DIGITS:
            return digits + len(first) <= PHONE_MAX_DIGITS
    return False


def address_started_on_row(
    line: Line, right: Line, right_spans: Sequence[tuple[int, int, str, str]]
) -> bool:
    """``line`` ends with the start of the e-mail address that ``right``, the next line
    on its row, starts with: its middle was lost to OCR, leaving a gap wide enough
    to split the row ('"email": "sofia' / 'trov@example.net"')."""
    if right.box[0] - line.box[2] > ADDRESS_ROW_GAP * line.height:
        return False
    if not any(start == 0 and kind == "EMAIL" for start, _, kind, _ in right_spans):
        return False
    last = line.words[-1]
    labelled = len(line.words) >= 2 and _names_address(line.words[-2].text)
    # An id ending the line ("request_id: 3ed70898-dc2d-…") starts no address.
    return labelled or (_starts_address(last.text, last.confidence) and not is_hex_id(last.text))


def wrapped_value_words(
    upper: Line, spans: Sequence[tuple[int, int, str, str]], lower: Line
) -> tuple[int, str]:
    """How many leading words of ``lower`` go on with a vendor token cut by the end of
    ``upper`` (wrapped onto the next line: "…CI job: ghp_OQpRv2AP" / "lgGkFKpnCn
    XALMF3x5Ju"), and its type; (0, "") when none.

    Only a token known to be cut (its prefix and too short a body, at the very end
    of the line): a whole secret at a line's end is followed by the next setting
    or command, not by its own rest.
    """
    end_of_text = len(upper.text.rstrip(VALUE_EDGES + " "))
    cut = [kind for _, end, kind, detector in spans if detector == CUT_TOKEN and end >= end_of_text]
    if not cut:
        return 0, ""
    count = 0
    for word in lower.words:
        if any(char in word.text for char in "=:$#") or not _continues_value(
            word.text, assignment=False, tight=False
        ):
            break
        count += 1
    return count, cut[0]
