"""The window and idle interface every OS module implements.

One small interface (ActivityWatch's shape): ``active_window()``,
``seconds_since_input()`` and, for screen capture's masks,
``visible_windows()``. The OS module is chosen once, at start-up, by
:func:`agent.capture.window.open_watcher`; nothing else asks which OS it runs on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

#: A title is read up to this many bytes (UTF-8) or characters: a title is a
#: line, and one longer than this is a document pasted into a title bar. The
#: wire format's bound on the *redacted* title is the same order.
MAX_TITLE_CHARS = 4096
#: How much of a title is read before :func:`clip` keeps its start and end: enough
#: for any title a person could read, bounded so a hostile window cannot make the
#: watcher read megabytes.
MAX_TITLE_READ_CHARS = 4 * MAX_TITLE_CHARS
#: Stands where :func:`clip` cut the middle out of a long title.
CLIP_JOINER = " … "

#: Where the OS gives no change notification, how often the focused window is read:
#: keys typed right after a switch are dropped until it is (see ``focus_token``),
#: so this bounds how much typing a switch can lose, not what is attributed wrongly.
POLL_SECONDS = 0.2

#: The application id of a window that names neither its class nor its process.
UNKNOWN_APP_ID = "unknown"


@dataclass(frozen=True)
class WindowInfo:
    """The focused window, as the OS reports it.

    ``title`` is sensitive (a subject line, a document name, a chat partner):
    it is left out of ``repr`` so that logging a ``WindowInfo`` by mistake does
    not log it, and the caller redacts it with
    ``redaction.redact_text(title, source="title")`` before it goes anywhere.
    """

    #: WM_CLASS class (X11), bundle id (macOS) or executable name (Windows);
    #: :data:`UNKNOWN_APP_ID` when the window names none.
    app_id: str
    title: str | None = field(repr=False)
    pid: int | None
    #: The process's own name (``/proc/PID/comm``, the executable's file name).
    process_name: str | None


#: A rectangle on the desktop: ``(x0, y0, x1, y1)``, x1 and y1 exclusive, in
#: root-window (X11) / global display (macOS) / virtual-screen (Windows) pixels.
Rect = tuple[int, int, int, int]


@dataclass(frozen=True)
class VisibleWindow:
    """A window shown on the desktop and the rectangle it covers.

    ``rect`` includes the window's frame and title bar where the OS reports
    them: a title bar shows the title, and an excluded window's title must be
    filled with the rest of it. Stacking order is the list's order (bottom
    first); screen capture masks whole rectangles, so it does not rely on it.
    """

    info: WindowInfo
    rect: Rect
    #: The window system's id (X11 window, CGWindowID, HWND) — for logs by number only.
    window_id: int | None = None


class WindowWatcher(Protocol):
    """The active window and the time since the last input, on one OS.

    A watcher holds one connection to the window system and is used from one
    thread. ``active_window`` returns ``None`` when there is no focused window
    or it vanished while being read (closed between two calls): a race is a
    normal event, not an error.
    """

    def active_window(self) -> WindowInfo | None: ...

    def focus_token(self) -> int | None:
        """A cheap id of the focused window (X11 window id, HWND, frontmost PID on macOS).

        Read per key press by the input pipeline to tell whether the focus it
        was given is still current: keys typed into a window the capture
        session has not looked at yet are dropped, not attributed to the last
        one. ``None``: nothing has focus, or it cannot be read.
        """
        ...

    def wait_for_change(self, timeout_s: float) -> bool:
        """Block until the focused window or its title may have changed, or ``timeout_s`` passes.

        True when something changed (or the OS cannot tell, so the caller
        should look); False on a plain timeout. X11 waits for the window
        manager's property changes, so an idle desktop costs nothing between
        two idle-time reads; the others poll every :data:`POLL_SECONDS`.
        """
        ...

    def seconds_since_input(self) -> float:
        """Seconds since the last keyboard or pointer input, from any application.

        Raises :class:`IdleUnavailable` when this system cannot tell.
        """
        ...

    def visible_windows(self) -> list[VisibleWindow]:
        """The windows shown on the desktop now, bottom of the stack first.

        Skips minimised, hidden and unmapped windows, and windows that vanish
        while being read (a race is normal). Raises
        :class:`WindowListUnavailable` when the list itself cannot be read:
        screen capture then takes no frame (it cannot tell what to mask).
        """
        ...

    def close(self) -> None: ...


class WindowSourceError(Exception):
    """The window system cannot be used at all (no display, connection lost, no library).

    The message says what is missing and what to do; it never holds a title.
    """


class IdleUnavailable(WindowSourceError):
    """This window system cannot report idle time (a missing extension or permission)."""


class WindowListUnavailable(WindowSourceError):
    """The windows on screen cannot be listed now; a screen taken now could not be masked."""


def clip(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``text`` within ``limit`` characters, keeping its start and its end.

    The end matters: browsers put "Private Browsing" and "Incognito" at the
    end of a title, so a title cut to its start would escape the deny
    patterns. What is lost is the middle.
    """
    if len(text) <= limit:
        return text
    head = (limit - len(CLIP_JOINER)) // 2
    tail = limit - len(CLIP_JOINER) - head
    return text[:head] + CLIP_JOINER + text[-tail:]


def poll_wait(timeout_s: float) -> bool:
    """``wait_for_change`` for an OS without change notification: a short sleep, then look."""
    time.sleep(max(0.0, min(timeout_s, POLL_SECONDS)))
    return True
