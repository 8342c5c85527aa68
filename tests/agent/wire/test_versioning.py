"""A record or batch from a newer wire format is refused, saying so."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from agent.wire import (
    SCHEMA_VERSION,
    WireError,
    decode_batch,
    decode_batch_json,
    decode_json,
    decode_jsonl,
    decode_msgpack,
    encode_jsonl,
)
from agent.wire.samples import sample_batch, sample_records

FUTURE = SCHEMA_VERSION + 1


def future_record(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.to_builtins(sample_records()[2])
    return {**data, "schema": FUTURE, **extra}


def assert_refused_as_newer(caught: pytest.ExceptionInfo[WireError], field: str) -> None:
    assert caught.value.field == field
    assert f"schema version {FUTURE} is newer" in caught.value.reason
    assert f"version {SCHEMA_VERSION}" in caught.value.reason


def test_the_current_version_is_one() -> None:
    assert SCHEMA_VERSION == 1
    assert all(record.schema == 1 for record in sample_records())


@pytest.mark.parametrize(
    "record",
    [future_record(), future_record(new_field=1), {**future_record(), "kind": "gaze"}],
    ids=["same fields", "a new field", "a new kind"],
)
def test_a_newer_record_is_refused_for_its_version_not_its_new_fields(
    record: dict[str, Any],
) -> None:
    with pytest.raises(WireError) as caught:
        decode_json(msgspec.json.encode(record))
    assert_refused_as_newer(caught, "$.schema")
    with pytest.raises(WireError) as caught:
        decode_msgpack(msgspec.msgpack.encode(record))
    assert_refused_as_newer(caught, "$.schema")


def test_a_newer_record_inside_a_batch_is_refused_naming_where_it_is() -> None:
    batch: dict[str, Any] = msgspec.to_builtins(sample_batch())
    batch["records"][4]["schema"] = FUTURE
    batch["records"][4]["new_field"] = True
    with pytest.raises(WireError) as caught:
        decode_batch(msgspec.msgpack.encode(batch))
    assert_refused_as_newer(caught, "$.records[4].schema")


def test_a_newer_batch_is_refused() -> None:
    batch: dict[str, Any] = msgspec.to_builtins(sample_batch())
    batch["schema"] = FUTURE
    with pytest.raises(WireError) as caught:
        decode_batch_json(msgspec.json.encode(batch))
    assert_refused_as_newer(caught, "$.schema")


def test_a_newer_line_in_json_lines_is_refused() -> None:
    lines = encode_jsonl(sample_records()[:3]) + msgspec.json.encode(future_record()) + b"\n"
    with pytest.raises(WireError) as caught:
        decode_jsonl(lines)
    assert_refused_as_newer(caught, "$[3].schema")


@pytest.mark.parametrize("version", [0, -1])
def test_a_version_below_one_is_refused(version: int) -> None:
    record = {**future_record(), "schema": version}
    with pytest.raises(WireError) as caught:
        decode_json(msgspec.json.encode(record))
    assert caught.value.field == "$.schema"


def test_a_record_without_a_version_is_read_as_the_current_one() -> None:
    """Producers never omit it (it is always encoded); a reader fills the default."""
    record = future_record()
    del record["schema"]
    assert decode_json(msgspec.json.encode(record)).schema == SCHEMA_VERSION
