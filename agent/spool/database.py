"""The spool's SQLite database: made on the first write, never by a read, reopened if replaced.

The one place that knows how the spool talks to SQLite: WAL mode, a small
log (checkpointed early, cut back after), ``secure_delete`` where it costs
no extra writes, owner-only files, the schema and its version, write
transactions taken at once (``BEGIN IMMEDIATE``) with the durability each
asks for, and read snapshots. A database file deleted underneath (a
withdrawal in another process erases the data directory) is noticed by its
inode and made afresh on the next write; a read of a spool that does not
exist finds nothing and makes nothing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agent.files import FILE_MODE, ensure_private_dir

SCHEMA_VERSION = 1
#: How long an operation waits for another process's transaction.
BUSY_TIMEOUT_SECONDS = 30.0
#: Checkpoint the write-ahead log into the database every this many pages (4 KiB
#: each), and cut the log back to at most this many bytes afterwards: the log
#: stays small beside the data, so a full disk still has room for the few pages
#: that evicting a batch writes.
WAL_AUTOCHECKPOINT_PAGES = 256
WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024

SCHEMA = """
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


class Database:
    """One spool database file; every method is safe to call from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._synchronous = ""

    def exists(self) -> bool:
        return self.path.is_file()

    def connection(self) -> sqlite3.Connection:
        """The connection, made (with the file) if need be, reopened if the file was replaced."""
        with self.lock:
            try:
                inode: int | None = os.stat(self.path).st_ino
            except FileNotFoundError:
                inode = None
            if self._connection is not None and inode == self._inode:
                return self._connection
            self.close()
            try:
                self._connection = self._open()
            except (OSError, sqlite3.Error) as error:
                raise SpoolError(f"{self.path}: cannot open the spool: {reason(error)}") from None
            self._inode = os.stat(self.path).st_ino
            return self._connection

    def close(self) -> None:
        with self.lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of a read; none when there is no spool, which a read never makes."""
        with self.lock:
            if not self.exists():
                self.close()
                return []
            return self.connection().execute(sql, params).fetchall()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads as one: what another process commits meanwhile is not half seen."""
        with self.lock:
            if not self.exists():
                yield
                return
            connection = self.connection()
            connection.execute("BEGIN")
            try:
                yield
            finally:
                connection.execute("COMMIT")

    @contextlib.contextmanager
    def transaction(self, *, durable: bool) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once; ``durable`` commits with ``synchronous=FULL``."""
        with self.lock:
            connection = self.connection()
            wanted = "FULL" if durable else "NORMAL"
            if self._synchronous != wanted:
                connection.execute(f"PRAGMA synchronous={wanted}")
                self._synchronous = wanted
            with _immediate(connection):
                yield connection

    def _open(self) -> sqlite3.Connection:
        ensure_private_dir(self.path.parent)
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
            with _immediate(connection):
                for statement in SCHEMA.split(";"):
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


@contextlib.contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def reason(error: BaseException) -> str:
    """What went wrong, for a message: the OS's words or SQLite's error name, never data."""
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    name = getattr(error, "sqlite_errorname", None)
    return f"{type(error).__name__} ({name})" if name else str(error)
