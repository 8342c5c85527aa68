"""Monitors as screen capture sees them: an index and a rectangle on the desktop.

mss lists the whole virtual desktop first and then one entry per monitor;
only the monitors are captured (each one a frame), and the index a frame
carries is the monitor's position in that list, counted from 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agent.capture.window import Rect
from agent.wire import limits as wire_limits


@dataclass(frozen=True)
class Monitor:
    """One monitor: ``index`` (0-based, as in the frame record) and its desktop rectangle."""

    index: int
    left: int
    top: int
    width: int
    height: int

    @property
    def rect(self) -> Rect:
        return (self.left, self.top, self.left + self.width, self.top + self.height)


def monitors_from_mss(entries: Sequence[Mapping[str, int]]) -> list[Monitor]:
    """mss's ``monitors`` list (entry 0 is the whole desktop) as :class:`Monitor`\\ s.

    At most :data:`agent.wire.limits.MAX_MONITORS`: the wire format cannot
    name more, and a frame it cannot name is not taken.
    """
    return [
        Monitor(
            index=index,
            left=int(entry["left"]),
            top=int(entry["top"]),
            width=int(entry["width"]),
            height=int(entry["height"]),
        )
        for index, entry in enumerate(entries[1 : wire_limits.MAX_MONITORS + 1])
        if int(entry["width"]) > 0 and int(entry["height"]) > 0
    ]
