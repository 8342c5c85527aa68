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
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from agent.files import FILE_MODE, ensure_private_dir, write_atomic
from agent.spool.counters import EVICTION_REASONS, EvictionReason, SpoolCounters
from agent.wire.envelope import SealedBatch

log = logging.getLogger(__name__)

#: The database's file name inside the spool directory.
SPOOL_FILE = "spool.sqlite3"
#: Files SQLite keeps beside the database (write-ahead log, shared index).
SPOOL_FILES = (SPOOL_FILE, f"{SPOOL_FILE}-wal", f"{SPOOL_FILE}-shm")
#: Batches the collector refused for good, kept for an operator to look at.
QUARANTINE_DIR = "quarantine"
SCHEMA_VERSION = 1
#: How long a spool operation waits for another process's transaction.
BUSY_TIMEOUT_SECONDS = 30.0
#: A full disk: evict this many of the oldest batches, one at a time, before
#: giving up on a put (each eviction frees at least one batch's pages).
MAX_DISK_FULL_EVICTIONS = 64
#: Free space the spool leaves on the disk beyond the batch it stores: room for
#: SQLite's log and for everything else on the employee's computer. Below it
#: the oldest batches are evicted (counted as ``disk_full``) before a new one
#: is written.
DISK_HEADROOM_BYTES = 4 * 1024 * 1024
#: A file of zeros kept in the spool directory while the disk has room. When
#: another program fills the disk to the last byte, SQLite cannot even write
#: the log pages that deleting a batch needs; deleting this file gives it room
#: to evict the oldest batches, and it is made again once there is space.
RESERVE_FILE = "reserve"
RESERVE_BYTES = 1024 * 1024
#: Checkpoint the write-ahead log into the database every this many pages (4 KiB
#: each), and cut the log back to at most this many bytes afterwards: the log
#: stays small beside the data, so a full disk still has room for the few pages
#: that evicting a batch writes.
WAL_AUTOCHECKPOINT_PAGES = 256
WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024
#: Batches that left the spool (delivered, evicted, quarantined) are remembered
#: by id, size and outcome — never content — this many at most, newest kept:
#: what was sent, for the operator and the employee.
HISTORY_ROWS = 10_000
#: SQLite's result codes for a full disk and a failed write (ENOSPC may be either;
#: other I/O errors are not a full disk, and evict nothing).
_SQLITE_FULL = 13
_SQLITE_IOERR_WRITE = 10 | (3 << 8)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    sequence INTEGER PRIMARY KEY,
    batch_id TEXT NOT NULL UNIQUE,
    study_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    records INTEGER NOT NULL,
    size INTEGER NOT NULL,
    envelope BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_by_age ON batches (created_ms);
CREATE TABLE IF NOT EXISTS history (
    sequence INTEGER PRIMARY KEY,
    batch_id TEXT NOT NULL,
    study_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    records INTEGER NOT NULL,
    size INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
"""


class SpoolError(Exception):
    """The spool cannot be used: the file and the reason, never content."""


class SpoolFull(SpoolError):
    """The disk has no room for a batch even after evicting the oldest ones."""


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


class QuarantineNote(msgspec.Struct, frozen=True):
    """Why a batch is in quarantine (the JSON beside its envelope; no content)."""

    batch_id: str
    sequence: int
    status: int
    error: str
    at: str


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
        self.quarantine_dir = directory / QUARANTINE_DIR
        self.reserve = directory / RESERVE_FILE
        self.max_bytes = max_bytes
        self.max_age_seconds = max_age_seconds
        self._clock = wall_clock
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._synchronous = ""
        #: Losses that happened while the disk could not record them; written
        #: with the next transaction that succeeds.
        self._unrecorded: dict[EvictionReason, int] = {}

    # -- life cycle ----------------------------------------------------------------

    def open(self) -> None:
        """Make (or open) the database now, so that a spool that cannot be used shows at once."""
        with self._lock:
            self._db()

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _db(self) -> sqlite3.Connection:
        """The connection, (re)opened if the database file was replaced or removed."""
        try:
            inode: int | None = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = None
        if self._connection is not None and inode == self._inode:
            return self._connection
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        try:
            self._connection = self._open()
        except (OSError, sqlite3.Error) as error:
            raise SpoolError(f"{self.path}: cannot open the spool: {_reason(error)}") from None
        self._inode = os.stat(self.path).st_ino
        return self._connection

    def _open(self) -> sqlite3.Connection:
        ensure_private_dir(self.directory)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)  # 0600 before SQLite sees it
        os.close(fd)
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA secure_delete=FAST")
            connection.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
            connection.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT_BYTES}")
            self._synchronous = ""
            with _transaction(connection):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                found = connection.execute(
                    "SELECT value FROM meta WHERE name = 'schema'"
                ).fetchone()
                if found is None:
                    connection.execute(
                        "INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                    )
                elif int(found[0]) > SCHEMA_VERSION:
                    raise SpoolError(
                        f"{self.path}: made by a newer agent (spool version {found[0]})"
                    )
        except BaseException:
            connection.close()
            raise
        return connection

    def _exists(self) -> bool:
        return self.path.is_file()

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of a read; none when there is no spool, which a read never makes."""
        with self._lock:
            if not self._exists():
                self.close()
                return []
            return self._db().execute(sql, params).fetchall()

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Several reads as one: what another process commits meanwhile is not half seen."""
        if not self._exists():
            yield
            return
        db = self._db()
        db.execute("BEGIN")
        try:
            yield
        finally:
            db.execute("COMMIT")

    @contextlib.contextmanager
    def _write(self, *, durable: bool) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``) so reads inside it hold."""
        with self._lock:
            connection = self._db()
            wanted = "FULL" if durable else "NORMAL"
            if self._synchronous != wanted:
                connection.execute(f"PRAGMA synchronous={wanted}")
                self._synchronous = wanted
            unrecorded = dict(self._unrecorded)
            with _transaction(connection):
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
        before it can never land after it. Room is made first: expired
        batches go, then the oldest until the new one fits the quota, then
        the oldest while the disk would keep less than
        :data:`DISK_HEADROOM_BYTES` free. A disk another program filled to
        the last byte costs the reserve file, then the oldest batches one by
        one; :class:`SpoolFull` when even that does not make room.
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
                if not _disk_full(error):
                    raise SpoolError(
                        f"{self.path}: cannot store a batch: {_reason(error)}"
                    ) from None
                if not self._recover_disk():
                    raise SpoolFull(f"{self.path}: {_reason(error)}") from None
        else:
            raise SpoolFull(
                f"{self.path}: no room after evicting {MAX_DISK_FULL_EVICTIONS} batches"
            )
        self._keep_reserve()
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
            if self.reserve.exists():
                _remove_quietly(self.reserve)
                log.warning("spool: the disk is full; its reserve was released")
                return True
            with contextlib.suppress(sqlite3.Error):
                self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if self._drop_oldest_quarantined():
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
            _free_bytes(self.directory) < incoming + DISK_HEADROOM_BYTES
            and _freelist_bytes(db) < incoming
        ):
            if not (self._drop_oldest_quarantined() or self._evict_oldest(db, "disk_full")):
                return

    def _keep_reserve(self) -> None:
        """Make the reserve file again once the disk has room for it and the headroom."""
        if self.reserve.exists() or _free_bytes(self.directory) < RESERVE_BYTES * 2 + (
            DISK_HEADROOM_BYTES
        ):
            return
        try:
            write_atomic(self.reserve, bytes(RESERVE_BYTES))
        except OSError:
            _remove_quietly(self.reserve)

    def _expire(self, db: sqlite3.Connection) -> int:
        cutoff = int((self._clock() - self.max_age_seconds) * 1000)
        gone = self._leave(db, "created_ms < ?", (cutoff,), "evicted:age")
        if gone:
            _add(db, "evicted.age", gone)
            log.info("spool: %d batch(es) older than the device retention deleted unsent", gone)
        self._expire_quarantine(cutoff)
        return gone

    def _make_room(self, db: sqlite3.Connection, incoming: int) -> None:
        while self._stored_bytes(db) + incoming > self.max_bytes:
            if self._drop_oldest_quarantined():
                continue
            if not self._evict_oldest(db, "quota"):
                return

    def _stored_bytes(self, db: sqlite3.Connection) -> int:
        pending = db.execute("SELECT COALESCE(SUM(size), 0) FROM batches").fetchone()[0]
        return int(pending) + sum(size for _, size in self._quarantined_files())

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
            stem = f"{sequence:020d}-{batch_id}"
            note = QuarantineNote(
                batch_id=batch_id, sequence=sequence, status=status, error=error, at=_now_text()
            )
            ensure_private_dir(self.quarantine_dir)
            write_atomic(self.quarantine_dir / f"{stem}.envelope", data)
            write_atomic(self.quarantine_dir / f"{stem}.json", msgspec.json.encode(note))
            with self._write(durable=True) as db:
                moved = self._leave(db, "sequence = ?", (sequence,), "quarantined")
                _add(db, "quarantined", moved)
        if not moved:  # delivered by another uploader meanwhile
            _remove_quietly(self.quarantine_dir / f"{stem}.envelope")
            _remove_quietly(self.quarantine_dir / f"{stem}.json")
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
            for path, _ in self._quarantined_files():
                _remove_quietly(path)
                _remove_quietly(path.with_suffix(".json"))
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
        with self._lock, self._snapshot():
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

    # -- the quarantine folder ---------------------------------------------------------

    def _quarantined_files(self) -> list[tuple[Path, int]]:
        """Quarantined envelopes and their sizes, oldest (lowest sequence) first."""
        try:
            entries = sorted(self.quarantine_dir.glob("*.envelope"))
        except OSError:
            return []
        found = []
        for path in entries:
            with contextlib.suppress(OSError):
                found.append((path, path.stat().st_size))
        return found

    def _drop_oldest_quarantined(self) -> bool:
        files = self._quarantined_files()
        if not files:
            return False
        path = files[0][0]
        _remove_quietly(path)
        _remove_quietly(path.with_suffix(".json"))
        log.warning("spool: the oldest quarantined batch deleted to make room")
        return True

    def _expire_quarantine(self, cutoff_ms: int) -> None:
        for path, _ in self._quarantined_files():
            with contextlib.suppress(OSError):
                if path.stat().st_mtime * 1000 < cutoff_ms:
                    _remove_quietly(path)
                    _remove_quietly(path.with_suffix(".json"))


# -- helpers -----------------------------------------------------------------------------


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


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


def _disk_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", 0)
    return code & 0xFF == _SQLITE_FULL or code == _SQLITE_IOERR_WRITE


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    name = getattr(error, "sqlite_errorname", None)
    return f"{type(error).__name__} ({name})" if name else str(error)


def _freelist_bytes(db: sqlite3.Connection) -> int:
    """Bytes of pages inside the database that are free for reuse (this transaction's view)."""
    pages = db.execute("PRAGMA freelist_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)


def _free_bytes(directory: Path) -> int:
    """Bytes an unprivileged writer may still use on ``directory``'s file system."""
    try:
        info = os.statvfs(directory)
    except (OSError, AttributeError):  # no statvfs (Windows): rely on the disk-full path
        return 2**62
    return info.f_bavail * info.f_frsize


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
