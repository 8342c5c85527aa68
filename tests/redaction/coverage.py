"""Shared assertion: a value is gone from the output and one finding covers it whole."""

from __future__ import annotations

from redaction import Finding, TextRedaction


def covering_finding(text: str, value: str, result: TextRedaction) -> Finding:
    """The finding that covers every character of ``value`` in ``text``; fails if none."""
    assert value not in result.text, result.text
    start = text.index(value)
    end = start + len(value)
    covering = [f for f in result.findings if f.start <= start and f.end >= end]
    assert covering, f"no finding covers the value in {result.text!r}"
    return covering[0]
