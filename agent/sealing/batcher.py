"""From records to sealed batches in the spool: the only way captured data reaches the disk.

Capture hands every record (and a frame's bytes) to :meth:`Batcher.add`, which
never blocks: it puts them on a bounded queue for the batcher's own thread.
That thread checks each record against the wire format, gathers records into
a batch in memory, and cuts the batch at the first of the policy's limits
(``batching.max_records``, ``batching.max_kb``, ``batching.max_seconds``) or
the wire format's (blobs per batch). A cut batch is sealed in memory —
compressed, encrypted to the study's key, signed with the device key — and
only the envelope is written, to the spool.

Nothing is lost silently. A batch that cannot be sealed because the device
does not yet know the study's key (not enrolled) waits in memory for it, up
to :data:`MAX_AWAITING_BYTES`; a sealed batch the disk cannot take waits too,
up to :data:`MAX_HELD_BATCHES`. Past those bounds the oldest is dropped and
counted in the spool as ``no_study_key`` or ``disk_full``.

Every record carries the consent *generation* it was captured under: the
number of withdrawals recorded on this device
(:meth:`agent.consent.ConsentController.withdrawals`). A withdrawal
(:meth:`Batcher.discard`, or a record of a newer generation) drops everything
of an older generation not yet in the spool — gathered, queued, waiting for a
key or for the disk — and the spool's consent check refuses, inside its
transaction, a batch whose generation is no longer the stored one. So nothing
captured before a withdrawal is kept, even when consent is given again at once.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from agent.policy import EffectivePolicy
from agent.spool import SequenceAllocator, Spool, SpoolError, SpoolFull
from agent.wire import Blob, Record, RecordBatch, WireError, decode_msgpack, encode_msgpack
from agent.wire import limits as wire_limits
from agent.wire.envelope import SealedBatch, seal_batch
from agent.wire.keys import DeviceSigningKey, StudyPublicKey

log = logging.getLogger(__name__)

#: Records (with their frames) waiting on the queue for the batcher thread.
#: Capture never waits for sealing: past this, records are dropped and counted.
MAX_QUEUED_RECORDS = 20_000
#: Cut batches waiting in memory for the study's key (the device is not
#: enrolled yet): about four default batches.
MAX_AWAITING_BYTES = 16 * 1024 * 1024
#: Sealed batches waiting in memory for a disk with room.
MAX_HELD_BATCHES = 8
#: The batcher thread looks at the clock (batch age, flush requests, held
#: batches) at least this often.
TICK_SECONDS = 0.25
#: How often batches held back (no key, full disk) are tried again.
RETRY_SECONDS = 5.0
#: Bytes a record or blob adds to a batch beyond its own encoding (msgpack framing).
PER_ITEM_OVERHEAD = 80


@dataclass(frozen=True)
class BatchLimits:
    max_records: int = 2000
    max_bytes: int = 4096 * 1024
    max_seconds: float = 120.0

    @classmethod
    def from_policy(cls, policy: EffectivePolicy) -> BatchLimits:
        return cls(
            max_records=int(policy.value("batching.max_records")),
            max_bytes=int(policy.value("batching.max_kb")) * 1024,
            max_seconds=float(policy.value("batching.max_seconds")),
        )


@dataclass
class _Open:
    """The batch being filled."""

    records: list[Record] = field(default_factory=list)
    blobs: list[Blob] = field(default_factory=list)
    size: int = 0
    started: float = 0.0


@dataclass(frozen=True)
class _Item:
    record: Record
    blob: Blob | None
    generation: int


@dataclass(frozen=True)
class _Flush:
    done: threading.Event


#: Where sealing goes: the study id and the key to seal to, or ``None`` while unknown.
SealingTarget = Callable[[], tuple[str, StudyPublicKey] | None]


class Batcher:
    def __init__(
        self,
        *,
        device_id: str,
        limits: BatchLimits,
        spool: Spool,
        sequences: SequenceAllocator,
        device_key: DeviceSigningKey,
        target: SealingTarget,
        consent_allows: Callable[[int], bool] = lambda generation: True,
        on_stored: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.device_id = device_id
        self.limits = limits
        self.spool = spool
        self.sequences = sequences
        self.device_key = device_key
        self._target = target
        self._consent_allows = consent_allows
        self._on_stored = on_stored
        self._clock = clock
        self._queue: queue.Queue[_Item | _Flush | None] = queue.Queue(MAX_QUEUED_RECORDS)
        self._lock = threading.Lock()
        self._generation = 0
        self._open = _Open()
        #: Cut batches waiting for the study's key: (batch, generation, bytes).
        self._awaiting: list[tuple[RecordBatch, int, int]] = []
        #: Sealed batches waiting for the disk: (batch, generation).
        self._held: list[tuple[SealedBatch, int]] = []
        self._next_retry = 0.0
        self._thread: threading.Thread | None = None
        #: Set by a signal handler (no lock may be taken there): seal now.
        self.flush_requested = False
        self.on_flush_request: Callable[[], None] = lambda: None
        self.dropped: Counter[str] = Counter()

    @property
    def awaiting_key(self) -> int:
        """Batches held unsealed because the study's key is not known yet."""
        return sum(waiting[1] == self._generation for waiting in self._awaiting)

    # -- the capture side ----------------------------------------------------------------

    def add(self, record: Record, blob: Blob | None = None, generation: int = 0) -> None:
        """Take a record captured under consent ``generation``; never blocks (a full queue
        drops it, counted)."""
        try:
            self._queue.put_nowait(_Item(record, blob, generation))
        except queue.Full:
            self.dropped["queue_full"] += 1

    def discard(self, generation: int) -> None:
        """Consent was withdrawn (now ``generation``): drop all not yet in the spool.

        The gathered records go at once; batches waiting for a key or the disk
        carry their generation and are dropped by the batcher thread, the only
        one that touches those lists, before it would seal or store them.
        """
        with self._lock:
            self._generation = max(self._generation, generation)
            dropped = len(self._open.records)
            self._open = _Open()
        if dropped:
            log.info("unsealed records dropped: consent was withdrawn")

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="consentry-seal", daemon=True)
            self._thread.start()

    def flush(self, timeout: float = 30.0) -> bool:
        """Seal what is gathered now (and what waited for a key); True once done."""
        if self._thread is None:
            return False
        done = threading.Event()
        try:
            self._queue.put(_Flush(done), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Seal and store what is gathered, then end the thread."""
        if self._thread is None:
            return
        with contextlib.suppress(queue.Full):
            self._queue.put(None, timeout=timeout)
        self._thread.join(timeout)
        self._thread = None

    # -- the batcher thread ---------------------------------------------------------------

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=TICK_SECONDS)
            except queue.Empty:
                self._safely(self._on_tick)
                continue
            if item is None:
                self._safely(self._finish)
                return
            if isinstance(item, _Flush):
                self._safely(self._flush_now)
                item.done.set()
            else:
                self._safely(partial(self._take, item))
            self._safely(self._on_tick)

    def _safely(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as error:  # the thread must survive one bad batch
            log.error("sealing failed: %s", type(error).__name__)

    def _finish(self) -> None:
        self._cut()
        self._seal_awaiting(final=True)
        self._retry_held(final=True)

    def _on_tick(self) -> None:
        if self.flush_requested:
            self.flush_requested = False
            self._flush_now()
            self.on_flush_request()
        if self._open.records and self._clock() - self._open.started >= self.limits.max_seconds:
            self._cut()
        if (self._awaiting or self._held) and self._clock() >= self._next_retry:
            self._next_retry = self._clock() + RETRY_SECONDS
            self._seal_awaiting()
            self._retry_held()

    def _flush_now(self) -> None:
        self._cut()
        self._seal_awaiting()
        self._retry_held()

    def _take(self, item: _Item) -> None:
        if item.generation > self._generation:  # a withdrawal no listener has told us of
            self.discard(item.generation)
        if item.generation != self._generation:
            self.dropped["withdrawn"] += 1
            return
        try:
            encoded = encode_msgpack(item.record)
            decode_msgpack(encoded)  # msgspec checks bounds on decode, not on construction
        except WireError as error:
            self.dropped[f"invalid:{error.field}"] += 1
            log.error("a record failed the wire format's checks at %s; dropped", error.field)
            return
        size = len(encoded) + PER_ITEM_OVERHEAD
        if item.blob is not None:
            size += len(item.blob.data) + PER_ITEM_OVERHEAD
        batch = self._open
        if batch.records and (
            batch.size + size > self.limits.max_bytes
            or (item.blob is not None and len(batch.blobs) >= wire_limits.MAX_BATCH_BLOBS)
        ):
            self._cut()
            batch = self._open
        with self._lock:
            if item.generation != self._generation:
                return
            if not batch.records:
                batch.started = self._clock()
            batch.records.append(item.record)
            if item.blob is not None and all(b.sha256 != item.blob.sha256 for b in batch.blobs):
                batch.blobs.append(item.blob)
            batch.size += size
        if len(batch.records) >= min(self.limits.max_records, wire_limits.MAX_BATCH_RECORDS):
            self._cut()

    def _cut(self) -> None:
        with self._lock:
            batch, self._open = self._open, _Open()
            generation = self._generation
        if not batch.records:
            return
        records = RecordBatch(device_id=self.device_id, records=batch.records, blobs=batch.blobs)
        self._seal(records, generation, batch.size)

    def _seal(self, batch: RecordBatch, generation: int, size: int) -> None:
        target = self._target()
        if target is None:
            self._await_key(batch, generation, size)
            return
        study_id, key = target
        try:
            sequence = self.sequences.next()
            sealed = seal_batch(
                batch,
                study_id=study_id,
                study_key=key,
                device_key=self.device_key,
                sequence=sequence,
            )
        except Exception as error:  # FileProblem, WireError, EnvelopeError, or a bug: counted
            log.error("a batch could not be sealed: %s", type(error).__name__)
            self.spool.count_unsealed("unsealable")
            return
        self._store(sealed, generation)

    def _store(self, sealed: SealedBatch, generation: int) -> None:
        def allowed() -> bool:
            return generation == self._generation and self._consent_allows(generation)

        try:
            self.spool.put(sealed, allowed=allowed)
        except SpoolFull as error:
            log.warning("the spool cannot take a batch now: %s", type(error).__name__)
            self._held.append((sealed, generation))
            while len(self._held) > MAX_HELD_BATCHES:
                self._held.pop(0)
                self.spool.count_unsealed("disk_full")
            return
        except SpoolError as error:  # a damaged spool: the batch cannot be kept
            log.error("a sealed batch could not be stored: %s", error)
            self.spool.count_unsealed("spool_error")
            return
        self._on_stored()

    def _await_key(self, batch: RecordBatch, generation: int, size: int) -> None:
        self._awaiting.append((batch, generation, size))
        while sum(waiting[2] for waiting in self._awaiting) > MAX_AWAITING_BYTES:
            self._awaiting.pop(0)
            self.spool.count_unsealed("no_study_key")
            log.warning("a batch was dropped unsealed: the study's key is still unknown")

    def _seal_awaiting(self, final: bool = False) -> None:
        self._awaiting = [waiting for waiting in self._awaiting if waiting[1] == self._generation]
        if not self._awaiting:
            return
        if self._target() is None:
            if final:
                self.spool.count_unsealed("no_study_key", len(self._awaiting))
                self._awaiting.clear()
            return
        waiting, self._awaiting = self._awaiting, []
        for batch, generation, size in waiting:
            if generation == self._generation:
                self._seal(batch, generation, size)

    def _retry_held(self, final: bool = False) -> None:
        held = [entry for entry in self._held if entry[1] == self._generation]
        self._held = []
        for sealed, generation in held:
            if generation == self._generation:
                self._store(sealed, generation)
        if final and self._held:
            self.spool.count_unsealed("disk_full", len(self._held))
            self._held.clear()
