"""Active window and idle time on X11, through python-xlib.

* Active window: ``_NET_ACTIVE_WINDOW`` on the root window (EWMH; set by the
  window manager — without one there is no active window).
* Application id: the class part of ``WM_CLASS`` (``XTerm``, ``firefox``),
  falling back to the instance part, then the process name.
* Title: ``_NET_WM_NAME`` (UTF-8), falling back to ``WM_NAME`` (Latin-1
  ``STRING``, or UTF-8 / compound text read as UTF-8).
* Process: ``_NET_WM_PID``, then ``/proc/PID/comm``. The PID is only as true
  as the client says and only meaningful for a client on this machine.
* Idle: the MIT-SCREEN-SAVER extension's ``idle`` (ms since the last input on
  this X server, any client).

One X connection per watcher, used from one thread. A window can close between
two requests about it; any X error while reading one window means "no window
now" (``None``), never a traceback. A lost connection is a
:class:`WindowSourceError`. Property reads are bounded (:data:`MAX_TITLE_CHARS`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from agent.capture.window.base import (
    MAX_TITLE_CHARS,
    UNKNOWN_APP_ID,
    IdleUnavailable,
    WindowInfo,
    WindowSourceError,
)

log = logging.getLogger(__name__)

SCREENSAVER_EXTENSION = "MIT-SCREEN-SAVER"
#: X property lengths are counted in 32-bit units.
_TITLE_LONGS = MAX_TITLE_CHARS // 4
#: WM_CLASS is two short names; anything longer is not a class.
_CLASS_LONGS = 256 // 4
#: Where the process name of a PID is read (Linux procfs; at most 16 bytes).
PROC_COMM = "/proc/{pid}/comm"


class X11Watcher:
    """The focused window and idle time of one X display (``None``: ``$DISPLAY``)."""

    def __init__(self, display: str | None = None) -> None:
        from Xlib import X, Xatom
        from Xlib import display as xdisplay
        from Xlib import error as xerror

        self._any_type = X.AnyPropertyType
        self._errors: tuple[type[BaseException], ...] = (xerror.XError,)
        self._closed_errors: tuple[type[BaseException], ...] = (
            xerror.ConnectionClosedError,
            OSError,
        )
        try:
            self._display: Any = xdisplay.Display(display)
        except (xerror.DisplayError, xerror.DisplayNameError, *self._closed_errors) as error:
            name = display or "$DISPLAY"
            raise WindowSourceError(
                f"cannot open the X display {name}: {type(error).__name__} "
                "(is an X server or XWayland running, and DISPLAY set?)"
            ) from None
        # Errors of requests without a reply would be printed by python-xlib; the
        # replies this module reads raise instead, where they are handled.
        self._display.set_error_handler(_ignore_error)
        self._root = self._display.screen().root
        atom = self._display.intern_atom
        self._net_active_window = atom("_NET_ACTIVE_WINDOW")
        self._net_wm_name = atom("_NET_WM_NAME")
        self._net_wm_pid = atom("_NET_WM_PID")
        self._utf8_string = atom("UTF8_STRING")
        self._wm_name = Xatom.WM_NAME
        self._wm_class = Xatom.WM_CLASS
        self._string = Xatom.STRING
        self._has_screensaver = bool(self._display.has_extension(SCREENSAVER_EXTENSION))

    # -- the interface ---------------------------------------------------------------

    def active_window(self) -> WindowInfo | None:
        window_id = self._active_window_id()
        return None if window_id is None else self.window_info(window_id)

    def seconds_since_input(self) -> float:
        if not self._has_screensaver:
            raise IdleUnavailable(
                f"the X server has no {SCREENSAVER_EXTENSION} extension, so idle time cannot "
                "be read (enable the extension in the X server's configuration)"
            )
        try:
            reply = self._root.screensaver_query_info()
        except self._closed_errors:
            raise WindowSourceError("the X display connection was closed") from None
        return max(0, int(reply.idle)) / 1000.0

    def close(self) -> None:
        try:
            self._display.close()
        except (*self._closed_errors, *self._errors):
            pass

    def __enter__(self) -> X11Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading one window ----------------------------------------------------------

    def window_info(self, window_id: int) -> WindowInfo | None:
        """What one window says about itself; ``None`` if it is gone (BadWindow) or unreadable."""
        try:
            window = self._display.create_resource_object("window", window_id)
            classes = self._wm_class_of(window)
            title = self._title_of(window)
            pid = self._pid_of(window)
        except self._errors:
            log.debug("the active window vanished while being read")
            return None
        except self._closed_errors:
            raise WindowSourceError("the X display connection was closed") from None
        process = process_name(pid) if pid is not None else None
        instance, klass = classes
        return WindowInfo(
            app_id=klass or instance or process or UNKNOWN_APP_ID,
            title=title,
            pid=pid,
            process_name=process,
        )

    def _active_window_id(self) -> int | None:
        try:
            prop = self._root.get_property(self._net_active_window, self._any_type, 0, 1)
        except self._errors:
            return None
        except self._closed_errors:
            raise WindowSourceError("the X display connection was closed") from None
        if prop is None or not prop.value:
            return None
        window_id = int(prop.value[0])
        return window_id or None

    def _wm_class_of(self, window: Any) -> tuple[str | None, str | None]:
        prop = window.get_property(self._wm_class, self._string, 0, _CLASS_LONGS)
        if prop is None or prop.format != 8:
            return None, None
        parts = _as_bytes(prop.value).split(b"\0")
        instance = parts[0].decode("latin-1") or None
        klass = (parts[1].decode("latin-1") or None) if len(parts) > 1 else None
        return instance, klass

    def _title_of(self, window: Any) -> str | None:
        prop = window.get_property(self._net_wm_name, self._utf8_string, 0, _TITLE_LONGS)
        if prop is not None and prop.format == 8 and prop.property_type == self._utf8_string:
            return _as_bytes(prop.value).decode("utf-8", errors="replace")
        prop = window.get_property(self._wm_name, self._any_type, 0, _TITLE_LONGS)
        if prop is None or prop.format != 8:
            return None
        raw = _as_bytes(prop.value)
        if prop.property_type == self._string:
            return raw.decode("latin-1")
        return raw.decode("utf-8", errors="replace")  # UTF8_STRING, or COMPOUND_TEXT's ASCII

    def _pid_of(self, window: Any) -> int | None:
        prop = window.get_property(self._net_wm_pid, self._any_type, 0, 1)
        if prop is None or prop.format != 32 or not prop.value:
            return None
        pid = int(prop.value[0])
        return pid if pid > 0 else None


def process_name(pid: int, proc_comm: str = PROC_COMM) -> str | None:
    """The process's name (``comm``), or ``None`` if it has gone or cannot be read."""
    try:
        name = Path(proc_comm.format(pid=pid)).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return name.strip() or None


def _as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("latin-1", errors="replace")


def _ignore_error(*_: object) -> None:
    """Asynchronous X errors (from requests without replies) are of no use here."""
