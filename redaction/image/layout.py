"""Group OCR words into lines, so values spread over several words are read whole.

Tesseract's own lines are not used: the incremental redactor re-reads only a
strip of the screen and must merge the strip's words with the words kept from
earlier frames, so both paths group words the same way, here, by geometry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from redaction.image.boxes import Box, union
from redaction.image.ocr import UNREAD, OcrWord

# Two words share a line when their vertical extents overlap by this share of
# the shorter word (ascenders and descenders make heights differ).
SAME_LINE_OVERLAP = 0.5
# A horizontal gap wider than this many word heights starts a new line (a new
# column, table cell or form field); a space between words is about 0.3.
WORD_GAP = 2.5
# Words closer than this share of a character's advance are one token split by
# OCR (a space is about half an advance in proportional fonts, one in mono).
TIGHT_GAP = 0.4
TIGHT_GAP_MONO = 0.7
# A line whose words' widths per character differ by less than this share is
# set in a monospaced font.
MONO_SPREAD = 0.12
# A word boxed this many times taller than the median word, whose glyph boxes
# lie off its own box, is text read sideways over several lines (a column of row
# numbers: "©OMNATAWNHB" over ten rows): a line of its own, never the start of a
# row it would glue to others. A tall box with its glyphs inside stays in its row.
TALL_WORD = 3.0
# Words that are a table's column rule read as text.
_COLUMN_RULES = frozenset({"|", "||", "[", "]", "¦"})
# A header cell beginning with its column's rule, as OCR reads the rule.
_RULE_STARTS = ("|", "[", "{", "_|", "¦")
# Words overlapping by this share of the narrower one are two readings of one ink.
DUPLICATE_OVERLAP = 0.5
# A code this short after a number is a cell of its own, never glued to it.
SHORT_CODE_CHARS = 4
# Across a hyphen, pieces closer than this many advances are one token.
DASH_GAP = 1.2
# Words read this weakly, this short and without digits are noise (icons, borders).
NOISE_CONFIDENCE = 40.0
NOISE_MAX_CHARS = 3
# ...unless they are capitals within this many of their heights of a word with a
# digit on the same row: the letters of a value OCR read weakly (a NINO's "GW"
# before "66 16 94 D", a postcode's inward "ONX" after "EH26"), not a scrap.
VALUE_PART_REACH = 1.5
# Inside one line, a gap wider than this many heights separates two table cells.
CELL_GAP = 1.2
# A caption sits at most this many line heights above its field or continuation.
CAPTION_GAP = 2.5
# A label and its field may sit farther apart on one row (forms, settings pages
# with a column of names and one of values): the row keeps segments up to this
# many heights apart as neighbours for context.
FIELD_GAP = 24.0
# A setting's name reaches its value across a wider settings page.
WIDE_FIELD_GAP = 64.0
# Past cells taken for rows of a column, the search for its header stops at a
# blank this many line heights tall.
ROW_BREAK = 4.0
# A column header is looked for among at most this many lines above a cell.
HEADER_SEARCH_LINES = 60
# A word with this many digits is a number whose column header gives context.
LONG_NUMBER_DIGITS = 6
# A word of a number: digits with the separators numbers are written with.
_NUMBER_WORD = re.compile(r"^[0-9][0-9\-.,/]*[,;]?$")
# A header is short: at most this many words and characters...
HEADER_MAX_WORDS = 4
HEADER_MAX_CHARS = 40
# ...and holds at most one digit ("Address line 2"); a cell such as a postcode
# ("RG19 6NF") above another is not its header.
HEADER_MAX_DIGITS = 1


@dataclass(frozen=True, slots=True)
class Line:
    """Words read left to right; ``starts[i]`` is where word i begins in ``text``."""

    words: tuple[OcrWord, ...]
    text: str
    starts: tuple[int, ...]
    box: Box

    @property
    def height(self) -> int:
        return max(1, min(word.height for word in self.words))


def _overlap(a: Box, b: Box) -> float:
    """Vertical overlap of two boxes as a share of the shorter one."""
    shared = min(a[3], b[3]) - max(a[1], b[1])
    shorter = max(1, min(a[3] - a[1], b[3] - b[1]))
    return shared / shorter


def advance_of(words: Sequence[OcrWord]) -> float:
    """The line's typical character advance (px): median width per character."""
    ratios = sorted((w.box[2] - w.box[0]) / len(w.text) for w in words if len(w.text) >= 3)
    if not ratios:
        ratios = sorted((w.box[2] - w.box[0]) / max(1, len(w.text)) for w in words)
    return ratios[len(ratios) // 2]


def _tight_gap(words: Sequence[OcrWord]) -> float:
    """The widest gap (px) in this line that is still inside one token.

    A space is about half a character's advance in proportional fonts and a whole
    advance in monospaced ones (where narrow glyphs such as "-" leave wide gaps
    inside a token), so the limit depends on which the line looks like: in a
    monospaced line every word is the same width per character.
    """
    advance = advance_of(words)
    # Digits and capitals are about equally wide in most proportional fonts too:
    # only words with small letters ("i" against "m") tell the fonts apart.
    lettered = sorted(
        (w.box[2] - w.box[0]) / len(w.text)
        for w in words
        if len(w.text) >= 3 and sum(c.islower() for c in w.text) >= 2
    )
    spread = (lettered[-1] - lettered[0]) / advance if lettered and advance else 1.0
    monospaced = len(lettered) >= 3 and spread < MONO_SPREAD
    return (TIGHT_GAP_MONO if monospaced else TIGHT_GAP) * advance


def _digit_group(text: str) -> bool:
    return text.rstrip(",.;:").isdigit()


def _short_code(text: str) -> bool:
    """A short code with letters and digits ("OX3", "0X3", "B9"): a postcode's half,
    a room, a grade; never the rest of a number."""
    return 2 <= len(text) <= SHORT_CODE_CHARS and text.isalnum() and not text.isdigit()


def _token_like(text: str) -> bool:
    """Part of a code, key or identifier rather than a word of prose: holds a digit,
    one of ``_@=/\\+``, or a capital after its first letter. Only such pieces are
    joined across a narrow gap, so "27 Jun" or "the the" are never glued."""
    if any(char.isdigit() or char in "_@=/\\+" for char in text):
        return True
    return any(char.isupper() for char in text[1:]) and any(char.islower() for char in text)


def _make_line(words: Sequence[OcrWord]) -> Line:
    starts: list[int] = []
    parts: list[str] = []
    position = 0
    tight = _tight_gap(words)
    dash_reach = DASH_GAP * advance_of(words)
    for index, word in enumerate(words):
        if index:
            # OCR splits a token at a narrow gap ("ghp_ 4X8", "password=but
            # terfly-…"); a real space is at least half a character wide, so
            # token-like pieces across a narrower gap are joined again.
            before = words[index - 1]
            gap = word.box[0] - before.box[2]
            # Two digit groups stay apart: their grouping is what tells a sort
            # code, an SSN or a phone number from any other digits.
            groups = _digit_group(before.text) and _digit_group(word.text)
            # Nor a number and a short code after it: a column rule OCR dropped
            # ("6576293755|OX3 7ED" read without its "|").
            groups = groups or (_digit_group(before.text) and _short_code(word.text))
            split = (
                gap < tight and not groups and _token_like(before.text) and _token_like(word.text)
            )
            # A hyphen at the gap ("otter-velvet -dragon98", "FY1KF - tbKP2") is
            # the inside of one token far more often than a spaced dash.
            dashed = before.text.endswith("-") or word.text.startswith("-")
            split = split or (dashed and gap < dash_reach)
            # Two readings of the same ink ("|NG22" over "NG22") are two words,
            # never one token made of both.
            narrower = min(word.box[2] - word.box[0], before.box[2] - before.box[0])
            split = split and -gap < DUPLICATE_OVERLAP * narrower
            glue = "" if split else " "
            parts.append(glue)
            position += len(glue)
        starts.append(position)
        parts.append(word.text)
        position += len(word.text)
    box = union(w.box for w in words)
    return Line(tuple(words), "".join(parts), tuple(starts), box)


def between_rules(line: Line) -> tuple[Line, int]:
    """``line`` without the column rules OCR read at its ends ("| NES OUF" is a cell
    "NES OUF"), and the index of its first word kept; ``line`` itself when it is
    nothing but rules."""
    words = line.words
    first, last = 0, len(words)
    while first < last and words[first].text in _COLUMN_RULES:
        first += 1
    while last > first and words[last - 1].text in _COLUMN_RULES:
        last -= 1
    if first == last or (first, last) == (0, len(words)):
        return line, 0
    return sub_line(line, first, last), first


def sub_line(line: Line, first: int, last: int) -> Line:
    """Words ``first`` to ``last`` (exclusive) of ``line`` as a line of their own."""
    offset = line.starts[first]
    end = line.starts[last - 1] + len(line.words[last - 1].text)
    starts = tuple(start - offset for start in line.starts[first:last])
    kept = line.words[first:last]
    return Line(kept, line.text[offset:end], starts, union(w.box for w in kept))


def is_noise(word: OcrWord) -> bool:
    """A scrap of a few letters read with little confidence (an icon, a border, a glyph
    fragment): left out of lines so it cannot split a value read around it."""
    return (
        UNREAD not in word.text
        and word.confidence < NOISE_CONFIDENCE
        and len(word.text) <= NOISE_MAX_CHARS
        and not any(char.isdigit() for char in word.text)
    )


def _capitals(text: str) -> bool:
    """Capital letters, perhaps with digits, in at most commas and stops ("GW", ",MM")."""
    core = text.strip(",.;:")
    return len(core) >= 2 and core.isalnum() and core.isupper()


def _beside_number(word: OcrWord, words: Sequence[OcrWord]) -> bool:
    """``word`` is capitals with a word holding a digit right beside it on its row."""
    if not _capitals(word.text):
        return False
    reach = VALUE_PART_REACH * max(1, word.height)
    for other in words:
        if other is word or not any(char.isdigit() for char in other.text):
            continue
        if _overlap(other.box, word.box) < SAME_LINE_OVERLAP:
            continue
        gap = max(other.box[0] - word.box[2], word.box[0] - other.box[2])
        if gap <= reach:
            return True
    return False


def _ends_address(word: OcrWord, words: Sequence[OcrWord]) -> bool:
    """``word`` is a few lower-case letters right after an address whose domain has
    no dot ("accounts@example" "ore"): its top-level domain, the dot read as a gap."""
    if not (word.text.isalpha() and word.text.islower()):
        return False
    reach = VALUE_PART_REACH * max(1, word.height)
    for other in words:
        if other is word or _overlap(other.box, word.box) < SAME_LINE_OVERLAP:
            continue
        domain = other.text.rpartition("@")[2].rstrip(",.")
        # Tesseract may box the address over its top-level domain too.
        gap = word.box[0] - other.box[2]
        if "@" in other.text and domain.isalnum() and word.box[0] - word.box[2] <= gap <= reach:
            return True
    return False


def _scrap_of_cell(word: OcrWord, words: Sequence[OcrWord]) -> bool:
    """``word`` is capitals (a small bitmap "7" may be read as "¥", a 0 as "@") in a
    table cell: the nearest word to its left on its row, close, is a column rule or
    another such word ("|" "L¥" "OXY", "|" "NGS" "@QF": a postcode at a row's end
    read weakly)."""
    core = word.text.strip(",.;:")
    if not core or not all(c.isalnum() or c in "¥?@" for c in core) or core.lower() == core:
        return False
    reach = VALUE_PART_REACH * max(1, word.height)
    left = [
        other
        for other in words
        if other.box[2] <= word.box[0] + 1 and _overlap(other.box, word.box) >= SAME_LINE_OVERLAP
    ]
    if not left:
        return False
    nearest = max(left, key=lambda other: other.box[2])
    if word.box[0] - nearest.box[2] > reach:
        return False
    # (``word`` lies right of ``nearest``, so it is never a word left of it.)
    return nearest.text in _COLUMN_RULES or _scrap_of_cell(nearest, words)


def drop_noise(words: Iterable[OcrWord]) -> list[OcrWord]:
    """``words`` without noise (see :func:`is_noise`), except the weakly read capitals of
    a value right beside its digits (see ``VALUE_PART_REACH``) or in a table cell, and
    the top-level domain of an address read apart from it."""
    every = list(words)
    return [
        w
        for w in every
        if not is_noise(w)
        or _beside_number(w, every)
        or _ends_address(w, every)
        or _scrap_of_cell(w, every)
    ]


def _spans_rows(words: Sequence[OcrWord]) -> list[bool]:
    """Which words were read sideways over several text lines (see ``TALL_WORD``)."""
    if not words:
        return []
    heights = sorted(word.height for word in words)
    limit = TALL_WORD * heights[len(heights) // 2]
    return [word.height > limit and _read_sideways(word) for word in words]


def _read_sideways(word: OcrWord) -> bool:
    """Glyph boxes outside the word's own box: tesseract read the ink rotated."""
    x0, y0, x1, y1 = word.box
    return any(not (x0 <= g[0] <= g[2] <= x1 and y0 <= g[1] <= g[3] <= y1) for g in word.glyphs)


# Punctuation boxed this many times taller than the frame's median word ("=" boxed
# over two rows of a config file) is cut to that height around its middle: its
# glyph sits there, and the tall box would take it into the row above.
TALL_PUNCTUATION = 1.6


def _tamed(words: list[OcrWord]) -> list[OcrWord]:
    """``words`` with tall boxes of lone punctuation that reach into another row cut
    to the median height."""
    if not words:
        return words
    heights = sorted(word.height for word in words)
    median = heights[len(heights) // 2]
    tamed: list[OcrWord] = []
    for word in words:
        x0, y0, x1, y1 = word.box
        top = (y0 + y1 - median) // 2
        if (
            word.height > TALL_PUNCTUATION * median
            and not any(c.isalnum() for c in word.text)
            and _reaches_another_row(word, (top, top + median), words)
        ):
            box = (x0, top, x1, top + median)
            glyphs = tuple((g[0], box[1], g[2], box[3]) for g in word.glyphs)
            word = replace(word, box=box, glyphs=glyphs)
        tamed.append(word)
    return tamed


def _reaches_another_row(word: OcrWord, middle: tuple[int, int], words: Sequence[OcrWord]) -> bool:
    """Another word's middle lies inside ``word``'s box but outside its ``middle`` rows."""
    for other in words:
        centre = (other.box[1] + other.box[3]) // 2
        inside = word.box[1] <= centre < word.box[3]
        if other is not word and inside and not middle[0] <= centre < middle[1]:
            return True
    return False


def group_lines(words: Iterable[OcrWord]) -> list[Line]:
    """Lines in reading order (top to bottom, then left to right)."""
    open_lines: list[list[OcrWord]] = []
    kept = _tamed(drop_noise(words))
    tall = _spans_rows(kept)
    done: list[list[OcrWord]] = [[w] for w, spans in zip(kept, tall, strict=True) if spans]
    flat = [w for w, spans in zip(kept, tall, strict=True) if not spans]
    for word in sorted(flat, key=lambda w: (w.box[0], w.box[1])):
        home: list[OcrWord] | None = None
        still_open: list[list[OcrWord]] = []
        for line in open_lines:
            last = line[-1]
            gap = word.box[0] - last.box[2]
            reach = WORD_GAP * max(last.height, word.height, 1)
            if gap > reach:
                done.append(line)
                continue
            still_open.append(line)
            if home is None and gap >= -reach and _overlap(last.box, word.box) >= SAME_LINE_OVERLAP:
                home = line
        open_lines = still_open
        if home is None:
            open_lines.append([word])
        else:
            home.append(word)
    done.extend(open_lines)
    lines = [_make_line(line) for line in done]
    lines.sort(key=lambda line: (line.box[1], line.box[0]))
    return lines


def row_neighbours(
    lines: Sequence[Line], wide: Callable[[Line], bool] = lambda line: False
) -> dict[int, int]:
    """For each line index, the next line to its right on the same row (form fields).

    Only neighbours within :data:`FIELD_GAP` heights are kept: a label's value
    can be far from it in a form, but not across the whole screen. Lines for
    which ``wide`` holds (a setting's name, whose value may sit in a far column
    of a settings page) reach :data:`WIDE_FIELD_GAP` heights.
    """
    order = sorted(range(len(lines)), key=lambda i: lines[i].box[0])
    following: dict[int, int] = {}
    for position, i in enumerate(order):
        left = lines[i]
        reach = (WIDE_FIELD_GAP if wide(left) else FIELD_GAP) * left.height
        for j in order[position + 1 :]:
            right = lines[j]
            gap = right.box[0] - left.box[2]
            if gap > reach:
                break
            if gap >= 0 and _overlap(left.box, right.box) >= SAME_LINE_OVERLAP:
                following[i] = j
                break
    return following


def _columns_overlap(a: Box, b: Box) -> bool:
    """``a`` and ``b`` share at least half of the narrower one's width."""
    shared = min(a[2], b[2]) - max(a[0], b[0])
    narrower = max(1, min(a[2] - a[0], b[2] - b[0]))
    return shared >= 0.5 * narrower


# A CSV file's header row: names without spaces, joined by commas, however long
# ("employee_id,name,sort_code,…").
_CSV_NAME = re.compile(r"[A-Za-z_][\w.\-]*")
CSV_MIN_FIELDS = 3


def _csv_header(text: str) -> bool:
    """``text`` is a CSV header row as OCR reads it: a space may stand before or
    after a comma, and in snake_case names one comma may be lost to a space
    ("nhs_number surname, postcode, gp_practice")."""
    fields = [field.strip() for field in text.split(",")]
    if len(fields) < CSV_MIN_FIELDS or sum(char.isdigit() for char in text) > HEADER_MAX_DIGITS:
        return False
    spaced = sum(" " in field for field in fields)
    if spaced > (1 if "_" in text else 0):
        return False
    return all(_CSV_NAME.fullmatch(name) for field in fields for name in field.split(" "))


def _csv_header_above(lines: Sequence[Line], index: int) -> str:
    """The CSV header row above line ``index`` (a CSV row) in its column, if any."""
    row = lines[index]
    for candidate in lines[max(0, index - HEADER_SEARCH_LINES) : index][::-1]:
        above = candidate.box[3] <= row.box[1] and _columns_overlap(candidate.box, row.box)
        if above and _csv_header(candidate.text):
            return candidate.text
    return ""


def is_header_text(text: str) -> bool:
    """Short, mostly letters: the caption of a table column ("Sort code", "Account
    no.")."""
    words = text.split()
    if not words or len(words) > HEADER_MAX_WORDS or len(text) > HEADER_MAX_CHARS:
        return False
    letters = sum(char.isalpha() for char in text)
    digits = sum(char.isdigit() for char in text)
    return letters >= 3 and digits <= HEADER_MAX_DIGITS


def _words_over(line: Line, box: Box) -> str:
    """The words of ``line`` above ``box``'s columns (one header of a header row).

    Headers a drawn column rule separates ("|Account |Sort code", a toolkit's
    table header) are told apart: only the one over most of ``box`` is kept.
    """
    reach = 2 * line.height
    picked = [w for w in line.words if w.box[2] > box[0] - reach and w.box[0] < box[2] + reach]
    groups: list[list[OcrWord]] = []
    for word in picked:
        if not groups or word.text.startswith(_RULE_STARTS):
            groups.append([])
        groups[-1].append(word)

    def shared(group: list[OcrWord]) -> int:
        return min(box[2], group[-1].box[2]) - max(box[0], group[0].box[0])

    best = max(groups, key=shared, default=[])
    # The rule that opens the group is no word of the header ("| postcode").
    return " ".join(w.text for w in best if w.text not in _COLUMN_RULES).lstrip("|¦[ ")


@dataclass(frozen=True, slots=True)
class Captions:
    """What stands above each line: its column's header, and the line right above it.

    ``header[i]`` is the caption of line i's table column (nearest caption-like
    words above in the same column; rows of other cells are skipped), and
    ``word_header[(i, j)]`` the same for word j of line i when it holds a long
    number (a cell of a row that OCR read as one line). ``above[i]`` is the
    index of the line directly above line i in its column, when close enough to
    be its label or the start of its sentence. ``cell_header[(i, j)]`` is the
    caption of the cell starting at word j of a line that OCR read across several
    table cells, with the cell's word count.
    """

    header: dict[int, str]
    above: dict[int, int]
    word_header: dict[tuple[int, int], tuple[str, int]]
    cell_header: dict[tuple[int, int], tuple[str, int]]


# A caption is read clearly; a line read this weakly somewhere is likelier a
# cell of the column read badly ("rosaGcorp example ,com" under "email").
WEAK_CAPTION = 60.0


def _weak(line: Line) -> bool:
    return min(word.confidence for word in line.words) < WEAK_CAPTION


def _ruled(line: Line) -> bool:
    """``line`` opens with a column rule: a table cell ("| Ls6 ans")."""
    return line.words[0].text in _COLUMN_RULES


def _value_like(words: str) -> bool:
    """Caption-shaped words in capitals only ("RGO SAY", a postcode with its digits
    misread): more likely a cell of the column than its header."""
    return not any(char.islower() for char in words)


def _header_above(
    lines: Sequence[Line],
    index: int,
    box: Box,
    *,
    digits: int = HEADER_MAX_DIGITS,
    known: Callable[[str], bool] | None = None,
) -> tuple[str, int | None]:
    """The caption above ``box`` (from line ``index`` up) and the first line above it.

    ``digits``: at most this many in a caption. A cell's caption has none: the
    cells above it ("Mis 9PP") would pass for one otherwise. ``known``: captions
    that name a value; a capitals-only caption that names none may be a cell
    read badly, so a known caption further up the column is preferred to it.
    """
    looked = 0
    first: int | None = None
    fallback = ""
    border = False
    top = box[1]
    for candidate_index in range(index - 1, -1, -1):
        candidate = lines[candidate_index]
        # Above means ending above the middle: a tall misread glyph or a field's
        # border can make two stacked boxes touch.
        if 2 * candidate.box[3] > box[1] + box[3] or not _columns_overlap(candidate.box, box):
            continue
        if fallback and top - candidate.box[3] > ROW_BREAK * (box[3] - box[1]):
            break  # past the column's cells: a caption further up is another table's
        top = candidate.box[1]
        if first is None:
            first = candidate_index
        looked += 1
        words = _words_over(candidate, box)
        if _drawn_rule(words):
            # A table's border read as text ("---------poanan--------+"): the
            # header is right above it, or there is none.
            border = True
            continue
        header = is_header_text(words) and sum(char.isdigit() for char in words) <= digits
        if border:
            return (words if header else fallback), first
        if header:
            # A cell between column rules ("| Ls6 ans") is likelier a row of the
            # column than its header, unless it names a value.
            if (
                known is None
                or known(words)
                or not (_value_like(words) or _ruled(candidate) or _weak(candidate))
            ):
                return words, first
            fallback = fallback or words
        if looked >= HEADER_SEARCH_LINES:
            break
    return fallback, first


# A border drawn with dashes reads as runs of them with a few letters between
# ("---------poanan--------+"); "-rw-r--r--" has no such run.
_RULE_RUN = re.compile(r"[-=+_—]{4,}")
RULE_CHAR_SHARE = 0.3


def _drawn_rule(text: str) -> bool:
    """``text`` is a border of a table drawn with characters, read as text."""
    visible = "".join(text.split())
    runs = sum(len(run) for run in _RULE_RUN.findall(visible))
    return bool(visible) and runs >= RULE_CHAR_SHARE * len(visible)


def _number_runs(line: Line) -> list[tuple[int, int]]:
    """(first word, word count) of each run of number words holding a long number
    ("54677878", or a sort code read as "47" "36" "91")."""
    runs: list[tuple[int, int]] = []
    position = 0
    words = line.words
    while position < len(words):
        end = position
        while end < len(words) and _NUMBER_WORD.match(words[end].text):
            end += 1
        digits = sum(ch.isdigit() for w in words[position:end] for ch in w.text)
        if end > position and digits >= LONG_NUMBER_DIGITS:
            runs.append((position, end - position))
        position = max(end, position + 1)
    return runs


def cells(line: Line) -> list[tuple[int, int]]:
    """(first word, word count) of each table cell of ``line``: words split by a gap
    wider than :data:`CELL_GAP` heights or by a column rule OCR read as "|". One
    cell for an ordinary line."""
    limit = CELL_GAP * line.height
    runs: list[tuple[int, int]] = []
    first = 0
    for index, word in enumerate(line.words):
        if word.text in _COLUMN_RULES:
            # A rule drawn as text ("| KY 3488184 |"): a border, never a cell.
            if index > first:
                runs.append((first, index - first))
            first = index + 1
        elif index > first and word.box[0] - line.words[index - 1].box[2] > limit:
            runs.append((first, index - first))
            first = index
    if first < len(line.words):
        runs.append((first, len(line.words) - first))
    return runs


def captions(lines: Sequence[Line], known: Callable[[str], bool] | None = None) -> Captions:
    """Headers and lines-above for ``lines`` (in reading order, as :func:`group_lines`
    gives); ``known`` tells captions that name a value (see :func:`_header_above`)."""
    header: dict[int, str] = {}
    above: dict[int, int] = {}
    word_header: dict[tuple[int, int], tuple[str, int]] = {}
    cell_header: dict[tuple[int, int], tuple[str, int]] = {}
    for index, line in enumerate(lines):
        words, first = _header_above(lines, index, line.box, known=known)
        if first is not None and line.box[1] - lines[first].box[3] <= CAPTION_GAP * line.height:
            above[index] = first
        # A capitals-only line (or a cell between column rules) under a caption
        # that names a value is a cell read badly ("RGO SAY", "| Ls6 ans" under
        # "Postcode"), not a caption of its own.
        cell = not is_header_text(line.text) or (
            known is not None
            and (_value_like(line.text) or ((_ruled(line) or _weak(line)) and not known(line.text)))
            and known(words)
        )
        if words and cell:
            header[index] = words
        if line.text.count(",") >= CSV_MIN_FIELDS - 1 and (csv := _csv_header_above(lines, index)):
            header[index] = csv
        if len(line.words) > 1:
            for position, count in _number_runs(line):
                run = union(w.box for w in line.words[position : position + count])
                caption, _ = _header_above(lines, index, run, known=known)
                if caption and caption != words:
                    word_header[(index, position)] = (caption, count)
        row = cells(line)
        if len(row) > 1:
            for position, count in row:
                box = union(w.box for w in line.words[position : position + count])
                caption, _ = _header_above(lines, index, box, digits=0, known=known)
                if caption:
                    cell_header[(index, position)] = (caption, count)
    return Captions(header, above, word_header, cell_header)
