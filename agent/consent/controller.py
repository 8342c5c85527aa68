"""The consent controller: the single authority that lets capture run or stops it.

Capture sources ask :meth:`ConsentController.allows` before recording each
event and subscribe to changes so they can stop and start; the CLI and the
tray change consent only through :meth:`grant`, :meth:`pause`,
:meth:`resume` and :meth:`withdraw`.

Several processes may hold a controller on the same state directory (the
agent, and ``consentry consent pause`` typed in a terminal). The durable
state file is the only shared truth: every question re-checks it (one
``stat``; re-read only when it changed), and every change is a locked
read-modify-write followed by an atomic replace. So a pause made anywhere is
seen by the gate on its very next call, before the next event is recorded.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from agent.consent.erase import ErasureReport, erase_unsent
from agent.consent.notice import render_notice
from agent.consent.outbox import Outbox
from agent.consent.pause import pause_deadline
from agent.consent.receipts import Action, ReceiptLog, receipt
from agent.consent.state import ConsentRecord, ConsentStateError, ConsentStore, format_time
from agent.consent.status import ConsentStatus, evaluate
from agent.consent.terms import PURPOSES, ConsentTerms
from agent.files import exclusive
from agent.identity import IdentityError, device_pseudonym
from agent.paths import AgentPaths

log = logging.getLogger(__name__)

Listener = Callable[[ConsentStatus], None]


class ConsentError(Exception):
    """A consent request that cannot be carried out, with the reason for the employee."""


@dataclass(frozen=True)
class Withdrawal:
    """The outcome of :meth:`ConsentController.withdraw`."""

    status: ConsentStatus
    erased: ErasureReport


def utc_now() -> datetime:
    return datetime.now(UTC)


@contextlib.contextmanager
def _on_disk(state_dir: Path, doing: str) -> Iterator[None]:
    """Turn a failing disk (read-only, full, not a directory) into a one-line ConsentError.

    The reason is the operating system's (``Read-only file system``), never a
    file's content.
    """
    try:
        yield
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ConsentError(f"cannot {doing}: {state_dir}: {reason}") from None


class ConsentController:
    def __init__(
        self,
        paths: AgentPaths,
        terms: ConsentTerms,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.paths = paths
        self.terms = terms
        self._clock = clock
        self._store = ConsentStore(paths.state_dir)
        self._outbox = Outbox(paths.state_dir)
        self._receipts = ReceiptLog(paths.state_dir, self._outbox)
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._last_notified: ConsentStatus | None = None

    # -- questions -------------------------------------------------------------------

    @property
    def state_file(self) -> str:
        return str(self._store.path)

    @property
    def outbox(self) -> Outbox:
        return self._outbox

    @property
    def receipts(self) -> ReceiptLog:
        return self._receipts

    def pseudonym(self) -> str:
        """The device pseudonym (made on first use); :class:`ConsentError` if unusable."""
        try:
            return device_pseudonym(self.paths.state_dir)
        except IdentityError as error:
            raise ConsentError(f"device pseudonym unusable: {error}") from None

    def status(self, now: datetime | None = None) -> ConsentStatus:
        """The consent status now, as stored on disk (re-read if another process changed it)."""
        with self._lock:
            return evaluate(self._read(), self.terms, now or self._clock())

    def allows(self, purpose: str, now: datetime | None = None) -> bool:
        """Whether an event for ``purpose`` may be recorded now — ask before every event.

        Cheap (a ``stat`` of the state file and a comparison); false while
        paused, after withdrawal, without consent to the current notice, with
        a broken policy or an unreadable state file.
        """
        return purpose in self.status(now).active

    def withdrawals(self) -> int:
        """How many times consent was withdrawn here (-1 while the state cannot be read).

        What capture makes is stamped with this number; a batch whose number
        is not the current one was captured before a withdrawal and is not kept.
        """
        with self._lock:
            record = self._read()
        return record.withdrawals if isinstance(record, ConsentRecord) else -1

    def _withdrawals(self) -> int:
        """The stored count, as the base of a change (0 when the state is unreadable)."""
        record = self._read()
        return record.withdrawals if isinstance(record, ConsentRecord) else 0

    def notice(self) -> str:
        return render_notice(self.terms)

    # -- listeners -------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(status)`` whenever the status changes; returns an unsubscribe.

        Listeners run on the thread that made or noticed the change and must
        not block: stop a capture source by signalling it, not by joining it.
        Changes made by other processes and pause expiry are noticed by
        :meth:`poll`, which the agent's main loop (the tray's timer) calls.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def poll(self, now: datetime | None = None) -> ConsentStatus:
        """Re-evaluate and notify listeners if anything changed since they last heard."""
        status = self.status(now)
        self._notify(status)
        return status

    def _notify(self, status: ConsentStatus) -> None:
        with self._lock:
            if status == self._last_notified:
                return
            self._last_notified = status
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:
                log.exception("consent listener %r failed", getattr(listener, "__name__", listener))

    # -- changes ---------------------------------------------------------------------

    def grant(self, purposes: Iterable[str] | None = None) -> ConsentStatus:
        """Consent to exactly ``purposes`` (default: every offered one) under the current notice.

        Replaces any earlier grant, ends a pause or a withdrawal, and recovers
        from an unreadable state file.
        """
        terms = self.terms
        if not terms.ready:
            raise ConsentError(f"cannot grant consent: {terms.blocker}")
        chosen = self._check_purposes(terms.purposes_offered if purposes is None else purposes)
        device = self.pseudonym()
        now = self._clock()
        record = ConsentRecord(
            study_id=terms.study_id,
            notice_version=terms.notice_version,
            purposes=chosen,
            updated_at=format_time(now),
        )
        with self._changing("record consent"), exclusive(self._store.lock_path):
            self._store.save(msgspec.structs.replace(record, withdrawals=self._withdrawals()))
            self._record_receipt(device, "grant", chosen, now)
        return self.poll(now)

    def pause(self, length: str, now: datetime | None = None) -> ConsentStatus:
        """Pause capture for ``length`` (``15m``, ``1h``, ``tomorrow``, …) from now.

        Stored as an absolute deadline; pausing again replaces the deadline.
        """
        now = now or self._clock()
        deadline = pause_deadline(length, now)
        device = self.pseudonym()
        with self._changing("record the pause"), exclusive(self._store.lock_path):
            record = self._readable()
            granted = evaluate(record, self.terms, now).granted
            if not granted:
                raise ConsentError("nothing to pause: no consent is active")
            record = _changed(record, now, paused_until=format_time(deadline))
            self._store.save(record)
            self._record_receipt(device, "pause", granted, now, paused_until=deadline)
        return self.poll(now)

    def resume(self, now: datetime | None = None) -> ConsentStatus:
        """End a pause now (nothing happens if there is none)."""
        now = now or self._clock()
        device = self.pseudonym()
        with self._changing("record the resume"), exclusive(self._store.lock_path):
            record = self._readable()
            if record.paused_until is None:
                return self.status(now)
            record = _changed(record, now, paused_until=None)
            self._store.save(record)
            granted = evaluate(record, self.terms, now).granted
            self._record_receipt(device, "resume", granted, now)
        return self.poll(now)

    def withdraw(self, now: datetime | None = None) -> Withdrawal:
        """Withdraw all consent: stop capture, delete unsent data, ask the collector to erase.

        The order is the point: the withdrawn state is written (so every
        process's gate closes) and listeners are told before anything is
        deleted or queued. Works even when the state file is unreadable.
        """
        now = now or self._clock()
        with self._changing("record the withdrawal"), exclusive(self._store.lock_path):
            previous = self._read()
            withdrawn = ConsentRecord(
                study_id=self.terms.study_id,
                notice_version=self.terms.notice_version,
                withdrawn_at=format_time(now),
                updated_at=format_time(now),
                withdrawals=self._withdrawals() + 1,
            )
            self._store.save(withdrawn)
        status = self.poll(now)
        erased = erase_unsent(self.paths)
        had = previous.purposes if isinstance(previous, ConsentRecord) else ()
        study = previous.study_id if isinstance(previous, ConsentRecord) else ""
        try:
            device = self.pseudonym()
            with _on_disk(self.paths.state_dir, "queue the deletion request"):
                self._record_receipt(device, "withdraw", had, now)
                self._outbox.request_deletion(device, study or self.terms.study_id, now)
        except ConsentError as error:  # say what did happen: the gate is closed, data gone
            raise ConsentError(
                f"consent withdrawn and collection stopped ({erased.files} unsent file(s) "
                f"deleted), but the study could not be asked to erase: {error}"
            ) from None
        return Withdrawal(status=status, erased=erased)

    # -- internals -------------------------------------------------------------------

    @contextlib.contextmanager
    def _changing(self, doing: str) -> Iterator[None]:
        """One change at a time in this process, and a disk failure as a ConsentError."""
        with self._lock, _on_disk(self.paths.state_dir, doing):
            yield

    def _read(self) -> ConsentRecord | ConsentStateError:
        try:
            return self._store.load()
        except ConsentStateError as error:
            return error

    def _readable(self) -> ConsentRecord:
        record = self._read()
        if isinstance(record, ConsentStateError):
            raise ConsentError(
                f"consent state unreadable: {record} (grant consent again, or withdraw)"
            )
        return record

    def _check_purposes(self, purposes: Iterable[str]) -> tuple[str, ...]:
        wanted = list(purposes)
        for purpose in wanted:
            if purpose not in PURPOSES:
                raise ConsentError(f"unknown purpose {purpose!r} (known: {', '.join(PURPOSES)})")
            if purpose not in self.terms.purposes_offered:
                offered = ", ".join(self.terms.purposes_offered) or "none"
                raise ConsentError(
                    f"purpose {purpose!r} is not offered by this study (offered: {offered})"
                )
        if not wanted:
            raise ConsentError("nothing to grant: this study offers no purposes")
        return tuple(p for p in PURPOSES if p in wanted)

    def _record_receipt(
        self,
        device: str,
        action: Action,
        purposes: tuple[str, ...],
        now: datetime,
        paused_until: datetime | None = None,
    ) -> None:
        self._receipts.record(
            receipt(
                device,
                self.terms.study_id,
                action,
                purposes,
                self.terms.notice_version,
                now,
                paused_until=paused_until,
            ),
            now,
        )


def _changed(record: ConsentRecord, now: datetime, **changes: object) -> ConsentRecord:
    return msgspec.structs.replace(record, updated_at=format_time(now), **changes)
