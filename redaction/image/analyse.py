"""From OCR words to the boxes to fill and the redacted text. Pure.

Each line is read whole by the text redactor (``source="ocr"``), so a phone
number or IBAN split into several words is one value; the fail-closed rules of
:mod:`redaction.image.failclosed` add weak readings and misread keywords; every
span becomes a padded pixel box.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass

from redaction.detector import Hit
from redaction.engine import merge_hits, redact_text, render_placeholders
from redaction.image.boxes import Box
from redaction.image.failclosed import (
    could_be_field_value,
    keyword_value_hits,
    label_words,
    unsure_hits,
)
from redaction.image.layout import Captions, Line, captions, group_lines, row_neighbours
from redaction.image.locate import pad, span_box
from redaction.image.ocr import OcrWord
from redaction.policy import RedactionPolicy

# Padding around a filled value: anti-aliased edges reach about a pixel past the
# glyph boxes tesseract reports; more would touch the ink of the next line.
PAD_X = 3
PAD_Y = 2


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


def _line_key(line: Line, prefix: tuple[str, ...], header: str) -> tuple[object, ...]:
    return (line.text, prefix, header, tuple(round(word.confidence) for word in line.words))


def _findings_after(
    label: str, text: str, policy: RedactionPolicy, *, joiner: str = ": ", offset: int = 0
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
        if f.end > shift
    ]


def _has_digits(text: str, at_least: int = 6) -> bool:
    return sum(char.isdigit() for char in text) >= at_least


def analyse_line(
    line: Line,
    prefix: tuple[str, ...],
    header: str,
    policy: RedactionPolicy,
    word_headers: tuple[tuple[int, str], ...] = (),
) -> LineResult:
    """The spans of ``line`` to mask.

    ``prefix`` is a label to its left on the same row (a form field's caption);
    ``header`` is its table column's caption, which tells a sort code or an
    account number in a cell from any other number; ``word_headers`` are the
    captions of single numbers in a table row read as one line.
    """
    hits = _findings_after(" ".join(prefix), line.text, policy)
    if header and _has_digits(line.text):
        hits.extend(_findings_after(header, line.text, policy, joiner=" "))
    for position, caption in word_headers:
        word = line.words[position]
        start = line.starts[position]
        hits.extend(_findings_after(caption, word.text, policy, joiner=" ", offset=start))
    hits.extend(keyword_value_hits(line, prefix))
    hits.extend(unsure_hits(line))
    findings = merge_hits(hits)
    spans = tuple((f.start, f.end, f.type, f.detector) for f in findings)
    return LineResult(render_placeholders(line.text, findings), spans)


def _prefixes(lines: list[Line], above: Captions) -> dict[int, tuple[str, ...]]:
    """For each line, the words of a credential label that gives it context.

    In order: a label to its left on the same row (form field), a label or
    sentence ending right above it, its table column's header. A line that is
    itself the caption of the line below is a label, not a value.
    """
    neighbours = row_neighbours(lines)
    captioned = set(above.above.values())
    prefixes: dict[int, tuple[str, ...]] = {}
    for left, right in neighbours.items():
        if right not in captioned:
            label = label_words([w.text for w in lines[left].words])
            if label:
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


def analyse_words(
    words: Iterable[OcrWord],
    policy: RedactionPolicy,
    cache: LineCache | None = None,
) -> tuple[list[RedactedBox], str]:
    """Boxes to fill and the redacted text of a screen's words.

    ``cache`` (line → result) lets successive frames skip lines already analysed.
    """
    lines = group_lines(words)
    above = captions(lines)
    prefixes = _prefixes(lines, above)
    headers = above.header
    boxes: list[RedactedBox] = []
    texts: list[str] = []
    for index, line in enumerate(lines):
        prefix = prefixes.get(index, ())
        header = headers.get(index, "")
        word_headers = tuple(
            (position, caption)
            for position in range(len(line.words))
            if (caption := above.word_header.get((index, position)))
        )
        key = (*_line_key(line, prefix, header), word_headers)
        result = cache.get(key) if cache is not None else None
        if result is None:
            result = analyse_line(line, prefix, header, policy, word_headers)
            if cache is not None:
                cache[key] = result
        texts.append(result.text)
        for start, end, kind, detector in result.spans:
            box = span_box(line, start, end)
            if box is not None:
                boxes.append(RedactedBox(pad(box, PAD_X, PAD_Y), kind, detector))
    return boxes, "\n".join(texts)
