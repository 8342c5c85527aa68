"""The quarantine folder: batches the collector refused for good, kept for an operator.

Each is its envelope (ciphertext, as in the spool) and a JSON note of the
status and error code it was refused with, named by sequence number and batch
id so a listing is oldest first. They count towards the spool's quota and age
with the device retention; a withdrawal deletes them with everything else.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from agent.files import ensure_private_dir, write_atomic

log = logging.getLogger(__name__)

#: The folder's name inside the spool directory.
QUARANTINE_DIR = "quarantine"


class QuarantineNote(msgspec.Struct, frozen=True):
    """Why a batch is in quarantine (the JSON beside its envelope; no content)."""

    batch_id: str
    sequence: int
    status: int
    error: str
    at: str


class QuarantineFolder:
    def __init__(self, spool_dir: Path) -> None:
        self.path = spool_dir / QUARANTINE_DIR

    def store(self, sequence: int, batch_id: str, envelope: bytes, status: int, error: str) -> str:
        """Write a refused batch and its note (each atomically); returns its name."""
        name = f"{sequence:020d}-{batch_id}"
        at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        note = QuarantineNote(
            batch_id=batch_id, sequence=sequence, status=status, error=error, at=at
        )
        ensure_private_dir(self.path)
        write_atomic(self.path / f"{name}.envelope", envelope)
        write_atomic(self.path / f"{name}.json", msgspec.json.encode(note))
        return name

    def remove(self, name: str) -> None:
        for suffix in (".envelope", ".json"):
            with contextlib.suppress(OSError):
                (self.path / f"{name}{suffix}").unlink()

    def files(self) -> list[tuple[str, int]]:
        """Quarantined batches' names and envelope sizes, oldest (lowest sequence) first."""
        try:
            entries = sorted(self.path.glob("*.envelope"))
        except OSError:
            return []
        found = []
        for path in entries:
            with contextlib.suppress(OSError):
                found.append((path.stem, path.stat().st_size))
        return found

    def size(self) -> int:
        return sum(size for _, size in self.files())

    def drop_oldest(self) -> bool:
        """Delete the oldest quarantined batch to make room; False when there is none."""
        files = self.files()
        if not files:
            return False
        self.remove(files[0][0])
        log.warning("spool: the oldest quarantined batch deleted to make room")
        return True

    def expire(self, cutoff_ms: int) -> None:
        """Delete quarantined batches put there before ``cutoff_ms`` (ms since the epoch)."""
        for name, _ in self.files():
            with contextlib.suppress(OSError):
                if (self.path / f"{name}.envelope").stat().st_mtime * 1000 < cutoff_ms:
                    self.remove(name)

    def clear(self) -> None:
        for name, _ in self.files():
            self.remove(name)
