"""The spool: sealed batches waiting for upload, on disk as ciphertext only.

Why SQLite (in WAL mode) rather than a file per batch: a batch and the
counters that account for it (:mod:`agent.spool.counters`) change in one
transaction, so "delivered + evicted + quarantined + pending = created" holds
after a crash at any instant — a file per batch would need a second store for
the counters and a repair pass after every crash. SQLite also lets the agent,
``consentry spool flush`` and a withdrawal in another process work on one
spool at once (its locks), and a conditional ``DELETE`` makes two uploaders
sending the same batch count it delivered once.

Durability: a new batch is committed with ``synchronous=FULL`` (on disk before
:meth:`Spool.put` returns); deliveries with ``NORMAL`` — a delivery lost to a
power cut only makes the batch be sent again, and the collector answers a
repeated batch as already stored. Deleted batches' pages are zeroed where that
costs no extra writes (``secure_delete=FAST``), and fully on withdrawal.

Everything here is ciphertext and counts: batch ids, sequence numbers, sizes
and times, never a record. The database and its WAL are owner-only (0600).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.spool.counters import EVICTION_REASONS, EvictionReason, SpoolCounters
from agent.spool.database import Database, SpoolError, SpoolFull, reason
from agent.spool.disk import DISK_HEADROOM_BYTES, Reserve, free_bytes, is_disk_full
from agent.spool.quarantine import QuarantineFolder
from agent.wire.envelope import SealedBatch

log = logging.getLogger(__name__)

#: The database's file name inside the spool directory.
SPOOL_FILE = "spool.sqlite3"
#: A full disk: evict this many of the oldest batches, one at a time, before
#: giving up on a put (each eviction frees at least one batch's pages).
MAX_DISK_FULL_EVICTIONS = 64
#: Batches that left the spool (delivered, evicted, quarantined) are remembered
#: by id, size and outcome — never content — this many at most, newest kept:
#: what was sent, for the operator and the employee.
HISTORY_ROWS = 10_000


@dataclass(frozen=True)
class PastBatch:
    """A batch that left the spool: ``outcome`` is ``delivered``, ``quarantined`` or
    ``evicted:REASON``; ``at_ms`` is when."""

    sequence: int
    batch_id: str
    study_id: str
    created_ms: int
    records: int
    size: int
    outcome: str
    at_ms: int


@dataclass(frozen=True)
class PendingBatch:
    """A batch waiting for upload, without its bytes (:meth:`Spool.envelope` reads them)."""

    sequence: int
    batch_id: str
    study_id: str
    created_ms: int
    records: int
    size: int


class Spool:
    """One device's spool in ``directory``; safe to share between threads and processes.

    ``max_bytes`` bounds pending and quarantined batches together
    (``retention.device_max_mb``); ``max_age_seconds`` is
    ``retention.device_days``. ``wall_clock`` gives seconds since the epoch
    (batch ages are wall-clock ages: a batch is as old as its records).
    """

    def __init__(
        self,
        directory: Path,
        *,
        max_bytes: int,
        max_age_seconds: float,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.path = directory / SPOOL_FILE
        self.quarantined = QuarantineFolder(directory)
        self.reserve = Reserve(directory)
        self.max_bytes = max_bytes
        self.max_age_seconds = max_age_seconds
        self._clock = wall_clock
        self._database = Database(self.path)
        self._lock = self._database.lock
        #: Losses that happened while the disk could not record them; written
        #: with the next transaction that succeeds.
        self._unrecorded: dict[EvictionReason, int] = {}

    # -- life cycle ----------------------------------------------------------------

    def open(self) -> None:
        """Make (or open) the database now, so that a spool that cannot be used shows at once."""
        self._database.connection()

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _exists(self) -> bool:
        return self._database.exists()

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return self._database.query(sql, params)

    def _db(self) -> sqlite3.Connection:
        return self._database.connection()

    @contextlib.contextmanager
    def _write(self, *, durable: bool) -> Iterator[sqlite3.Connection]:
        """A write transaction that also writes the losses the disk could not take before."""
        with self._lock:
            unrecorded = dict(self._unrecorded)
            with self._database.transaction(durable=durable) as connection:
                yield connection
                for reason, batches in unrecorded.items():
                    _add(connection, "created", batches)
                    _add(connection, f"evicted.{reason}", batches)
            for reason, batches in unrecorded.items():  # on disk now
                left = self._unrecorded.get(reason, 0) - batches
                if left > 0:
                    self._unrecorded[reason] = left
                else:
                    self._unrecorded.pop(reason, None)

    # -- sealing side --------------------------------------------------------------

    def put(self, sealed: SealedBatch, allowed: Callable[[], bool] | None = None) -> bool:
        """Store a sealed batch; False if it was evicted at once instead (and counted).

        ``allowed`` is asked inside the transaction: a withdrawal in another
        process empties the spool under the same lock, so a batch sealed just
        before it can never land after it (with no spool left at all, a
        refused batch does not make one again). Room is made first: expired
        batches go, then the oldest until the new one fits the quota, then —
        when the disk has less than :data:`DISK_HEADROOM_BYTES` free — the
        oldest until the new one fits in the pages they free. A disk another
        program filled to the last byte costs the reserve file, then the
        oldest batches one by one; :class:`SpoolFull` when even that does not
        make room, :class:`SpoolError` for any other failure.
        """
        header = sealed.header
        if allowed is not None and not self._exists() and not allowed():
            log.info("spool: a batch sealed before a withdrawal was dropped")
            return False  # withdrawn, and the spool with it: do not make one again for this
        for _ in range(MAX_DISK_FULL_EVICTIONS + 1):
            try:
                with self._write(durable=True) as db:
                    _add(db, "created", 1)
                    if allowed is not None and not allowed():
                        _add(db, "evicted.withdrawn", 1)
                        return False
                    if len(sealed.data) > self.max_bytes:
                        _add(db, "evicted.too_large", 1)
                        return False
                    _add(db, "sealed", 1)
                    self._expire(db)
                    self._make_room(db, len(sealed.data))
                    self._make_disk_room(db, len(sealed.data))
                    db.execute(
                        "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            header.sequence,
                            header.batch_id,
                            header.study_id,
                            header.created_ms,
                            header.record_count,
                            len(sealed.data),
                            sealed.data,
                        ),
                    )
                break
            except sqlite3.Error as error:
                if not is_disk_full(error):
                    raise SpoolError(
                        f"{self.path}: cannot store a batch: {reason(error)}"
                    ) from None
                if not self._recover_disk():
                    raise SpoolFull(f"{self.path}: {reason(error)}") from None
        else:
            raise SpoolFull(
                f"{self.path}: no room after evicting {MAX_DISK_FULL_EVICTIONS} batches"
            )
        self.reserve.keep()
        return True

    def count_unsealed(self, reason: EvictionReason, batches: int = 1) -> None:
        """Batches cut from records that never reached the spool: created, evicted by ``reason``.

        If even this cannot be written (a full disk), it is kept in memory and
        written with the next transaction that succeeds.
        """
        with self._lock:
            self._unrecorded[reason] = self._unrecorded.get(reason, 0) + batches
            with contextlib.suppress(sqlite3.Error, SpoolError), self._write(durable=True):
                pass

    def _recover_disk(self) -> bool:
        """Free room on a disk filled to the last byte; False when nothing more can go.

        First the reserve file goes (room for SQLite to work at all), then the
        log is folded into the database, then the oldest quarantined or
        pending batch is deleted.
        """
        with self._lock:
            if self.reserve.release():
                log.warning("spool: the disk is full; its reserve was released")
                return True
            with contextlib.suppress(sqlite3.Error):
                self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if self.quarantined.drop_oldest():
                return True
            try:
                with self._write(durable=True) as db:
                    return self._evict_oldest(db, "disk_full")
            except sqlite3.OperationalError:
                return False

    def _make_disk_room(self, db: sqlite3.Connection, incoming: int) -> None:
        """When the disk would keep less than the headroom free, fit the batch in freed pages.

        Deleting a batch gives the file system nothing back: its pages go to
        the database's free list, for the next batch to reuse. So with the
        disk short of room, the oldest batches are evicted (``disk_full``)
        only until the free list holds the new one, never more.
        """
        while (
            free_bytes(self.directory) < incoming + DISK_HEADROOM_BYTES
            and _freelist_bytes(db) < incoming
        ):
            if not (self.quarantined.drop_oldest() or self._evict_oldest(db, "disk_full")):
                return

    def _expire(self, db: sqlite3.Connection) -> int:
        cutoff = int((self._clock() - self.max_age_seconds) * 1000)
        gone = self._leave(db, "created_ms < ?", (cutoff,), "evicted:age")
        if gone:
            _add(db, "evicted.age", gone)
            log.info("spool: %d batch(es) older than the device retention deleted unsent", gone)
        self.quarantined.expire(cutoff)
        return gone

    def _make_room(self, db: sqlite3.Connection, incoming: int) -> None:
        while self._stored_bytes(db) + incoming > self.max_bytes:
            if self.quarantined.drop_oldest():
                continue
            if not self._evict_oldest(db, "quota"):
                return

    def _stored_bytes(self, db: sqlite3.Connection) -> int:
        pending = db.execute("SELECT COALESCE(SUM(size), 0) FROM batches").fetchone()[0]
        return int(pending) + self.quarantined.size()

    def _evict_oldest(self, db: sqlite3.Connection, reason: EvictionReason) -> bool:
        row = db.execute("SELECT sequence FROM batches ORDER BY sequence LIMIT 1").fetchone()
        if row is None:
            return False
        self._leave(db, "sequence = ?", (row[0],), f"evicted:{reason}")
        _add(db, f"evicted.{reason}", 1)
        log.warning("spool: deleting the oldest batch unsent (%s)", reason)
        return True

    # -- upload side ---------------------------------------------------------------

    def pending(self, limit: int = 100) -> list[PendingBatch]:
        """Waiting batches, oldest first (by sequence number)."""
        rows = self._query(
            "SELECT sequence, batch_id, study_id, created_ms, records, size "
            "FROM batches ORDER BY sequence LIMIT ?",
            (limit,),
        )
        return [PendingBatch(*row) for row in rows]

    def envelope(self, sequence: int) -> bytes | None:
        """A pending batch's bytes; ``None`` once it is no longer pending."""
        rows = self._query("SELECT envelope FROM batches WHERE sequence = ?", (sequence,))
        return bytes(rows[0][0]) if rows else None

    def mark_delivered(self, sequences: Iterable[int]) -> int:
        """The collector acknowledged these batches: delete them, count each once.

        A batch another uploader already marked is not counted again.
        """
        if not self._exists():
            return 0
        with self._write(durable=False) as db:
            done = 0
            for sequence in sequences:
                left = self._leave(db, "sequence = ?", (sequence,), "delivered")
                done += left or self._delivered_after_eviction(db, sequence)
            _add(db, "delivered", done)
            return done

    def _delivered_after_eviction(self, db: sqlite3.Connection, sequence: int) -> int:
        """A batch evicted while its upload was under way, then acknowledged: delivered.

        The collector has it, so the employee's record of what was sent says
        so; the eviction is taken back in the same transaction.
        """
        row = db.execute(
            "SELECT outcome FROM history WHERE sequence = ? AND outcome LIKE 'evicted:%'",
            (sequence,),
        ).fetchone()
        if row is None:
            return 0
        _add(db, "evicted." + row[0].removeprefix("evicted:"), -1)
        db.execute(
            "UPDATE history SET outcome = 'delivered', at_ms = ? WHERE sequence = ?",
            (int(self._clock() * 1000), sequence),
        )
        return 1

    def quarantine(self, sequence: int, status: int, error: str) -> bool:
        """Move a batch the collector refused for good to the quarantine folder, counted.

        The envelope is written to the folder (with a note of the status and
        error code) before its row goes, so a crash in between leaves it
        pending, never lost.
        """
        with self._lock:
            rows = self._query(
                "SELECT batch_id, envelope FROM batches WHERE sequence = ?", (sequence,)
            )
            if not rows:
                return False
            batch_id, data = rows[0]
            name = self.quarantined.store(sequence, batch_id, data, status, error)
            with self._write(durable=True) as db:
                moved = self._leave(db, "sequence = ?", (sequence,), "quarantined")
                _add(db, "quarantined", moved)
        if not moved:  # delivered by another uploader meanwhile
            self.quarantined.remove(name)
        return bool(moved)

    def record_attempt(self, result: str) -> None:
        """The last upload attempt's time and outcome (a status or error type, never content).

        Not recorded while there is no spool (after a withdrawal): reading or
        recording never makes one.
        """
        if not self._exists():
            return
        with self._write(durable=False) as db:
            _set_meta(db, "last_attempt_at", _now_text())
            _set_meta(db, "last_result", result)

    # -- retention and erasure -------------------------------------------------------

    def expire(self) -> int:
        """Delete batches older than the device retention, and trim the history; how many went."""
        if not self._exists():
            return 0
        with self._write(durable=False) as db:
            db.execute(
                "DELETE FROM history WHERE sequence <= "
                "(SELECT sequence FROM history ORDER BY sequence DESC LIMIT 1 OFFSET ?)",
                (HISTORY_ROWS,),
            )
            return self._expire(db)

    def purge(self, reason: EvictionReason) -> int:
        """Delete every pending and quarantined batch unsent (withdrawal, or the employee's wish).

        The deleted pages are overwritten with zeros, the database is rebuilt
        and its write-ahead log truncated, so no page of a deleted batch stays
        in the spool's files. The counters stay: they hold no content.
        """
        with self._lock:
            if not self._exists():
                return 0
            db = self._db()
            db.execute("PRAGMA secure_delete=ON")
            try:
                with self._write(durable=True) as db:
                    gone = self._leave(db, "1 = 1", (), f"evicted:{reason}")
                    _add(db, f"evicted.{reason}", gone)
                db.execute("VACUUM")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.execute("PRAGMA secure_delete=FAST")
            self.quarantined.clear()
        if gone:
            log.info("spool: %d unsent batch(es) deleted (%s)", gone, reason)
        return gone

    def _leave(
        self, db: sqlite3.Connection, where: str, params: tuple[object, ...], outcome: str
    ) -> int:
        """Delete the batches ``where`` says, remembering each in the history; how many went."""
        at_ms = int(self._clock() * 1000)
        db.execute(
            "INSERT OR REPLACE INTO history SELECT sequence, batch_id, study_id, created_ms, "
            f"records, size, ?, ? FROM batches WHERE {where}",
            (outcome, at_ms, *params),
        )
        return int(db.execute(f"DELETE FROM batches WHERE {where}", params).rowcount)

    # -- reading ---------------------------------------------------------------------

    def history(self, limit: int = 1000) -> list[PastBatch]:
        """Batches that left the spool, newest first (at most :data:`HISTORY_ROWS` are kept)."""
        rows = self._query(
            "SELECT sequence, batch_id, study_id, created_ms, records, size, outcome, at_ms "
            "FROM history ORDER BY sequence DESC LIMIT ?",
            (limit,),
        )
        return [PastBatch(*row) for row in rows]

    def counters(self) -> SpoolCounters:
        """The accounting; all zero when there is no spool (reading never makes one)."""
        with self._lock, self._database.snapshot():
            values = dict(self._query("SELECT name, value FROM counters"))
            meta = dict(self._query("SELECT name, value FROM meta"))
            totals = self._query(
                "SELECT COUNT(*), COALESCE(SUM(size), 0), MIN(created_ms) FROM batches"
            )
        pending, pending_bytes, oldest = totals[0] if totals else (0, 0, None)
        return SpoolCounters(
            created=values.get("created", 0),
            sealed=values.get("sealed", 0),
            delivered=values.get("delivered", 0),
            quarantined=values.get("quarantined", 0),
            evicted={
                reason: values[f"evicted.{reason}"]
                for reason in EVICTION_REASONS
                if values.get(f"evicted.{reason}")
            },
            pending=pending,
            pending_bytes=pending_bytes,
            oldest_pending_ms=oldest,
            last_attempt_at=meta.get("last_attempt_at"),
            last_result=meta.get("last_result"),
        )

    def meta(self, name: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, values: Mapping[str, str]) -> None:
        with self._write(durable=False) as db:
            for name, value in values.items():
                _set_meta(db, name, value)


# -- helpers -----------------------------------------------------------------------------


def _add(db: sqlite3.Connection, name: str, amount: int) -> None:
    if amount:
        db.execute(
            "INSERT INTO counters VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            (name, amount),
        )


def _set_meta(db: sqlite3.Connection, name: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def _freelist_bytes(db: sqlite3.Connection) -> int:
    """Bytes of pages inside the database that are free for reuse (this transaction's view)."""
    pages = db.execute("PRAGMA freelist_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
