"""Real sealed batches of a chosen size, for spool and uploader tests.

Each batch holds one screen-frame record whose blob is random bytes, so the
envelope's size is what the test asks for (random bytes do not compress) and
every envelope's bytes are unique.
"""

from __future__ import annotations

import itertools
import os
import time
from functools import cache

from agent.wire import Blob, RecordBatch, ScreenFrame
from agent.wire.envelope import SealedBatch, seal_batch
from agent.wire.keys import DeviceSigningKey, StudyPrivateKey
from agent.wire.samples import DEVICE, MONO, WALL

STUDY = "study-t"
#: Sequence numbers for test batches: unique within a test run, as on a device.
SEQUENCES = itertools.count(1)
#: Envelope bytes around the blob: header, HPKE, records, zstd framing, signature.
OVERHEAD = 560


@cache
def study_key() -> StudyPrivateKey:
    return StudyPrivateKey.generate()


@cache
def device_key() -> DeviceSigningKey:
    return DeviceSigningKey.generate()


def frame_record(
    data: bytes, device_id: str = DEVICE, frame_id: int = 0
) -> tuple[ScreenFrame, Blob]:
    """A screen-frame record and the blob of ``data`` it names."""
    blob = Blob.of(data)
    frame = ScreenFrame(
        device_id=device_id,
        mono_ns=MONO + frame_id,
        wall_time=WALL,
        frame_id=frame_id,
        monitor=0,
        width=640,
        height=400,
        encoding="webp",
        greyscale=True,
        trigger="periodic",
        blob=blob.ref,
    )
    return frame, blob


def frame_batch(blob_bytes: int, device_id: str = DEVICE) -> RecordBatch:
    frame, blob = frame_record(os.urandom(max(1, blob_bytes)), device_id)
    return RecordBatch(device_id=device_id, records=[frame], blobs=[blob])


def sealed(
    sequence: int, size: int = 2048, created_ms: int | None = None, study: str = STUDY
) -> SealedBatch:
    """A sealed batch of about ``size`` bytes (at least ``OVERHEAD``)."""
    return seal_batch(
        frame_batch(size - OVERHEAD),
        study_id=study,
        study_key=study_key().public_key(),
        device_key=device_key(),
        sequence=sequence,
        created_ms=created_ms if created_ms is not None else int(time.time() * 1000),
    )
