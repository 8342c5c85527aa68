"""``ScreenCapture``: the screen source — triggers in, redacted frames out, on its own thread.

::

    screens = ScreenCapture(device_id=..., policy=..., emit=session.emit)
    screens.start()                  # first frame at once
    screens.trigger("click")         # from the input thread: never blocks
    screens.stop()                   # joins (bounded), forgets all frames

The worker thread opens its own mss instance, window watcher and tesseract
engine, and keeps one :class:`~agent.capture.screen.frame.MonitorFrames`
per monitor. A shot:

1. lists the visible windows (a list that cannot be read: no shot — the
   masks could not be known);
2. grabs every monitor;
3. lists the windows again: a window is masked if it was shown at either
   time, so one that opens or moves during the grab is still covered;
4. per monitor, the masks on it, then the change check, redaction and
   minimisation (:mod:`~agent.capture.screen.frame`), and one
   ``screen_frame`` record with its blob handed to ``emit``.

Nothing is written to disk and nothing about the content is logged: logs
and :attr:`ScreenCapture.stats` carry counts and error types only. A policy
with problems, or one with no triggers, takes no frames.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, cast

from agent.capture.context import Emit
from agent.capture.rules import AppRules, app_rules
from agent.capture.screen.frame import Frame, FrameDropped, MonitorFrames, OutputSettings
from agent.capture.screen.grab import Grab, GrabError, MssGrabber
from agent.capture.screen.masks import masked_rects, monitor_masks
from agent.capture.screen.monitors import Monitor
from agent.capture.screen.schedule import TriggerSchedule
from agent.capture.window import (
    Rect,
    WindowListUnavailable,
    WindowSourceError,
    WindowWatcher,
    new_watcher,
)
from agent.policy import EffectivePolicy
from agent.wire import Blob, ScreenFrame, WireError, validate
from agent.wire.fields import ScreenTrigger
from redaction.image.ocr import OcrEngine, new_engine

log = logging.getLogger(__name__)

#: The worker reads the clock at least this often (s), so a frame that falls
#: due is never late by more than this, whatever clock is injected.
MAX_WAIT_S = 1.0
#: stop() waits this long (s) for a frame in progress (one full OCR of a large
#: monitor on a slow machine); after that the worker is abandoned, and nothing
#: it still produces is emitted.
STOP_TIMEOUT_S = 15.0
#: Triggers waiting for the worker: far more than it can use (one is kept
#: pending); beyond this a trigger is dropped rather than block the caller.
MAX_QUEUED_TRIGGERS = 1024


class Clock(Protocol):
    """The clocks a frame is stamped and scheduled with (injectable for tests)."""

    def monotonic_ns(self) -> int: ...

    def wall(self) -> datetime: ...


class SystemClock:
    """The real clocks: ``time.monotonic_ns`` and UTC wall time."""

    def monotonic_ns(self) -> int:
        return time.monotonic_ns()

    def wall(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class ScreenStats:
    """What the screen source did so far: counts and error types only."""

    #: Frames handed to ``emit`` (one per monitor per changed shot).
    frames_emitted: int = 0
    #: Monitor grabs identical to the last frame kept: no OCR, no record.
    unchanged_skipped: int = 0
    #: Masked windows summed over the emitted frames.
    masked_windows: int = 0
    #: Frames or shots dropped, by error type (``FrameDropped`` causes, ``GrabError``...).
    errors: dict[str, int] = field(default_factory=dict)
    #: Time to make the last emitted frame (grab to record), in milliseconds.
    last_frame_ms: float | None = None


_STOP = object()


class ScreenCapture:
    """The screen source of one capture session (see the module docstring)."""

    def __init__(
        self,
        *,
        device_id: str,
        policy: EffectivePolicy,
        emit: Emit,
        display: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._device_id = device_id
        self._policy = policy
        self._emit = emit
        self._display = display
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._schedule = TriggerSchedule.of(
            policy.value("screen.triggers"),
            policy.value("screen.interval_seconds"),
            policy.value("screen.max_interval_seconds"),
        )
        self._inbox: queue.Queue[object] = queue.Queue(MAX_QUEUED_TRIGGERS)
        self._stats_lock = threading.Lock()
        self._emit_lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()
        self._last_frame_ms: float | None = None
        self._frame_id = 0
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._closed = False

    # -- the interface -----------------------------------------------------------

    def start(self) -> None:
        """Start the worker; the first frame is taken at once. Starting twice does nothing."""
        if self._thread is not None or self._closed:
            return
        if self._policy.problems or not self._schedule.enabled:
            log.info("screen capture: no frames (no triggers, or a policy with problems)")
            return
        self._thread = threading.Thread(target=self._run, name="consentry-screen", daemon=True)
        self._thread.start()

    def trigger(self, trigger: ScreenTrigger) -> None:
        """Ask for a frame (thread-safe, never blocks; the schedule decides when)."""
        try:
            self._inbox.put_nowait(trigger)
        except queue.Full:
            self._count_error("TriggerQueueFull")

    def stop(self) -> None:
        """Stop the worker and forget every frame; bounded by :data:`STOP_TIMEOUT_S`. Idempotent."""
        self._stopping.set()
        thread = self._thread
        if thread is not None:
            # A full queue: the worker sees _stopping at its next wake-up (MAX_WAIT_S).
            with contextlib.suppress(queue.Full):
                self._inbox.put_nowait(_STOP)
            thread.join(STOP_TIMEOUT_S)
            if thread.is_alive():
                log.warning("screen capture: a frame in progress was abandoned at stop")
        with self._emit_lock:
            self._closed = True

    @property
    def stats(self) -> ScreenStats:
        with self._stats_lock:
            return ScreenStats(
                frames_emitted=self._counts["emitted"],
                unchanged_skipped=self._counts["unchanged"],
                masked_windows=self._counts["masked"],
                errors=dict(self._errors),
                last_frame_ms=self._last_frame_ms,
            )

    # -- the worker ----------------------------------------------------------------

    def _now(self) -> float:
        return self._clock.monotonic_ns() / 1e9

    def _run(self) -> None:
        try:
            with ExitStack() as resources:
                grabber = MssGrabber(self._display)
                resources.callback(grabber.close)
                watcher = new_watcher(self._display)
                resources.callback(watcher.close)
                shooter = _Shooter(self, grabber, watcher, new_engine())
                resources.callback(shooter.reset)
                for trigger in self._due_triggers():
                    shooter.shoot(trigger)
        except (GrabError, WindowSourceError) as error:
            self._count_error(type(error).__name__)
            log.error("screen capture stopped: %s", type(error).__name__)
        except Exception as error:  # a bug must not leave a frame half-handled
            self._count_error(type(error).__name__)
            log.error("screen capture failed: %s", type(error).__name__)

    def _due_triggers(self) -> Iterator[ScreenTrigger]:
        """Each trigger a frame is due for, as it falls due, until stop."""
        schedule = self._schedule
        while not self._stopping.is_set():
            now = self._now()
            due = schedule.due(now)
            if due is not None:
                schedule.taken(now)
                yield due
                continue
            wait = schedule.wait(now)
            timeout = MAX_WAIT_S if wait is None else min(max(wait, 0.0), MAX_WAIT_S)
            try:
                item = self._inbox.get(timeout=timeout)
            except queue.Empty:
                continue
            while item is not _STOP:
                schedule.offer(cast(ScreenTrigger, item))
                try:
                    item = self._inbox.get_nowait()
                except queue.Empty:
                    break
            if item is _STOP:
                return

    def _emit_frame(self, record: ScreenFrame, blob: Blob, started: float) -> bool:
        with self._emit_lock:
            if self._closed or self._stopping.is_set():
                return False
            try:
                self._emit(record, blob)
            except Exception as error:  # the session's sink failed: count it, keep capturing
                self._count_error(type(error).__name__)
                log.warning("screen capture: a frame was not taken: %s", type(error).__name__)
                return False
        with self._stats_lock:
            self._counts["emitted"] += 1
            self._counts["masked"] += record.masked_windows
            self._last_frame_ms = (time.perf_counter() - started) * 1000.0
        return True

    def _count(self, name: str) -> None:
        with self._stats_lock:
            self._counts[name] += 1

    def _count_error(self, kind: str) -> None:
        with self._stats_lock:
            self._errors[kind] += 1

    def _next_frame_id(self) -> int:
        frame_id = self._frame_id
        self._frame_id += 1
        return frame_id


@dataclass(frozen=True)
class _Stamped:
    """A grab with the time it was taken: the record's timestamps and the start of its cost."""

    grab: Grab
    mono_ns: int
    wall: datetime
    #: ``time.perf_counter()`` at the grab: a measurement, never an injected clock.
    started: float


class _Shooter:
    """The worker's parts for one run: grabber, watcher, engine and per-monitor state."""

    def __init__(
        self, owner: ScreenCapture, grabber: MssGrabber, watcher: WindowWatcher, engine: OcrEngine
    ) -> None:
        self._owner = owner
        self._grabber = grabber
        self._watcher = watcher
        self._engine = engine
        self._rules: AppRules = app_rules(owner._policy)
        self._output = OutputSettings.from_policy(owner._policy)
        self._monitors: dict[Monitor, MonitorFrames] = {}

    def shoot(self, trigger: ScreenTrigger) -> None:
        owner = self._owner
        try:
            before = self._masked()
            grabs = [self._stamped(self._grabber.grab(m)) for m in self._grabber.monitors()]
            after = self._masked()
        except (WindowListUnavailable, GrabError) as error:
            owner._count_error(type(error).__name__)
            log.warning("screen capture: shot skipped: %s", type(error).__name__)
            return
        masked = list(dict.fromkeys([*before, *after]))
        self._forget_others({stamped.grab.monitor for stamped in grabs})
        for stamped in grabs:
            if owner._stopping.is_set():
                return  # a frame in progress is abandoned, never half-emitted
            self._frame(stamped, masked, trigger)

    def _stamped(self, grab: Grab) -> _Stamped:
        clock = self._owner._clock
        return _Stamped(grab, clock.monotonic_ns(), clock.wall(), time.perf_counter())

    def _masked(self) -> list[Rect]:
        return masked_rects(self._watcher.visible_windows(), self._rules)

    def _frame(self, stamped: _Stamped, masked: list[Rect], trigger: ScreenTrigger) -> None:
        owner = self._owner
        grab = stamped.grab
        state = self._state(grab.monitor)
        masks = monitor_masks(masked, grab.monitor, grab.size)
        try:
            frame = state.next_frame(grab, masks)
        except FrameDropped as dropped:
            owner._count_error(dropped.kind)
            log.warning("screen capture: frame dropped: %s", dropped.kind)
            return
        if frame is None:
            owner._count("unchanged")
            return
        try:
            record, blob = self._record(frame, stamped, trigger)
        except (WireError, ValueError) as error:
            state.reset()
            owner._count_error(type(error).__name__)
            log.warning("screen capture: frame dropped: %s", type(error).__name__)
            return
        if not owner._emit_frame(record, blob, stamped.started):
            state.reset()

    def _record(
        self, frame: Frame, stamped: _Stamped, trigger: ScreenTrigger
    ) -> tuple[ScreenFrame, Blob]:
        blob = Blob.of(frame.encoded.data)
        width, height = frame.encoded.size
        record = ScreenFrame(
            device_id=self._owner._device_id,
            mono_ns=stamped.mono_ns,
            wall_time=stamped.wall,
            frame_id=self._owner._next_frame_id(),
            monitor=stamped.grab.monitor.index,
            width=width,
            height=height,
            encoding=frame.encoded.format,
            greyscale=self._output.greyscale,
            trigger=trigger,
            blob=blob.ref,
            redactions=frame.redactions,
            masked_windows=frame.masked_windows,
        )
        validate(record)
        return record, blob

    def _state(self, monitor: Monitor) -> MonitorFrames:
        state = self._monitors.get(monitor)
        if state is None:
            state = MonitorFrames(self._owner._policy, self._engine, self._output)
            self._monitors[monitor] = state
        return state

    def _forget_others(self, monitors: set[Monitor]) -> None:
        """Drop the state of monitors no longer attached (or moved: a new layout is new state)."""
        for gone in self._monitors.keys() - monitors:
            self._monitors.pop(gone).reset()

    def reset(self) -> None:
        for state in self._monitors.values():
            state.reset()
        self._monitors.clear()


__all__ = ["Clock", "ScreenCapture", "ScreenStats", "SystemClock"]
