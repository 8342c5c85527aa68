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

pyobjc is imported only when a real watcher is made, so this module imports
cleanly on Linux and Windows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from agent.capture.window.base import (
    UNKNOWN_APP_ID,
    WindowInfo,
    WindowSourceError,
    clip,
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


class MacApi(Protocol):
    """The three macOS calls the watcher needs, injectable for tests."""

    def frontmost_application(self) -> FrontApp | None: ...

    def window_title(self, pid: int) -> str | None:
        """The title of ``pid``'s frontmost normal window, ``None`` if not permitted."""
        ...

    def seconds_since_last_event(self) -> float: ...


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

    def seconds_since_input(self) -> float:
        return max(0.0, float(self._api.seconds_since_last_event()))

    def close(self) -> None:
        """Nothing to release: NSWorkspace and Quartz hold no per-watcher connection."""

    def __enter__(self) -> MacWatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
        if app is None:
            return None
        url = app.executableURL()
        return FrontApp(
            bundle_id=_text(app.bundleIdentifier()),
            executable=_text(url.lastPathComponent()) if url is not None else None,
            localized_name=_text(app.localizedName()),
            pid=int(app.processIdentifier()),
        )

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


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None
