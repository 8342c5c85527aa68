"""Envelope v1: sealed on the device, verified by the collector, opened only with the study key."""

from __future__ import annotations

import dataclasses
import json
import struct
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.wire import RecordBatch, TypedText, encode_batch
from agent.wire.envelope import (
    FIXED_HEADER_LENGTH,
    MAX_ENVELOPE_BYTES,
    BatchHeader,
    EnvelopeError,
    new_batch_id,
    open_envelope,
    read_header,
    seal_batch,
    verify_envelope,
)
from agent.wire.keys import (
    AEAD_TAG_LENGTH,
    DeviceSigningKey,
    KemName,
    StudyPrivateKey,
    key_id_of,
)
from agent.wire.samples import DEVICE, MONO, WALL, sample_batch

VECTORS = Path(__file__).with_name("vectors") / "envelope-v1.json"
CANARY = "quokka-canary-7731"


@cache
def vectors() -> dict[str, Any]:
    return json.loads(VECTORS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


_STUDY_KEYS: dict[str, StudyPrivateKey] = {}


def study_key(kem: KemName = "x25519") -> StudyPrivateKey:
    """One key per KEM for the whole module (ML-KEM key generation is not free)."""
    if kem not in _STUDY_KEYS:
        _STUDY_KEYS[kem] = StudyPrivateKey.generate(kem)
    return _STUDY_KEYS[kem]


@cache
def device_key() -> DeviceSigningKey:
    return DeviceSigningKey.generate()


def keyring(*keys: StudyPrivateKey) -> dict[bytes, StudyPrivateKey]:
    return {key.public_key().key_id: key for key in keys}


def canary_batch() -> RecordBatch:
    text = TypedText(
        device_id=DEVICE,
        mono_ns=MONO,
        wall_time=WALL,
        app_id="XTerm",
        field_id="f1",
        segment=0,
        text_redacted=f"echo {CANARY}",
        flush="enter",
    )
    return RecordBatch(device_id=DEVICE, records=[text])


def sealed(batch: RecordBatch | None = None, kem: KemName = "x25519", sequence: int = 1) -> bytes:
    return seal_batch(
        batch or sample_batch(),
        study_id="study-a",
        study_key=study_key(kem).public_key(),
        device_key=device_key(),
        sequence=sequence,
    ).data


def flipped(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x01
    return bytes(changed)


def refused(call: Any, *args: Any) -> EnvelopeError:
    with pytest.raises(EnvelopeError) as caught:
        call(*args)
    return caught.value


# -- fixed vectors: a library upgrade that changes a byte is caught ----------------------


@pytest.mark.parametrize("index", [0, 1], ids=["x25519", "mlkem768-x25519"])
def test_a_fixed_vector_opens_to_the_sample_batch(index: int) -> None:
    document = vectors()
    vector = document["vectors"][index]
    key = StudyPrivateKey(vector["kem"], bytes.fromhex(vector["study_private_key_FAKE_FOR_TESTS"]))
    opened = open_envelope(
        bytes.fromhex(vector["envelope"]),
        keyring(key),
        bytes.fromhex(document["device_public_key"]),
    )
    assert opened.batch == sample_batch()


@pytest.mark.parametrize("index", [0, 1], ids=["x25519", "mlkem768-x25519"])
def test_a_fixed_vectors_header_is_the_canonical_encoding_of_its_fields(index: int) -> None:
    document = vectors()
    vector = document["vectors"][index]
    envelope = read_header(bytes.fromhex(vector["envelope"]))
    fields = document["header_fields"]
    assert envelope.header_bytes.hex() == vector["header"]
    assert envelope.header.encode().hex() == vector["header"]
    assert envelope.header.kem == vector["kem"]
    assert envelope.header.key_id.hex() == vector["key_id"]
    assert envelope.header.device_id == DEVICE
    assert envelope.header.record_count == len(sample_batch().records)
    for name, value in fields.items():
        assert getattr(envelope.header, name) == value


@pytest.mark.parametrize("index", [0, 1], ids=["x25519", "mlkem768-x25519"])
def test_a_fixed_vectors_keys_derive_as_recorded(index: int) -> None:
    vector = vectors()["vectors"][index]
    key = StudyPrivateKey(vector["kem"], bytes.fromhex(vector["study_private_key_FAKE_FOR_TESTS"]))
    assert key.public_key().raw.hex() == vector["study_public_key"]
    assert key_id_of(vector["kem"], key.public_key().raw).hex() == vector["key_id"]


def test_the_fixed_vectors_signature_is_the_deterministic_ed25519_signature() -> None:
    document = vectors()
    device = DeviceSigningKey(bytes.fromhex(document["device_private_key_FAKE_FOR_TESTS"]))
    assert device.public_raw.hex() == document["device_public_key"]
    for vector in document["vectors"]:
        data = bytes.fromhex(vector["envelope"])
        assert device.sign(data[:-64]) == data[-64:]


def test_the_sample_batch_still_encodes_to_the_recorded_payload_bytes() -> None:
    assert encode_batch(sample_batch()).hex() == vectors()["payload"]


# -- sealing and opening ---------------------------------------------------------------


@pytest.mark.parametrize("kem", ["x25519", "mlkem768-x25519"])
def test_a_sealed_batch_opens_with_the_study_key_and_verifies_with_the_device_key(
    kem: KemName,
) -> None:
    data = sealed(kem=kem)
    opened = open_envelope(data, keyring(study_key(kem)), device_key().public_raw)
    assert opened.batch == sample_batch()
    assert opened.header.kem == kem
    assert verify_envelope(data, device_key().public_raw).header == opened.header


def test_no_plaintext_of_the_records_is_in_the_envelope() -> None:
    data = sealed(canary_batch())
    assert CANARY.encode() not in data
    assert b"XTerm" not in data


def test_sealing_the_same_batch_twice_gives_different_ciphertexts() -> None:
    first, second = sealed(sequence=5), sealed(sequence=5)
    assert first[FIXED_HEADER_LENGTH:] != second[FIXED_HEADER_LENGTH:]


def test_batches_sealed_before_a_key_rotation_still_open() -> None:
    old, new = StudyPrivateKey.generate(), StudyPrivateKey.generate()
    before = seal_batch(
        sample_batch(),
        study_id="s",
        study_key=old.public_key(),
        device_key=device_key(),
        sequence=1,
    ).data
    after = seal_batch(
        sample_batch(),
        study_id="s",
        study_key=new.public_key(),
        device_key=device_key(),
        sequence=2,
    ).data
    both = keyring(old, new)
    assert open_envelope(before, both).header.key_id == old.public_key().key_id
    assert open_envelope(after, both).header.key_id == new.public_key().key_id


def test_a_batch_sealed_to_another_key_is_refused_as_unknown_key() -> None:
    assert refused(open_envelope, sealed(), keyring(StudyPrivateKey.generate())).code == (
        "unknown_key"
    )


def test_the_batch_id_is_a_version_7_uuid_carrying_the_creation_time() -> None:
    header = read_header(sealed()).header
    assert header.batch_id[14] == "7"
    assert int(header.batch_id.replace("-", "")[:12], 16) == header.created_ms
    assert new_batch_id(1_700_000_000_000) != new_batch_id(1_700_000_000_000)


def test_the_header_states_the_record_count_and_the_exact_envelope_length() -> None:
    data = sealed()
    header = read_header(data).header
    assert header.record_count == len(sample_batch().records)
    assert header.envelope_length == len(data)


# -- tampering -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["header", "enc", "ciphertext", "signature"])
def test_any_changed_byte_fails_verification(where: str) -> None:
    data = sealed()
    header_length = read_header(data).header_bytes.__len__()
    offset = {
        "header": 60,  # the sequence number
        "enc": header_length + 3,
        "ciphertext": header_length + 40,
        "signature": len(data) - 5,
    }[where]
    error = refused(verify_envelope, flipped(data, offset), device_key().public_raw)
    assert error.code == "bad_signature"


def test_a_header_changed_and_re_signed_by_the_device_still_does_not_open() -> None:
    """The header is HPKE's info: even the device cannot relabel a sealed batch."""
    data = sealed()
    envelope = read_header(data)
    relabelled = dataclasses.replace(envelope.header, sequence=envelope.header.sequence + 1)
    body = relabelled.encode() + envelope.sealed
    forged = body + device_key().sign(body)
    verify_envelope(forged, device_key().public_raw)  # the signature is fine
    assert refused(open_envelope, forged, keyring(study_key())).code == "decrypt_failed"


def test_another_devices_key_does_not_verify() -> None:
    other = DeviceSigningKey.generate()
    assert refused(verify_envelope, sealed(), other.public_raw).code == "bad_signature"


# -- malformed input -------------------------------------------------------------------


def header_fields(**changes: Any) -> bytes:
    data = bytearray(sealed())
    layout = struct.Struct(">4sBHHHB16s16s16sQQIQB")
    values = list(layout.unpack_from(data))
    names = [
        "magic",
        "version",
        "kem",
        "kdf",
        "aead",
        "compression",
        "key_id",
        "device",
        "batch",
        "sequence",
        "created",
        "records",
        "ciphertext_length",
        "study_length",
    ]
    for name, value in changes.items():
        values[names.index(name)] = value
    layout.pack_into(data, 0, *values)
    return bytes(data)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"magic": b"XXXX"}, "bad_magic"),
        ({"version": 2}, "unsupported_version"),
        ({"kem": 0x0010}, "unsupported_suite"),
        ({"kdf": 0x0002}, "unsupported_suite"),
        ({"aead": 0x0001}, "unsupported_suite"),
        ({"compression": 0}, "unsupported_suite"),
        ({"device": bytes(16)}, "bad_header"),
        ({"batch": bytes(16)}, "bad_header"),
        ({"sequence": 0}, "bad_header"),
        ({"created": 0}, "bad_header"),
        ({"records": 0}, "bad_header"),
        ({"records": 10_001}, "bad_header"),
        ({"ciphertext_length": 5}, "bad_header"),
        ({"ciphertext_length": 2**40}, "bad_header"),
        ({"study_length": 0}, "bad_header"),
        ({"study_length": 200}, "bad_header"),
    ],
    ids=lambda value: str(value) if isinstance(value, str) else None,
)
def test_a_malformed_header_is_refused_with_its_code(changes: dict[str, Any], code: str) -> None:
    assert refused(read_header, header_fields(**changes)).code == code


def test_a_study_id_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(EnvelopeError):
        seal_batch(
            sample_batch(),
            study_id="study-a\n",
            study_key=study_key().public_key(),
            device_key=device_key(),
            sequence=1,
        )


def test_a_payload_with_bytes_after_its_frame_is_refused() -> None:
    compressed = zstandard.ZstdCompressor().compress(encode_batch(sample_batch()))
    trailing = compressed + zstandard.ZstdCompressor().compress(b"more")
    count = len(sample_batch().records)
    error = refused(open_envelope, seal_raw(trailing, count), keyring(study_key()))
    assert error.code == "bad_payload"


def test_a_study_id_that_is_not_a_study_id_is_refused() -> None:
    data = bytearray(sealed())
    data[FIXED_HEADER_LENGTH] = ord("/")
    assert refused(read_header, bytes(data)).code == "bad_header"


@pytest.mark.parametrize("cut", [0, 3, FIXED_HEADER_LENGTH - 1, FIXED_HEADER_LENGTH + 4, -1])
def test_a_truncated_envelope_is_refused(cut: int) -> None:
    data = sealed()
    assert refused(read_header, data[:cut]).code in ("truncated", "length_mismatch")


def test_trailing_bytes_are_refused() -> None:
    assert refused(read_header, sealed() + b"\x00").code == "length_mismatch"


def test_an_envelope_over_the_size_limit_is_refused_before_it_is_read() -> None:
    assert refused(read_header, bytes(MAX_ENVELOPE_BYTES + 1)).code == "too_large"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_envelope_errors(data: bytes) -> None:
    with pytest.raises(EnvelopeError):
        verify_envelope(b"CNSY\x01" + data, device_key().public_raw)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=0, max_value=255))
def test_any_single_byte_change_is_detected(position: int, value: int) -> None:
    data = sealed()
    offset = position % len(data)
    if data[offset] == value:
        return
    changed = bytearray(data)
    changed[offset] = value
    with pytest.raises(EnvelopeError):
        open_envelope(bytes(changed), keyring(study_key()), device_key().public_raw)


# -- the payload inside: checked against its header, bounded when decompressed ------------


def seal_raw(compressed: bytes, record_count: int) -> bytes:
    """An envelope around any compressed payload: a device gone wrong, or a forger with its key."""
    key = study_key().public_key()
    header = BatchHeader(
        study_id="study-a",
        kem="x25519",
        key_id=key.key_id,
        device_id=DEVICE,
        batch_id=new_batch_id(),
        sequence=1,
        created_ms=1_767_225_600_000,
        record_count=record_count,
        ciphertext_length=len(compressed) + AEAD_TAG_LENGTH,
    )
    body = header.encode() + key.seal(compressed, info=header.encode())
    return body + device_key().sign(body)


def test_a_payload_claiming_more_than_a_batch_may_hold_is_not_decompressed() -> None:
    bomb = zstandard.ZstdCompressor().compress(bytes(40 * 1024 * 1024))
    error = refused(open_envelope, seal_raw(bomb, 1), keyring(study_key()))
    assert error.code == "bad_payload"


def test_a_payload_that_is_not_zstd_is_refused() -> None:
    error = refused(open_envelope, seal_raw(b"not zstd at all", 1), keyring(study_key()))
    assert error.code == "bad_payload"


def test_a_payload_whose_record_count_differs_from_the_header_is_refused() -> None:
    payload = zstandard.ZstdCompressor().compress(encode_batch(sample_batch()))
    error = refused(open_envelope, seal_raw(payload, 1), keyring(study_key()))
    assert error.code == "bad_payload"


def test_invalid_records_inside_are_refused_without_quoting_them() -> None:
    batch = canary_batch()
    broken = encode_batch(batch).replace(b"XTerm", b"")  # app_id now empty: invalid
    error = refused(
        open_envelope,
        seal_raw(zstandard.ZstdCompressor().compress(broken), 1),
        keyring(study_key()),
    )
    assert error.code == "bad_payload"
    assert CANARY not in str(error)
