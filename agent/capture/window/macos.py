"""Active window and idle time on macOS: NSWorkspace and Quartz (pyobjc).

**Real-OS verification is owed.** The logic here (choosing the application id,
bounding and withholding titles, surviving calls that fail) is tested on Linux
with a fake :class:`MacApi`; :class:`QuartzApi` itself, the only part that
calls macOS, has not yet run on a Mac.

* Application: ``NSWorkspace.sharedWorkspace().frontmostApplication()`` —
  bundle id (the application id), executable name, PID.
* Title: the frontmost on-screen window (layer 0) owned by that PID in
  ``CGWindowListCopyWindowInfo``. Since macOS 10.15 ``kCGWindowName`` is only
  present with the Screen Recording permission; without it the title is
  ``None``, not an error.
* Idle: ``CGEventSourceSecondsSinceLastEventType`` over the combined session
  state, any input event type.
* Visible windows (screen capture's masks): every on-screen window of
  ``CGWindowListCopyWindowInfo`` (front first; reversed here to bottom first),
  on every layer — a notification banner or a panel of an excluded
  application is masked too — except fully transparent ones. Bounds are in
  global display points (top-left origin); screen capture scales them to the
  pixels of each grab. The application of each window is read from its owner
  PID (``NSRunningApplication``), once per PID per listing.

pyobjc is imported only when a real watcher is made, so this module imports
cleanly on Linux and Windows.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.capture.window.base import (
    UNKNOWN_APP_ID,
    VisibleWindow,
    WindowInfo,
    WindowListUnavailable,
    WindowSourceError,
    clip,
    poll_wait,
)

log = logging.getLogger(__name__)

#: Quartz constants, spelled out so the logic does not need pyobjc to load.
K_CG_EVENT_SOURCE_STATE_COMBINED_SESSION = 0
K_CG_ANY_INPUT_EVENT_TYPE = 0xFFFFFFFF
#: Normal application windows; menus, the dock and overlays sit on other layers.
NORMAL_WINDOW_LAYER = 0


@dataclass(frozen=True)
class FrontApp:
    bundle_id: str | None
    executable: str | None
    localized_name: str | None
    pid: int


@dataclass(frozen=True)
class ShownMacWindow:
    """One entry of ``CGWindowListCopyWindowInfo``: the fields the masks need."""

    number: int
    pid: int
    #: ``kCGWindowOwnerName``: the application's name, when its PID cannot be resolved.
    owner_name: str | None
    title: str | None = field(repr=False)
    layer: int
    #: ``kCGWindowBounds``: x, y, width, height in global display points.
    bounds: tuple[float, float, float, float]
    alpha: float = 1.0


class MacApi(Protocol):
    """The macOS calls the watcher needs, injectable for tests."""

    def frontmost_application(self) -> FrontApp | None: ...

    def window_title(self, pid: int) -> str | None:
        """The title of ``pid``'s frontmost normal window, ``None`` if not permitted."""
        ...

    def seconds_since_last_event(self) -> float: ...

    def on_screen_windows(self) -> list[ShownMacWindow]:
        """Every on-screen window, front first (the order macOS lists them in)."""
        ...

    def application(self, pid: int) -> FrontApp | None:
        """The running application with this PID; ``None`` if it has quit."""
        ...


class MacWatcher:
    """The frontmost application's window and the idle time, on macOS."""

    def __init__(self, api: MacApi | None = None) -> None:
        self._api = api if api is not None else QuartzApi()

    def active_window(self) -> WindowInfo | None:
        try:
            app = self._api.frontmost_application()
            if app is None:
                return None
            title = self._api.window_title(app.pid)
        except Exception as error:  # an application quitting mid-call, a pyobjc bridge error
            log.debug("frontmost application unreadable: %s", type(error).__name__)
            return None
        return WindowInfo(
            app_id=app.bundle_id or app.executable or app.localized_name or UNKNOWN_APP_ID,
            title=clip(title) if title is not None else None,
            pid=app.pid if app.pid > 0 else None,
            process_name=app.executable or app.localized_name,
        )

    def focus_token(self) -> int | None:
        """The frontmost application's PID: macOS reports no focused window id cheaply."""
        try:
            app = self._api.frontmost_application()
        except Exception:  # an application quitting mid-call, a pyobjc bridge error
            return None
        return app.pid if app is not None and app.pid > 0 else None

    def seconds_since_input(self) -> float:
        return max(0.0, float(self._api.seconds_since_last_event()))

    def visible_windows(self) -> list[VisibleWindow]:
        try:
            entries = self._api.on_screen_windows()
        except Exception as error:  # a pyobjc bridge error: the list cannot be trusted
            raise WindowListUnavailable(
                f"the macOS window list could not be read: {type(error).__name__}"
            ) from None
        apps: dict[int, FrontApp | None] = {}
        shown: list[VisibleWindow] = []
        for entry in reversed(entries):
            x, y, width, height = entry.bounds
            if entry.alpha <= 0 or width <= 0 or height <= 0:
                continue
            if entry.pid not in apps:
                apps[entry.pid] = self._application(entry.pid)
            app = apps[entry.pid]
            rect = (math.floor(x), math.floor(y), math.ceil(x + width), math.ceil(y + height))
            shown.append(VisibleWindow(_info_of(app, entry), rect, entry.number))
        return shown

    def _application(self, pid: int) -> FrontApp | None:
        try:
            return self._api.application(pid)
        except Exception as error:  # an application quitting mid-call
            log.debug("application of a window unreadable: %s", type(error).__name__)
            return None

    def wait_for_change(self, timeout_s: float) -> bool:
        return poll_wait(timeout_s)

    def close(self) -> None:
        """Nothing to release: NSWorkspace and Quartz hold no per-watcher connection."""

    def __enter__(self) -> MacWatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _info_of(app: FrontApp | None, entry: ShownMacWindow) -> WindowInfo:
    """A listed window's application and title; the owner's name when its PID is gone."""
    bundle = app.bundle_id if app else None
    executable = app.executable if app else None
    name = (app.localized_name if app else None) or entry.owner_name
    return WindowInfo(
        app_id=bundle or executable or name or UNKNOWN_APP_ID,
        title=clip(entry.title) if entry.title is not None else None,
        pid=entry.pid if entry.pid > 0 else None,
        process_name=executable or name,
    )


class QuartzApi:
    """The real calls, through pyobjc. Owed: verification on a real Mac."""

    def __init__(self) -> None:
        try:
            import AppKit
            import Quartz
        except ImportError:
            raise WindowSourceError(
                "pyobjc (AppKit and Quartz) is needed to watch windows on macOS"
            ) from None
        self._appkit: Any = AppKit
        self._quartz: Any = Quartz

    def frontmost_application(self) -> FrontApp | None:
        app = self._appkit.NSWorkspace.sharedWorkspace().frontmostApplication()
        return None if app is None else _front_app(app)

    def window_title(self, pid: int) -> str | None:
        q = self._quartz
        options = q.kCGWindowListOptionOnScreenOnly | q.kCGWindowListExcludeDesktopElements
        for entry in q.CGWindowListCopyWindowInfo(options, q.kCGNullWindowID) or ():
            if (
                int(entry.get(q.kCGWindowOwnerPID, -1)) == pid
                and int(entry.get(q.kCGWindowLayer, -1)) == NORMAL_WINDOW_LAYER
            ):
                return _text(entry.get(q.kCGWindowName))
        return None

    def seconds_since_last_event(self) -> float:
        return float(
            self._quartz.CGEventSourceSecondsSinceLastEventType(
                K_CG_EVENT_SOURCE_STATE_COMBINED_SESSION, K_CG_ANY_INPUT_EVENT_TYPE
            )
        )

    def on_screen_windows(self) -> list[ShownMacWindow]:
        q = self._quartz
        options = q.kCGWindowListOptionOnScreenOnly | q.kCGWindowListExcludeDesktopElements
        shown: list[ShownMacWindow] = []
        for entry in q.CGWindowListCopyWindowInfo(options, q.kCGNullWindowID) or ():
            bounds = entry.get(q.kCGWindowBounds) or {}
            shown.append(
                ShownMacWindow(
                    number=int(entry.get(q.kCGWindowNumber, 0)),
                    pid=int(entry.get(q.kCGWindowOwnerPID, -1)),
                    owner_name=_text(entry.get(q.kCGWindowOwnerName)),
                    title=_text(entry.get(q.kCGWindowName)),
                    layer=int(entry.get(q.kCGWindowLayer, 0)),
                    bounds=(
                        float(bounds.get("X", 0)),
                        float(bounds.get("Y", 0)),
                        float(bounds.get("Width", 0)),
                        float(bounds.get("Height", 0)),
                    ),
                    alpha=float(entry.get(q.kCGWindowAlpha, 1.0)),
                )
            )
        return shown

    def application(self, pid: int) -> FrontApp | None:
        running = self._appkit.NSRunningApplication
        app = running.runningApplicationWithProcessIdentifier_(pid)
        return None if app is None else _front_app(app)


def _front_app(app: Any) -> FrontApp:
    """An ``NSRunningApplication`` as the fields the watcher reads."""
    url = app.executableURL()
    return FrontApp(
        bundle_id=_text(app.bundleIdentifier()),
        executable=_text(url.lastPathComponent()) if url is not None else None,
        localized_name=_text(app.localizedName()),
        pid=int(app.processIdentifier()),
    )


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None
