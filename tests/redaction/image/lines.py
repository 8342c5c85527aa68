"""Synthetic OCR lines for the rule tests: words of known text, geometry and confidence."""

from __future__ import annotations

from redaction.detector import Hit
from redaction.image.layout import Line, group_lines
from redaction.image.ocr import OcrWord


def line_of(text: str, gap: int = 8) -> Line:
    """Words 8 px per character, one space (8 px) apart, as a monospaced line."""
    words, x = [], 0
    for part in text.split(" "):
        words.append(OcrWord(part, 95.0, (x, 0, x + 8 * len(part), 12)))
        x += 8 * len(part) + gap
    return group_lines(words)[0]


def masked(line: Line, hits: list[Hit]) -> list[str]:
    return [line.text[h.start : h.end] for h in hits]
