"""ScreenCapture on a real X display: real mss, real openbox windows, real tesseract.

The display is two monitors side by side (RandR 1.5 monitors on one Xvfb
screen). A window showing synthetic personal data sits on the left monitor
and has focus; a window of a denied application (WM_CLASS ``keepassxc``)
sits on the right one. Frames are decoded from their blobs and compared with
a reference grab of the same screen.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import mss
import numpy as np
import pytest
from PIL import Image

from agent.capture.screen import ScreenCapture
from agent.capture.window import VisibleWindow, WindowListUnavailable
from agent.capture.window.x11 import X11Watcher
from agent.policy import EffectivePolicy, check_policy_file
from agent.wire import Blob, Record, ScreenFrame
from agent.wire.samples import DEVICE
from tests.agent.capture.screen.desktop import Box, ShownWindow, eventually, show_window
from tests.desktop import Display, x_display

DEFAULTS = Path(__file__).resolve().parents[4] / "config" / "default-policy.toml"
POLICY = """
[purposes]
offered = ["input_activity", "screen_content"]

[screen]
triggers = ["click", "periodic"]
interval_seconds = 5
max_interval_seconds = 600

[screen.output]
max_width = 800
greyscale = false
format = "png"
"""
#: Synthetic values: an email address and a card number that passes the Luhn check.
EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"
PLAIN = "Meeting notes for Tuesday"


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> EffectivePolicy:
    path = tmp_path_factory.mktemp("policy") / "policy.toml"
    path.write_text(POLICY)
    loaded = check_policy_file(path, defaults=DEFAULTS)
    assert not loaded.problems, loaded.problems
    return loaded


@dataclass
class Scene:
    display: Display
    monitors: list[Box]
    pii: ShownWindow
    denied: ShownWindow


@pytest.fixture(scope="module")
def scene(two_monitors: tuple[Display, list[Box]]) -> Iterator[Scene]:
    display, monitors = two_monitors
    with (
        show_window(display, "consentrynotes", "Notes", "360x220+20+60", [EMAIL, CARD, PLAIN])
        as pii,
        show_window(display, "keepassxc", "Vault", "300x200+460+120", ["Vault entries", "Bank"])
        as denied,
    ):  # fmt: skip
        display.run("xdotool", "windowactivate", "--sync", pii.window_id)
        yield Scene(display, monitors, pii, denied)


class FakeClock:
    """A monotonic clock the test moves by hand (the wall clock is fixed)."""

    def __init__(self) -> None:
        self.now_ns = 1_000_000_000
        self._lock = threading.Lock()

    def monotonic_ns(self) -> int:
        with self._lock:
            return self.now_ns

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now_ns += int(seconds * 1e9)

    def wall(self) -> datetime:
        return datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@dataclass
class Sink:
    """The emit callable: keeps what it is given."""

    frames: list[tuple[ScreenFrame, Blob]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, record: Record, blob: Blob | None) -> None:
        assert isinstance(record, ScreenFrame) and blob is not None
        with self.lock:
            self.frames.append((record, blob))

    def count(self) -> int:
        with self.lock:
            return len(self.frames)


@pytest.fixture
def capture(
    scene: Scene, policy: EffectivePolicy
) -> Iterator[tuple[ScreenCapture, Sink, FakeClock]]:
    sink, clock = Sink(), FakeClock()
    screens = ScreenCapture(
        device_id=DEVICE, policy=policy, emit=sink, display=scene.display.name, clock=clock
    )
    yield screens, sink, clock
    screens.stop()


def reference(scene: Scene) -> list[np.ndarray]:
    """The monitors as they are now, unredacted (held in the test's memory only)."""
    with mss.MSS(display=scene.display.name) as grabber:
        shots = [grabber.grab(monitor) for monitor in grabber.monitors[1:]]
    return [np.asarray(Image.frombytes("RGB", s.size, s.bgra, "raw", "BGRX")) for s in shots]


def decoded(blob: Blob) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(blob.data)).convert("RGB"))


def local(box: Box, monitor: Box) -> Box:
    return (box[0] - monitor[0], box[1] - monitor[1], box[2] - monitor[0], box[3] - monitor[1])


def changed_share(before: np.ndarray, after: np.ndarray, box: Box) -> float:
    """Share of the ink (dark) pixels of ``box`` in ``before`` that differ in ``after``."""
    x0, y0, x1, y1 = box
    ink = before[y0:y1, x0:x1].mean(axis=2) < 128
    assert ink.sum() > 50, "the box holds no text"
    differs = (before[y0:y1, x0:x1] != after[y0:y1, x0:x1]).any(axis=2)
    return float((differs & ink).sum() / ink.sum())


def test_each_monitor_gives_a_frame_with_pii_filled_and_the_denied_window_filled_unread(
    scene: Scene, capture: tuple[ScreenCapture, Sink, FakeClock]
) -> None:
    screens, sink, _ = capture
    before = reference(scene)
    screens.start()
    assert eventually(lambda: sink.count() == 2)
    by_monitor = {record.monitor: (record, blob) for record, blob in sink.frames}
    assert sorted(by_monitor) == [0, 1]

    left_record, left_blob = by_monitor[0]
    left = decoded(left_blob)
    assert left.shape == before[0].shape == (600, 400, 3)
    assert changed_share(before[0], left, local(scene.pii.lines[EMAIL], scene.monitors[0])) > 0.9
    assert changed_share(before[0], left, local(scene.pii.lines[CARD], scene.monitors[0])) > 0.9
    assert changed_share(before[0], left, local(scene.pii.lines[PLAIN], scene.monitors[0])) < 0.1
    assert left_record.redactions.get("EMAIL") == 1
    assert left_record.redactions.get("CARD") == 1
    assert left_record.masked_windows == 0

    right_record, right_blob = by_monitor[1]
    right = decoded(right_blob)
    rect = next(w.rect for w in _windows(scene) if w.window_id == int(scene.denied.window_id))
    x0, y0, x1, y1 = local(rect, scene.monitors[1])
    filled = right[y0:y1, x0:x1].reshape(-1, 3)
    assert (filled == filled[0]).all(), "the denied window's rectangle is one solid fill"
    vault = local(scene.denied.lines["Vault entries"], scene.monitors[1])
    assert changed_share(before[1], right, vault) == 1.0
    assert right_record.masked_windows == 1
    assert "EXCLUDED" not in right_record.redactions

    for record, blob in sink.frames:
        assert (record.width, record.height) == (400, 600)
        assert record.encoding == "png" and record.greyscale is False
        assert record.trigger == "periodic"  # the frame taken at start
        assert record.blob == blob.ref
        assert record.device_id == DEVICE
    assert sorted(r.frame_id for r, _ in sink.frames) == [0, 1]
    stats = screens.stats
    assert stats.frames_emitted == 2 and stats.masked_windows == 1 and not stats.errors


def test_nothing_readable_is_logged_and_frames_are_encoded_in_memory_only(
    scene: Scene,
    capture: tuple[ScreenCapture, Sink, FakeClock],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    targets: list[str] = []
    real_save = Image.Image.save

    def save(image: Image.Image, fp: object, *args: object, **kwargs: object) -> None:
        targets.append(type(fp).__name__)
        real_save(image, fp, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "save", save)
    screens, sink, _ = capture
    with caplog.at_level(logging.DEBUG):
        screens.start()
        assert eventually(lambda: sink.count() == 2)
        screens.stop()
    assert targets and set(targets) == {"BytesIO"}
    for secret in (EMAIL, CARD, "jane.doe", "4111", "Vault entries", "Notes", "Vault"):
        assert secret not in caplog.text


def test_an_unchanged_screen_emits_nothing_and_a_change_on_one_monitor_one_frame(
    scene: Scene, capture: tuple[ScreenCapture, Sink, FakeClock]
) -> None:
    screens, sink, clock = capture
    screens.start()
    assert eventually(lambda: sink.count() == 2)
    clock.advance(5)
    screens.trigger("click")
    assert eventually(lambda: screens.stats.unchanged_skipped == 2)
    assert sink.count() == 2
    with show_window(scene.display, "consentryother", "Other", "200x80+40+420", ["Lunch"]):
        clock.advance(5)
        screens.trigger("click")
        assert eventually(lambda: sink.count() == 3)
    assert eventually(lambda: screens.stats.unchanged_skipped == 3)  # the right monitor
    record, _ = sink.frames[2]
    assert record.monitor == 0 and record.trigger == "click"
    assert sink.count() == 3


def test_a_trigger_inside_the_interval_waits_for_it_and_unlisted_triggers_are_ignored(
    scene: Scene, capture: tuple[ScreenCapture, Sink, FakeClock]
) -> None:
    screens, sink, clock = capture
    screens.start()
    assert eventually(lambda: sink.count() == 2)

    def shots() -> int:
        stats = screens.stats
        return stats.frames_emitted + stats.unchanged_skipped

    clock.advance(6)
    screens.trigger("focus_change")  # not in this policy's triggers
    assert not eventually(lambda: shots() > 2, timeout=2.5)
    clock.advance(-5)
    screens.trigger("click")  # 1 s after the last shot: remembered, not taken yet
    assert not eventually(lambda: shots() > 2, timeout=2.5)
    clock.advance(4)
    assert eventually(lambda: shots() == 4)


def test_a_redaction_error_drops_the_frame_and_is_counted_by_type(
    scene: Scene, capture: tuple[ScreenCapture, Sink, FakeClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    from redaction import ScreenRedactor

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the OCR engine broke")

    monkeypatch.setattr(ScreenRedactor, "redact", broken)
    screens, sink, _ = capture
    screens.start()
    assert eventually(lambda: screens.stats.errors.get("RuntimeError") == 2)
    assert sink.count() == 0


def test_a_sink_that_fails_is_counted_and_the_frame_is_offered_again_next_shot(
    scene: Scene, policy: EffectivePolicy
) -> None:
    kept = Sink()
    calls: list[int] = []

    def flaky(record: Record, blob: Blob | None) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise OSError("spool full")
        kept(record, blob)

    clock = FakeClock()
    screens = ScreenCapture(
        device_id=DEVICE, policy=policy, emit=flaky, display=scene.display.name, clock=clock
    )
    try:
        screens.start()
        assert eventually(lambda: screens.stats.errors.get("OSError") == 2)
        clock.advance(5)
        screens.trigger("click")
        assert eventually(lambda: kept.count() == 2)  # not skipped as "unchanged"
        assert screens.stats.frames_emitted == 2
    finally:
        screens.stop()


def test_no_frame_is_taken_when_the_window_list_cannot_be_read(
    scene: Scene, capture: tuple[ScreenCapture, Sink, FakeClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: X11Watcher) -> list[object]:
        raise WindowListUnavailable("the X window list could not be read: BadAccess")

    monkeypatch.setattr(X11Watcher, "visible_windows", unreadable)
    screens, sink, _ = capture
    screens.start()
    assert eventually(lambda: screens.stats.errors.get("WindowListUnavailable") == 1)
    assert sink.count() == 0


def test_stop_is_idempotent_and_nothing_is_emitted_after_it(
    scene: Scene, capture: tuple[ScreenCapture, Sink, FakeClock]
) -> None:
    screens, sink, clock = capture
    screens.start()
    assert eventually(lambda: sink.count() == 2)
    screens.stop()
    screens.stop()
    with show_window(scene.display, "consentrylate", "Late", "200x80+40+420", ["Late"]):
        screens.start()  # a stopped source does not start again
        clock.advance(600)
        screens.trigger("click")
        assert not eventually(lambda: sink.count() > 2, timeout=1.5)


def _windows(scene: Scene) -> list[VisibleWindow]:
    with X11Watcher(scene.display.name) as watcher:
        return watcher.visible_windows()


def test_an_x_server_that_goes_away_ends_the_worker_with_its_error_type(
    policy: EffectivePolicy, caplog: pytest.LogCaptureFixture
) -> None:
    sink, clock = Sink(), FakeClock()
    with x_display(640, 480) as display:
        screens = ScreenCapture(
            device_id=DEVICE, policy=policy, emit=sink, display=display.name, clock=clock
        )
        screens.start()
        assert eventually(lambda: sink.count() == 1)
    clock.advance(600)  # a periodic frame is due: the worker finds the server gone
    screens.trigger("click")
    worker = screens._thread
    assert worker is not None and eventually(lambda: not worker.is_alive())
    lost = set(screens.stats.errors) & {"WindowSourceError", "GrabError"}
    assert lost, screens.stats.errors
    assert any(kind in caplog.text for kind in lost)
    screens.stop()
    assert sink.count() == 1
