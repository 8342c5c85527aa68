"""A segment is redacted together with the emitted tail of the one before it in its field."""

from __future__ import annotations

import pytest

from agent.capture.keys.window import TAIL_CHARS, next_tail, redact_segment, separators


@pytest.mark.parametrize(
    ("tail", "previous_flush", "segment", "expected"),
    [
        ("my password is", "pause", "hunter2x!", "[PASSWORD]"),
        ("my password is", "enter", "hunter2x!", "[PASSWORD]"),
        ("card 4111 1111", "pause", " 1111 1111", "[CARD]"),
        ("card 4111 1111 11", "length", "11 1111", "[CARD]"),
        ("jane.doe@exa", "pause", "mple.com", "[EMAIL]"),
        ("hello", "pause", " world", " world"),
        ("", "enter", "write to jane.doe@example.com", "write to [EMAIL]"),
    ],
)
def test_a_value_split_across_segments_is_redacted_in_the_new_one(
    tail: str, previous_flush: str, segment: str, expected: str
) -> None:
    redacted = redact_segment(segment, tail=tail, joiners=separators(previous_flush), policy=None)
    assert redacted.text == expected


def test_redactions_are_counted_by_type() -> None:
    redacted = redact_segment("a@b.example, c@d.example", tail="", joiners=(" ",), policy=None)
    assert redacted.redactions == {"EMAIL": 2}


def test_the_tail_keeps_only_the_end_of_what_was_emitted() -> None:
    tail = next_tail("x" * TAIL_CHARS, " ", "[PASSWORD] ok")
    assert len(tail) == TAIL_CHARS
    assert tail.endswith(" [PASSWORD] ok")
