"""Messages for the collector that wait on the device until the uploader sends them.

Each message is one small JSON file (0600) in ``<state>/outbox/``, written
atomically, named so that a directory listing is in the order they were made.
They carry consent facts only — device pseudonym, study, purposes, notice
version, action, time — never captured content. They live in the state
directory, not with the data, because withdrawal deletes the data but must
still be able to tell the collector about itself.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from agent.consent.state import format_time
from agent.files import ensure_private_dir, write_atomic

#: Directory name of the outbox inside the state directory.
OUTBOX_DIR = "outbox"


class DeletionRequest(msgspec.Struct, frozen=True, tag="deletion-request", tag_field="kind"):
    """Asks the collector to erase everything it holds from this device for this study."""

    device: str
    study_id: str
    requested_at: str


class Outbox:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / OUTBOX_DIR

    def put(self, kind: str, message: Any, now: datetime) -> Path:
        """Queue ``message`` (a msgspec struct); returns the file it was written to."""
        ensure_private_dir(self.path)
        stamp = format_time(now).replace(":", "").replace("-", "")
        # The nanosecond counter orders messages made within one second (a withdrawal's
        # receipt before its deletion request); the random part keeps processes apart.
        target = self.path / f"{stamp}-{time.time_ns():020d}-{kind}-{uuid.uuid4().hex[:12]}.json"
        write_atomic(target, msgspec.json.encode(message) + b"\n")
        return target

    def pending(self) -> list[Path]:
        """Queued messages, oldest first."""
        if not self.path.is_dir():
            return []
        return sorted(p for p in self.path.glob("*.json") if p.is_file())

    def request_deletion(self, device: str, study_id: str, now: datetime) -> Path:
        request = DeletionRequest(device=device, study_id=study_id, requested_at=format_time(now))
        return self.put("deletion-request", request, now)
