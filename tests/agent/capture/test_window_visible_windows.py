"""The Windows watcher's visible-window listing, with fake OS calls.

These are fakes of EnumWindows, IsWindowVisible, IsIconic,
DwmGetWindowAttribute and GetWindowRect: real-OS verification is owed (that
Win32Api calls them correctly, and that rectangles match mss's monitors on a
display scaled above 100%).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from agent.capture.window import Rect, WindowListUnavailable
from agent.capture.window.windows import WindowsWatcher


@dataclass
class FakeWindow:
    title: str
    exe: str
    rect: Rect | None
    visible: bool = True
    minimised: bool = False
    cloaked: bool = False
    vanishes: bool = False


@dataclass
class FakeDesktop:
    """Top-level windows by handle, in EnumWindows order (top first)."""

    windows: dict[int, FakeWindow] = field(default_factory=dict)
    fail_enum: bool = False

    def top_level_windows(self) -> list[int]:
        if self.fail_enum:
            raise OSError("EnumWindows failed")
        return list(self.windows)

    def is_visible(self, hwnd: int) -> bool:
        return self.windows[hwnd].visible

    def is_minimised(self, hwnd: int) -> bool:
        return self.windows[hwnd].minimised

    def is_cloaked(self, hwnd: int) -> bool:
        return self.windows[hwnd].cloaked

    def window_rect(self, hwnd: int) -> Rect | None:
        return self.windows[hwnd].rect

    def window_text(self, hwnd: int, max_chars: int) -> str:
        if self.windows[hwnd].vanishes:
            raise OSError("invalid window handle")
        return self.windows[hwnd].title[:max_chars]

    def window_process_id(self, hwnd: int) -> int:
        return 1000 + hwnd

    def process_image_path(self, pid: int) -> str | None:
        return rf"C:\Program Files\App\{self.windows[pid - 1000].exe}"

    def foreground_window(self) -> int:
        return next(iter(self.windows), 0)

    def last_input_tick(self) -> int:
        return 0

    def tick_count(self) -> int:
        return 0


def listed(desktop: FakeDesktop) -> list[tuple[int, str, Rect]]:
    return [
        (w.window_id or 0, w.info.app_id, w.rect) for w in WindowsWatcher(desktop).visible_windows()
    ]


def test_windows_are_listed_bottom_first_with_executable_and_rectangle() -> None:
    desktop = FakeDesktop(
        {
            1: FakeWindow("Vault", "KeePass.exe", (100, 100, 500, 400)),
            2: FakeWindow("Report - Word", "WINWORD.EXE", (-1900, 0, -100, 1000)),
        }
    )
    assert listed(desktop) == [
        (2, "WINWORD.EXE", (-1900, 0, -100, 1000)),
        (1, "KeePass.exe", (100, 100, 500, 400)),
    ]


@pytest.mark.parametrize(
    "window",
    [
        FakeWindow("Hidden", "a.exe", (0, 0, 10, 10), visible=False),
        FakeWindow("Minimised", "a.exe", (-32000, -32000, -31840, -31972), minimised=True),
        FakeWindow("Other desktop", "a.exe", (0, 0, 10, 10), cloaked=True),
        FakeWindow("Gone", "a.exe", None),
        FakeWindow("Empty", "a.exe", (5, 5, 5, 50)),
        FakeWindow("Closed mid-read", "a.exe", (0, 0, 10, 10), vanishes=True),
    ],
    ids=lambda window: window.title,
)
def test_windows_not_shown_are_skipped_and_the_others_kept(window: FakeWindow) -> None:
    desktop = FakeDesktop({1: window, 2: FakeWindow("Shown", "b.exe", (0, 0, 10, 10))})
    assert [app for _, app, _ in listed(desktop)] == ["b.exe"]


def test_a_list_that_cannot_be_read_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(WindowListUnavailable, match="OSError"):
        WindowsWatcher(FakeDesktop(fail_enum=True)).visible_windows()
