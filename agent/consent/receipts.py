"""Consent receipts: a local, append-only record of every consent decision.

Each grant, pause, resume and withdrawal is appended as one JSON line to
``<state>/receipts.jsonl`` (0600) — the employee's own copy — and queued in
the outbox for the collector, so both sides can show what was agreed, under
which notice, and when.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Literal

import msgspec

from agent.consent.outbox import Outbox
from agent.consent.state import format_time
from agent.files import append_line

#: File name of the local receipt log inside the state directory.
RECEIPTS_FILE = "receipts.jsonl"

Action = Literal["grant", "withdraw", "pause", "resume"]


class Receipt(msgspec.Struct, frozen=True, tag="consent-receipt", tag_field="kind"):
    device: str
    study_id: str
    action: Action
    purposes: tuple[str, ...]
    notice_version: str
    at: str
    paused_until: str | None = None


class ReceiptLog:
    def __init__(self, state_dir: Path, outbox: Outbox) -> None:
        self.path = state_dir / RECEIPTS_FILE
        self.outbox = outbox

    def record(self, receipt: Receipt, now: datetime) -> None:
        """Append locally, then queue for upload."""
        append_line(self.path, msgspec.json.encode(receipt))
        self.outbox.put("receipt", receipt, now)

    def read(self) -> Iterator[Receipt]:
        """The local receipts, oldest first (lines that do not decode are skipped)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            for line in handle:
                try:
                    yield msgspec.json.decode(line, type=Receipt)
                except msgspec.DecodeError:
                    continue


def receipt(
    device: str,
    study_id: str,
    action: Action,
    purposes: tuple[str, ...],
    notice_version: str,
    now: datetime,
    paused_until: datetime | None = None,
) -> Receipt:
    return Receipt(
        device=device,
        study_id=study_id,
        action=action,
        purposes=purposes,
        notice_version=notice_version,
        at=format_time(now),
        paused_until=format_time(paused_until) if paused_until else None,
    )
