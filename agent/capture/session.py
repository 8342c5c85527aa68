"""One capture session: the focused window, input and screens, for a fixed set of purposes.

A session is what runs between two consent changes. The consent listener
(:class:`agent.commands.run.CaptureSources`) or ``consentry preview`` makes
one with the purposes that are active, starts it, and stops it when those
purposes change; a session never widens what it captures while it runs.

What each purpose turns on:

* ``input_activity`` — ``window_focus`` and ``idle`` records, and keyboard and
  mouse activity at each application's keystroke level (``counts`` or
  ``classes``);
* ``typed_text`` — together with ``input_activity``, the ``text`` level where
  the policy sets it (without ``typed_text`` that level falls back to
  ``classes``);
* ``screen_content`` — redacted, minimised screens on the policy's triggers
  (none when ``screen.triggers`` is empty).

Threads: the focus thread follows the window system (its own connection) and
publishes a :class:`FocusContext` that the input worker reads per event; the
input pipeline and the screen capture run their own workers. Records from all
of them pass through one lock-protected :data:`Emit`, so the caller's sink is
called from one thread at a time.

The focus thread waits for the window system to report a change (X11), or
polls (:data:`agent.capture.window.base.POLL_SECONDS`). Each context carries
the window's focus token; the input pipeline compares it with the OS's per
key, so keys typed before the thread has looked at a new window are dropped,
never attributed to the previous one.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from importlib import metadata
from typing import Protocol, TypedDict

from agent.capture.context import NO_FOCUS, Emit, FocusContext
from agent.capture.focus import focus_record
from agent.capture.idle import IDLE_THRESHOLD_S, IdleTracker
from agent.capture.rules import KeystrokeLevel, keystroke_level, should_capture_window
from agent.capture.window import (
    IdleUnavailable,
    WindowInfo,
    WindowSourceError,
    WindowWatcher,
    new_watcher,
)
from agent.consent.terms import INPUT_ACTIVITY, SCREEN_CONTENT, TYPED_TEXT
from agent.policy import EffectivePolicy
from agent.wire import Blob, IdleTransition, Record, SessionEvent, record_kind
from agent.wire import limits as wire_limits
from agent.wire.fields import OsFamily, ScreenTrigger, SessionEventName, StopReason

log = logging.getLogger(__name__)

#: How often idle time is read: idle is measured in minutes, so once a second is plenty.
IDLE_POLL_SECONDS = 1.0
#: How long ``stop`` waits for the focus thread (it looks at the stop flag at least
#: every :data:`IDLE_POLL_SECONDS`).
JOIN_SECONDS = 5.0

#: The purposes each record kind is collected for. ``session`` and ``consent``
#: describe the agent itself and need none; a kind not listed is withheld.
RECORD_PURPOSES: dict[str, tuple[str, ...]] = {
    "session": (),
    "consent": (),
    "window_focus": (INPUT_ACTIVITY,),
    "idle": (INPUT_ACTIVITY,),
    "key_activity": (INPUT_ACTIVITY,),
    "mouse_activity": (INPUT_ACTIVITY,),
    "typed_text": (INPUT_ACTIVITY, TYPED_TEXT),
    "screen_frame": (SCREEN_CONTENT,),
}


class _Stamp(TypedDict):
    """What every record carries: who, and when on both clocks."""

    device_id: str
    mono_ns: int
    wall_time: datetime


class CaptureStartError(Exception):
    """Capture could not start on this desktop; the message says why (never any content)."""


class Source(Protocol):
    """A capture source the session starts and stops (input pipeline, screen capture)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class InputSource(Source, Protocol):
    def focus_changed(self) -> None: ...


class ScreenSource(Source, Protocol):
    def trigger(self, trigger: ScreenTrigger) -> None: ...


def consented_level(level: KeystrokeLevel, purposes: Iterable[str]) -> KeystrokeLevel:
    """The policy's keystroke level narrowed to the purposes consented to.

    Nothing without ``input_activity``; ``text`` only with ``typed_text`` as
    well (otherwise ``classes``, the richest level without text).
    """
    active = frozenset(purposes)
    if level == "off" or INPUT_ACTIVITY not in active:
        return "off"
    if level == "text" and TYPED_TEXT not in active:
        return "classes"
    return level


def focus_context(
    info: WindowInfo | None, policy: EffectivePolicy, purposes: Iterable[str], seq: int
) -> FocusContext:
    """What the input pipeline may record for keys going to ``info``."""
    if info is None:
        return FocusContext(seq=seq)
    captured = should_capture_window(
        info.app_id, info.title, policy, process_name=info.process_name
    )
    level = keystroke_level(info.app_id, policy, process_name=info.process_name)
    return FocusContext(
        window=info,
        captured=captured,
        level=consented_level(level, purposes) if captured else "off",
        seq=seq,
    )


def os_family(platform: str = sys.platform) -> OsFamily:
    if platform.startswith("linux"):
        return "linux"
    if platform == "darwin":
        return "macos"
    if platform in ("win32", "cygwin"):
        return "windows"
    return "other"


def _agent_version() -> str:
    try:
        return metadata.version("consentry")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def _same_window(a: WindowInfo | None, b: WindowInfo | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.app_id, a.title, a.pid) == (b.app_id, b.title, b.pid)


class CaptureSession:
    """Capture for ``purposes`` under ``policy`` until :meth:`stop`; records go to ``emit``."""

    def __init__(
        self,
        policy: EffectivePolicy,
        *,
        device_id: str,
        purposes: Iterable[str],
        emit: Emit,
        display: str | None = None,
        make_input: Callable[..., InputSource] | None = None,
        make_screen: Callable[..., ScreenSource] | None = None,
        watcher_factory: Callable[[str | None], WindowWatcher] | None = None,
        gate: Callable[[str], bool] | None = None,
    ) -> None:
        self.policy = policy
        self.device_id = device_id
        self.purposes = frozenset(purposes)
        self.session_id = str(uuid.uuid4())
        self.focus: FocusContext = NO_FOCUS
        self.counts: Counter[str] = Counter()
        self._sink = emit
        self._gate = gate
        self.withheld = 0
        self._display = display
        self._emit_lock = threading.Lock()
        self._stopping = threading.Event()
        self._started = False
        self._stopped = False
        self._focus_thread: threading.Thread | None = None
        self._input: InputSource | None = None
        self._screen: ScreenSource | None = None
        self._make_input = make_input
        self._make_screen = make_screen
        self._watcher_factory = watcher_factory or new_watcher

    # -- records ---------------------------------------------------------------

    def emit(self, record: Record, blob: Blob | None = None) -> None:
        """Hand one record to the sink, one at a time (sources call this from their threads).

        The consent gate is asked again for every record: a pause or a
        withdrawal takes effect before the next record, not when the session
        has finished stopping. A record outside the session's purposes is
        withheld too (a source must never produce one; this is the backstop).
        """
        kind = record_kind(record)
        needed = RECORD_PURPOSES.get(kind)
        with self._emit_lock:
            if self._stopped:
                return  # a late record from a source that outlived stop(): not sealed
            if (
                needed is None
                or not self.purposes.issuperset(needed)
                or (self._gate is not None and not all(self._gate(purpose) for purpose in needed))
            ):
                self.withheld += 1
                return
            self.counts[kind] += 1
            self._sink(record, blob)

    def _stamp(self) -> _Stamp:
        return {
            "device_id": self.device_id,
            "mono_ns": time.monotonic_ns(),
            "wall_time": datetime.now(UTC),
        }

    # -- life cycle ------------------------------------------------------------

    @property
    def records_input(self) -> bool:
        return INPUT_ACTIVITY in self.purposes

    @property
    def records_screens(self) -> bool:
        return SCREEN_CONTENT in self.purposes and bool(self.policy.value("screen.triggers"))

    def start(self) -> None:
        """Start the sources the purposes need.

        If one cannot start, the others are stopped and :class:`CaptureStartError`
        says why: capture runs whole or not at all.
        """
        if self._started:
            return
        self._started = True
        self.emit(self._session_event("start"))
        try:
            self._start_sources()
        except BaseException as error:
            self.stop("error")
            if isinstance(error, Exception):
                raise CaptureStartError(_start_problem(error)) from None
            raise
        log.info(
            "capture started: input %s, screens %s",
            "on" if self.records_input else "off",
            "on" if self.records_screens else "off",
        )

    def _start_sources(self) -> None:
        if self.records_screens:
            self._screen = (self._make_screen or _default_screen)(
                device_id=self.device_id, policy=self.policy, emit=self.emit, display=self._display
            )
            self._screen.start()
        if self.records_input:
            self._input = (self._make_input or _default_input)(
                device_id=self.device_id,
                policy=self.policy,
                focus=lambda: self.focus,
                emit=self.emit,
                on_trigger=self._trigger,
            )
            self._input.start()
        if self.records_input or self.records_screens:
            self._focus_thread = threading.Thread(
                target=self._follow_focus, name="consentry-focus", daemon=True
            )
            self._focus_thread.start()

    def stop(self, reason: StopReason = "quit") -> None:
        """Stop every source, flush what they hold, and close the session. Idempotent."""
        if not self._started or self._stopped:
            return
        self._stopping.set()
        if self._focus_thread is not None:
            self._focus_thread.join(JOIN_SECONDS)
        for source in (self._input, self._screen):
            if source is not None:
                try:
                    source.stop()
                except Exception as error:  # one source failing must not keep the others running
                    log.error("a capture source failed to stop: %s", type(error).__name__)
        self.emit(self._session_event("stop", reason))
        with self._emit_lock:
            self._stopped = True
        log.info(
            "capture stopped (%s): %s",
            reason,
            ", ".join(f"{kind} {n}" for kind, n in sorted(self.counts.items())) or "no records",
        )

    def _session_event(
        self, event: SessionEventName, reason: StopReason | None = None
    ) -> SessionEvent:
        return SessionEvent(
            **self._stamp(),
            event=event,
            session_id=self.session_id,
            agent_version=_agent_version(),
            os=os_family(),
            stop_reason=reason,
        )

    def _trigger(self, trigger: ScreenTrigger) -> None:
        if self._screen is not None:
            self._screen.trigger(trigger)

    # -- the focus thread ------------------------------------------------------

    def _follow_focus(self) -> None:
        try:
            watcher = self._watcher_factory(self._display)
        except WindowSourceError as error:
            log.error("no window information, so no input is recorded: %s", error)
            return
        try:
            self._poll_focus(watcher)
        except Exception as error:  # fail closed: no focus means no keys are recorded
            log.error("the focus thread stopped: %s", type(error).__name__)
            self.focus = NO_FOCUS
        finally:
            watcher.close()

    def _poll_focus(self, watcher: WindowWatcher) -> None:
        """Publish the focus on every change; read idle time every :data:`IDLE_POLL_SECONDS`.

        Between two looks the thread waits on the window system
        (``wait_for_change``): on X11 it wakes only for a focus or title change,
        so an idle desktop costs one idle-time read a second.
        """
        idle = IdleTracker(IDLE_THRESHOLD_S)
        idle_known = self.records_input
        next_idle = 0.0
        seq = 0
        last: WindowInfo | None = None
        token: int | None = None
        changed = True
        while not self._stopping.is_set():
            if changed:
                now_token = watcher.focus_token()  # before the window: a switch between reads
                info = watcher.active_window()  # leaves a stale token, so keys are dropped
                if seq == 0 or now_token != token or not _same_window(info, last):
                    seq += 1
                    last, token = info, now_token
                    self._publish(info, now_token, seq)
            now = time.monotonic()
            if idle_known and now >= next_idle:
                next_idle = now + IDLE_POLL_SECONDS
                idle_known = self._check_idle(watcher, idle)
            wait = max(0.0, next_idle - time.monotonic()) if idle_known else IDLE_POLL_SECONDS
            changed = watcher.wait_for_change(min(wait, IDLE_POLL_SECONDS))
        self.focus = NO_FOCUS

    def _publish(self, info: WindowInfo | None, token: int | None, seq: int) -> None:
        """A new focus: the input worker's context, a screen trigger, a ``window_focus`` record."""
        self.focus = replace(focus_context(info, self.policy, self.purposes, seq), window_id=token)
        if self._input is not None:
            self._input.focus_changed()
        self._trigger("focus_change")
        if self.records_input:
            record = focus_record(info, self.policy, **self._stamp())
            if record is not None:
                self.emit(record)

    def _check_idle(self, watcher: WindowWatcher, tracker: IdleTracker) -> bool:
        """Emit an ``idle`` record on a change; False once idle time proves unavailable."""
        try:
            since = watcher.seconds_since_input()
        except IdleUnavailable as error:
            log.warning("idle time is not available: %s", error)
            return False
        state = tracker.observe(since)
        if state is not None:
            self.emit(
                IdleTransition(
                    **self._stamp(),
                    state=state,
                    since_input_ms=min(int(since * 1000), wire_limits.MAX_IDLE_MS),
                    threshold_s=tracker.threshold_s,
                )
            )
        return True


def _start_problem(error: Exception) -> str:
    """What stopped a source from starting: the message of errors written for people, else the type.

    Source errors (:class:`~agent.capture.input.InputSourceError`,
    :class:`~agent.capture.window.WindowSourceError`) say what is missing and
    hold no content; any other error may, so only its type is shown.
    """
    from agent.capture.input import InputSourceError

    if isinstance(error, InputSourceError | WindowSourceError):
        return str(error)
    return f"a capture source failed to start ({type(error).__name__})"


def _default_input(
    *,
    device_id: str,
    policy: EffectivePolicy,
    focus: Callable[[], FocusContext],
    emit: Emit,
    on_trigger: Callable[[ScreenTrigger], None],
) -> InputSource:
    from agent.capture.input import InputPipeline

    return InputPipeline(
        device_id=device_id, policy=policy, focus=focus, emit=emit, on_trigger=on_trigger
    )


def _default_screen(
    *, device_id: str, policy: EffectivePolicy, emit: Emit, display: str | None
) -> ScreenSource:
    from agent.capture.screen import ScreenCapture

    return ScreenCapture(device_id=device_id, policy=policy, emit=emit, display=display)
