"""One agent per user: the running agent's lock, its process id, and asking it to seal now.

``consentry run`` holds an exclusive lock on ``agent.lock`` in the state
directory for as long as it runs and writes its process id to ``agent.pid``.
Another ``consentry run`` on the same state directory is refused, and
``consentry spool flush`` can tell whether an agent runs (the lock is held)
and ask it to seal the records it holds in memory: it writes a token to
``flush-request`` and sends ``SIGUSR1``; the agent seals, then records the
token in the spool, so the caller knows its request was carried out.

Where ``fcntl`` or ``SIGUSR1`` do not exist (Windows), there is no lock and
no request: the agent's batches are sealed by age and at exit.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
from pathlib import Path

from agent.files import FILE_MODE, ensure_private_dir, write_atomic

LOCK_FILE = "agent.lock"
PID_FILE = "agent.pid"
FLUSH_REQUEST_FILE = "flush-request"
#: The spool's meta entry where the agent records the last flush token it carried out.
FLUSHED_META = "flushed"


class AlreadyRunning(Exception):
    """Another agent holds this state directory."""


class AgentInstance:
    """The lock held by the running agent (released when the process ends, however it ends)."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        ensure_private_dir(self.state_dir)
        fd = os.open(self.state_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid = read_pid(self.state_dir)
            running = f" (process {pid})" if pid else ""
            raise AlreadyRunning(
                f"an agent is already running for {self.state_dir}{running}"
            ) from None
        self._fd = fd
        write_atomic(self.state_dir / PID_FILE, f"{os.getpid()}\n".encode("ascii"))

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                (self.state_dir / PID_FILE).unlink()
            os.close(self._fd)
            self._fd = None


def read_pid(state_dir: Path) -> int | None:
    try:
        text = (state_dir / PID_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def running_agent(state_dir: Path) -> int | None:
    """The process id of the agent running on ``state_dir``, or ``None``."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(state_dir / LOCK_FILE, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return read_pid(state_dir)
    finally:
        os.close(fd)  # releases the lock if this process took it
    return None


def request_flush(state_dir: Path, pid: int) -> str | None:
    """Ask the agent ``pid`` to seal what it holds; the token it will record, or ``None``."""
    if not hasattr(signal, "SIGUSR1"):  # pragma: no cover - Windows
        return None
    token = secrets.token_hex(8)
    write_atomic(state_dir / FLUSH_REQUEST_FILE, token.encode("ascii"))
    try:
        os.kill(pid, signal.SIGUSR1)
    except OSError:
        return None
    return token


def read_flush_request(state_dir: Path) -> str | None:
    try:
        return (state_dir / FLUSH_REQUEST_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
