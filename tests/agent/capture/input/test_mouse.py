"""Mouse activity per application per interval: counts and path length, never positions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agent.capture.input.mouse import MouseAggregator, button_name, scroll_directions
from agent.wire import encode_json
from agent.wire.samples import DEVICE
from tests.agent.capture.keys.typing_helpers import MS, WHEN

APP = "org.example.Editor"


@dataclass(frozen=True)
class Button:
    """Shaped like a pynput ``Button`` member."""

    name: str


@pytest.mark.parametrize(
    ("button", "name"),
    [(Button("left"), "left"), (Button("right"), "right"), (Button("middle"), "middle"),
     (Button("x1"), "other"), (Button("button8"), "other"), ("left", "left")],
)  # fmt: skip
def test_button_names(button: object, name: str) -> None:
    assert button_name(button) == name


@pytest.mark.parametrize(
    ("dx", "dy", "directions"),
    [(0, 1, ["up"]), (0, -1, ["down"]), (1, 0, ["right"]), (-2, 0, ["left"]),
     (1, -1, ["down", "right"]), (0, 0, [])],
)  # fmt: skip
def test_scroll_directions(dx: int, dy: int, directions: list[str]) -> None:
    assert scroll_directions(dx, dy) == directions


def flush(aggregator: MouseAggregator, end_ms: int = 10_000) -> list:  # type: ignore[type-arg]
    return aggregator.flush(device_id=DEVICE, mono_ns=end_ms * MS, wall_time=WHEN)


def test_clicks_scrolls_and_path_length_per_application() -> None:
    mouse = MouseAggregator(start_ns=0)
    mouse.move(APP, 0, 0, 1 * MS)
    mouse.move(APP, 30, 40, 2 * MS)
    mouse.move(APP, 30, 0, 3 * MS)
    mouse.click(APP, "left", 4 * MS)
    mouse.click(APP, "left", 5 * MS)
    mouse.click(APP, "right", 6 * MS)
    mouse.scroll(APP, 0, -1, 7 * MS)
    mouse.scroll(APP, 0, 1, 8 * MS)
    mouse.scroll(APP, 0, 1, 9 * MS)
    [record] = flush(mouse)
    assert record.app_id == APP
    assert record.interval_ns == 10_000 * MS
    assert record.clicks == {"left": 2, "right": 1}
    assert record.scrolls == {"up": 2, "down": 1}
    assert record.distance_px == 90


def test_no_position_reaches_a_record() -> None:
    mouse = MouseAggregator(start_ns=0)
    mouse.move(APP, 1234, 567, 1 * MS)
    mouse.move(APP, 1237, 571, 2 * MS)
    mouse.click(APP, "left", 3 * MS)
    text = encode_json(flush(mouse)[0]).decode()
    assert "1234" not in text and "567" not in text and "1237" not in text
    assert '"distance_px":5' in text


def test_activity_outside_recorded_windows_is_not_counted_but_the_path_is_followed() -> None:
    mouse = MouseAggregator(start_ns=0)
    mouse.move(APP, 0, 0, 1 * MS)
    mouse.move(None, 1000, 0, 2 * MS)  # across an unrecorded window
    mouse.click(None, "left", 3 * MS)
    mouse.scroll(None, 0, 1, 4 * MS)
    mouse.move(APP, 1003, 4, 5 * MS)  # back: one 5 px step, not a 1000 px jump
    [record] = flush(mouse)
    assert (record.clicks, record.scrolls, record.distance_px) == ({}, {}, 5)


def test_one_record_per_application_and_none_without_activity() -> None:
    mouse = MouseAggregator(start_ns=0)
    mouse.click(APP, "left", 1 * MS)
    mouse.click("org.example.Mail", "middle", 2 * MS)
    assert {(r.app_id, tuple(r.clicks.items())) for r in flush(mouse)} == {
        (APP, (("left", 1),)),
        ("org.example.Mail", (("middle", 1),)),
    }
    assert flush(mouse, 20_000) == []


def test_each_interval_starts_where_the_last_ended() -> None:
    mouse = MouseAggregator(start_ns=0)
    mouse.click(APP, "left", 1 * MS)
    flush(mouse, 1_000)
    mouse.click(APP, "left", 1_500 * MS)
    [record] = flush(mouse, 4_000)
    assert record.interval_ns == 3_000 * MS


def test_forgetting_the_position_starts_a_new_path() -> None:
    mouse = MouseAggregator(start_ns=0)
    mouse.move(APP, 0, 0, 1 * MS)
    mouse.forget_position()
    mouse.move(APP, 500, 0, 2 * MS)
    mouse.move(APP, 503, 4, 3 * MS)
    assert flush(mouse)[0].distance_px == 5
