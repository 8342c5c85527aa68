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
from redaction.image.failclosed import keyword_value_hits, label_words, unsure_hits
from redaction.image.layout import Line, group_lines, row_neighbours
from redaction.image.locate import pad, span_box
from redaction.image.ocr import Box, OcrWord
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


def _line_key(line: Line, prefix: tuple[str, ...]) -> tuple[object, ...]:
    return (line.text, prefix, tuple(round(word.confidence) for word in line.words))


def analyse_line(line: Line, prefix: tuple[str, ...], policy: RedactionPolicy) -> LineResult:
    """The spans of ``line`` to mask; ``prefix`` is a label to its left on the same row."""
    hits: list[Hit] = []
    if prefix:
        joined = " ".join(prefix)
        shift = len(joined) + 1
        found = redact_text(f"{joined} {line.text}", source="ocr", policy=policy).findings
        for f in found:
            if f.end > shift:
                hits.append(
                    Hit(max(0, f.start - shift), f.end - shift, f.type, f.detector, f.confidence)
                )
    else:
        found = redact_text(line.text, source="ocr", policy=policy).findings
        hits.extend(Hit(f.start, f.end, f.type, f.detector, f.confidence) for f in found)
    hits.extend(keyword_value_hits(line, prefix))
    hits.extend(unsure_hits(line))
    findings = merge_hits(hits)
    spans = tuple((f.start, f.end, f.type, f.detector) for f in findings)
    return LineResult(render_placeholders(line.text, findings), spans)


def analyse_words(
    words: Iterable[OcrWord],
    policy: RedactionPolicy,
    cache: LineCache | None = None,
) -> tuple[list[RedactedBox], str]:
    """Boxes to fill and the redacted text of a screen's words.

    ``cache`` (line → result) lets successive frames skip lines already analysed.
    """
    lines = group_lines(words)
    neighbours = row_neighbours(lines)
    prefixes: dict[int, tuple[str, ...]] = {}
    for left, right in neighbours.items():
        label = label_words(lines[left])
        if label:
            prefixes[right] = label
    boxes: list[RedactedBox] = []
    texts: list[str] = []
    for index, line in enumerate(lines):
        prefix = prefixes.get(index, ())
        key = _line_key(line, prefix)
        result = cache.get(key) if cache is not None else None
        if result is None:
            result = analyse_line(line, prefix, policy)
            if cache is not None:
                cache[key] = result
        texts.append(result.text)
        for start, end, kind, detector in result.spans:
            box = span_box(line, start, end)
            if box is not None:
                boxes.append(RedactedBox(pad(box, PAD_X, PAD_Y), kind, detector))
    return boxes, "\n".join(texts)
