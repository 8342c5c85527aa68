"""Where raw input comes from: an :class:`InputSource` calls a sink from its OS hook threads.

The sink only timestamps and enqueues (:class:`~.pipeline.InputPipeline`):
nothing is processed on an OS hook thread, because a hook that blocks is
silently removed on Windows and delays every application's input elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

#: Kinds of raw events and their two payload values.
KEY_DOWN = 0  #: (pynput key object, None)
KEY_UP = 1  #: (pynput key object, None)
CLICK = 2  #: (pynput button, pressed: bool)
SCROLL = 3  #: (dx, dy)
MOVE = 4  #: (x, y) — used for path length only, never kept

#: Called from a hook thread with (kind, a, b); returns at once, never blocks.
Sink = Callable[[int, object, object], None]


class InputSource(Protocol):
    """Keyboard and pointer hooks feeding a :data:`Sink`."""

    def start(self, sink: Sink) -> None:
        """Install the hooks; returns when they are live (or raises :class:`InputSourceError`)."""
        ...

    def stop(self) -> None:
        """Remove the hooks; no call to the sink starts after this returns. Idempotent."""
        ...

    def alive(self) -> bool:
        """Whether every hook installed by :meth:`start` still runs (one can die on its own)."""
        ...


class InputSourceError(Exception):
    """The input hooks cannot be installed (no display, no permission); the message says which."""
