"""Idle transitions are reported on a change only, at the threshold."""

from __future__ import annotations

import time

import pytest

from agent.capture.idle import IDLE_THRESHOLD_S, IdleTracker
from agent.capture.window.x11 import X11Watcher
from tests.desktop import Display

# (readings in seconds, what observe() returns for each)
SEQUENCES = [
    ([0.0], ["active"]),
    ([400.0], ["idle"]),
    ([1.0, 2.0, 3.0], ["active", None, None]),
    ([1.0, 299.9, 300.0, 301.0], ["active", None, "idle", None]),
    ([1.0, 350.0, 0.2, 0.5], ["active", "idle", "active", None]),
    ([500.0, 600.0, 0.0], ["idle", None, "active"]),
]


@pytest.mark.parametrize(("readings", "expected"), SEQUENCES)
def test_a_transition_is_reported_once_when_the_state_changes(
    readings: list[float], expected: list[str | None]
) -> None:
    tracker = IdleTracker()
    assert [tracker.observe(reading) for reading in readings] == expected


def test_the_default_threshold_is_five_minutes() -> None:
    assert IDLE_THRESHOLD_S == 300


def test_a_threshold_below_a_second_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold_s"):
        IdleTracker(0)


def test_real_input_ends_a_real_idle_spell(display: Display) -> None:
    tracker = IdleTracker(threshold_s=1)
    with X11Watcher(display.name) as watcher:
        display.run("xdotool", "mousemove", "50", "60")
        assert tracker.observe(watcher.seconds_since_input()) == "active"
        time.sleep(1.3)
        assert tracker.observe(watcher.seconds_since_input()) == "idle"
        display.run("xdotool", "mousemove", "70", "80")
        assert tracker.observe(watcher.seconds_since_input()) == "active"
