"""Pixels from the monitors, through mss, kept in memory only.

One :class:`MssGrabber` per capture thread (an mss instance holds a display
connection and, on X11, shared memory that belongs to the thread that made
it). A grab is raw BGRA bytes: the change check hashes them before anything
is converted, so an unchanged screen costs one grab and one hash.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from agent.capture.screen.monitors import Monitor, monitors_from_mss


class GrabError(Exception):
    """The screen could not be grabbed (no display, a monitor that went away)."""


@dataclass(frozen=True)
class Grab:
    """One monitor's pixels: ``bgra`` bytes, 4 per pixel, row by row (never shown in ``repr``)."""

    monitor: Monitor
    bgra: bytes = field(repr=False)
    size: tuple[int, int]

    def image(self) -> Image.Image:
        """The pixels as an RGB image (the fourth byte of each pixel is padding)."""
        return Image.frombytes("RGB", self.size, self.bgra, "raw", "BGRX")


class MssGrabber:
    """Grabs monitors of one display (``None``: ``$DISPLAY``) with mss."""

    def __init__(self, display: str | None = None) -> None:
        try:
            import mss
        except ImportError:
            raise GrabError("mss is needed to capture screens") from None
        factory: Any = getattr(mss, "MSS", None) or mss.mss
        options = {} if display is None else {"display": display}
        try:
            self._mss: Any = factory(**options)
        except Exception as error:  # mss.ScreenShotError, or the platform's own
            raise GrabError(f"the screen cannot be captured: {type(error).__name__}") from None

    def monitors(self) -> list[Monitor]:
        try:
            return monitors_from_mss(self._mss.monitors)
        except Exception as error:
            raise GrabError(f"the monitors cannot be listed: {type(error).__name__}") from None

    def grab(self, monitor: Monitor) -> Grab:
        region = {
            "left": monitor.left,
            "top": monitor.top,
            "width": monitor.width,
            "height": monitor.height,
        }
        try:
            shot = self._mss.grab(region)
        except Exception as error:
            kind = type(error).__name__
            raise GrabError(f"monitor {monitor.index} cannot be grabbed: {kind}") from None
        size = (int(shot.width), int(shot.height))
        return Grab(monitor=monitor, bgra=bytes(shot.bgra), size=size)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a connection that already broke
            self._mss.close()
