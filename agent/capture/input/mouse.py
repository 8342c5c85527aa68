"""Mouse activity per application per interval: clicks, scrolls, path length — never positions.

The pipeline hands every pointer event to a :class:`MouseAggregator` with the
application it happened in (``None`` for a window that is not captured, or
whose input is not recorded). Positions are used only to add the length of
each step to a running distance: the last position is the only one kept, and
no record carries one. Clicks count button presses (not releases); scrolls
count wheel events by direction (one per event, whatever the platform's delta
units). Pure: time comes in with the events.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from agent.capture.keys.activity import interval_ns, valid
from agent.wire import MouseActivity
from agent.wire import limits as wire_limits
from agent.wire.fields import MouseButton, ScrollDirection


def button_name(button: object) -> MouseButton:
    """The wire name of a pynput ``Button`` (or of a plain name)."""
    name = button if isinstance(button, str) else getattr(button, "name", None)
    if name == "left":
        return "left"
    if name == "right":
        return "right"
    if name == "middle":
        return "middle"
    return "other"


def scroll_directions(dx: float, dy: float) -> list[ScrollDirection]:
    """The directions of one wheel event (pynput: ``dy > 0`` is up, ``dx > 0`` is right)."""
    out: list[ScrollDirection] = []
    if dy > 0:
        out.append("up")
    elif dy < 0:
        out.append("down")
    if dx > 0:
        out.append("right")
    elif dx < 0:
        out.append("left")
    return out


@dataclass
class _Tally:
    clicks: Counter[MouseButton] = field(default_factory=Counter)
    scrolls: Counter[ScrollDirection] = field(default_factory=Counter)
    distance: float = 0.0
    last_ns: int = 0


class MouseAggregator:
    """Tallies pointer activity per application until :meth:`flush`; one record per application."""

    def __init__(self, *, start_ns: int) -> None:
        self._start_ns = start_ns
        self._tallies: dict[str, _Tally] = {}
        self._last: tuple[float, float] | None = None

    def __repr__(self) -> str:
        return f"MouseAggregator(applications={len(self._tallies)})"

    def _tally(self, app_id: str, mono_ns: int) -> _Tally:
        app_id = app_id[: wire_limits.MAX_APP_ID_LENGTH]
        tally = self._tallies.get(app_id)
        if tally is None:
            tally = self._tallies[app_id] = _Tally()
        tally.last_ns = max(tally.last_ns, mono_ns)
        return tally

    def click(self, app_id: str | None, button: MouseButton, mono_ns: int) -> None:
        """One button press in ``app_id`` (``None``: not recorded)."""
        if app_id is not None:
            self._tally(app_id, mono_ns).clicks[button] += 1

    def scroll(self, app_id: str | None, dx: float, dy: float, mono_ns: int) -> None:
        """One wheel event in ``app_id`` (``None``: not recorded)."""
        directions = scroll_directions(dx, dy)
        if app_id is not None and directions:
            tally = self._tally(app_id, mono_ns)
            for direction in directions:
                tally.scrolls[direction] += 1

    def move(self, app_id: str | None, x: float, y: float, mono_ns: int) -> None:
        """The pointer is at (x, y): the step from the last position counts for ``app_id``.

        The position is followed even while ``app_id`` is ``None``, so the
        first step back in a recorded window is not a jump across the screen.
        """
        last, self._last = self._last, (x, y)
        if app_id is None or last is None:
            return
        step = math.hypot(x - last[0], y - last[1])
        if step > 0:
            self._tally(app_id, mono_ns).distance += step

    def forget_position(self) -> None:
        """Drop the last position (capture stopped: the next move starts a new path)."""
        self._last = None

    def flush(self, *, device_id: str, mono_ns: int, wall_time: datetime) -> list[MouseActivity]:
        """Close the interval at ``mono_ns``: one record per application that had activity."""
        tallies, self._tallies = self._tallies, {}
        start, self._start_ns = self._start_ns, mono_ns
        records: list[MouseActivity] = []
        for app_id, tally in tallies.items():
            interval = interval_ns(start, mono_ns, tally.last_ns)
            record = MouseActivity(
                device_id=device_id,
                mono_ns=mono_ns,
                wall_time=wall_time,
                app_id=app_id,
                interval_ns=interval,
                clicks={k: min(n, wire_limits.MAX_COUNT) for k, n in tally.clicks.items()},
                scrolls={k: min(n, wire_limits.MAX_COUNT) for k, n in tally.scrolls.items()},
                distance_px=min(round(tally.distance), wire_limits.MAX_COUNT),
            )
            if valid(record, "mouse activity"):
                records.append(record)
        return records
