"""Per-device batch sequence numbers: increasing for the life of the device pseudonym.

The number goes into every batch's header, and a collector refuses a number
reused by another batch. So it must survive what the spool does not: a
withdrawal empties the data directory (the spool with it), and the device may
take part again later under the same pseudonym. The high-water mark is
therefore kept in the state directory, which withdrawal keeps.

Numbers are reserved in blocks (one small durable write per
:data:`BLOCK` batches, not per batch); a restart skips what was left of the
last block. Gaps are allowed by the protocol; reuse never happens.
"""

from __future__ import annotations

import threading
from pathlib import Path

from agent.files import FileProblem, exclusive, write_atomic

#: File name of the high-water mark inside the state directory.
SEQUENCE_FILE = "batch-sequence"
#: Numbers reserved per durable write: a restart skips at most this many.
BLOCK = 1024


class SequenceAllocator:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / SEQUENCE_FILE
        self._lock_path = state_dir / f".{SEQUENCE_FILE}.lock"
        self._lock = threading.Lock()
        self._next = 0
        self._reserved_to = 0  # first number not reserved

    def next(self) -> int:
        """The next number (from 1); :class:`~agent.files.FileProblem` if it cannot be reserved."""
        with self._lock:
            if self._next >= self._reserved_to:
                self._reserve()
            number = self._next
            self._next += 1
            return number

    def _reserve(self) -> None:
        try:
            with exclusive(self._lock_path):
                start = self._read()
                write_atomic(self.path, f"{start + BLOCK}\n".encode("ascii"))
        except OSError as error:
            raise FileProblem(self.path, error.strerror or type(error).__name__) from None
        self._next, self._reserved_to = start, start + BLOCK

    def _read(self) -> int:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return 1
        except (OSError, UnicodeDecodeError) as error:
            raise FileProblem(self.path, getattr(error, "strerror", None) or "unreadable") from None
        if not text.isdigit() or int(text) < 1:
            raise FileProblem(self.path, "not a sequence number (it must never go back: fix it)")
        return int(text)
