"""The input pipeline: OS hooks → a bounded queue → one worker → minimised records.

::

    hooks (pynput threads)           worker thread
    ──────────────────────           ─────────────
    callback: (monotonic ns, raw) ─▶ queue ─▶ key map → focus snapshot → secure probe
              put_nowait; full =            → segments / key tallies / mouse tallies → emit
              counted as dropped            periodic tick: pauses, burst ends, intervals

The hook callbacks only timestamp and enqueue (a blocked low-level hook is
silently removed on Windows); a full queue counts a drop and returns. The
worker reads the session's latest :class:`~agent.capture.context.FocusContext`
for every event, opens a password probe (:func:`agent.capture.secure.open_probe`)
when the focus sequence number changes, and asks it per key press. Nothing
from a window that is not captured, or at level ``off``, goes anywhere;
typed characters live only in the segment builder's edit buffer.

The session learns of a focus change some time after it happens (on X11 from
a change notification its thread wakes for; elsewhere by polling every
:data:`agent.capture.window.base.POLL_SECONDS`), so a key can reach a window
it has not looked at yet — a password manager opened with a hotkey.
The worker therefore reads the OS's focus token per key press (the X11 window
id, HWND or frontmost PID, through its own window watcher opened on the
worker thread) and compares it with ``FocusContext.window_id``, which the
session stamps with the same token: a key whose token differs, or cannot be
read, is treated as typed into a secure field — dropped whole, and the
segment it would have joined with it. So is a key for which reading the token
or asking the probe raises.

The token is read when the worker handles the key, not when it was typed:
normally well under a millisecond later. A key typed into one window and
handled only after the focus has gone there and back again (a worker held up
for a whole Alt+Tab round trip) would be judged by the window it came back to.

A field the probe cannot judge (``None``: a Tk or Java application on X11
without accessibility) is counted only, and its typed-text segments are not
emitted by the worker: they go to a :class:`~agent.capture.input.visible.
VisibleTextCheck` on its own thread, which keeps a segment only if its words
can be read in clear in the window it was typed into (a password field shows
bullets). ``unjudged_text=False`` drops them instead.

Mouse activity follows the same gate: a captured window whose level is not
``off``. The session narrows the level to ``off`` when ``input_activity`` is
not consented, and the purpose covers keyboard and mouse alike, so an
application whose keystroke level is ``off`` has no mouse records either.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from agent.capture.context import Emit, FocusContext
from agent.capture.input.keymap import KeyMapper
from agent.capture.input.mouse import MouseAggregator, button_name
from agent.capture.input.source import (
    CLICK,
    KEY_DOWN,
    KEY_UP,
    MOVE,
    SCROLL,
    InputSource,
)
from agent.capture.input.stats import InputStats, LatencyLog
from agent.capture.input.visible import VisibleTextCheck
from agent.capture.keys import (
    DEFAULT_INTERVAL_NS,
    ActivityAggregator,
    KeyContext,
    KeyEvent,
    SegmentBuilder,
    effective_level,
)
from agent.capture.secure import FieldProbe, FixedProbe, open_probe
from agent.capture.window import new_watcher
from agent.policy import EffectivePolicy
from agent.wire import Record
from agent.wire.fields import ScreenTrigger

log = logging.getLogger(__name__)

#: Events the queue holds: 30 s of a fast burst (a pointer moving at 1 kHz plus
#: typing) while the worker is held up — far beyond any pause of a healthy worker.
QUEUE_CAPACITY = 32_768
#: No key for this long after typing ends a typing burst (a screen trigger).
BURST_PAUSE_NS = 2 * 1_000_000_000
#: The worker's longest sleep without events: how late a pause flush may come.
MAX_TICK_S = 0.5
#: How long stop() waits for the worker to finish the queue; a worker still busy
#: after that is abandoned (nothing it makes is handed on) and ends by itself.
STOP_TIMEOUT_S = 10.0

_WAKE = object()
_STOP = object()

#: The focused window's token as the OS reports it now (``FocusContext.window_id``
#: holds the session's reading); called on the worker thread per key press.
FocusToken = Callable[[], "int | None"]


def _no_token() -> int | None:
    return None


def _wall() -> datetime:
    return datetime.now(UTC)


class InputPipeline:
    """Keyboard and mouse capture for one session: records to ``emit``, screen triggers out."""

    def __init__(
        self,
        *,
        device_id: str,
        policy: EffectivePolicy,
        focus: Callable[[], FocusContext],
        emit: Emit,
        on_trigger: Callable[[ScreenTrigger], None] = lambda t: None,
        interval_ns: int = DEFAULT_INTERVAL_NS,
        source: InputSource | None = None,
        clock: Callable[[], datetime] = _wall,
        probe_opener: Callable[[FocusContext], FieldProbe] | None = None,
        focus_token: FocusToken | None = None,
        unjudged_text: bool = True,
    ) -> None:
        self._device_id = device_id
        self._focus = focus
        self._emit = emit
        self._on_trigger = on_trigger
        self._interval_ns = interval_ns
        self._source = source
        self._clock = clock
        self._open_probe = probe_opener or _probe_for
        self._focus_token = focus_token
        self._token: FocusToken = _no_token
        self._stale_keys = 0
        self._unjudged_keys = 0
        self._hooks_lost = False
        self._drops_seen = 0
        self._stop_asked = threading.Event()
        self._abandoned = False
        self._faults_logged: set[tuple[str, str]] = set()
        self._queue: queue.Queue[object] = queue.Queue(maxsize=QUEUE_CAPACITY)
        self._received = 0
        self._dropped = 0
        self._count_lock = threading.Lock()
        self._processed = 0
        self._latency = LatencyLog()
        self._focus_pending = threading.Event()
        self._prepared: tuple[int, FieldProbe] | None = None
        self._prepared_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._started = False
        self._stopped = False
        self._worker: threading.Thread | None = None
        # worker-thread state
        now = time.monotonic_ns()
        self._keys = KeyMapper()
        self._segments = SegmentBuilder(
            device_id=device_id, policy=policy, clock=clock, unsure_text=unjudged_text
        )
        self._visible = VisibleTextCheck(lambda record: self._send([record]))
        self._segment_token: int | None = None
        self._activity = ActivityAggregator(start_ns=now)
        self._mouse = MouseAggregator(start_ns=now)
        self._interval_start = now
        self._seq: int | None = None
        self._probe: FieldProbe = FixedProbe(None)
        self._last_key_ns: int | None = None

    def __repr__(self) -> str:
        return f"InputPipeline(started={self._started}, stopped={self._stopped})"

    # -- the session's side ------------------------------------------------------------

    def start(self) -> None:
        with self._state_lock:
            if self._started:
                return
            self._started = True
            if self._source is None:
                from agent.capture.input.pynput_source import PynputSource

                self._source = PynputSource()
            self._worker = threading.Thread(target=self._run, name="input-pipeline", daemon=True)
            self._worker.start()
        try:
            self._source.start(self._enqueue)
        except BaseException:
            self.stop()
            raise

    def focus_changed(self) -> None:
        """The focus moved: the old field's segment is flushed without waiting for a key.

        The new window's password probe is opened here, on the caller's thread
        (a /proc scan takes milliseconds on a busy desktop), so that the first
        key in the new window is not held up by it; the worker opens one
        itself if a key comes before this is called.
        """
        self._prepare_probe(self._focus())
        self._focus_pending.set()
        # A full queue: the worker is busy with it and sees the flag on its next tick.
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(_WAKE)

    def stop(self) -> None:
        """Hooks removed, the queue finished, every tally and segment flushed; idempotent."""
        with self._state_lock:
            if self._stopped:
                return
            self._stopped = True
            worker = self._worker
        if self._source is not None:
            try:
                self._source.stop()
            except Exception as error:  # the worker must still end and the tallies be flushed
                log.error("the input hooks did not stop cleanly: %s", type(error).__name__)
        if worker is not None:
            self._stop_asked.set()  # the worker ends once the queue is empty, _STOP or not
            with contextlib.suppress(queue.Full):  # a wake-up only: a full queue wakes it anyway
                self._queue.put_nowait(_STOP)
            worker.join(STOP_TIMEOUT_S)
            if worker.is_alive():
                # Abandoned: whatever it still makes is not handed on, and it ends by itself.
                self._abandoned = True
                log.error("the input worker did not stop in time; its last events are dropped")
                self._visible.stop(0.0)
                return
        try:
            self._finish(time.monotonic_ns())
        finally:
            self._visible.stop()  # the last segments checked before stop returns

    @property
    def stats(self) -> InputStats:
        p50, p99, top, samples = self._latency.figures()
        with self._count_lock:
            received, dropped = self._received, self._dropped
        return InputStats(
            received=received,
            processed=self._processed,
            dropped=dropped,
            latency_p50_ms=p50,
            latency_p99_ms=p99,
            latency_max_ms=top,
            latency_samples=samples,
            stale_focus_keys=self._stale_keys,
            unjudged_keys=self._unjudged_keys,
            hooks_lost=self._hooks_lost,
            unjudged_text_kept=self._visible.stats.kept,
            unjudged_text_dropped=sum(self._visible.stats.dropped.values()),
        )

    # -- the hooks' side ----------------------------------------------------------------

    def _enqueue(self, kind: int, a: object, b: object) -> None:
        """Called on the OS hook threads: timestamp, enqueue, count, return. Never blocks.

        The counters' lock is held for an increment by at most the other hook
        thread: nanoseconds, never a wait on the worker.
        """
        mono_ns = time.monotonic_ns()
        try:
            # The drops so far go with the event: the worker tells that some were lost
            # between two events it handles (a plain int read; no lock on this path).
            self._queue.put_nowait((kind, mono_ns, a, b, self._dropped))
            full = False
        except queue.Full:
            full = True
        with self._count_lock:
            self._received += 1
            self._dropped += full

    # -- the worker ---------------------------------------------------------------------

    def _run(self) -> None:
        watcher = None
        if self._focus_token is not None:
            self._token = self._focus_token
        else:
            try:
                watcher = new_watcher()
                self._token = watcher.focus_token
            except Exception as error:  # no display, no Xlib, an X error while starting up
                # The worker must run all the same: it drains the queue (stop() would wait
                # on a full one) and keeps mouse tallies; keys are dropped as unjudged.
                log.warning(
                    "the focus cannot be checked per key (%s): keys are dropped",
                    type(error).__name__,
                )
        try:
            self._loop()
        finally:
            if watcher is not None:
                watcher.close()
            if self._abandoned:  # stop() has returned without _finish: close what is open
                self._probe.close()
                self._take_prepared(None)

    def _loop(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=self._sleep_s())
            except queue.Empty:
                item = None
            if item is _STOP or (item is None and self._stop_asked.is_set()):
                return
            try:
                if isinstance(item, tuple):
                    self._handle(*item)
                    self._processed += 1
                    self._latency.add(time.monotonic_ns() - item[1])
                self._tick(time.monotonic_ns())
            except Exception as error:  # a bug must not end capture of the next events
                log.error("an input event could not be handled: %s", type(error).__name__)

    def _sleep_s(self) -> float:
        """Until the next thing due: a segment pause, a burst end, the interval's end."""
        now = time.monotonic_ns()
        due = self._interval_start + self._interval_ns
        if self._last_key_ns is not None:
            due = min(due, self._last_key_ns + BURST_PAUSE_NS)
        return min(MAX_TICK_S, max(0.0, (due - now) / 1e9) + 0.001)

    def _handle(self, kind: int, mono_ns: int, a: object, b: object, drops: int) -> None:
        focus = self._focus()
        self._sync_focus(focus, mono_ns)
        recorded = focus.captured and focus.level != "off" and focus.window is not None
        app_id = focus.app_id if recorded else None
        if kind in (KEY_DOWN, KEY_UP):
            self._forget_modifiers_after_drops(drops)
            event = self._keys.event(a, pressed=kind == KEY_DOWN, mono_ns=mono_ns)
            if recorded and event.pressed:
                self._key(event, focus)
        elif kind == MOVE:
            self._mouse.move(app_id, float(a), float(b), mono_ns)  # type: ignore[arg-type]
        elif kind == CLICK:
            if b and app_id is not None:
                self._mouse.click(app_id, button_name(a), mono_ns)
                self._trigger("click")
        elif kind == SCROLL:
            self._mouse.scroll(app_id, float(a), float(b), mono_ns)  # type: ignore[arg-type]

    def _forget_modifiers_after_drops(self, drops: int) -> None:
        """Events were lost to a full queue before this key: forget the modifiers held.

        ``drops`` is the hooks' drop count when this key was queued; a count
        above the last one seen means events were lost between the two keys.

        A lost modifier release would leave Ctrl held for every later key, and
        each letter typed would be counted as a shortcut named after it
        (``Ctrl+H``) — which letters were typed, at the ``classes`` level.
        Forgetting a modifier that is really held only makes a shortcut count
        as a key of its class.
        """
        if drops != self._drops_seen:
            self._drops_seen = drops
            self._keys.reset()

    def _key(self, event: KeyEvent, focus: FocusContext) -> None:
        assert focus.window is not None
        context = KeyContext(
            app_id=focus.window.app_id,
            level=focus.level,
            field_id=f"f{focus.seq}",
            process_name=focus.window.process_name,
            secure=self._secure(focus),
        )
        self._send(self._segments.feed(event, context))
        self._segment_token = focus.window_id
        self._check_unjudged()
        self._activity.add(event, context)
        if effective_level(context) != "off":
            self._last_key_ns = event.mono_ns

    def _secure(self, focus: FocusContext) -> bool | None:
        """The password answer for one key press into ``focus``; ``True`` whenever in doubt.

        ``True`` (the key is dropped, and the segment it would have joined)
        when the OS's focus token differs from the context's — a window the
        session has not seen yet — or cannot be read, and when reading the
        token or asking the probe raises: a lost X connection or a failing OS
        call must not let the rest of the segment through with a hole in it.
        Each kind of fault is logged once, by type.
        """
        try:
            token = self._token()
        except Exception as error:
            self._fault("the focus token could not be read", error)
            return True
        if token is None or token != focus.window_id:
            self._stale_keys += 1
            return True
        try:
            return self._probe.secure()
        except Exception as error:
            self._fault("the password probe failed", error)
            return True

    def _fault(self, what: str, error: Exception) -> None:
        self._unjudged_keys += 1
        kind = type(error).__name__
        if (what, kind) not in self._faults_logged:
            self._faults_logged.add((what, kind))
            log.error("%s (%s): keys are dropped while it lasts", what, kind)

    def _sync_focus(self, focus: FocusContext, mono_ns: int) -> None:
        """A new focus (sequence number) or a focus change reported: close the old field."""
        if focus.seq == self._seq and not self._focus_pending.is_set():
            return
        self._focus_pending.clear()
        self._send(self._segments.focus_changed(mono_ns))
        self._check_unjudged()
        if focus.seq == self._seq:
            return
        self._probe.close()
        self._probe = FixedProbe(None)
        self._seq = focus.seq
        if focus.captured and focus.level != "off":
            self._probe = self._take_prepared(focus.seq) or self._probe_or_unsure(focus)

    def _probe_or_unsure(self, focus: FocusContext) -> FieldProbe:
        try:
            return self._open_probe(focus)
        except Exception as error:  # no probe: the field counts as unsure
            log.warning("the password probe could not be opened: %s", type(error).__name__)
            return FixedProbe(None)

    def _prepare_probe(self, focus: FocusContext) -> None:
        """Open the probe for ``focus`` ahead of its first key (any thread; none after stop)."""
        if self._stopped or not (focus.captured and focus.level != "off"):
            return
        probe = self._probe_or_unsure(focus)
        with self._state_lock:  # stop() sets _stopped under it, then takes what is prepared
            if self._stopped:
                stale: tuple[int, FieldProbe] | None = (focus.seq, probe)
            else:
                with self._prepared_lock:
                    stale, self._prepared = self._prepared, (focus.seq, probe)
        if stale is not None:
            stale[1].close()

    def _take_prepared(self, seq: int | None) -> FieldProbe | None:
        """The probe prepared for focus ``seq``; any other prepared probe is closed."""
        with self._prepared_lock:
            prepared, self._prepared = self._prepared, None
        if prepared is None:
            return None
        if prepared[0] != seq:
            prepared[1].close()
            return None
        return prepared[1]

    def _check_hooks(self) -> None:
        """Say once, and count, that the OS hooks died before stop (no events come any more).

        Capture is then closed for keys and the pointer — nothing arrives to
        be recorded — but the session would look as if it were running.
        """
        source = self._source
        if self._hooks_lost or self._stopped or source is None or source.alive():
            return
        self._hooks_lost = True
        log.error("the input hooks stopped before capture did: no keys or pointer events now")

    def _tick(self, now: int) -> None:
        self._check_hooks()
        if self._focus_pending.is_set():
            self._sync_focus(self._focus(), now)
        self._send(self._segments.tick(now))
        self._check_unjudged()
        if self._last_key_ns is not None and now - self._last_key_ns >= BURST_PAUSE_NS:
            self._last_key_ns = None
            self._trigger("typing_burst_end")
        if now - self._interval_start >= self._interval_ns:
            self._flush_interval(now)

    def _flush_interval(self, now: int) -> None:
        self._interval_start = now
        wall = self._clock()
        self._send(self._activity.flush(device_id=self._device_id, mono_ns=now, wall_time=wall))
        self._send(self._mouse.flush(device_id=self._device_id, mono_ns=now, wall_time=wall))

    def _finish(self, now: int) -> None:
        """After the worker ended: the last segment, tallies and burst; the probe closed."""
        try:
            self._send(self._segments.stop(now))
            self._check_unjudged()
            self._flush_interval(now)
            if self._last_key_ns is not None:
                self._last_key_ns = None
                self._trigger("typing_burst_end")
        finally:
            self._probe.close()
            self._probe = FixedProbe(None)
            self._take_prepared(None)  # a probe prepared for a focus no key reached: closed
            self._mouse.forget_position()

    def _check_unjudged(self) -> None:
        """Segments of fields no OS signal could judge go to the visibility check.

        They were all typed into the window of :attr:`_segment_token`: a focus
        change ends the old window's segment before the new window's first key.
        """
        for segment in self._segments.take_unconfirmed():
            self._visible.submit(segment, self._segment_token)

    def _send(self, records: Sequence[Record]) -> None:
        if self._abandoned:
            return  # stop() has returned: nothing more leaves this pipeline
        for record in records:
            try:
                self._emit(record, None)
            except Exception as error:
                log.error("a record could not be handed on: %s", type(error).__name__)

    def _trigger(self, trigger: ScreenTrigger) -> None:
        if self._abandoned:
            return
        try:
            self._on_trigger(trigger)
        except Exception as error:
            log.error("a screen trigger could not be handed on: %s", type(error).__name__)


def _probe_for(focus: FocusContext) -> FieldProbe:
    return open_probe(focus.window, focus.window_id)
