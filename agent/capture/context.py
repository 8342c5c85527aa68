"""What the capture sources share: the focused window with the policy's decisions about it.

The capture session polls the window watcher and publishes a new
:class:`FocusContext` on every focus change; the input pipeline reads the
latest one for each event (a plain attribute read: the object is immutable,
so no lock is needed), and the screen capture is told of the change as a
trigger. Sources hand records to an :data:`Emit` callable, which is
thread-safe and never blocks for long.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agent.capture.rules import KeystrokeLevel
from agent.capture.window import WindowInfo
from agent.wire import Blob, Record

#: Hands one record (and, for a screen frame, its encoded bytes) to the session.
Emit = Callable[[Record, "Blob | None"], None]


@dataclass(frozen=True)
class FocusContext:
    """The focused window when it was last seen, and what the policy allows for it.

    ``window`` holds the raw title (hidden from ``repr``); only
    :mod:`agent.capture.focus` turns it into something that leaves the device.
    """

    #: The focused window; ``None`` when nothing has focus (or it is unknown yet).
    window: WindowInfo | None = field(default=None, repr=False)
    #: The window system's id of that window (X11 window id), for per-field keys.
    window_id: int | None = None
    #: ``should_capture_window`` for it: False for an excluded application,
    #: a credential prompt or a private window — nothing of it is recorded.
    captured: bool = False
    #: The keystroke level for it, already narrowed by consent: ``off`` when not
    #: captured or ``input_activity`` is not active; ``text`` only while
    #: ``typed_text`` is active too (otherwise ``classes``).
    level: KeystrokeLevel = "off"
    #: Increments on every focus change: keys of two focus periods never share a field.
    seq: int = 0

    @property
    def app_id(self) -> str | None:
        return None if self.window is None else self.window.app_id

    @property
    def process_name(self) -> str | None:
        return None if self.window is None else self.window.process_name

    @property
    def pid(self) -> int | None:
        return None if self.window is None else self.window.pid


#: Nothing is focused yet: nothing is recorded.
NO_FOCUS = FocusContext()
