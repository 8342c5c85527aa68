"""Writes ``envelope-v1.json``: run by hand only when the format itself changes.

The keys in the vectors are fake test keys made here for this purpose alone.
The tests never run this script; they read what it wrote, so a library upgrade
that changes one byte of the format is caught instead of followed.

    .venv/bin/python -m tests.agent.wire.vectors.make_envelope_vectors
"""

from __future__ import annotations

import json
from pathlib import Path

from agent.wire import encode_batch
from agent.wire.envelope import seal_batch
from agent.wire.keys import DeviceSigningKey, KemName, StudyPrivateKey
from agent.wire.samples import sample_batch

OUT = Path(__file__).with_name("envelope-v1.json")
#: Fixed header values of every vector.
HEADER = {
    "study_id": "vector-study",
    "batch_id": "0190f3c4-5a6b-7c8d-9e0f-1a2b3c4d5e6f",
    "sequence": 42,
    "created_ms": 1_767_225_600_000,
}


def vector(kem: KemName, device: DeviceSigningKey) -> dict[str, object]:
    study = StudyPrivateKey.generate(kem)
    sealed = seal_batch(
        sample_batch(),
        study_id=str(HEADER["study_id"]),
        study_key=study.public_key(),
        device_key=device,
        sequence=int(HEADER["sequence"]),
        batch_id=str(HEADER["batch_id"]),
        created_ms=int(HEADER["created_ms"]),
    )
    return {
        "kem": kem,
        "study_private_key_FAKE_FOR_TESTS": study.raw.hex(),
        "study_public_key": study.public_key().raw.hex(),
        "key_id": study.public_key().key_id.hex(),
        "header": sealed.header.encode().hex(),
        "envelope": sealed.data.hex(),
    }


def main() -> None:
    device = DeviceSigningKey.generate()
    document = {
        "about": "Consentry envelope v1 test vectors; every key here is a fake made for tests.",
        "header_fields": HEADER,
        "device_private_key_FAKE_FOR_TESTS": device.raw.hex(),
        "device_public_key": device.public_raw.hex(),
        "payload": encode_batch(sample_batch()).hex(),
        "vectors": [vector("x25519", device), vector("mlkem768-x25519", device)],
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
