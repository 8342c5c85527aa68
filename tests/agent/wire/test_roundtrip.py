"""Every record kind survives JSON and msgpack unchanged, for sample and generated values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.wire import (
    RECORD_TYPES,
    KeyActivity,
    KeyStroke,
    MouseActivity,
    Record,
    TypedText,
    WindowFocus,
    decode_batch,
    decode_json,
    decode_jsonl,
    decode_msgpack,
    encode_batch,
    encode_json,
    encode_jsonl,
    encode_msgpack,
    limits,
    validate,
)
from agent.wire.samples import DEVICE, sample_batch, sample_records

SAMPLES = sample_records()


def test_the_samples_cover_every_record_kind() -> None:
    assert {type(record) for record in SAMPLES} == set(RECORD_TYPES)


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_a_record_round_trips_through_json(record: Record) -> None:
    assert decode_json(encode_json(record)) == record


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_a_record_round_trips_through_msgpack(record: Record) -> None:
    assert decode_msgpack(encode_msgpack(record)) == record


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_a_valid_record_validates_to_itself(record: Record) -> None:
    assert validate(record) == record


def test_json_lines_hold_one_record_per_line_and_round_trip() -> None:
    data = encode_jsonl(SAMPLES)
    assert data.count(b"\n") == len(SAMPLES)
    assert decode_jsonl(data) == SAMPLES


def test_a_batch_round_trips_with_its_frames() -> None:
    batch = sample_batch()
    assert decode_batch(encode_batch(batch)) == batch


def test_the_kind_tag_names_the_record_in_json() -> None:
    assert encode_json(SAMPLES[2]).startswith(b'{"kind":"window_focus"')


# -- generated records ---------------------------------------------------------------

wall_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
mono = st.integers(min_value=0, max_value=2**63 - 1)
counts = st.integers(min_value=0, max_value=limits.MAX_COUNT)
app_ids = st.text(min_size=1, max_size=limits.MAX_APP_ID_LENGTH)
redaction_types = st.from_regex(r"\A[A-Z][A-Z0-9_]{0,31}\Z")
redaction_counts = st.dictionaries(redaction_types, counts, max_size=5)
intervals = st.integers(min_value=1, max_value=limits.MAX_INTERVAL_NS)


def common() -> dict[str, st.SearchStrategy[object]]:
    return {"device_id": st.just(DEVICE), "mono_ns": mono, "wall_time": wall_times}


window_focus = st.builds(
    WindowFocus,
    **common(),
    app_id=app_ids,
    title_redacted=st.none() | st.text(max_size=limits.MAX_TITLE_LENGTH),
    redactions=redaction_counts,
)
typed_text = st.builds(
    TypedText,
    **common(),
    app_id=app_ids,
    field_id=st.from_regex(r"\A[A-Za-z0-9_-]{1,40}\Z"),
    segment=counts,
    text_redacted=st.text(max_size=limits.MAX_SEGMENT_LENGTH),
    flush=st.sampled_from(["enter", "focus_change", "pause", "length", "stop"]),
    redactions=redaction_counts,
)
key_classes = st.sampled_from(["letter", "digit", "punctuation", "modifier", "navigation"])


@st.composite
def key_activity(draw: st.DrawFn) -> KeyActivity:
    interval_ms = draw(st.integers(min_value=1, max_value=60_000))
    offsets = sorted(draw(st.lists(st.integers(0, interval_ms), max_size=50)))
    strokes = tuple(KeyStroke(at, draw(key_classes)) for at in offsets)
    return KeyActivity(
        device_id=DEVICE,
        mono_ns=draw(mono),
        wall_time=draw(wall_times),
        app_id=draw(app_ids),
        interval_ns=interval_ms * 1_000_000,
        level="classes",
        keys=len(strokes) + draw(st.integers(0, 100)),
        shortcuts=draw(st.dictionaries(st.sampled_from(["Ctrl+C", "Ctrl+V", "Alt+F4"]), counts)),
        class_counts=draw(st.dictionaries(key_classes, counts)),
        strokes=strokes,
    )


mouse_activity = st.builds(
    MouseActivity,
    **common(),
    app_id=app_ids,
    interval_ns=intervals,
    clicks=st.dictionaries(st.sampled_from(["left", "right", "middle", "other"]), counts),
    scrolls=st.dictionaries(st.sampled_from(["up", "down", "left", "right"]), counts),
    distance_px=counts,
    click_cells=st.dictionaries(st.integers(0, limits.CLICK_GRID_CELLS - 1), counts, max_size=20),
)
generated = st.one_of(window_focus, typed_text, key_activity(), mouse_activity)


@settings(max_examples=200, deadline=None)
@given(generated)
def test_generated_records_round_trip_through_both_encodings(record: Record) -> None:
    assert decode_json(encode_json(record)) == record
    assert decode_msgpack(encode_msgpack(record)) == record


@settings(max_examples=50, deadline=None)
@given(wall_times, st.integers(min_value=0, max_value=999_999))
def test_wall_time_keeps_microseconds(when: datetime, micros: int) -> None:
    record = SAMPLES[2]
    moved = msgspec.structs.replace(record, wall_time=when.replace(microsecond=micros))
    assert decode_json(encode_json(moved)).wall_time == moved.wall_time
    assert decode_msgpack(encode_msgpack(moved)).wall_time - moved.wall_time == timedelta(0)
