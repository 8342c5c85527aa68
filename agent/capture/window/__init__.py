"""The active window and idle time, per OS behind one interface.

::

    with open_watcher() as watcher:            # the OS's module, chosen once
        info = watcher.active_window()         # WindowInfo | None
        idle = watcher.seconds_since_input()   # float seconds
        shown = watcher.visible_windows()      # [VisibleWindow], bottom first

* Linux (X11): :mod:`~agent.capture.window.x11`, python-xlib — verified against
  a real X server (Xvfb + openbox) in the tests.
* macOS: :mod:`~agent.capture.window.macos` (NSWorkspace, Quartz) and Windows:
  :mod:`~agent.capture.window.windows` (user32/kernel32 through ctypes) — their
  logic is tested with fake OS calls; real-OS verification is still owed.

Titles are returned to the caller only, never logged; the caller redacts them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from agent.capture.window.base import (
    MAX_TITLE_CHARS,
    UNKNOWN_APP_ID,
    IdleUnavailable,
    Rect,
    VisibleWindow,
    WindowInfo,
    WindowListUnavailable,
    WindowSourceError,
    WindowWatcher,
)

#: Which module and class watch windows on each platform (``sys.platform`` prefix).
BACKENDS: dict[str, str] = {
    "linux": "agent.capture.window.x11:X11Watcher",
    "darwin": "agent.capture.window.macos:MacWatcher",
    "win32": "agent.capture.window.windows:WindowsWatcher",
}


def watcher_class(platform: str = sys.platform) -> Any:
    """The watcher class for ``platform``; its OS libraries load only when it is opened."""
    for prefix, target in BACKENDS.items():
        if platform.startswith(prefix):
            module, _, name = target.partition(":")
            return getattr(importlib.import_module(module), name)
    raise WindowSourceError(f"no window watcher for this platform ({platform})")


def new_watcher(display: str | None = None, platform: str = sys.platform) -> WindowWatcher:
    """A watcher for this OS, for the calling thread to use and close.

    ``display`` names the X display (``None``: ``$DISPLAY``); other OSes have one desktop.
    """
    options = {} if display is None else {"display": display}
    watcher: WindowWatcher = watcher_class(platform)(**options)
    return watcher


@contextmanager
def open_watcher(platform: str = sys.platform, **options: Any) -> Iterator[WindowWatcher]:
    """A watcher for this OS, closed when the block ends.

    ``options`` go to the OS module (``display=":1"`` on X11).
    """
    watcher: WindowWatcher = watcher_class(platform)(**options)
    try:
        yield watcher
    finally:
        watcher.close()


__all__ = [
    "BACKENDS",
    "MAX_TITLE_CHARS",
    "UNKNOWN_APP_ID",
    "IdleUnavailable",
    "Rect",
    "VisibleWindow",
    "WindowInfo",
    "WindowListUnavailable",
    "WindowSourceError",
    "WindowWatcher",
    "new_watcher",
    "open_watcher",
    "watcher_class",
]
