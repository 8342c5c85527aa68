"""Envelope v1: a batch compressed, encrypted to the study's key and signed by the device.

The byte layout is specified in ``envelope-v1.md`` beside this module; fixed
test vectors (``tests/agent/wire/vectors/``) catch any change to a byte. In
short::

    envelope   = header || enc || ciphertext || signature
    header     = fixed fields (version, suite, key id, device, batch id,
                 sequence, created time, record count, ciphertext length)
                 and the study id; it is HPKE's ``info``
    ciphertext = HPKE-seal(study key, info=header, zstd(msgpack(RecordBatch)))
    signature  = Ed25519(device key, header || enc || ciphertext)

Who calls what:

* the agent: :func:`seal_batch` (in memory, before anything touches disk);
* the collector: :func:`read_header` and :func:`verify_envelope` — it checks
  the device's signature and the header and never decrypts (it has no key);
* the export tool: :func:`open_envelope`, with the study's private keys.

Errors are :class:`EnvelopeError` with a stable ``code`` for machines and a
reason for people; neither ever holds bytes of the batch.
"""

from __future__ import annotations

import os
import re
import struct
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from agent.wire import limits
from agent.wire.codec import WireError, decode_batch, encode_batch
from agent.wire.fields import UUID4_PATTERN
from agent.wire.keys import (
    AEAD_ID_CHACHA20_POLY1305,
    AEAD_TAG_LENGTH,
    ENC_LENGTHS,
    KDF_ID_HKDF_SHA256,
    KEM_IDS,
    KEY_ID_LENGTH,
    SIGNATURE_LENGTH,
    DecryptionError,
    DeviceSigningKey,
    KemName,
    StudyPrivateKey,
    StudyPublicKey,
    kem_named,
    signature_valid,
)
from agent.wire.records import RecordBatch

#: The first bytes of every envelope: "CNSY" and the format version.
MAGIC = b"CNSY"
FORMAT_VERSION = 1
#: Payload compression: 1 = zstd (RFC 8878), the only one defined.
COMPRESSION_ZSTD = 1
#: zstd level: 3 is zstd's default, several hundred MB/s on one core, and
#: records (repetitive msgpack) shrink several times at it.
ZSTD_LEVEL = 3

#: magic, version, kem, kdf, aead, compression, key id, device id, batch id,
#: sequence, created (ms), record count, ciphertext length, study id length.
_FIXED = struct.Struct(">4sBHHHB16s16s16sQQIQB")
FIXED_HEADER_LENGTH = _FIXED.size
MAX_STUDY_ID_LENGTH = limits.MAX_LABEL_LENGTH
_STUDY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_UUID4 = re.compile(UUID4_PATTERN)

#: zstd grows incompressible input (frames are WebP or PNG already) by a few
#: bytes per 128 KiB block; this covers it for the largest batch.
MAX_COMPRESSED_BYTES = limits.MAX_BATCH_BYTES + limits.MAX_BATCH_BYTES // 64 + 1024
MAX_CIPHERTEXT_BYTES = MAX_COMPRESSED_BYTES + AEAD_TAG_LENGTH
#: The largest envelope a reader accepts: the collector refuses a bigger body (413).
MAX_ENVELOPE_BYTES = (
    FIXED_HEADER_LENGTH
    + MAX_STUDY_ID_LENGTH
    + max(ENC_LENGTHS.values())
    + MAX_CIPHERTEXT_BYTES
    + SIGNATURE_LENGTH
)
#: Created times outside these bounds are a broken clock or a forged header.
_MIN_CREATED_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
_MAX_CREATED_MS = 32_503_680_000_000  # 3000-01-01T00:00:00Z
_MAX_SEQUENCE = 2**63 - 1


class EnvelopeError(ValueError):
    """Bytes that are not a valid envelope, or one that does not verify or open.

    ``code`` is stable (``truncated``, ``bad_magic``, ``unsupported_version``,
    ``unsupported_suite``, ``bad_header``, ``length_mismatch``,
    ``bad_signature``, ``unknown_key``, ``decrypt_failed``, ``bad_payload``,
    ``too_large``); the message says what is wrong for a person. Neither
    carries bytes of the batch.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"invalid envelope ({code}): {reason}")
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class BatchHeader:
    """What anyone holding an envelope can read: who sealed it, when, to which key, how big."""

    study_id: str
    kem: KemName
    key_id: bytes
    device_id: str
    batch_id: str
    sequence: int
    created_ms: int
    record_count: int
    ciphertext_length: int
    version: int = FORMAT_VERSION

    @property
    def enc_length(self) -> int:
        return ENC_LENGTHS[self.kem]

    @property
    def created_at(self) -> datetime:
        return datetime.fromtimestamp(self.created_ms / 1000, UTC)

    @property
    def envelope_length(self) -> int:
        return (
            FIXED_HEADER_LENGTH
            + len(self.study_id)
            + self.enc_length
            + self.ciphertext_length
            + SIGNATURE_LENGTH
        )

    def encode(self) -> bytes:
        """The canonical bytes: the only encoding of these values, used as HPKE ``info``."""
        _check_header(self)
        study = self.study_id.encode("ascii")
        return (
            _FIXED.pack(
                MAGIC,
                self.version,
                KEM_IDS[self.kem],
                KDF_ID_HKDF_SHA256,
                AEAD_ID_CHACHA20_POLY1305,
                COMPRESSION_ZSTD,
                self.key_id,
                uuid.UUID(self.device_id).bytes,
                uuid.UUID(self.batch_id).bytes,
                self.sequence,
                self.created_ms,
                self.record_count,
                self.ciphertext_length,
                len(study),
            )
            + study
        )


@dataclass(frozen=True)
class Envelope:
    """An envelope cut into its parts (:func:`read_header`); nothing verified but the layout."""

    header: BatchHeader
    header_bytes: bytes
    sealed: bytes  # enc || ciphertext: what HPKE opens
    signature: bytes

    @property
    def signed_bytes(self) -> bytes:
        return self.header_bytes + self.sealed


@dataclass(frozen=True)
class SealedBatch:
    header: BatchHeader
    data: bytes


@dataclass(frozen=True)
class OpenedBatch:
    header: BatchHeader
    batch: RecordBatch


# -- sealing (the agent) ---------------------------------------------------------------


def new_batch_id(now_ms: int | None = None) -> str:
    """A UUIDv7 (RFC 9562): the creation time in ms, then 74 random bits.

    Sortable by time, unique without coordination, and it says nothing about
    the device beyond when the batch was made (which the header says anyway).
    """
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms & (2**48 - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 9562 variant
    return str(uuid.UUID(int=value))


def seal_batch(
    batch: RecordBatch,
    *,
    study_id: str,
    study_key: StudyPublicKey,
    device_key: DeviceSigningKey,
    sequence: int,
    batch_id: str | None = None,
    created_ms: int | None = None,
) -> SealedBatch:
    """Encode, compress, encrypt and sign ``batch``; all in memory.

    Raises :class:`~agent.wire.WireError` for a batch the wire format refuses
    (too large) and :class:`EnvelopeError` for header values out of bounds.
    """
    import zstandard

    payload = encode_batch(batch)
    compressed = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True).compress(
        payload
    )
    created = int(time.time() * 1000) if created_ms is None else created_ms
    header = BatchHeader(
        study_id=study_id,
        kem=study_key.kem,
        key_id=study_key.key_id,
        device_id=batch.device_id,
        batch_id=batch_id or new_batch_id(created),
        sequence=sequence,
        created_ms=created,
        record_count=len(batch.records),
        ciphertext_length=len(compressed) + AEAD_TAG_LENGTH,
    )
    header_bytes = header.encode()
    sealed = study_key.seal(compressed, info=header_bytes)
    if len(sealed) != header.enc_length + header.ciphertext_length:  # pragma: no cover - library
        raise EnvelopeError("length_mismatch", "HPKE output is not the length the header states")
    signature = device_key.sign(header_bytes + sealed)
    return SealedBatch(header=header, data=header_bytes + sealed + signature)


# -- reading and verifying (the collector) -----------------------------------------------


def read_header(data: bytes) -> Envelope:
    """Cut ``data`` into header, sealed part and signature, checking the layout only.

    The signature is not checked here: :func:`verify_envelope` does that once
    the device's key is known (it is looked up by the header's device id).
    """
    if len(data) > MAX_ENVELOPE_BYTES:
        raise EnvelopeError("too_large", f"longer than {MAX_ENVELOPE_BYTES} bytes")
    if len(data) < FIXED_HEADER_LENGTH:
        raise EnvelopeError("truncated", "shorter than the fixed header")
    (
        magic,
        version,
        kem_identifier,
        kdf,
        aead,
        compression,
        key_id,
        device,
        batch,
        sequence,
        created_ms,
        record_count,
        ciphertext_length,
        study_length,
    ) = _FIXED.unpack_from(data)
    if magic != MAGIC:
        raise EnvelopeError("bad_magic", "not a Consentry envelope")
    if version != FORMAT_VERSION:
        raise EnvelopeError(
            "unsupported_version",
            f"format version {version}; this program reads version {FORMAT_VERSION}",
        )
    kem = kem_named(kem_identifier)
    if (
        kem is None
        or kdf != KDF_ID_HKDF_SHA256
        or aead != AEAD_ID_CHACHA20_POLY1305
        or compression != COMPRESSION_ZSTD
    ):
        raise EnvelopeError("unsupported_suite", "unknown KEM, KDF, AEAD or compression")
    header_length = FIXED_HEADER_LENGTH + study_length
    if len(data) < header_length:
        raise EnvelopeError("truncated", "shorter than its header")
    try:
        study_id = data[FIXED_HEADER_LENGTH:header_length].decode("ascii")
    except UnicodeDecodeError:
        raise EnvelopeError("bad_header", "the study id is not ASCII") from None
    header = BatchHeader(
        study_id=study_id,
        kem=kem,
        key_id=key_id,
        device_id=str(uuid.UUID(bytes=device)),
        batch_id=str(uuid.UUID(bytes=batch)),
        sequence=sequence,
        created_ms=created_ms,
        record_count=record_count,
        ciphertext_length=ciphertext_length,
        version=version,
    )
    _check_header(header)
    if len(data) != header.envelope_length:
        raise EnvelopeError(
            "length_mismatch",
            f"{len(data)} bytes where the header states {header.envelope_length}",
        )
    sealed_end = len(data) - SIGNATURE_LENGTH
    return Envelope(
        header=header,
        header_bytes=bytes(data[:header_length]),
        sealed=bytes(data[header_length:sealed_end]),
        signature=bytes(data[sealed_end:]),
    )


def verify_envelope(data: bytes, device_public_key: bytes) -> Envelope:
    """The envelope, if its layout is valid and the device key signed it; else EnvelopeError."""
    envelope = read_header(data)
    if not signature_valid(device_public_key, envelope.signed_bytes, envelope.signature):
        raise EnvelopeError("bad_signature", "the device signature does not verify")
    return envelope


# -- opening (the study's key holder) ------------------------------------------------------


def open_envelope(
    data: bytes,
    study_keys: Mapping[bytes, StudyPrivateKey],
    device_public_key: bytes | None = None,
) -> OpenedBatch:
    """Verify (when the device key is given), decrypt, decompress and decode a batch.

    ``study_keys`` maps key ids to private keys: every key the study has had,
    so batches sealed before a rotation still open. The decoded batch is
    checked against its header: same device, same number of records.
    """
    import zstandard

    envelope = (
        read_header(data) if device_public_key is None else verify_envelope(data, device_public_key)
    )
    header = envelope.header
    key = study_keys.get(header.key_id)
    if key is None or key.kem != header.kem:
        raise EnvelopeError("unknown_key", f"sealed to key {header.key_id.hex()}, not held here")
    try:
        compressed = key.open(envelope.sealed, info=envelope.header_bytes)
    except DecryptionError:
        raise EnvelopeError("decrypt_failed", "the ciphertext does not open with its key") from None
    try:
        size = zstandard.frame_content_size(compressed)
        if size < 0 or size > limits.MAX_BATCH_BYTES:
            raise EnvelopeError("bad_payload", "the payload states no size, or too large a one")
        payload = zstandard.ZstdDecompressor().decompress(
            compressed, max_output_size=size, allow_extra_data=False
        )
    except zstandard.ZstdError:
        raise EnvelopeError("bad_payload", "the payload is not valid zstd") from None
    try:
        batch = decode_batch(payload)
    except WireError as error:
        raise EnvelopeError("bad_payload", f"the records are not valid: {error}") from None
    if batch.device_id != header.device_id or len(batch.records) != header.record_count:
        raise EnvelopeError("bad_payload", "the records do not match the header")
    return OpenedBatch(header=header, batch=batch)


# -- checks --------------------------------------------------------------------------


def _check_header(header: BatchHeader) -> None:
    problem = _header_problem(header)
    if problem is not None:
        raise EnvelopeError("bad_header", problem)


def _header_problem(header: BatchHeader) -> str | None:
    """What is wrong with a header's values (checked on writing and on reading)."""
    if header.version != FORMAT_VERSION:
        return "unsupported format version"
    if not 1 <= len(header.study_id) <= MAX_STUDY_ID_LENGTH or not _STUDY_ID.fullmatch(
        header.study_id
    ):
        return "the study id is not a study id"
    if len(header.key_id) != KEY_ID_LENGTH:
        return f"the key id is not {KEY_ID_LENGTH} bytes"
    if not _UUID4.fullmatch(header.device_id):
        return "the device id is not a random (version 4) UUID"
    if _uuid_version(header.batch_id) != 7:
        return "the batch id is not a version 7 UUID"
    if not 1 <= header.sequence <= _MAX_SEQUENCE:
        return "the sequence number is out of range"
    if not _MIN_CREATED_MS <= header.created_ms <= _MAX_CREATED_MS:
        return "the created time is out of range"
    if not 1 <= header.record_count <= limits.MAX_BATCH_RECORDS:
        return f"the record count is not between 1 and {limits.MAX_BATCH_RECORDS}"
    if not AEAD_TAG_LENGTH < header.ciphertext_length <= MAX_CIPHERTEXT_BYTES:
        return "the ciphertext length is out of range"
    return None


def _uuid_version(text: str) -> int | None:
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return None
    if parsed.variant != uuid.RFC_4122 or str(parsed) != text:
        return None
    return parsed.version
