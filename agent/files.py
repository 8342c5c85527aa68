"""Private, durable files: the one way the agent writes its state to disk.

Consent state, receipts, queued messages and the device pseudonym are small
and must survive a crash or a power cut in a consistent form, readable only by
the user the agent runs as. Every write goes to a temporary file in the same
directory, is flushed to disk, and is put in place in one step (``os.replace``,
or ``os.link`` for a file made once), so a reader sees either the old file or
the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Directories holding consent data: owner only.
DIR_MODE = 0o700
#: Files holding consent data: owner read/write only.
FILE_MODE = 0o600


class FileProblem(Exception):
    """A private file cannot be used: which file and why, never its content."""

    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):  # a directory we do not own keeps its mode
        os.chmod(path, DIR_MODE)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, 0600, flushed to disk."""
    with _flushed_temporary(path, data) as temporary:
        os.replace(temporary, path)
    _fsync_dir(path.parent)


def create_once(path: Path, data: bytes) -> None:
    """Make ``path`` with ``data`` (0600, flushed) unless it exists already.

    The file is hard-linked into place, which fails if it exists: two
    processes creating it at once agree on one content, and no reader ever
    sees an empty file.
    """
    with (
        _flushed_temporary(path, data) as temporary,
        contextlib.suppress(FileExistsError),  # another process made it first
    ):
        os.link(temporary, path)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def _flushed_temporary(path: Path, data: bytes) -> Iterator[str]:
    """A private temporary file beside ``path`` holding ``data`` on disk; removed after."""
    directory = ensure_private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13: mkstemp's 0600 stands
                os.fchmod(stream.fileno(), FILE_MODE)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        yield temporary
    finally:
        Path(temporary).unlink(missing_ok=True)  # gone already after a replace; a link leaves it


def append_line(path: Path, line: bytes) -> None:
    """Append one line to ``path`` (created 0600), flushed to disk."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        os.write(fd, line.rstrip(b"\n") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an advisory lock across processes for a read-modify-write.

    Two ``consentry`` processes (the agent and a terminal command) may change
    consent at the same moment; the lock makes each change see the other's.
    Where ``fcntl`` does not exist (Windows) the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    ensure_private_dir(lock_path.parent)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open directories
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
