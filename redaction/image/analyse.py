"""From OCR words to the boxes to fill and the redacted text. Pure.

Each line is read whole by the text redactor (``source="ocr"``), so a phone
number or IBAN split into several words is one value; the fail-closed rules of
:mod:`redaction.image.failclosed` add weak readings and misread keywords; every
span becomes a padded pixel box.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass

from redaction.detector import Hit
from redaction.engine import merge_hits, redact_text, render_placeholders
from redaction.image.accesslog import DETECTOR as CLIENT_DETECTOR
from redaction.image.accesslog import TYPE as CLIENT_TYPE
from redaction.image.accesslog import client_before, client_hits
from redaction.image.boxes import Box
from redaction.image.failclosed import (
    SETTING_NAME,
    bare_password_hits,
    could_be_field_value,
    keyword_value_hits,
    label_words,
    setting_name,
    unsure_hits,
)
from redaction.image.labelled import (
    label_kind,
    labelled_hits,
    labelled_run_hits,
    weak_cell_hits,
)
from redaction.image.layout import (
    LONG_NUMBER_DIGITS,
    Captions,
    Line,
    advance_of,
    captions,
    group_lines,
    is_header_text,
    row_neighbours,
)
from redaction.image.locate import pad, reach_back, span_box
from redaction.image.misreads import table_bars, undo_misreads
from redaction.image.ocr import OcrWord
from redaction.image.repeated import repeated_hits, value_keys
from redaction.image.secretfiles import DETECTOR as CREDENTIALS_FILE_DETECTOR
from redaction.image.secretfiles import TYPE as CREDENTIALS_FILE_TYPE
from redaction.image.secretfiles import credentials_file_lines
from redaction.image.split import (
    CREDENTIAL_TYPES,
    address_started_on_row,
    continued_on_row,
    extend_split_values,
    phone_continued_on_row,
    wrapped_value_words,
)
from redaction.policy import RedactionPolicy

# Padding around a filled value: anti-aliased edges reach about a pixel past the
# glyph boxes tesseract reports; more would touch the ink of the next line.
PAD_X = 3
PAD_Y = 2
# A credential's fill reaches back over the blank before it, up to this many of
# its heights (see locate.reach_back): tesseract can box a weak word short.
REACH_BACK_HEIGHTS = 4


@dataclass(frozen=True, slots=True)
class RedactedBox:
    """A filled region: ``box`` (x0, y0, x1, y1, exclusive) and why it was filled.

    ``type`` is a text-redactor type (``EMAIL``, ``PASSWORD`` …), ``UNSURE`` for a
    weakly read value-shaped word, or ``EXCLUDED`` for a caller's exclusion mask.
    """

    box: Box
    type: str
    detector: str

    def to_dict(self) -> dict[str, object]:
        return {"box": list(self.box), "type": self.type, "detector": self.detector}


@dataclass(frozen=True, slots=True)
class LineResult:
    """What one line contributes: its redacted text and the spans to fill."""

    text: str
    spans: tuple[tuple[int, int, str, str], ...]


LineCache = MutableMapping[tuple[object, ...], LineResult]


@dataclass(frozen=True, slots=True)
class LineContext:
    """What surrounds a line and can tell what its values are.

    ``prefix``: a credential label to its left or right above (a form field's
    caption). ``header``: its table column's caption. ``word_headers``: captions
    of single numbers in a table row read as one line. ``before``: the end of
    the line above, for a number whose label ended the previous line ("…sort
    code 27 82 74, account number" / "22427701."). ``labels``: the text of a
    label to its left and of the caption right above it, which can announce a
    value at the line's start (see :mod:`redaction.image.labelled`).
    ``cell_labels``: column headers that name a sensitive value, for the cells of
    a line OCR read across a table row (first word, (header, word count)).
    """

    prefix: tuple[str, ...] = ()
    header: str = ""
    word_headers: tuple[tuple[int, tuple[str, int]], ...] = ()
    before: str = ""
    labels: tuple[str, ...] = ()
    cell_labels: tuple[tuple[int, tuple[str, int]], ...] = ()


# Words of the line above kept as the context of a number that starts a line.
BEFORE_WORDS = 6


def _findings_after(
    label: str,
    text: str,
    policy: RedactionPolicy,
    *,
    joiner: str = ": ",
    offset: int = 0,
    own: bool = False,
) -> list[Hit]:
    """Findings in ``text`` when it is read after ``label`` (a caption gives context),
    shifted by ``offset`` (where ``text`` starts in its line).

    A credential label joins with ": " (it names the value); a column header
    with a space, so that it only lends its words ("Sort code 58-91-82").
    """
    shift = len(label) + len(joiner) if label else 0
    read = f"{label}{joiner}{text}" if label else text
    found = redact_text(read, source="ocr", policy=policy).findings
    return [
        Hit(
            max(0, f.start - shift) + offset,
            f.end - shift + offset,
            f.type,
            f.detector,
            f.confidence,
        )
        for f in found
        # A value running on from the label: its end is on this line; with
        # ``own``, a value the label holds itself is none of the line's.
        if f.end > shift and not (own and f.start < shift)
    ]


def _has_digits(text: str) -> bool:
    """Enough digits to be a number whose context matters (an account, a sort code)."""
    return sum(char.isdigit() for char in text) >= LONG_NUMBER_DIGITS


def _csv_fields(text: str) -> list[tuple[int, str]]:
    """Comma-separated fields of ``text`` with their offsets."""
    fields: list[tuple[int, str]] = []
    start = 0
    for part in text.split(","):
        fields.append((start, part))
        start += len(part) + 1
    return fields


def _csv_hits(header: str, line: Line, policy: RedactionPolicy) -> list[Hit]:
    """A CSV row under its header row: each numeric field read after its column name."""
    names = [name.strip() for name in header.split(",")]
    fields = _csv_fields(line.text)
    if len(names) < len(fields) and len(split := header.replace(",", " ").split()) == len(fields):
        names = split  # a comma of the header lost to a space ("nhs_number surname,")
    # A comma OCR lost in the header or the row shifts one against the other:
    # the columns after it are matched from the right.
    pairs = list(zip(names, fields, strict=False))
    if len(names) != len(fields):
        pairs += list(zip(reversed(names), reversed(fields), strict=False))
    hits: list[Hit] = []
    for name, (start, field) in dict.fromkeys(pairs):
        if name:
            hits.extend(labelled_run_hits(name, field, start))
            if _has_digits(field):
                hits.extend(_findings_after(name, field, policy, joiner=" ", offset=start))
    return hits


def _run_text(line: Line, position: int, count: int) -> tuple[int, str]:
    """Where ``count`` words of ``line`` from word ``position`` start, and their text."""
    start = line.starts[position]
    last = position + count - 1
    return start, line.text[start : line.starts[last] + len(line.words[last].text)]


def analyse_line(line: Line, context: LineContext, policy: RedactionPolicy) -> LineResult:
    """The spans of ``line`` to mask, given what surrounds it (see :class:`LineContext`)."""
    hits = _findings_after(" ".join(context.prefix), line.text, policy)
    if (barred := table_bars(line.text)) is not None:
        hits.extend(_findings_after(" ".join(context.prefix), barred, policy))
    numeric = _has_digits(line.text)
    if context.header and numeric:
        hits.extend(_findings_after(context.header, line.text, policy, joiner=" ", own=True))
        if context.header.count(",") >= 2 and line.text.count(",") >= 2:
            hits.extend(_csv_hits(context.header, line, policy))
    if context.before and numeric:
        hits.extend(_findings_after(context.before, line.text, policy, joiner=" "))
    # A number run that is also a whole cell has the same caption twice: read once.
    for position, (caption, count) in dict.fromkeys(context.word_headers + context.cell_labels):
        start, run = _run_text(line, position, count)
        hits.extend(_findings_after(caption, run, policy, joiner=" ", offset=start))
        hits.extend(labelled_run_hits(caption, run, start))
    for position, (caption, count) in context.cell_labels:
        hits.extend(weak_cell_hits(line, position, count, caption))
    header_label = (context.header,) if context.header else ()
    hits.extend(labelled_hits(line, context.labels + header_label))
    hits.extend(keyword_value_hits(line, context.prefix))
    hits.extend(unsure_hits(line))
    hits.extend(bare_password_hits(line))
    hits.extend(client_hits(line))
    findings = merge_hits(extend_split_values(line, hits))
    spans = tuple((f.start, f.end, f.type, f.detector) for f in findings)
    return LineResult(render_placeholders(line.text, findings), spans)


def _outside_labels(
    lines: list[Line], index: int, left_of: dict[int, int], above: Captions
) -> tuple[str, ...]:
    """Texts that can label line ``index``'s first value: the line to its left on the
    same row, and a short caption right above it."""
    labels: list[str] = []
    if (left := left_of.get(index)) is not None:
        labels.append(lines[left].text)
    if (upper := above.above.get(index)) is not None and is_header_text(lines[upper].text):
        labels.append(lines[upper].text)
    return tuple(labels)


def _prefixes(
    lines: list[Line], above: Captions, neighbours: dict[int, int]
) -> dict[int, tuple[str, ...]]:
    """For each line, the words of a credential label that gives it context.

    In order: a label to its left on the same row (form field), a label or
    sentence ending right above it, its table column's header. A line that is
    itself the caption of the line below is a label, not a value.
    """
    captioned = set(above.above.values())
    prefixes: dict[int, tuple[str, ...]] = {}
    for left, right in neighbours.items():
        texts = [w.text for w in lines[left].words]
        # A setting's name ("SMTP_PASSWORD") labels the value beside it, even in a
        # column of values each of which stands above the next.
        if name := setting_name(texts):
            prefixes[right] = (name,)
        elif right not in captioned and (label := label_words(texts)):
            prefixes[right] = label
    for index, upper in above.above.items():
        if index not in prefixes and could_be_field_value(lines[index]):
            label = label_words([w.text for w in lines[upper].words])
            if label:
                prefixes[index] = label
    for index, header in above.header.items():
        if index not in prefixes and could_be_field_value(lines[index]):
            label = label_words(header.split())
            if label:
                prefixes[index] = label
    return prefixes


def _names_a_setting(line: Line) -> bool:
    """A line that is one setting's name ("SMTP_PASSWORD")."""
    return bool(setting_name([word.text for word in line.words]))


def _names_a_far_value(line: Line) -> bool:
    """A setting's name whose value may sit in a far column of a settings page: a
    credential ("SMTP_PASSWORD") or one that names a value ("DATABASE_HOST")."""
    if _names_a_setting(line):
        return True
    return (
        len(line.words) == 1 and bool(_SETTING_NAME.match(line.text)) and _names_a_value(line.text)
    )


_SETTING_NAME = re.compile(f"^{SETTING_NAME}$")


def _names_a_value(caption: str) -> bool:
    """A caption that announces a sensitive value ("Postcode", "Account no.")."""
    return label_kind(caption) is not None


def analyse_words(
    words: Iterable[OcrWord],
    policy: RedactionPolicy,
    cache: LineCache | None = None,
) -> tuple[list[RedactedBox], str]:
    """Boxes to fill and the redacted text of a screen's words.

    ``cache`` (line → result) lets successive frames skip lines already analysed.
    """
    lines = [undo_misreads(line) for line in group_lines(words)]
    above = captions(lines, known=_names_a_value)
    neighbours = row_neighbours(lines, wide=_names_a_far_value)
    left_of = {right: left for left, right in neighbours.items()}
    prefixes = _prefixes(lines, above, neighbours)
    found: list[tuple[Box, str, str, int]] = []  # unpadded box, type, detector, line
    results: list[LineResult] = []
    for index, line in enumerate(lines):
        upper = above.above.get(index)
        context = LineContext(
            prefix=prefixes.get(index, ()),
            header=above.header.get(index, ""),
            word_headers=tuple(
                (position, caption)
                for position in range(len(line.words))
                if (caption := above.word_header.get((index, position)))
            ),
            before=" ".join(w.text for w in lines[upper].words[-BEFORE_WORDS:])
            if upper is not None and _has_digits(line.text)
            else "",
            labels=_outside_labels(lines, index, left_of, above),
            cell_labels=tuple(
                (position, caption)
                for position in range(len(line.words))
                if (caption := above.cell_header.get((index, position)))
                and label_kind(caption[0]) is not None
            ),
        )
        key = (line.text, tuple(w.confidence for w in line.words), context)
        result = cache.get(key) if cache is not None else None
        if result is None:
            result = analyse_line(line, context, policy)
            if cache is not None:
                cache[key] = result
        results.append(result)
        for start, end, kind, detector in result.spans:
            box = span_box(line, start, end)
            if box is not None:
                limit = REACH_BACK_HEIGHTS * (box[3] - box[1])
                if kind in CREDENTIAL_TYPES:
                    box = reach_back(line, start, box, limit, PAD_X + 1)
                if start == 0 and (label := _label_left(lines, index, left_of)) is not None:
                    # A field's value whose first glyphs OCR lost in the box's
                    # edge ("68 16" for 02 68 16): the fill reaches back to its label.
                    box = (max(box[0] - limit, min(box[0], label + PAD_X + 1)), *box[1:])
                if kind == "UK_POSTCODE":
                    beside = (left_of.get(index), neighbours.get(index))
                    box = _postcode_half_grown(line, start, end, box, beside, lines)
                found.append((box, kind, detector, index))
    keys = value_keys(
        (kind, line.text[start:end])
        for line, result in zip(lines, results, strict=True)
        for start, end, kind, _ in result.spans
    )
    for index, line in enumerate(lines):
        for hit in repeated_hits(line, keys):
            spans = results[index].spans
            if any(start < hit.end and hit.start < end for start, end, _, _ in spans):
                continue  # found there already
            box = span_box(line, hit.start, hit.end)
            if box is not None:
                found.append((box, hit.type, hit.detector, index))
    for left, right in neighbours.items():
        if phone_continued_on_row(lines[left], results[left].spans, lines[right]):
            found.append((lines[right].words[0].box, "PHONE", "ocr_continued_value", right))
        if address_started_on_row(lines[left], lines[right], results[right].spans):
            x0, y0, x1, y1 = lines[left].words[-1].box
            found.append(((x0, y0, lines[right].box[0], y1), "EMAIL", "ocr_split_address", left))
        kind = continued_on_row(lines[left], results[left].spans, lines[right])
        if kind:
            # From the end of the line: the blank between the pieces may be ink
            # OCR could not read.
            x0, y0, x1, y1 = lines[right].words[0].box
            box = (min(x0, lines[left].box[2]), y0, x1, y1)
            found.append((box, kind, "ocr_continued_value", right))
    for index in client_before(lines, left_of):
        found.append((lines[index].box, CLIENT_TYPE, CLIENT_DETECTOR, index))
    for index in credentials_file_lines(lines):
        found.append((lines[index].box, CREDENTIALS_FILE_TYPE, CREDENTIALS_FILE_DETECTOR, index))
    for index, upper in above.above.items():
        count, kind = wrapped_value_words(lines[upper], results[upper].spans, lines[index])
        if count:
            start, run = _run_text(lines[index], 0, count)
            box = span_box(lines[index], start, start + len(run))
            if box is not None:
                found.append((box, kind, "ocr_wrapped_value", index))
    boxes = [
        RedactedBox(padded_clear(box, index, lines), kind, detector)
        for box, kind, detector, index in found
    ]
    texts = [_text_under(line, result, boxes) for line, result in zip(lines, results, strict=True)]
    return boxes, "\n".join(texts)


# A postcode has at least this many letters and digits; a reading with fewer is
# half of one ("BNI" for BN9 8QY, the inward code unread)...
POSTCODE_MIN_CHARS = 5
# ...and the other half is looked for within this many of them on each side.
POSTCODE_MAX_CHARS = 7


def _postcode_half_grown(
    line: Line,
    start: int,
    end: int,
    box: Box,
    beside: tuple[int | None, int | None],
    lines: Sequence[Line],
) -> Box:
    """``box`` of a postcode read only in half, grown sideways over where the other
    half would be: up to the words (or the segments of the row, ``beside`` it: the
    indexes of the lines to its left and right) beside it."""
    core = [char for char in line.text[start:end] if char.isalnum()]
    read = len(core)
    if read >= POSTCODE_MIN_CHARS or any(char.islower() for char in core):
        return box  # whole, or words ("number" under a caption) rather than half a code
    reach = round((POSTCODE_MAX_CHARS - read) * advance_of(line.words))
    clear = PAD_X + 1
    before = [w.box[2] for w, at in zip(line.words, line.starts, strict=True) if at < start]
    after = [w.box[0] for w, at in zip(line.words, line.starts, strict=True) if at >= end]
    left, right = beside
    if left is not None:
        before.append(lines[left].box[2])
    if right is not None:
        after.append(lines[right].box[0])
    left_edge = max([box[0] - reach, *(x + clear for x in before)])
    right_edge = min([box[2] + reach, *(x - clear for x in after)])
    return (min(box[0], left_edge), box[1], max(box[2], right_edge), box[3])


def _label_left(lines: Sequence[Line], index: int, left_of: dict[int, int]) -> int | None:
    """The right edge of the label to the left of line ``index`` on its row, if the
    line to its left names a value ("Sort code")."""
    left = left_of.get(index)
    if left is None or label_kind(lines[left].text) is None:
        return None
    return lines[left].box[2]


def padded_clear(box: Box, own: int, lines: Sequence[Line]) -> Box:
    """``box`` padded, but not up or down into the words of another line that the
    box itself does not touch: with lines set close (a 7x14 terminal font) the
    padding would change the next line's ink, and the fringe it is for is not there.
    """
    x0, y0, x1, y1 = pad(box, PAD_X, 0)
    top, bottom = y0 - PAD_Y, y1 + PAD_Y
    for index, line in enumerate(lines):
        lx0, ly0, lx1, ly1 = line.box
        if index == own or lx1 <= x0 or lx0 >= x1 or ly0 >= bottom or ly1 <= top:
            continue
        for word in line.words:
            wx0, wy0, wx1, wy1 = word.box
            if wx1 <= x0 or wx0 >= x1:
                continue
            if wy0 >= y1:
                bottom = min(bottom, max(y1, wy0))
            elif wy1 <= y0:
                top = max(top, min(y0, wy1))
    return (x0, top, x1, bottom)


def _text_under(line: Line, result: LineResult, boxes: list[RedactedBox]) -> str:
    """The line's redacted text, with every word that lies under a filled box (found
    on another line: OCR can read one value as two stacked lines) masked too, so
    the text never shows what the image hides."""
    covered: list[Hit] = []
    for word, start in zip(line.words, line.starts, strict=True):
        x0, y0, x1, y1 = word.box
        middle = ((x0 + x1) // 2, (y0 + y1) // 2)
        for box in boxes:
            bx0, by0, bx1, by1 = box.box
            if bx0 <= middle[0] < bx1 and by0 <= middle[1] < by1:
                covered.append(Hit(start, start + len(word.text), box.type, box.detector, 0.5))
                break
    if not covered:
        return result.text
    hits = covered + [Hit(a, b, kind, detector, 0.9) for a, b, kind, detector in result.spans]
    return render_placeholders(line.text, merge_hits(hits))
