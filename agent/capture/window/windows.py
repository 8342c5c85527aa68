"""Active window and idle time on Windows: user32 and kernel32 through ctypes.

**Real-OS verification is owed.** The logic here (executable name as the
application id, the 32-bit tick wrap-around of idle time, bounded titles,
windows that vanish mid-read) is tested on Linux with a fake :class:`WinApi`;
:class:`Win32Api`, the only part that calls Windows, has not yet run on
Windows. Known gap to check there: UWP applications are hosted by
``ApplicationFrameHost.exe``, whose foreground window belongs to the host.

* Window: ``GetForegroundWindow``, ``GetWindowTextW``.
* Process: ``GetWindowThreadProcessId`` → ``OpenProcess`` (limited query
  rights, enough for other users' processes) → ``QueryFullProcessImageNameW``;
  the application id is the executable's file name (``Code.exe``), as in the
  policy's application lists.
* Idle: ``GetTickCount() - GetLastInputInfo().dwTime``, both 32-bit
  millisecond counters that wrap every 49.7 days.
* Visible windows (screen capture's masks): ``EnumWindows`` (top-level
  windows, top of the Z order first; reversed here to bottom first), keeping
  those that are visible (``IsWindowVisible``), not minimised (``IsIconic``)
  and not cloaked (``DwmGetWindowAttribute(DWMWA_CLOAKED)``: on another
  virtual desktop, or a suspended UWP frame). The rectangle is
  ``GetWindowRect`` — the whole window with its title bar, and on Windows 10+
  its invisible resize borders (a few pixels of over-masking, the safe side).
  Owed on real Windows: coordinates are physical pixels only in a
  per-monitor DPI-aware process (mss makes the process so), to be checked
  on a scaled display.

ctypes' Windows libraries are loaded only when a real watcher is made, so this
module imports cleanly on Linux and macOS.
"""

from __future__ import annotations

import logging
import ntpath
from typing import Any, Protocol

from agent.capture.window.base import (
    MAX_TITLE_READ_CHARS,
    UNKNOWN_APP_ID,
    Rect,
    VisibleWindow,
    WindowInfo,
    WindowListUnavailable,
    WindowSourceError,
    clip,
    poll_wait,
)

log = logging.getLogger(__name__)

#: GetTickCount and LASTINPUTINFO.dwTime are 32-bit: differences are taken mod 2**32.
TICK_MODULUS = 2**32
#: OpenProcess access right that suffices for QueryFullProcessImageNameW.
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
#: Longest path QueryFullProcessImageNameW is asked for (extended-length paths).
MAX_IMAGE_PATH = 32_768
#: DwmGetWindowAttribute attribute: non-zero when the window is cloaked (not drawn).
DWMWA_CLOAKED = 14


class WinApi(Protocol):
    """The Windows calls the watcher needs, injectable for tests."""

    def foreground_window(self) -> int:
        """The foreground window's handle; 0 when there is none (e.g. the secure desktop)."""
        ...

    def window_text(self, hwnd: int, max_chars: int) -> str: ...

    def window_process_id(self, hwnd: int) -> int:
        """The owning process id; 0 if the window has gone."""
        ...

    def process_image_path(self, pid: int) -> str | None: ...

    def last_input_tick(self) -> int: ...

    def tick_count(self) -> int: ...

    def top_level_windows(self) -> list[int]:
        """Every top-level window handle, top of the Z order first (``EnumWindows``)."""
        ...

    def is_visible(self, hwnd: int) -> bool: ...

    def is_minimised(self, hwnd: int) -> bool: ...

    def is_cloaked(self, hwnd: int) -> bool: ...

    def window_rect(self, hwnd: int) -> Rect | None:
        """``GetWindowRect`` as ``(left, top, right, bottom)``; ``None`` if the window has gone."""
        ...


class WindowsWatcher:
    """The foreground window and the idle time, on Windows."""

    def __init__(self, api: WinApi | None = None) -> None:
        self._api = api if api is not None else Win32Api()

    def active_window(self) -> WindowInfo | None:
        try:
            hwnd = self._api.foreground_window()
            if not hwnd:
                return None
            return self._info(hwnd)
        except OSError as error:
            log.debug("foreground window unreadable: %s", type(error).__name__)
            return None

    def focus_token(self) -> int | None:
        try:
            return self._api.foreground_window() or None
        except OSError:
            return None

    def visible_windows(self) -> list[VisibleWindow]:
        try:
            handles = self._api.top_level_windows()
        except OSError as error:
            raise WindowListUnavailable(
                f"the window list could not be read: {type(error).__name__}"
            ) from None
        shown: list[VisibleWindow] = []
        for hwnd in reversed(handles):
            try:
                window = self._shown(hwnd)
            except OSError as error:  # it closed while being read
                log.debug("a listed window vanished: %s", type(error).__name__)
                continue
            if window is not None:
                shown.append(window)
        return shown

    def _shown(self, hwnd: int) -> VisibleWindow | None:
        api = self._api
        if not api.is_visible(hwnd) or api.is_minimised(hwnd) or api.is_cloaked(hwnd):
            return None
        rect = api.window_rect(hwnd)
        if rect is None or rect[2] <= rect[0] or rect[3] <= rect[1]:
            return None
        info = self._info(hwnd)
        return None if info is None else VisibleWindow(info, rect, hwnd)

    def _info(self, hwnd: int) -> WindowInfo | None:
        """What one window says about itself (OSError when it vanishes mid-read)."""
        title = clip(self._api.window_text(hwnd, MAX_TITLE_READ_CHARS))
        pid = self._api.window_process_id(hwnd)
        if not pid:  # the window closed between the two calls
            return None
        path = self._api.process_image_path(pid)
        exe = ntpath.basename(path) if path else None
        return WindowInfo(
            app_id=exe or UNKNOWN_APP_ID,
            title=title or None,
            pid=pid,
            process_name=exe,
        )

    def seconds_since_input(self) -> float:
        last = self._api.last_input_tick()
        now = self._api.tick_count()
        return ((now - last) % TICK_MODULUS) / 1000.0

    def wait_for_change(self, timeout_s: float) -> bool:
        return poll_wait(timeout_s)

    def close(self) -> None:
        """Nothing to release: the calls hold no per-watcher handle."""

    def __enter__(self) -> WindowsWatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Win32Api:
    """The real calls, through ctypes. Owed: verification on real Windows."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        try:
            self._user32: Any = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
            self._kernel32: Any = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            raise WindowSourceError("user32/kernel32 are only available on Windows") from None
        self._ctypes = ctypes
        self._wintypes = wintypes

        class LastInputInfo(ctypes.Structure):
            _fields_ = [("cbSize", wintypes.UINT), ("dwTime", wintypes.DWORD)]

        self._last_input_info = LastInputInfo
        self._enum_proc: Any = ctypes.WINFUNCTYPE(  # type: ignore[attr-defined]
            wintypes.BOOL, wintypes.HWND, wintypes.LPARAM
        )
        try:
            self._dwmapi: Any = ctypes.WinDLL("dwmapi")  # type: ignore[attr-defined]
        except OSError:
            self._dwmapi = None
        self._user32.GetForegroundWindow.restype = wintypes.HWND
        self._kernel32.GetTickCount.restype = wintypes.DWORD
        self._kernel32.OpenProcess.restype = wintypes.HANDLE

    def foreground_window(self) -> int:
        return int(self._user32.GetForegroundWindow() or 0)

    def window_text(self, hwnd: int, max_chars: int) -> str:
        length = min(int(self._user32.GetWindowTextLengthW(hwnd)), max_chars)
        if length <= 0:
            return ""
        buffer = self._ctypes.create_unicode_buffer(length + 1)
        self._user32.GetWindowTextW(hwnd, buffer, length + 1)
        return str(buffer.value)

    def window_process_id(self, hwnd: int) -> int:
        pid = self._wintypes.DWORD(0)
        self._user32.GetWindowThreadProcessId(hwnd, self._ctypes.byref(pid))
        return int(pid.value)

    def process_image_path(self, pid: int) -> str | None:
        handle = self._kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return None
        try:
            size = self._wintypes.DWORD(MAX_IMAGE_PATH)
            buffer = self._ctypes.create_unicode_buffer(MAX_IMAGE_PATH)
            ok = self._kernel32.QueryFullProcessImageNameW(
                handle, 0, buffer, self._ctypes.byref(size)
            )
            return str(buffer.value) if ok else None
        finally:
            self._kernel32.CloseHandle(handle)

    def last_input_tick(self) -> int:
        info = self._last_input_info()
        info.cbSize = self._ctypes.sizeof(info)
        if not self._user32.GetLastInputInfo(self._ctypes.byref(info)):
            raise OSError("GetLastInputInfo failed")
        return int(info.dwTime)

    def tick_count(self) -> int:
        return int(self._kernel32.GetTickCount())

    def top_level_windows(self) -> list[int]:
        handles: list[int] = []

        def collect(hwnd: Any, _: Any) -> bool:
            handles.append(int(hwnd or 0))
            return True

        callback = self._enum_proc(collect)
        if not self._user32.EnumWindows(callback, 0):
            raise OSError("EnumWindows failed")
        return [hwnd for hwnd in handles if hwnd]

    def is_visible(self, hwnd: int) -> bool:
        return bool(self._user32.IsWindowVisible(hwnd))

    def is_minimised(self, hwnd: int) -> bool:
        return bool(self._user32.IsIconic(hwnd))

    def is_cloaked(self, hwnd: int) -> bool:
        if self._dwmapi is None:
            return False  # no DWM (Windows 7 classic): nothing is cloaked
        cloaked = self._wintypes.DWORD(0)
        result = self._dwmapi.DwmGetWindowAttribute(
            hwnd, DWMWA_CLOAKED, self._ctypes.byref(cloaked), self._ctypes.sizeof(cloaked)
        )
        return result == 0 and bool(cloaked.value)

    def window_rect(self, hwnd: int) -> Rect | None:
        rect = self._wintypes.RECT()
        if not self._user32.GetWindowRect(hwnd, self._ctypes.byref(rect)):
            return None
        return (int(rect.left), int(rect.top), int(rect.right), int(rect.bottom))
