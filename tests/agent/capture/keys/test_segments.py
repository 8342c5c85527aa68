"""Level text: segments with edits applied, flushed, redacted, and never from a secure field."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from agent.capture.keys import (
    PAUSE_NS,
    SEGMENT_LENGTH_LIMIT,
    KeyContext,
    KeyEvent,
    SegmentBuilder,
)
from agent.wire import TypedText
from agent.wire.samples import DEVICE
from redaction import RedactionPolicy, redact_text
from tests.agent.capture.keys.typing_helpers import MS, SAFE, WHEN, press, typed

PAUSE_MS = PAUSE_NS // MS


def builder(policy: object = None) -> SegmentBuilder:
    return SegmentBuilder(device_id=DEVICE, policy=policy, clock=lambda: WHEN)


def feed(b: SegmentBuilder, events: list[KeyEvent], context: KeyContext = SAFE) -> list[TypedText]:
    return [record for event in events for record in b.feed(event, context)]


def texts(records: list[TypedText]) -> list[tuple[str, str]]:
    return [(r.text_redacted, r.flush) for r in records]


def test_enter_flushes_the_segment_with_edits_applied() -> None:
    events = [*typed("helo"), press("Left", 500), press("l", 600), press("Enter", 700)]
    [record] = feed(builder(), events)
    assert (record.text_redacted, record.flush, record.field_id) == ("hello", "enter", "f1")
    assert (record.app_id, record.segment, record.mono_ns) == (SAFE.app_id, 0, 700 * MS)


def test_a_key_after_a_pause_flushes_what_came_before() -> None:
    records = feed(builder(), [*typed("one"), *typed("two", start_ms=300 + PAUSE_MS)])
    assert texts(records) == [("one", "pause")]


def test_a_tick_after_a_pause_flushes_the_segment() -> None:
    b = builder()
    feed(b, typed("one"))
    assert b.tick(200 * MS + PAUSE_NS - 1) == []
    assert texts(b.tick(200 * MS + PAUSE_NS)) == [("one", "pause")]


def test_typing_into_another_field_flushes_as_a_focus_change() -> None:
    b = builder()
    feed(b, typed("one"))
    records = feed(b, typed("two", start_ms=400), replace(SAFE, field_id="f2"))
    assert texts(records) == [("one", "focus_change")]
    assert texts(b.stop(2_000 * MS)) == [("two", "stop")]


def test_a_reported_focus_change_flushes_the_segment() -> None:
    b = builder()
    feed(b, typed("one"))
    assert texts(b.focus_changed(1_000 * MS)) == [("one", "focus_change")]


def test_tab_ends_the_segment_as_a_focus_change() -> None:
    assert texts(feed(builder(), typed("user\t"))) == [("user", "focus_change")]


def test_a_segment_is_flushed_at_the_length_limit() -> None:
    records = feed(builder(), typed("x" * SEGMENT_LENGTH_LIMIT, step_ms=1))
    assert texts(records) == [("x" * SEGMENT_LENGTH_LIMIT, "length")]


def test_segments_of_a_field_are_numbered_in_order() -> None:
    records = feed(builder(), typed("one\ntwo\nthree\n"))
    assert [r.segment for r in records] == [0, 1, 2]


def test_a_blank_segment_is_not_emitted() -> None:
    assert feed(builder(), typed("   \n")) == []


def test_an_unknown_edit_drops_the_segment() -> None:
    events = [*typed("secret draft"), press("v", 2_000, "Ctrl"), *typed("ok\n", 2_100)]
    assert texts(feed(builder(), events)) == [("ok", "enter")]


def test_a_segment_without_a_previous_one_is_redacted_as_redact_text_would() -> None:
    line = "mail jane.doe@example.com or call +44 20 7946 0958"
    [record] = feed(builder(), typed(line + "\n"))
    assert record.text_redacted == redact_text(line, source="typed").text
    assert "jane.doe" not in record.text_redacted
    assert record.redactions.get("EMAIL") == 1


def test_the_policy_deny_terms_are_redacted() -> None:
    policy = RedactionPolicy(deny_terms=("Project Nightjar",))
    [record] = feed(builder(policy), typed("about Project Nightjar\n"))
    assert "Nightjar" not in record.text_redacted


@pytest.mark.parametrize("cut", ["pause", "enter"])
def test_a_secret_typed_across_two_segments_is_caught(cut: str) -> None:
    b = builder()
    first = typed("my password is\n") if cut == "enter" else typed("my password is")
    records = feed(b, first)
    records += b.tick(10_000 * MS) if cut == "pause" else []
    records += feed(b, typed("hunter2x!\n", start_ms=20_000))
    assert texts(records)[0][0] == "my password is"
    assert "hunter2x" not in records[1].text_redacted
    assert records[1].redactions == {"PASSWORD": 1}


def test_the_previous_segment_is_only_read_for_the_same_field() -> None:
    b = builder()
    feed(b, typed("my password is\n"))
    [record] = feed(b, typed("hunter2x!\n", start_ms=5_000), replace(SAFE, field_id="f2"))
    assert record.text_redacted == "hunter2x!"


SECURE_CASES = [
    ("password field", replace(SAFE, secure=True)),
    ("detector unsure", replace(SAFE, secure=None)),
    ("password manager", replace(SAFE, app_id="org.keepassxc.KeePassXC")),
    ("credential prompt", replace(SAFE, app_id="Gcr-prompter", process_name="gcr-prompter")),
    ("level classes", replace(SAFE, level="classes")),
    ("level off", replace(SAFE, level="off")),
]


@pytest.mark.parametrize(("why", "context"), SECURE_CASES)
def test_text_is_only_kept_at_the_text_level_in_a_field_known_not_secure(
    why: str, context: KeyContext
) -> None:
    b = builder()
    assert feed(b, typed("hunter2x!\n"), context) == [], why
    assert b.stop(10_000 * MS) == [], why


def test_a_field_that_turns_secure_drops_its_unflushed_segment() -> None:
    b = builder()
    feed(b, typed("hunter"))
    assert feed(b, typed("2x!\n", start_ms=700), replace(SAFE, secure=True)) == []
    assert b.stop(10_000 * MS) == []


def test_leaving_for_a_secure_field_flushes_the_safe_one_and_keeps_nothing_of_the_other() -> None:
    b = builder()
    records = feed(b, typed("alice"))
    records += feed(b, typed("hunter2x!", 600), replace(SAFE, field_id="pw", secure=True))
    records += b.stop(10_000 * MS)
    assert texts(records) == [("alice", "focus_change")]


def test_dropping_forgets_the_unflushed_segment() -> None:
    b = builder()
    feed(b, typed("draft"))
    b.drop()
    assert b.stop(10_000 * MS) == []


def test_releases_change_nothing() -> None:
    events = [*typed("ab"), KeyEvent(mono_ns=300 * MS, key="Enter", pressed=False)]
    b = builder()
    assert feed(b, events) == []
    assert texts(b.stop(MS * 400)) == [("ab", "stop")]


def test_a_fault_in_the_redactor_drops_the_segment_and_typing_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a detector's pattern did not compile")

    caplog.set_level(logging.INFO)
    b = builder()
    monkeypatch.setattr("agent.capture.keys.segments.redact_segment", broken)
    assert feed(b, typed("hunter2x!\n")) == []
    monkeypatch.undo()
    assert texts(feed(b, typed("hello\n", start_ms=2_000))) == [("hello", "enter")]
    assert "hunter2x!" not in caplog.text and "ValueError" in caplog.text
