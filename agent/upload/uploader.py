"""The uploader: sends the outbox and the spool to the collector until they are empty.

One *round* (:meth:`Uploader.round`) does, in order: enrol if the device is not
enrolled with the policy's collector and study; refresh the study's keys when
due; send every waiting message (consent receipts, deletion requests), oldest
first; then every pending batch, oldest first. A round ends when everything
is sent or when the collector says "later" — then the round returns how long
to wait, and nothing is given up: the spool is the buffer, and its own
policies (quota, age) are the only way a batch leaves it unsent.

What each answer means is :func:`agent.upload.outcome.judge`'s decision; the
pacing (back-off with jitter, the send-rate limit) is :mod:`agent.upload.pacing`.
Waits run on the monotonic clock. The agent runs rounds on a thread
(:meth:`Uploader.start`); ``consentry spool flush`` runs them in the
foreground. Two uploaders on one spool are safe: the collector stores a
repeated batch once, and the spool counts a delivery once.

Logs carry statuses, error codes, counts and exception types — never a
batch, a message's content, a key or the secret.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import msgspec

from agent.consent.outbox import Outbox
from agent.paths import AgentPaths
from agent.policy import EffectivePolicy
from agent.sealing.enrolment import EnrolmentState
from agent.spool import PendingBatch, Spool
from agent.upload.client import (
    CollectorClient,
    NetworkProblem,
    Reply,
    message_signed_bytes,
)
from agent.upload.enrol import EnrolmentRefused, enrol, refresh_keys
from agent.upload.outcome import RETRY_AFTER_STATUSES, Outcome, Verdict, judge
from agent.upload.pacing import BACKOFF_CAP_SECONDS, Backoff, TokenBucket
from agent.upload.secret_ref import SecretUnavailable, read_secret
from agent.upload.tls import TlsSettings
from agent.wire.keys import DeviceSigningKey, KemName, b64encode

log = logging.getLogger(__name__)

#: With nothing to send, the uploader still looks this often for messages other
#: processes queued (``consentry consent`` in a terminal) and for aged batches.
IDLE_SECONDS = 15.0
#: The study's keys are asked for again this often (a rotation reaches devices within it).
KEY_REFRESH_SECONDS = 3600.0
#: After a failed key refresh, try again this much later (sealing goes on with the keys held).
KEY_RETRY_SECONDS = 300.0
#: A collector naming a current key the device does not hold makes it ask for the
#: keys again, but at most this often (a collector that keeps naming it is not obeyed
#: on every answer).
KEY_HINT_SECONDS = 60.0
#: Batches are read from the spool this many at a time, oldest first.
BATCH_PAGE = 64
#: Batches in flight at once, each on its own keep-alive connection. One at a time
#: caps an agent at one batch per round trip (20 a second over a 50 ms link);
#: four move a backlog along without crowding the collector.
CONCURRENCY = 4
#: Deliveries are written to the spool in groups of this many (one transaction each).
DELIVERY_GROUP = 32
#: Expired batches are looked for this often even when nothing new is stored.
EXPIRE_SECONDS = 600.0


@dataclass(frozen=True)
class UploadTarget:
    """Where and how to upload, read once from the effective policy."""

    collector_url: str
    study_id: str
    kem: KemName
    secret_ref: str
    tls: TlsSettings = field(default_factory=TlsSettings)
    max_bytes_per_second: int = 2048 * 1024
    #: The policy's ``study.key_ids``: the only keys sealed to (empty: any the study lists).
    key_ids: frozenset[str] = frozenset()

    @classmethod
    def from_policy(cls, policy: EffectivePolicy) -> UploadTarget:
        return cls(
            collector_url=str(policy.value("collector.url")),
            study_id=str(policy.value("study.id")),
            kem=policy.value("study.kem"),
            secret_ref=str(policy.value("collector.enrolment_secret_ref")),
            tls=TlsSettings(
                ca_file=str(policy.value("collector.ca_file")),
                client_certificate=str(policy.value("collector.client_certificate")),
                client_key=str(policy.value("collector.client_key")),
                pinned_keys=tuple(policy.value("collector.pinned_keys")),
            ),
            max_bytes_per_second=int(policy.value("upload.max_kb_per_second")) * 1024,
            key_ids=frozenset(policy.value("study.key_ids")),
        )


class _Wait(Exception):
    """Internal: the round ends here; try again in ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class Uploader:
    def __init__(
        self,
        target: UploadTarget,
        paths: AgentPaths,
        spool: Spool,
        enrolment: EnrolmentState,
        *,
        device_id: str,
        device_key: DeviceSigningKey,
        client: CollectorClient | None = None,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.target = target
        self.spool = spool
        self.outbox = Outbox(paths.state_dir)
        self.enrolment = enrolment
        self.device_id = device_id
        self.device_key = device_key
        self.client = client or CollectorClient(target.collector_url, target.tls)
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._environ = environ
        self._bucket = TokenBucket(target.max_bytes_per_second, clock=clock)
        self._not_before = 0.0
        self._keys_due = 0.0
        self._keys_refreshed_at = -KEY_HINT_SECONDS
        self._expire_due = 0.0
        self._enrol_again = False
        self._message_not_before: dict[str, float] = {}
        self._last_result: str | None = None
        self._last_logged: str | None = None
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None

    # -- the background thread -------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="consentry-upload", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Something new is waiting (a sealed batch, a consent message): look now."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self.client.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                wait = self.round()
            except Exception as error:  # the thread must outlive one bad round
                log.error("upload round failed: %s", type(error).__name__)
                wait = BACKOFF_CAP_SECONDS
            self._wake.wait(IDLE_SECONDS if wait is None else min(wait, IDLE_SECONDS))
            self._wake.clear()

    # -- one round ---------------------------------------------------------------------

    def round(self) -> float | None:
        """Send what can be sent now: ``None`` when nothing is left, else seconds to wait."""
        now = self._clock()
        if now < self._not_before:
            return self._not_before - now
        self._last_result = None
        try:
            self._expire_if_due()
            self._ensure_enrolled()
            self._refresh_keys_if_due()
            self._send_messages()
            self._send_batches()
        except _Wait as wait:
            self._not_before = self._clock() + wait.seconds
            return wait.seconds
        finally:
            self._record_result()
        self.backoff.succeeded()
        return self._next_message_wait()

    def pending_work(self) -> tuple[int, int]:
        """Batches and messages waiting to be sent (for ``spool flush``)."""
        return self.spool.counters().pending, len(self.outbox.pending())

    # -- enrolment and keys --------------------------------------------------------------

    def _ensure_enrolled(self) -> None:
        current = self.enrolment.current()
        target = self.target
        if (
            current is not None
            and not self._enrol_again
            and current.matches(target.collector_url, target.study_id, self.device_id)
        ):
            return
        try:
            secret = read_secret(target.secret_ref, self._environ)
        except SecretUnavailable as error:
            self._log_once(f"cannot enrol: the enrolment secret is unavailable: {error}")
            raise _Wait(BACKOFF_CAP_SECONDS) from None
        try:
            enrolment = enrol(
                self.client,
                collector_url=target.collector_url,
                study_id=target.study_id,
                device_id=self.device_id,
                device_key=self.device_key,
                secret=secret,
            )
        except EnrolmentRefused as error:
            self._result(error.reply, "enrol")
            status = error.reply.status
            outcome = judge(error.reply)
            if outcome.verdict is Verdict.DONE or (
                400 <= status < 500 and status not in RETRY_AFTER_STATUSES
            ):  # a wrong or used-up secret, an unknown study, a malformed answer: not soon
                self._log_once(f"cannot enrol: {error}")
                raise _Wait(BACKOFF_CAP_SECONDS) from None
            raise self._wait(outcome, "enrolment") from None
        except NetworkProblem as error:
            raise self._network(error, "enrolment") from None
        self.enrolment.update(enrolment)
        self._enrol_again = False
        self._keys_due = self._clock() + KEY_REFRESH_SECONDS
        log.info("enrolled in study %s: %d study key(s)", target.study_id, len(enrolment.keys))
        self._check_sealing_key()

    def _check_sealing_key(self) -> None:
        """Say once, in the log, when the study's keys leave nothing to seal to."""
        current = self.enrolment.current()
        if current is None or current.sealing_key(self.target.kem, self.target.key_ids):
            return
        if self.target.key_ids:
            self._log_once(
                f"none of the study's {self.target.kem} keys is one study.key_ids names: "
                "nothing can be sealed"
            )
        else:
            self._log_once(f"the study has no {self.target.kem} key: nothing can be sealed")

    def _refresh_keys_if_due(self, hint: str | None = None) -> None:
        current = self.enrolment.current()
        if current is None:
            return
        known = hint is None or hint in {key.key_id for key in current.keys}
        hinted_recently = self._clock() < self._keys_refreshed_at + KEY_HINT_SECONDS
        if (known or hinted_recently) and self._clock() < self._keys_due:
            return
        self._keys_refreshed_at = self._clock()
        try:
            refreshed = refresh_keys(self.client, current)
        except (EnrolmentRefused, NetworkProblem) as error:
            log.warning("the study's keys could not be refreshed: %s", error)
            self._keys_due = self._clock() + KEY_RETRY_SECONDS
            return
        self.enrolment.update(refreshed)
        self._keys_due = self._clock() + KEY_REFRESH_SECONDS
        self._check_sealing_key()

    # -- messages ------------------------------------------------------------------------

    def _send_messages(self) -> None:
        for path in self.outbox.pending():
            if self._stopping.is_set():
                raise _Wait(0.0)
            message_id = path.stem
            if self._message_not_before.get(message_id, 0.0) > self._clock():
                continue
            try:
                body = path.read_bytes()
                study = msgspec.json.decode(body).get("study_id", "")
            except (OSError, msgspec.DecodeError, AttributeError):
                continue  # gone meanwhile (another uploader), or not a message: left alone
            if not study:
                log.warning("a queued message names no study: it cannot be sent; deleted")
                _unlink(path)
                continue
            signature = b64encode(
                self.device_key.sign(message_signed_bytes(study, message_id, body))
            )
            reply = self._call(
                partial(
                    self.client.put_message, study, message_id, body, self.device_id, signature
                ),
                "message",
            )
            outcome = judge(reply)
            if outcome.verdict is Verdict.DONE:
                _unlink(path)
                self._message_not_before.pop(message_id, None)
            elif outcome.verdict is Verdict.REFUSED:
                log.warning(
                    "a message was refused (%d %s); it will be sent again later",
                    reply.status,
                    reply.error or "",
                )
                self._message_not_before[message_id] = self._clock() + BACKOFF_CAP_SECONDS
            else:
                raise self._wait(outcome, "message")

    def _next_message_wait(self) -> float | None:
        waiting = [
            when - self._clock()
            for name, when in self._message_not_before.items()
            if when > self._clock()
        ]
        return max(0.0, min(waiting)) if waiting else None

    # -- batches -------------------------------------------------------------------------

    def _send_batches(self) -> None:
        """Every pending batch, oldest first, up to :data:`CONCURRENCY` requests in flight.

        Answers are settled in the order the batches were sent. After the
        first answer that says "later", nothing more is sent; the requests
        already in flight are still settled (a batch one of them delivered is
        counted), then the round waits.
        """
        delivered: list[int] = []
        inflight: deque[tuple[PendingBatch, Future[Reply]]] = deque()
        failure: _Wait | None = None
        try:
            while failure is None:
                page = self.spool.pending(limit=BATCH_PAGE)
                if not page:
                    break
                for batch in page:
                    if failure is not None or self._stopping.is_set():
                        break
                    envelope = self.spool.envelope(batch.sequence)
                    if envelope is None:
                        continue  # delivered or evicted meanwhile
                    pause = self._bucket.wait_for(len(envelope))
                    if pause > 0 and self._stopping.wait(pause):
                        break
                    put = partial(self.client.put_batch, batch.study_id, batch.batch_id)
                    inflight.append((batch, self._workers().submit(put, envelope)))
                    while inflight and (len(inflight) >= CONCURRENCY or inflight[0][1].done()):
                        failure = self._settle(*inflight.popleft(), delivered, failure) or failure
                while inflight:
                    failure = self._settle(*inflight.popleft(), delivered, failure) or failure
                if delivered:  # before the next page is read, or it would send them again
                    self.spool.mark_delivered(delivered)
                    delivered.clear()
                if self._stopping.is_set():
                    failure = failure or _Wait(0.0)
        finally:
            for _, future in inflight:  # only when something above raised: let them finish
                future.cancel()
            if delivered:
                self.spool.mark_delivered(delivered)
        if failure is not None:
            raise failure

    def _settle(
        self,
        batch: PendingBatch,
        future: Future[Reply],
        delivered: list[int],
        failing: _Wait | None,
    ) -> _Wait | None:
        """Act on one batch's answer; the wait it calls for, if it is the round's first failure."""
        try:
            reply = future.result()
        except NetworkProblem as error:
            return None if failing else self._network(error, "batch")
        self._result(reply, "batch")
        if reply.current_key is not None:
            self._refresh_keys_if_due(hint=reply.current_key)
        outcome = judge(reply)
        if outcome.verdict is Verdict.DONE:
            self.backoff.succeeded()
            delivered.append(batch.sequence)
            if len(delivered) >= DELIVERY_GROUP:
                self.spool.mark_delivered(delivered)
                delivered.clear()
            return None
        if outcome.verdict is Verdict.REFUSED:
            if self.spool.quarantine(batch.sequence, reply.status, reply.error or ""):
                log.warning(
                    "a batch was refused for good (%d %s): moved to quarantine",
                    reply.status,
                    reply.error or "no error code",
                )
            return None
        return None if failing else self._wait(outcome, "batch")

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(CONCURRENCY, thread_name_prefix="consentry-send")
        return self._pool

    # -- answers -------------------------------------------------------------------------

    def _call(self, request: Callable[[], Reply], what: str) -> Reply:
        try:
            reply = request()
        except NetworkProblem as error:
            raise self._network(error, what) from None
        self._result(reply, what)
        return reply

    def _wait(self, outcome: Outcome, what: str) -> _Wait:
        """How long an answer that is not "done" makes the round wait."""
        if outcome.verdict is Verdict.ENROL_AGAIN:
            self._enrol_again = True
            self._log_once(f"the collector does not know this device ({what}): enrolling again")
            return _Wait(self.backoff.failed())
        if outcome.verdict is Verdict.RETRY_AFTER:
            self._log_once(f"the collector asked to wait {outcome.wait:.0f} s ({what})")
            return _Wait(outcome.wait)
        delay = self.backoff.failed()
        self._log_once(f"the collector is not taking uploads now ({what}); retrying later")
        return _Wait(delay)

    def _network(self, error: NetworkProblem, what: str) -> _Wait:
        self._last_result = f"no answer ({error.kind})"
        delay = self.backoff.failed()
        self._log_once(f"no answer from the collector ({what}: {error.kind}); retrying later")
        return _Wait(delay)

    def _result(self, reply: Reply, what: str) -> None:
        self._last_result = f"{reply.status} {reply.error}" if reply.error else str(reply.status)

    def _record_result(self) -> None:
        if self._last_result is None:
            return
        with contextlib.suppress(Exception):  # bookkeeping must not end a round
            self.spool.record_attempt(self._last_result)
        if self._last_result.startswith("2"):
            self._last_logged = None  # the next problem is news again

    def _log_once(self, message: str) -> None:
        """Log a problem when it starts or changes, not on every retry."""
        if message != self._last_logged:
            log.warning("upload: %s", message)
            self._last_logged = message

    def _expire_if_due(self) -> None:
        if self._clock() >= self._expire_due:
            self._expire_due = self._clock() + EXPIRE_SECONDS
            self.spool.expire()


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
