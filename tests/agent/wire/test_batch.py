"""A batch holds one device's records and exactly the frames they name, intact."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from agent.wire import Blob, RecordBatch, WireError, decode_batch, encode_batch, limits
from agent.wire.samples import FRAME_BLOB, sample_batch, sample_records

OTHER_DEVICE = "0e6f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"


def encoded(batch: dict[str, Any]) -> bytes:
    return msgspec.msgpack.encode(batch)


def as_dict() -> dict[str, Any]:
    return msgspec.to_builtins(sample_batch(), builtin_types=(bytes,))  # type: ignore[no-any-return]


def refused(data: bytes) -> WireError:
    with pytest.raises(WireError) as caught:
        decode_batch(data)
    return caught.value


def test_frame_bytes_travel_as_bytes_not_text() -> None:
    data = encode_batch(sample_batch())
    assert FRAME_BLOB.data in data


def test_a_record_from_another_device_is_refused() -> None:
    batch = as_dict()
    batch["records"][3]["device_id"] = OTHER_DEVICE
    assert "another device" in refused(encoded(batch)).reason


def test_a_frame_whose_blob_is_missing_is_refused() -> None:
    batch = as_dict()
    batch["blobs"] = []
    assert "do not match" in refused(encoded(batch)).reason


def test_a_blob_no_frame_names_is_refused() -> None:
    batch = as_dict()
    batch["blobs"].append(msgspec.to_builtins(Blob.of(b"stray"), builtin_types=(bytes,)))
    assert "do not match" in refused(encoded(batch)).reason


def test_a_blob_whose_bytes_do_not_match_their_hash_is_refused() -> None:
    batch = as_dict()
    data = bytearray(batch["blobs"][0]["data"])
    data[-1] ^= 0xFF
    batch["blobs"][0]["data"] = bytes(data)
    assert "hash" in refused(encoded(batch)).reason


def test_a_repeated_blob_is_refused() -> None:
    batch = as_dict()
    batch["blobs"].append(batch["blobs"][0])
    assert "repeated" in refused(encoded(batch)).reason


def test_an_oversized_batch_is_refused_before_it_is_decoded() -> None:
    error = refused(b"\x00" * (limits.MAX_BATCH_BYTES + 1))
    assert error.field == "$"
    assert "larger than" in error.reason


def test_an_empty_batch_is_valid() -> None:
    batch = RecordBatch(device_id=OTHER_DEVICE, records=[])
    assert decode_batch(encode_batch(batch)) == batch


def test_too_many_records_are_refused() -> None:
    record = sample_records()[7]
    batch = {**as_dict(), "records": [msgspec.to_builtins(record)] * (limits.MAX_BATCH_RECORDS + 1)}
    batch["blobs"] = []
    error = refused(encoded(batch))
    assert error.field == "$.records"
