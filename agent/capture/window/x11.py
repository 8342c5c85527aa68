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
* Visible windows (for screen capture's masks): ``_NET_CLIENT_LIST_STACKING``
  (bottom first), else ``_NET_CLIENT_LIST``, else the root's children (no
  window manager); viewable windows only (and shaded ones, whose title bar
  still shows), minimised ones (``_NET_WM_STATE_HIDDEN``) skipped; each
  client's rectangle translated to root coordinates and grown by its border
  and ``_NET_FRAME_EXTENTS`` (the frame the window manager draws, title bar
  included). Then the viewable override-redirect children of the root —
  menus, tooltips, pop-ups, which the window manager does not list — on top,
  so that an excluded application's pop-up is masked as well.

One X connection per watcher, used from one thread. A window can close between
two requests about it; any X error while reading one window means "no window
now" (``None``), never a traceback. A lost connection is a
:class:`WindowSourceError`. Property reads are bounded
(:data:`MAX_TITLE_READ_CHARS`; a longer title keeps its start and its end).
"""

from __future__ import annotations

import logging
import select
from pathlib import Path
from typing import Any

from agent.capture.window.base import (
    CLIP_JOINER,
    MAX_TITLE_READ_CHARS,
    UNKNOWN_APP_ID,
    IdleUnavailable,
    Rect,
    VisibleWindow,
    WindowInfo,
    WindowListUnavailable,
    WindowSourceError,
    clip,
)

log = logging.getLogger(__name__)

#: A window that is shown but whose class, title and pid could not be read.
_UNREADABLE = WindowInfo(app_id=UNKNOWN_APP_ID, title=None, pid=None, process_name=None)

SCREENSAVER_EXTENSION = "MIT-SCREEN-SAVER"
#: X property lengths are counted in 32-bit units.
_TITLE_LONGS = MAX_TITLE_READ_CHARS // 4
#: WM_CLASS is two short names; anything longer is not a class.
_CLASS_LONGS = 256 // 4
#: Where the process name of a PID is read (Linux procfs; at most 16 bytes).
PROC_COMM = "/proc/{pid}/comm"
#: Client windows read from the window manager's list: far more than any desktop
#: shows; a longer list is cut (the windows beyond are the top of no stack).
MAX_CLIENTS = 4096
#: _NET_WM_STATE atoms read per window (a window has a handful).
_STATE_LONGS = 64
#: map_state of a window that is mapped and all of whose ancestors are (X.IsViewable).
_IS_VIEWABLE = 2


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
        self._window_type = Xatom.WINDOW
        self._cardinal = Xatom.CARDINAL
        self._atom_type = Xatom.ATOM
        self._client_lists = (
            atom("_NET_CLIENT_LIST_STACKING"),
            atom("_NET_CLIENT_LIST"),
        )
        self._net_wm_state = atom("_NET_WM_STATE")
        self._state_hidden = atom("_NET_WM_STATE_HIDDEN")
        self._state_shaded = atom("_NET_WM_STATE_SHADED")
        self._frame_extents = atom("_NET_FRAME_EXTENTS")
        self._has_screensaver = bool(self._display.has_extension(SCREENSAVER_EXTENSION))
        self._property_notify = X.PropertyNotify
        self._property_mask = X.PropertyChangeMask
        self._change_atoms = frozenset({self._net_active_window, self._net_wm_name, self._wm_name})
        self._watched: int | None = None  # the window whose title changes wake us
        self._watching_root = False

    # -- the interface ---------------------------------------------------------------

    def active_window(self) -> WindowInfo | None:
        window_id = self._active_window_id()
        return None if window_id is None else self.window_info(window_id)

    def focus_token(self) -> int | None:
        return self._active_window_id()

    def wait_for_change(self, timeout_s: float) -> bool:
        """Wait on the X connection for a focus or title change (``PropertyNotify``).

        The root window's ``_NET_ACTIVE_WINDOW`` and the focused window's
        ``_NET_WM_NAME``/``WM_NAME`` are watched; nothing else wakes the
        caller, so an idle desktop costs one ``select`` per timeout.
        """
        try:
            self._watch_properties()
            if not self._display.pending_events():
                ready, _, _ = select.select([self._display.fileno()], [], [], max(0.0, timeout_s))
                if not ready:
                    return False
            changed = False
            while self._display.pending_events():
                event = self._display.next_event()
                if event.type == self._property_notify and event.atom in self._change_atoms:
                    changed = True
            return changed
        except self._closed_errors:
            raise WindowSourceError("the X display connection was closed") from None
        except self._errors:  # the watched window closed: look again
            self._watched = None
            return True

    def _watch_properties(self) -> None:
        """Ask for property changes of the root, and of the focused window (re-aimed on change)."""
        if not self._watching_root:
            self._root.change_attributes(event_mask=self._property_mask)
            self._watching_root = True
        active = self._active_window_id()
        if active == self._watched:
            return
        if self._watched is not None:
            old = self._display.create_resource_object("window", self._watched)
            old.change_attributes(event_mask=0)  # our own mask only: other clients keep theirs
        if active is not None:
            window = self._display.create_resource_object("window", active)
            window.change_attributes(event_mask=self._property_mask)
        self._watched = active
        self._display.flush()

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

    def visible_windows(self) -> list[VisibleWindow]:
        try:
            ids = self._client_ids()
            ids += [wid for wid in self._popup_ids() if wid not in set(ids)]
        except self._closed_errors:
            raise WindowSourceError("the X display connection was closed") from None
        except self._errors as error:
            raise WindowListUnavailable(
                f"the X window list could not be read: {type(error).__name__}"
            ) from None
        shown: list[VisibleWindow] = []
        for window_id in ids:
            rect = self._shown_rect(window_id)
            if rect is None:
                continue
            # A shown window whose names cannot be read is still listed, as an unknown
            # application, so the mask rules (an allow list) judge it rather than skip it.
            info = self.window_info(window_id) or _UNREADABLE
            shown.append(VisibleWindow(info=info, rect=rect, window_id=window_id))
        return shown

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

    def _client_ids(self) -> list[int]:
        """Top-level client windows, bottom of the stack first."""
        for name in self._client_lists:
            prop = self._root.get_property(name, self._window_type, 0, MAX_CLIENTS)
            if prop is not None and prop.format == 32:
                return [int(wid) for wid in prop.value if wid]
        # No EWMH window manager: the root's children are the clients, bottom first.
        return [child.id for child in self._root.query_tree().children[:MAX_CLIENTS]]

    def _popup_ids(self) -> list[int]:
        """Override-redirect windows shown on the root (menus, tooltips), bottom first."""
        popups: list[int] = []
        for child in self._root.query_tree().children[:MAX_CLIENTS]:
            try:
                attributes = child.get_attributes()
            except self._errors:  # gone since the tree was read
                continue
            if attributes.override_redirect and attributes.map_state == _IS_VIEWABLE:
                popups.append(int(child.id))
        return popups

    def _shown_rect(self, window_id: int) -> Rect | None:
        """The window's rectangle in root coordinates with its frame; None if not shown or gone."""
        try:
            window = self._display.create_resource_object("window", window_id)
            states = self._states(window)
            if self._state_hidden in states:
                return None
            # A shaded window's client is unmapped, but its title bar (and title) shows.
            viewable = window.get_attributes().map_state == _IS_VIEWABLE
            if not viewable and self._state_shaded not in states:
                return None
            geometry = window.get_geometry()
            origin = self._root.translate_coords(window, 0, 0)
            left, right, top, bottom = self._frame_of(window)
        except self._errors:  # BadWindow: it closed while being read
            return None
        except self._closed_errors:
            raise WindowSourceError("the X display connection was closed") from None
        border = int(geometry.border_width)
        x0, y0 = int(origin.x) - border - left, int(origin.y) - border - top
        x1 = int(origin.x) + int(geometry.width) + border + right
        y1 = int(origin.y) + int(geometry.height) + border + bottom
        return (x0, y0, x1, y1)

    def _states(self, window: Any) -> frozenset[int]:
        """The window's ``_NET_WM_STATE`` atoms (hidden, shaded...)."""
        prop = window.get_property(self._net_wm_state, self._atom_type, 0, _STATE_LONGS)
        if prop is None or prop.format != 32:
            return frozenset()
        return frozenset(int(atom) for atom in prop.value)

    def _frame_of(self, window: Any) -> tuple[int, int, int, int]:
        """The window manager's frame around the client: left, right, top, bottom (px)."""
        prop = window.get_property(self._frame_extents, self._cardinal, 0, 4)
        if prop is None or prop.format != 32 or len(prop.value) != 4:
            return (0, 0, 0, 0)
        left, right, top, bottom = (max(0, int(v)) for v in prop.value)
        return (left, right, top, bottom)

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
        prop = self._text_property(window, self._net_wm_name, self._utf8_string)
        if prop is not None and prop[1] == self._utf8_string:
            return clip(prop[0].decode("utf-8", errors="replace"))
        prop = self._text_property(window, self._wm_name, self._any_type)
        if prop is None:
            return None
        raw, kind = prop
        if kind == self._string:
            return clip(raw.decode("latin-1"))
        return clip(raw.decode("utf-8", errors="replace"))  # UTF8_STRING, or COMPOUND_TEXT

    def _text_property(self, window: Any, atom: int, kind: int) -> tuple[bytes, int] | None:
        """A text property's bytes and type: its start and, when longer than a read, its end.

        The end is read too because browsers end a private window's title
        with "Private Browsing": a title read from its start only would
        escape the deny patterns.
        """
        prop = window.get_property(atom, kind, 0, _TITLE_LONGS)
        if prop is None or prop.format != 8:
            return None
        raw = _as_bytes(prop.value)
        remaining = int(getattr(prop, "bytes_after", 0) or 0)
        if remaining:
            end = len(raw) + remaining
            start_long = max(len(raw), end - _TITLE_LONGS * 4) // 4
            tail = window.get_property(atom, kind, start_long, _TITLE_LONGS)
            if tail is not None and tail.format == 8:
                raw = raw + CLIP_JOINER.encode("utf-8") + _as_bytes(tail.value)
        return raw, int(prop.property_type)

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
