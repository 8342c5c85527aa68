"""The durable consent state: one small JSON file in the state directory.

Format (``consent.json``, 0600, written atomically)::

    {"format": 1,
     "study_id": "wellbeing-2026",            # the study consent was given to
     "notice_version": "3",                  # the notice version agreed to
     "purposes": ["input_activity"],         # granted purposes ("" / [] = none)
     "paused_until": "2026-11-29T19:05:00Z", # absolute UTC deadline, or null
     "withdrawn_at": null,                   # UTC time of withdrawal, or null
     "updated_at": "2026-11-29T18:50:00Z"}

A pause is stored as a wall-clock deadline, not a duration, so it means the
same after sleep, a reboot or a restart of the agent. A missing file means
consent was never given. A file that cannot be read or decoded is an error
the controller turns into "not recording" (fail closed).

:class:`ConsentStore` re-reads the file only when its identity (inode, size,
modification time) changes, so asking it on every captured event costs one
``stat`` — and a change made by another process (``consentry consent pause``
in a terminal) is seen on the very next call.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from agent.consent.terms import PURPOSES
from agent.files import FileProblem, write_atomic

#: File name of the consent state inside the state directory.
STATE_FILE = "consent.json"
#: Version of the file's layout; a newer one is refused rather than misread.
STATE_FORMAT = 1
#: A state file larger than this is not ours (it is a few hundred bytes).
MAX_STATE_BYTES = 64 * 1024


class ConsentRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What was agreed, as stored. Times are UTC ISO 8601 strings ending in ``Z``."""

    format: int = STATE_FORMAT
    study_id: str = ""
    notice_version: str = ""
    purposes: tuple[str, ...] = ()
    paused_until: str | None = None
    withdrawn_at: str | None = None
    updated_at: str | None = None
    #: How many times consent was withdrawn on this device. It only grows, and a
    #: new grant keeps it: anything captured under an earlier count was captured
    #: before a withdrawal, and is never kept (the sealing path checks it).
    withdrawals: int = 0

    def pause_deadline(self) -> datetime | None:
        return parse_time(self.paused_until) if self.paused_until else None


class ConsentStateError(FileProblem):
    """The state file cannot be used: which file and why (never its content)."""


def format_time(moment: datetime) -> str:
    """UTC ISO 8601 with a ``Z``, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("time without a time zone")
    return moment.astimezone(UTC)


def _validate(record: ConsentRecord) -> ConsentRecord:
    if record.format != STATE_FORMAT:
        raise ValueError(f"unsupported format {record.format} (expected {STATE_FORMAT})")
    if any(purpose not in PURPOSES for purpose in record.purposes):
        raise ValueError("unknown purpose in purposes")
    times = {
        "paused_until": record.paused_until,
        "withdrawn_at": record.withdrawn_at,
        "updated_at": record.updated_at,
    }
    for field, value in times.items():
        if value is None:
            continue
        try:
            parse_time(value)
        except ValueError:  # its message quotes the value; name the field instead
            raise ValueError(f"{field} is not an ISO 8601 time with a time zone") from None
    return record


_Signature = tuple[int, int, int, int]


class ConsentStore:
    """Reads and writes the state file, caching it by file identity."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / STATE_FILE
        self.lock_path = state_dir / ".consent.lock"
        self._signature: _Signature | None = None
        self._cached: ConsentRecord | ConsentStateError = ConsentRecord()

    def _stat(self) -> _Signature | None:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def changed(self) -> bool:
        """Whether the file differs from the one last read (one ``stat``)."""
        try:
            return self._stat() != self._signature
        except OSError:
            return True

    def load(self) -> ConsentRecord:
        """The current record; raises :class:`ConsentStateError` if the file is unusable."""
        try:
            signature = self._stat()
        except OSError as error:
            self._signature = None
            raise ConsentStateError(self.path, error.strerror or "cannot read") from None
        if signature != self._signature or signature is None:
            self._cached = self._read() if signature is not None else ConsentRecord()
            self._signature = signature
        if isinstance(self._cached, ConsentStateError):
            raise self._cached
        return self._cached

    def _read(self) -> ConsentRecord | ConsentStateError:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read(MAX_STATE_BYTES + 1)
        except OSError as error:
            return ConsentStateError(self.path, error.strerror or "cannot read")
        if len(data) > MAX_STATE_BYTES:
            return ConsentStateError(self.path, "too large to be a consent state file")
        try:
            return _validate(msgspec.json.decode(data, type=ConsentRecord))
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            return ConsentStateError(self.path, f"damaged ({_short(error)})")
        except ValueError as error:
            return ConsentStateError(self.path, f"damaged ({error})")

    def save(self, record: ConsentRecord) -> None:
        """Write ``record`` atomically (0600, fsync, replace)."""
        write_atomic(self.path, msgspec.json.encode(record) + b"\n")
        self._signature = self._stat()
        self._cached = record


def _short(error: Exception) -> str:
    """msgspec's reason without any quoted value from the file."""
    text = str(error).split(" - ", 1)[0]
    return text[:120]
