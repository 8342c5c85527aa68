"""Typed text from fields no OS signal can judge is kept only when it is shown in clear."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from agent.capture.input.visible import MAX_PENDING, VisibleTextCheck, shown_in, words_of
from agent.capture.keys import KeyContext, KeyEvent, SegmentBuilder
from agent.capture.keys.segments import Unconfirmed
from agent.wire import TypedText
from agent.wire.samples import DEVICE

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SCREEN = ["Notes", "roadmap", "notes", "for", "friday", "Secret", "***************", "Contact:"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("roadmap notes for friday", True),
        ("Roadmap NOTES, for friday!", True),  # case and punctuation do not matter
        ("roadmap notes for fridey", True),  # one character misread in a long word
        ("Pk4canaryMask63", False),  # typed into the masked entry: only asterisks show
        ("roadmap notes Pk4canaryMask63", False),  # one hidden word drops the segment
        ("a", False),  # nothing long enough to check
        ("", False),
        ("fri", False),  # a short word must be read exactly, or inside a longer one
        ("otes", True),  # found inside a word read
    ],
)
def test_a_segment_is_shown_only_when_every_word_can_be_read(typed: str, shown: bool) -> None:
    assert shown_in(typed, SCREEN) is shown


def test_words_are_letters_and_digits_case_folded() -> None:
    assert words_of("Re: Q3-plan_v2 (draft)") == ["re", "q3", "plan", "v2", "draft"]


def _record(text: str = "[redacted] text") -> TypedText:
    return TypedText(
        device_id=DEVICE, mono_ns=1, wall_time=WHEN, app_id="Form", field_id="f1",
        segment=0, text_redacted=text, flush="pause",
    )  # fmt: skip


class _Screen:
    """Stands in for the window reader: the words "shown" in each window (a test double)."""

    def __init__(self, shown: dict[int, list[str]]) -> None:
        self.shown = shown
        self.closed = False

    def read(self, token: int) -> list[str]:
        if token not in self.shown:
            raise LookupError("no such window")
        return self.shown[token]

    def close(self) -> None:
        self.closed = True


def test_only_segments_shown_in_their_window_are_kept() -> None:
    kept: list[TypedText] = []
    screen = _Screen({7: SCREEN, 8: ["other", "window"]})
    check = VisibleTextCheck(kept.append, make_reader=lambda: screen)
    shown, hidden = _record("notes"), _record("pw")
    check.submit(Unconfirmed(shown, "roadmap notes"), 7)
    check.submit(Unconfirmed(hidden, "Pk4canaryMask63"), 7)
    check.submit(Unconfirmed(_record(), "roadmap notes"), 8)  # shown, but in another window
    check.submit(Unconfirmed(_record(), "roadmap notes"), 9)  # the window cannot be read
    check.submit(Unconfirmed(_record(), "roadmap notes"), None)  # no window known
    check.stop()
    assert kept == [shown]
    assert check.stats.kept == 1
    assert check.stats.dropped == {"not shown": 2, "LookupError": 1, "no window": 1}
    assert screen.closed


def test_a_check_that_cannot_keep_up_drops_rather_than_blocks() -> None:
    release = threading.Event()

    class _Slow(_Screen):
        def read(self, token: int) -> list[str]:
            release.wait(10)
            return SCREEN

    kept: list[TypedText] = []
    check = VisibleTextCheck(kept.append, make_reader=lambda: _Slow({}))
    for _ in range(MAX_PENDING + 5):
        check.submit(Unconfirmed(_record(), "roadmap"), 7)  # returns at once
    assert check.stats.dropped["queue full"] >= 3
    release.set()
    check.stop()
    assert 1 <= len(kept) <= MAX_PENDING + 1
    check.submit(Unconfirmed(_record(), "roadmap"), 7)
    assert check.stats.dropped["stopped"] == 1


def _unsure(level: str = "text") -> KeyContext:
    return KeyContext(app_id="Form", level=level, field_id="f1", secure=None)  # type: ignore[arg-type]


def _type(
    builder: SegmentBuilder, text: str, context: KeyContext, start: int = 0
) -> list[TypedText]:
    out: list[TypedText] = []
    for i, char in enumerate(text):
        out += builder.feed(KeyEvent(i * 1_000_000, char), context)
    return out


def test_an_unjudged_field_s_segment_is_held_for_the_check_never_returned() -> None:
    builder = SegmentBuilder(device_id=DEVICE, clock=lambda: WHEN, unsure_text=True)
    assert _type(builder, "roadmap notes", _unsure()) == []
    assert builder.feed(KeyEvent(50_000_000, "Enter"), _unsure()) == []
    [held] = builder.take_unconfirmed()
    assert held.text == "roadmap notes"
    assert held.record.text_redacted == "roadmap notes" and held.record.flush == "enter"
    assert "roadmap" not in repr(held)
    assert builder.take_unconfirmed() == []


def test_without_the_check_an_unjudged_field_gives_no_text() -> None:
    builder = SegmentBuilder(device_id=DEVICE, clock=lambda: WHEN)
    _type(builder, "roadmap notes", _unsure())
    assert builder.feed(KeyEvent(50_000_000, "Enter"), _unsure()) == []
    assert builder.take_unconfirmed() == []


def test_a_field_that_turns_secure_drops_the_held_segment() -> None:
    builder = SegmentBuilder(device_id=DEVICE, clock=lambda: WHEN, unsure_text=True)
    _type(builder, "roadmap", _unsure())
    secure = KeyContext(app_id="Form", level="text", field_id="f1", secure=True)
    builder.feed(KeyEvent(30_000_000, "x"), secure)
    builder.feed(KeyEvent(40_000_000, "Enter"), _unsure())
    assert builder.take_unconfirmed() == []


def test_an_unjudged_field_at_a_lower_level_is_never_held() -> None:
    builder = SegmentBuilder(device_id=DEVICE, clock=lambda: WHEN, unsure_text=True)
    _type(builder, "roadmap", _unsure("classes"))
    builder.feed(KeyEvent(30_000_000, "Enter"), _unsure("classes"))
    assert builder.take_unconfirmed() == []
