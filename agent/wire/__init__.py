"""Wire format v1: the record schema, defined once.

Imported by the agent, ``consentry preview``, the collector and the export
tool; the collector may import this package and nothing else from ``agent``,
so it depends only on msgspec, ``cryptography``, zstandard and the standard
library.

Sealing lives beside the records, in two modules imported by name (they load
``cryptography``, which the record schema alone does not need):
:mod:`agent.wire.envelope` (``seal_batch``, ``verify_envelope``,
``open_envelope``; the format is ``envelope-v1.md``) and
:mod:`agent.wire.keys` (study and device keys, the only wrapper of the
library). The HTTP contract between agent and collector is ``protocol-v1.md``.

::

    from agent.wire import WindowFocus, encode_json, decode_batch, WireError

    record = WindowFocus(device_id=pseudonym, mono_ns=time.monotonic_ns(),
                         wall_time=datetime.now(UTC), app_id="XTerm",
                         title_redacted=redact_text(title, source="title").text)
    line = encode_json(record)              # preview --format jsonl
    batch = RecordBatch(device_id=pseudonym, records=[record])
    payload = encode_batch(batch)           # msgpack: compressed and sealed next
    decode_batch(payload)                   # the collector: checks everything, or WireError
"""

from agent.wire.codec import (
    WireError,
    decode_batch,
    decode_batch_json,
    decode_json,
    decode_jsonl,
    decode_msgpack,
    encode_batch,
    encode_json,
    encode_jsonl,
    encode_msgpack,
    validate,
)
from agent.wire.limits import SCHEMA_VERSION
from agent.wire.records import (
    RECORD_TYPES,
    Blob,
    BlobRef,
    ConsentEvent,
    IdleTransition,
    KeyActivity,
    KeyStroke,
    MouseActivity,
    Record,
    RecordBatch,
    ScreenFrame,
    SessionEvent,
    TypedText,
    WindowFocus,
    record_kind,
)

__all__ = [
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "Blob",
    "BlobRef",
    "ConsentEvent",
    "IdleTransition",
    "KeyActivity",
    "KeyStroke",
    "MouseActivity",
    "Record",
    "RecordBatch",
    "ScreenFrame",
    "SessionEvent",
    "TypedText",
    "WindowFocus",
    "WireError",
    "decode_batch",
    "decode_batch_json",
    "decode_json",
    "decode_jsonl",
    "decode_msgpack",
    "encode_batch",
    "encode_json",
    "encode_jsonl",
    "encode_msgpack",
    "record_kind",
    "validate",
]
