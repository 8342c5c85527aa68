"""Levels counts and classes: how much and what class, never which key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.capture.keys import ActivityAggregator, KeyContext, KeyEvent, KeystrokeLevel
from agent.wire import KeyActivity, KeyStroke, limits
from agent.wire.samples import DEVICE
from tests.agent.capture.keys.typing_helpers import MS, WHEN, press, typed

COUNTS = KeyContext(app_id="org.example.Mail", level="counts", secure=False)
CLASSES = replace(COUNTS, level="classes")


def run(events: list[KeyEvent], context: KeyContext, end_ms: int = 10_000) -> list[KeyActivity]:
    aggregator = ActivityAggregator(start_ns=0)
    for event in events:
        aggregator.add(event, context)
    return aggregator.flush(device_id=DEVICE, mono_ns=end_ms * MS, wall_time=WHEN)


def test_counts_level_keeps_the_number_of_keys_and_nothing_else() -> None:
    [record] = run(typed("hi 7!"), COUNTS)
    assert (record.level, record.keys, record.class_counts, record.strokes) == (
        "counts",
        5,
        {},
        (),
    )


def test_counts_level_keeps_shortcuts_as_shortcuts() -> None:
    [record] = run([*typed("ab"), press("c", 300, "Ctrl"), press("c", 400, "Ctrl")], COUNTS)
    assert record.shortcuts == {"Ctrl+C": 2}
    assert record.keys == 4


def test_classes_level_keeps_each_press_class_and_time_into_the_interval() -> None:
    [record] = run([press("a", 10), press("7", 250), press("Backspace", 1_000)], CLASSES)
    assert record.strokes == (
        KeyStroke(at_ms=10, key_class="letter"),
        KeyStroke(at_ms=250, key_class="digit"),
        KeyStroke(at_ms=1_000, key_class="editing"),
    )
    assert record.class_counts == {"letter": 1, "digit": 1, "editing": 1}


def test_classes_level_classifies_a_shortcut_as_a_shortcut() -> None:
    [record] = run([press("v", 5, "Ctrl")], CLASSES)
    assert record.strokes == (KeyStroke(at_ms=5, key_class="shortcut"),)
    assert record.shortcuts == {"Ctrl+V": 1}


def test_key_releases_are_not_counted() -> None:
    release = KeyEvent(mono_ns=MS, key="a", pressed=False)
    [record] = run([press("a"), release], COUNTS)
    assert record.keys == 1


def test_the_interval_ends_at_the_flush() -> None:
    [record] = run(typed("ab"), COUNTS, end_ms=60_000)
    assert record.interval_ns == 60_000 * MS


def test_each_application_gets_its_own_record() -> None:
    aggregator = ActivityAggregator(start_ns=0)
    aggregator.add(press("a"), COUNTS)
    aggregator.add(press("b"), replace(COUNTS, app_id="org.example.Editor"))
    records = aggregator.flush(device_id=DEVICE, mono_ns=MS, wall_time=WHEN)
    assert sorted(r.app_id for r in records) == ["org.example.Editor", "org.example.Mail"]


def test_a_flush_starts_a_new_interval() -> None:
    aggregator = ActivityAggregator(start_ns=0)
    aggregator.add(press("a"), CLASSES)
    aggregator.flush(device_id=DEVICE, mono_ns=1_000 * MS, wall_time=WHEN)
    aggregator.add(press("b", 1_500), CLASSES)
    [record] = aggregator.flush(device_id=DEVICE, mono_ns=2_000 * MS, wall_time=WHEN)
    assert record.strokes == (KeyStroke(at_ms=500, key_class="letter"),)
    assert record.interval_ns == 1_000 * MS


def test_an_interval_without_keys_yields_no_record() -> None:
    assert run([], COUNTS) == []


@pytest.mark.parametrize(
    ("why", "context"),
    [
        ("password field", replace(CLASSES, secure=True)),
        ("password manager", replace(CLASSES, app_id="KeePassXC")),
        ("passphrase prompt", replace(CLASSES, app_id="x", process_name="pinentry-gnome3")),
        ("level off", replace(CLASSES, level="off")),
        ("level text", replace(CLASSES, level="text")),
    ],
)
def test_keys_that_may_not_be_kept_are_not_even_counted(why: str, context: KeyContext) -> None:
    assert run(typed("hunter2"), context) == [], why


@pytest.mark.parametrize("level", ["counts", "classes", "text"])
def test_keys_of_a_field_the_detector_cannot_judge_are_counted_and_nothing_more(
    level: KeystrokeLevel,
) -> None:
    unsure = replace(CLASSES, level=level, secure=None)
    [record] = run(typed("hunter2"), unsure)
    assert (record.level, record.keys, record.class_counts, record.strokes) == ("counts", 7, {}, ())


def test_one_unsure_key_turns_the_applications_whole_interval_into_counts() -> None:
    aggregator = ActivityAggregator(start_ns=0)
    for event in typed("alice"):
        aggregator.add(event, CLASSES)
    for event in typed("pw", start_ms=600):
        aggregator.add(event, replace(CLASSES, secure=None))
    for event in typed("bob", start_ms=900):
        aggregator.add(event, CLASSES)
    [record] = aggregator.flush(device_id=DEVICE, mono_ns=10_000 * MS, wall_time=WHEN)
    assert (record.level, record.keys, record.class_counts, record.strokes) == (
        "counts",
        10,
        {},
        (),
    )


def test_strokes_stop_at_the_wire_bound_while_keys_go_on_counting() -> None:
    events = [press("a", i) for i in range(limits.MAX_STROKES_PER_RECORD + 10)]
    [record] = run(events, CLASSES)
    assert len(record.strokes) == limits.MAX_STROKES_PER_RECORD
    assert record.keys == limits.MAX_STROKES_PER_RECORD + 10
