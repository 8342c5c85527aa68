"""What consent means right now: a pure function from state, terms and time.

Every consumer — the capture gate, ``consentry consent status``, the tray —
asks :func:`evaluate` and gets the same answer, so they cannot disagree about
whether the agent is recording.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from agent.consent.state import ConsentRecord, ConsentStateError
from agent.consent.terms import ConsentTerms

Mode = Literal["recording", "paused", "off", "withdrawn", "error"]


@dataclass(frozen=True)
class ConsentStatus:
    """The consent situation at one moment.

    ``active`` are the purposes capture may run for now (empty unless
    ``mode == "recording"``); ``granted`` are those agreed to under the current
    notice (kept while paused). ``reason`` says, in words for the employee, why
    nothing is recorded when ``mode`` is ``off`` or ``error``.
    """

    mode: Mode
    granted: tuple[str, ...] = ()
    active: tuple[str, ...] = ()
    paused_until: datetime | None = None
    notice_agreed: str | None = None
    notice_current: str = ""
    notice_pending: bool = False
    reason: str | None = None

    @property
    def recording(self) -> bool:
        return self.mode == "recording"


def evaluate(
    record: ConsentRecord | ConsentStateError, terms: ConsentTerms, now: datetime
) -> ConsentStatus:
    """The status under ``terms`` at ``now`` of a stored ``record`` (or the error reading it)."""
    current = terms.notice_version
    if isinstance(record, ConsentStateError):
        return ConsentStatus(
            mode="error",
            notice_current=current,
            reason=f"consent state unreadable: {record} — grant consent again to recover",
        )
    agreed = record.notice_version or None
    same_terms = record.study_id == terms.study_id and record.notice_version == current
    granted = tuple(p for p in record.purposes if p in terms.purposes_offered) if same_terms else ()
    pending = bool(record.purposes) and not same_terms
    base = ConsentStatus(
        mode="off",
        granted=granted,
        notice_agreed=agreed,
        notice_current=current,
        notice_pending=pending,
    )
    blocker = terms.blocker
    if terms.problems:
        return replace(base, mode="error", reason=blocker)
    if record.withdrawn_at is not None and not record.purposes:
        return replace(base, mode="withdrawn", reason="consent was withdrawn")
    if blocker is not None:
        return replace(base, reason=blocker)
    if pending:
        return replace(base, reason="the notice has changed: read it and consent again")
    if not granted:
        return replace(base, reason="consent has not been given")
    deadline = record.pause_deadline()
    if deadline is not None and now < deadline:
        return replace(base, mode="paused", paused_until=deadline, reason="paused")
    if not terms.working_hours.inside(now):
        hours = terms.working_hours.describe()
        return replace(base, reason=f"outside working hours ({hours})")
    return replace(base, mode="recording", active=granted)
