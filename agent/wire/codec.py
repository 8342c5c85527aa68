"""Encoding and decoding records: JSON for people, msgpack for batches.

* JSON (:func:`encode_json`, :func:`encode_jsonl`) is what ``consentry preview
  --format jsonl`` prints and what the export tool writes: readable, one
  record per line.
* msgpack (:func:`encode_batch`) is what is compressed and sealed: compact,
  bytes carried as bytes, datetimes as msgpack timestamps.

Every decoder checks the whole schema (types, bounds, cross-field rules) and
raises :class:`WireError` naming the field — never the value, since a bad
record may still hold content. A record or batch from a newer schema version
is refused with a message saying so, not with whatever field it added.

Encoders and decoders are made once per process (msgspec compiles the schema
into them) and are safe to share between threads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal, TypeVar

import msgspec

from agent.wire import limits
from agent.wire.records import Record, RecordBatch

Format = Literal["json", "msgpack"]
T = TypeVar("T")

_json_encoder = msgspec.json.Encoder()
_msgpack_encoder = msgspec.msgpack.Encoder()
_json_record = msgspec.json.Decoder(Record)
_msgpack_record = msgspec.msgpack.Decoder(Record)
_json_batch = msgspec.json.Decoder(RecordBatch)
_msgpack_batch = msgspec.msgpack.Decoder(RecordBatch)


class WireError(ValueError):
    """Input that is not a valid record or batch of this schema version.

    ``field`` is a path into the input (``$.records[3].keys``; ``$`` is the
    whole input) and ``reason`` what is wrong with it. Neither ever contains a
    value from the input.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"invalid record data at {field}: {reason}")
        self.field = field
        self.reason = reason


# -- encoding ------------------------------------------------------------------------


def encode_json(record: Record) -> bytes:
    """One record as compact JSON (UTF-8)."""
    return _encode(_json_encoder, record)


def encode_jsonl(records: Iterable[Record]) -> bytes:
    """Records as JSON lines: one record per line, each line ending in a newline."""
    try:
        return _json_encoder.encode_lines(list(records))
    except (TypeError, msgspec.EncodeError) as error:
        raise WireError("$", _encode_reason(error)) from None


def encode_msgpack(record: Record) -> bytes:
    return _encode(_msgpack_encoder, record)


def encode_batch(batch: RecordBatch) -> bytes:
    """A batch as msgpack, the form that is compressed and sealed.

    Refused when over :data:`~agent.wire.limits.MAX_BATCH_BYTES`: the producer
    cuts batches by size before it gets here.
    """
    data = _encode(_msgpack_encoder, batch)
    if len(data) > limits.MAX_BATCH_BYTES:
        raise WireError("$", f"the batch is larger than {limits.MAX_BATCH_BYTES} bytes")
    return data


def _encode(encoder: msgspec.json.Encoder | msgspec.msgpack.Encoder, value: Any) -> bytes:
    try:
        return encoder.encode(value)
    except (TypeError, msgspec.EncodeError) as error:
        raise WireError("$", _encode_reason(error)) from None


def _encode_reason(error: Exception) -> str:
    return f"cannot be encoded ({type(error).__name__})"


# -- decoding ------------------------------------------------------------------------


def decode_json(data: bytes | str) -> Record:
    return _decode_json(_json_record, data)


def decode_jsonl(data: bytes | str) -> list[Record]:
    """Records from JSON lines (blank lines are skipped)."""
    try:
        return _json_record.decode_lines(data)
    except msgspec.DecodeError as error:
        raise _wire_error(error, data, "json", lines=True) from None


def decode_msgpack(data: bytes) -> Record:
    return _decode_msgpack(_msgpack_record, data)


def decode_batch(data: bytes) -> RecordBatch:
    """A batch from msgpack, checked whole: every record, every bound, every blob."""
    if len(data) > limits.MAX_BATCH_BYTES:
        raise WireError("$", f"the batch is larger than {limits.MAX_BATCH_BYTES} bytes")
    return _decode_msgpack(_msgpack_batch, data)


def decode_batch_json(data: bytes | str) -> RecordBatch:
    """A batch from JSON (tests and the export tool's debugging output)."""
    return _decode_json(_json_batch, data)


def validate(record: Record) -> Record:
    """``record`` checked against the schema, as a decoder would check it.

    msgspec checks bounds when decoding, not when a record is constructed, so
    producers (the sealing step, ``consentry preview``) call this to find a
    bad record on the device instead of having the collector refuse its batch.
    """
    return decode_msgpack(encode_msgpack(record))


def _decode_json(decoder: msgspec.json.Decoder[T], data: bytes | str) -> T:
    try:
        return decoder.decode(data)
    except msgspec.DecodeError as error:
        raise _wire_error(error, data, "json") from None


def _decode_msgpack(decoder: msgspec.msgpack.Decoder[T], data: bytes) -> T:
    try:
        return decoder.decode(data)
    except msgspec.DecodeError as error:
        raise _wire_error(error, data, "msgpack") from None


# -- errors --------------------------------------------------------------------------

#: msgspec appends "- at `$.path`" (or "- at `key` in `$.path`") to a validation error.
_AT = re.compile(r"\s+- at `(?P<key>key` in `)?(?P<path>[^`]*)`$")
_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<name>[^`]*)`")
_IDENTIFIER = re.compile(rf"^[A-Za-z_][A-Za-z0-9_]{{0,{limits.MAX_QUOTED_FIELD_NAME - 1}}}$")


def _wire_error(
    error: msgspec.DecodeError, data: bytes | str, form: Format, *, lines: bool = False
) -> WireError:
    newer = _newer_schema(data, form, lines=lines)
    if newer is not None:
        field, version = newer
        return WireError(
            field,
            f"schema version {version} is newer than this program reads "
            f"(version {limits.SCHEMA_VERSION}); update it to read this data",
        )
    message = str(error)
    field = "$"
    match = _AT.search(message)
    if match:
        field = match["path"] + (" (a key)" if match["key"] else "")
        message = message[: match.start()]
    unknown = _UNKNOWN_FIELD.match(message)
    if unknown:
        name = unknown["name"]
        return WireError(
            field, f"unknown field `{name}`" if _IDENTIFIER.match(name) else "an unknown field"
        )
    if not isinstance(error, msgspec.ValidationError):
        return WireError(field, f"not valid {form}: {_without_values(message)}")
    if field.endswith(".kind") and message.startswith("Invalid value"):
        return WireError(field, "not a record kind of this schema version")
    return WireError(field, _without_values(message))


def _without_values(message: str) -> str:
    """msgspec quotes offending values in single quotes ('…'): cut them off."""
    cut = message.split("'", 1)[0].rstrip(" :,")
    return cut[:1].lower() + cut[1:] if cut else "invalid"


def _newer_schema(data: bytes | str, form: Format, *, lines: bool) -> tuple[str, int] | None:
    """The first ``schema`` newer than ours, and where; only read once decoding failed.

    A newer record may add fields or kinds, so its first error would be an
    unknown field: the version is the reason worth reporting.
    """
    try:
        if lines:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            documents = [msgspec.json.decode(line) for line in text.splitlines() if line.strip()]
            return _scan(documents, "$")
        if form == "json":
            return _scan(msgspec.json.decode(data), "$")
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return _scan(msgspec.msgpack.decode(raw), "$")
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None


def _scan(value: Any, path: str) -> tuple[str, int] | None:
    if isinstance(value, list):
        for index, item in enumerate(value[: limits.MAX_BATCH_RECORDS]):
            found = _scan(item, f"{path}[{index}]")
            if found:
                return found
        return None
    if not isinstance(value, dict):
        return None
    version = value.get("schema")
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > limits.SCHEMA_VERSION
    ):
        return f"{path}.schema", version
    records = value.get("records")
    return _scan(records, f"{path}.records") if isinstance(records, list) else None
