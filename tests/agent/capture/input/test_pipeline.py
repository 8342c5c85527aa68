"""The pipeline's worker with a scripted input source: focus, probes, flushes, triggers, drops.

The source here is a test driver that calls the sink as the pynput hooks
would; the real hooks are exercised under Xvfb in test_desktop_input.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from agent.capture.context import FocusContext
from agent.capture.input import InputPipeline
from agent.capture.input.source import CLICK, KEY_DOWN, KEY_UP, MOVE, SCROLL, Sink
from agent.capture.secure import FieldProbe, FixedProbe
from agent.capture.window import WindowInfo
from agent.policy import EffectivePolicy, check_policy_file
from agent.wire import KeyActivity, MouseActivity, Record, TypedText, encode_json
from agent.wire.samples import DEVICE

DEFAULTS = Path(__file__).resolve().parents[4] / "config" / "default-policy.toml"
EDITOR = WindowInfo(app_id="org.example.Editor", title="notes", pid=None, process_name="editor")
FOCUS = FocusContext(window=EDITOR, window_id=7, captured=True, level="text", seq=1)
SETTLE_S = 5.0


@dataclass(frozen=True)
class KeyCode:
    """Shaped like a pynput ``KeyCode``."""

    char: str


@dataclass(frozen=True)
class Key:
    """Shaped like a pynput ``Key`` member."""

    name: str


class ScriptedSource:
    """Calls the sink from the test's thread, as the hooks would from theirs."""

    def __init__(self) -> None:
        self.sink: Sink | None = None
        self.stopped = 0
        self.running = True

    def start(self, sink: Sink) -> None:
        self.sink = sink

    def stop(self) -> None:
        self.stopped += 1

    def alive(self) -> bool:
        return self.running

    def type(self, text: str) -> None:
        assert self.sink is not None
        for char in text:
            key = Key("enter") if char == "\n" else KeyCode(char)
            self.sink(KEY_DOWN, key, None)
            self.sink(KEY_UP, key, None)


Starter = Callable[..., "Run"]


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> EffectivePolicy:
    path = tmp_path_factory.mktemp("policy") / "policy.toml"
    path.write_text("")
    return check_policy_file(path, defaults=DEFAULTS)


class Run:
    """A started pipeline, its source, and what it emitted."""

    def __init__(self, policy: EffectivePolicy, probe: FieldProbe, **options: object) -> None:
        self.focus = FOCUS
        #: What the OS says has focus now; None: the session's focus is current.
        self.token: int | None = None
        self.records: list[Record] = []
        self.triggers: list[str] = []
        self.probes_opened = 0
        self.opened_on: list[str] = []
        self.lock = threading.Lock()
        self.source = ScriptedSource()

        def opener(focus: FocusContext) -> FieldProbe:
            self.probes_opened += 1
            self.opened_on.append(threading.current_thread().name)
            return probe

        def emit(record: Record, blob: object) -> None:
            with self.lock:
                self.records.append(record)

        self.pipeline = InputPipeline(
            device_id=DEVICE,
            policy=policy,
            focus=lambda: self.focus,
            emit=emit,
            on_trigger=self.triggers.append,
            source=self.source,
            probe_opener=opener,
            **{  # type: ignore[arg-type]
                "focus_token": lambda: self.focus.window_id if self.token is None else self.token,
                **options,
            },
        )
        self.pipeline.start()

    def wait_processed(self, n: int) -> None:
        deadline = time.monotonic() + SETTLE_S
        while self.pipeline.stats.processed < n and time.monotonic() < deadline:
            time.sleep(0.005)
        assert self.pipeline.stats.processed >= n

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        with self.lock:
            return [r for r in self.records if isinstance(r, kind)]


@pytest.fixture
def run(policy: EffectivePolicy) -> Iterator[Starter]:
    started: list[Run] = []

    def make(probe: FieldProbe | None = None, **options: object) -> Run:
        r = Run(policy, FixedProbe(False) if probe is None else probe, **options)
        started.append(r)
        return r

    yield make
    for r in started:
        r.pipeline.stop()


def test_typed_text_at_the_text_level_in_a_field_known_not_secure(run: Starter) -> None:
    r = run()
    r.source.type("hello world\n")
    r.wait_processed(24)
    [record] = r.of(TypedText)
    assert (record.text_redacted, record.flush, record.field_id) == ("hello world", "enter", "f1")


class Switch:
    """A probe whose answer the test changes between keys (a prompt appearing mid-segment)."""

    def __init__(self) -> None:
        self.answer: bool | None = False
        self.closed = 0

    def secure(self) -> bool | None:
        return self.answer

    def close(self) -> None:
        self.closed += 1


def test_a_prompt_appearing_mid_segment_drops_the_keys_already_buffered(
    run: Starter,
) -> None:
    probe = Switch()
    r = run(probe)
    r.source.type("hunter")
    r.wait_processed(12)
    probe.answer = True
    r.source.type("2x!")
    r.wait_processed(18)
    probe.answer = False
    r.source.type("\nls\n")
    r.wait_processed(26)
    r.pipeline.stop()
    assert [t.text_redacted for t in r.of(TypedText)] == ["ls"]
    assert "hunter" not in b"".join(encode_json(x) for x in r.records).decode()


def test_an_unsure_field_gives_counts_and_no_text(run: Starter) -> None:
    r = run(FixedProbe(None))
    r.source.type("s3cretpw\n")
    r.wait_processed(18)
    r.pipeline.stop()
    assert r.of(TypedText) == []
    [activity] = r.of(KeyActivity)
    assert (activity.level, activity.keys, activity.strokes) == ("counts", 9, ())


def test_a_secure_field_gives_nothing_at_all(run: Starter) -> None:
    r = run(FixedProbe(True))
    r.source.type("s3cretpw\n")
    r.wait_processed(18)
    r.pipeline.stop()
    assert r.records == []
    assert r.triggers == [], "no typing-burst screen after a password"


def test_a_window_that_is_not_captured_gives_nothing_and_opens_no_probe(
    run: Starter,
) -> None:
    r = run()
    r.focus = replace(FOCUS, captured=False, level="off")
    r.source.type("private\n")
    assert r.source.sink is not None
    r.source.sink(CLICK, Key("left"), True)
    r.wait_processed(17)
    r.pipeline.stop()
    assert (r.records, r.triggers, r.probes_opened) == ([], [], 0)


def test_a_focus_change_flushes_the_old_fields_segment_and_opens_a_new_probe(
    run: Starter,
) -> None:
    probe = Switch()
    r = run(probe)
    r.source.type("draft")
    r.wait_processed(10)
    r.focus = replace(FOCUS, seq=2)
    r.pipeline.focus_changed()
    deadline = time.monotonic() + SETTLE_S
    while not r.of(TypedText) and time.monotonic() < deadline:
        time.sleep(0.01)
    [record] = r.of(TypedText)
    assert (record.text_redacted, record.flush) == ("draft", "focus_change")
    r.source.type("x")
    r.wait_processed(12)
    assert (r.probes_opened, probe.closed) == (2, 1)


def test_stop_flushes_the_segment_and_the_tallies_and_is_idempotent(
    run: Starter,
) -> None:
    r = run()
    r.focus = replace(FOCUS, level="classes")
    r.source.type("abc")
    assert r.source.sink is not None
    r.source.sink(MOVE, 0, 0)
    r.source.sink(MOVE, 3, 4)
    r.source.sink(CLICK, Key("left"), True)
    r.source.sink(CLICK, Key("left"), False)
    r.source.sink(SCROLL, 0, -1)
    r.pipeline.stop()
    r.pipeline.stop()
    [keys] = r.of(KeyActivity)
    [mouse] = r.of(MouseActivity)
    assert (keys.level, keys.keys, len(keys.strokes)) == ("classes", 3, 3)
    assert (mouse.clicks, mouse.scrolls, mouse.distance_px) == ({"left": 1}, {"down": 1}, 5)
    assert r.source.stopped == 1
    assert "click" in r.triggers and r.triggers[-1] == "typing_burst_end"


def test_stop_flushes_a_typed_segment(run: Starter) -> None:
    r = run()
    r.source.type("unfinished")
    r.pipeline.stop()
    [record] = r.of(TypedText)
    assert (record.text_redacted, record.flush) == ("unfinished", "stop")


def test_intervals_close_on_the_workers_tick(run: Starter) -> None:
    r = run(interval_ns=200_000_000)
    r.focus = replace(FOCUS, level="counts")
    r.source.type("ab")
    deadline = time.monotonic() + SETTLE_S
    while not r.of(KeyActivity) and time.monotonic() < deadline:
        time.sleep(0.02)
    [record] = r.of(KeyActivity)
    assert record.keys == 2


def test_a_full_queue_counts_drops_and_never_blocks(
    run: Starter, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agent.capture.input.pipeline as pipeline_module

    monkeypatch.setattr(pipeline_module, "QUEUE_CAPACITY", 4)
    gate = threading.Event()
    r = run()
    r.focus = FOCUS
    original = r.pipeline._focus  # hold the worker on its first event

    def slow() -> FocusContext:
        gate.wait(SETTLE_S)
        return original()

    r.pipeline._focus = slow
    started = time.monotonic()
    r.source.type("abcdefghij")  # 20 events into a queue of 4
    assert time.monotonic() - started < 1.0
    gate.set()
    r.pipeline.stop()
    stats = r.pipeline.stats
    assert stats.dropped > 0
    assert stats.received == 20 == stats.processed + stats.dropped
    assert stats.latency_p99_ms is not None


def test_the_new_windows_probe_is_opened_by_focus_changed_not_by_the_first_key(
    run: Starter,
) -> None:
    probe = Switch()
    r = run(probe)
    r.source.type("a")
    r.wait_processed(2)
    r.focus = replace(FOCUS, seq=2)
    r.pipeline.focus_changed()
    r.source.type("b")
    r.wait_processed(4)
    assert r.opened_on == ["input-pipeline", threading.current_thread().name]


def test_focus_changed_after_stop_opens_no_probe(run: Starter) -> None:
    r = run()
    r.pipeline.stop()
    r.focus = replace(FOCUS, seq=5)
    r.pipeline.focus_changed()
    assert r.probes_opened == 0


def test_every_hook_event_is_counted_as_received(run: Starter) -> None:
    r = run()
    r.source.type("abc")
    assert r.source.sink is not None
    r.source.sink(MOVE, 1, 1)
    r.pipeline.focus_changed()  # a wake-up for the worker is not an input event
    r.pipeline.stop()
    stats = r.pipeline.stats
    assert (stats.received, stats.processed, stats.dropped) == (7, 7, 0)


def test_keys_into_a_window_the_session_has_not_seen_yet_are_dropped_with_the_segment(
    run: Starter,
) -> None:
    r = run()
    r.source.type("my pass")
    r.wait_processed(14)
    r.token = 99  # focus moved to another window; the session has not polled yet
    r.source.type("word\n")
    r.wait_processed(24)
    r.token = None
    r.source.type("ok\n")
    r.pipeline.stop()
    assert [t.text_redacted for t in r.of(TypedText)] == ["ok"]
    assert r.pipeline.stats.stale_focus_keys == 5


def test_a_focus_token_that_cannot_be_read_drops_the_key(run: Starter) -> None:
    r = run()
    r.focus = replace(FOCUS, window_id=None)
    r.source.type("abc\n")
    r.pipeline.stop()
    assert r.records == []


class Faulty:
    """A probe that raises once ``fail`` is set (an OS call failing mid-field)."""

    def __init__(self) -> None:
        self.fail = False

    def secure(self) -> bool | None:
        if self.fail:
            raise RuntimeError("the accessibility bus went away")
        return False

    def close(self) -> None:
        pass


def test_a_probe_that_raises_drops_the_key_with_its_segment_and_logs_the_type_once(
    run: Starter, caplog: pytest.LogCaptureFixture
) -> None:
    probe = Faulty()
    r = run(probe)
    r.source.type("hunt")
    r.wait_processed(8)
    probe.fail = True
    r.source.type("er")
    r.wait_processed(12)
    probe.fail = False
    r.source.type("2\nok\n")
    r.pipeline.stop()
    assert [t.text_redacted for t in r.of(TypedText)] == ["2", "ok"]
    assert r.pipeline.stats.unjudged_keys == 2
    faults = [m for m in caplog.messages if "RuntimeError" in m]
    assert len(faults) == 1
    assert "accessibility bus" not in caplog.text


def test_a_focus_token_read_that_raises_drops_the_key_with_its_segment(run: Starter) -> None:
    r = run()
    r.source.type("pass")
    r.wait_processed(8)

    def broken() -> int | None:
        raise OSError("the X connection was closed")

    r.pipeline._token = broken  # the worker's own watcher lost its connection
    r.source.type("word")
    r.wait_processed(16)
    r.pipeline._token = lambda: r.focus.window_id
    r.source.type("\nok\n")
    r.pipeline.stop()
    assert [t.text_redacted for t in r.of(TypedText)] == ["ok"]
    assert r.pipeline.stats.unjudged_keys == 4


def test_hooks_that_die_during_capture_are_reported_once_and_not_at_stop(
    run: Starter, caplog: pytest.LogCaptureFixture
) -> None:
    r = run()
    r.source.type("a")
    r.wait_processed(2)
    assert not r.pipeline.stats.hooks_lost
    r.source.running = False  # the listener's X connection broke
    deadline = time.monotonic() + SETTLE_S
    while not r.pipeline.stats.hooks_lost and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.6)  # a further tick or two
    r.pipeline.stop()
    assert r.pipeline.stats.hooks_lost
    assert len([m for m in caplog.messages if "hooks stopped" in m]) == 1


def test_hooks_removed_by_stop_are_not_reported_as_lost(
    run: Starter, caplog: pytest.LogCaptureFixture
) -> None:
    r = run()
    r.source.type("a")
    r.wait_processed(2)
    original = r.source.stop

    def stop() -> None:
        original()
        r.source.running = False
        time.sleep(0.6)  # the worker ticks while the hooks are gone

    r.source.stop = stop  # type: ignore[method-assign]
    r.pipeline.stop()
    assert not r.pipeline.stats.hooks_lost
    assert not [m for m in caplog.messages if "hooks stopped" in m]


def test_a_source_that_fails_to_stop_still_ends_the_worker_and_flushes(run: Starter) -> None:
    r = run()
    r.source.type("draft")
    r.wait_processed(10)

    def broken() -> None:
        raise ConnectionError("the X connection was closed")

    r.source.stop = broken  # type: ignore[method-assign]
    r.pipeline.stop()
    worker = r.pipeline._worker
    assert worker is not None and not worker.is_alive()
    assert [t.text_redacted for t in r.of(TypedText)] == ["draft"]


def test_a_watcher_that_fails_to_open_leaves_a_running_worker_that_drops_keys(
    run: Starter, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import agent.capture.input.pipeline as pipeline_module

    def broken() -> None:
        raise ConnectionResetError("the X server went away while atoms were read")

    monkeypatch.setattr(pipeline_module, "new_watcher", broken)
    r = run(focus_token=None)
    r.source.type("secret\n")
    r.wait_processed(14)  # the worker runs: events are handled, not left in the queue
    r.pipeline.stop()
    assert r.of(TypedText) == []
    assert any("ConnectionResetError" in m for m in caplog.messages)


def test_a_modifier_release_lost_to_a_full_queue_does_not_turn_later_letters_into_shortcuts(
    run: Starter, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agent.capture.input.pipeline as pipeline_module

    monkeypatch.setattr(pipeline_module, "QUEUE_CAPACITY", 4)
    gate = threading.Event()
    r = run()
    r.focus = replace(FOCUS, level="classes")
    original = r.pipeline._focus

    def slow() -> FocusContext:
        gate.wait(SETTLE_S)
        return original()

    r.pipeline._focus = slow  # the worker holds the Ctrl press; four more events fit
    assert r.source.sink is not None
    r.source.sink(KEY_DOWN, Key("ctrl_l"), None)
    time.sleep(0.2)
    r.source.type("ab")
    r.source.sink(KEY_UP, Key("ctrl_l"), None)  # the queue is full: this release is lost
    assert r.pipeline.stats.dropped == 1
    gate.set()
    r.pipeline._focus = original
    r.wait_processed(5)
    r.source.type("hi")  # typed later, with no modifier held
    r.wait_processed(9)
    r.pipeline.stop()
    [activity] = r.of(KeyActivity)
    assert "Ctrl+H" not in activity.shortcuts and "Ctrl+I" not in activity.shortcuts


def test_a_worker_still_busy_at_stop_is_abandoned_ends_by_itself_and_emits_nothing_more(
    run: Starter, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agent.capture.input.pipeline as pipeline_module

    monkeypatch.setattr(pipeline_module, "QUEUE_CAPACITY", 4)
    monkeypatch.setattr(pipeline_module, "STOP_TIMEOUT_S", 0.3)
    gate = threading.Event()
    r = run()
    original = r.pipeline._focus

    def slow() -> FocusContext:
        gate.wait(SETTLE_S)
        return original()

    r.pipeline._focus = slow  # held on its first event; the queue fills behind it
    r.source.type("a")
    time.sleep(0.2)  # the worker has taken the press and waits
    r.source.type("bcd\n")
    assert r.pipeline.stats.dropped > 0, "the queue is full"
    r.pipeline.stop()  # returns after the timeout, the worker still held
    emitted_at_stop = len(r.records)
    gate.set()
    worker = r.pipeline._worker
    assert worker is not None
    worker.join(SETTLE_S)
    assert not worker.is_alive(), "the worker outlived stop: it never saw _STOP in a full queue"
    assert len(r.records) == emitted_at_stop
