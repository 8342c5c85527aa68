"""The Windows watcher's logic, with fake OS calls.

Real-OS verification is owed: these tests prove what the watcher does with
what Windows returns, not that Win32Api calls Windows correctly.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import pytest

from agent.capture.window import MAX_TITLE_CHARS, UNKNOWN_APP_ID, WindowSourceError
from agent.capture.window.base import MAX_TITLE_READ_CHARS
from agent.capture.window.windows import TICK_MODULUS, Win32Api, WindowsWatcher


@dataclass
class FakeWindows:
    hwnd: int = 0x1A2B
    title: str = "Quarterly report.xlsx - Excel"
    pid: int = 4242
    path: str | None = r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE"
    last_input: int = 0
    now: int = 0
    fail_on: str | None = None
    asked_chars: list[int] = field(default_factory=list)

    def foreground_window(self) -> int:
        self._maybe_fail("foreground_window")
        return self.hwnd

    def window_text(self, hwnd: int, max_chars: int) -> str:
        self._maybe_fail("window_text")
        self.asked_chars.append(max_chars)
        return self.title[:max_chars]

    def window_process_id(self, hwnd: int) -> int:
        return self.pid

    def process_image_path(self, pid: int) -> str | None:
        self._maybe_fail("process_image_path")
        return self.path

    def last_input_tick(self) -> int:
        return self.last_input

    def tick_count(self) -> int:
        return self.now

    def _maybe_fail(self, call: str) -> None:
        if self.fail_on == call:
            raise OSError(f"{call} failed")


def test_the_application_id_is_the_executable_file_name() -> None:
    info = WindowsWatcher(FakeWindows()).active_window()
    assert info is not None
    assert info.app_id == "EXCEL.EXE"
    assert info.process_name == "EXCEL.EXE"
    assert info.pid == 4242
    assert info.title == "Quarterly report.xlsx - Excel"


def test_a_title_is_read_within_a_bound_and_kept_with_its_start_and_end() -> None:
    fake = FakeWindows(title="y" * (MAX_TITLE_CHARS * 2) + " - InPrivate")
    info = WindowsWatcher(fake).active_window()
    assert fake.asked_chars == [MAX_TITLE_READ_CHARS]
    assert info is not None and info.title is not None and len(info.title) == MAX_TITLE_CHARS
    assert info.title.endswith(" - InPrivate")


def test_an_untitled_window_has_no_title() -> None:
    info = WindowsWatcher(FakeWindows(title="")).active_window()
    assert info is not None and info.title is None


def test_a_process_whose_image_cannot_be_read_is_unknown() -> None:
    info = WindowsWatcher(FakeWindows(path=None)).active_window()
    assert info is not None
    assert (info.app_id, info.process_name) == (UNKNOWN_APP_ID, None)


@pytest.mark.parametrize(
    "fake",
    [
        FakeWindows(hwnd=0),
        FakeWindows(pid=0),
        FakeWindows(fail_on="window_text"),
        FakeWindows(fail_on="process_image_path"),
    ],
    ids=["no foreground window", "window closed mid-read", "text failed", "image failed"],
)
def test_a_missing_or_vanishing_window_is_none(fake: FakeWindows) -> None:
    assert WindowsWatcher(fake).active_window() is None


@pytest.mark.parametrize(
    ("last_input", "now", "seconds"),
    [
        (10_000, 12_500, 2.5),
        (5_000, 5_000, 0.0),
        (TICK_MODULUS - 1_000, 500, 1.5),  # GetTickCount wrapped after 49.7 days
    ],
    ids=["ordinary", "just now", "across the wrap"],
)
def test_idle_time_is_the_tick_difference_modulo_32_bits(
    last_input: int, now: int, seconds: float
) -> None:
    watcher = WindowsWatcher(FakeWindows(last_input=last_input, now=now))
    assert watcher.seconds_since_input() == pytest.approx(seconds)


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only")
def test_off_windows_the_real_api_is_one_clear_error() -> None:
    with pytest.raises(WindowSourceError, match="only available on Windows"):
        Win32Api()


def test_the_focus_token_is_the_foreground_window_handle() -> None:
    fake = FakeWindows()
    assert WindowsWatcher(fake).focus_token() == 0x1A2B
    fake.hwnd = 0
    assert WindowsWatcher(fake).focus_token() is None
    fake.hwnd, fake.fail_on = 7, "foreground_window"
    assert WindowsWatcher(fake).focus_token() is None


def test_without_change_notification_the_waiter_polls() -> None:
    started = time.monotonic()
    assert WindowsWatcher(FakeWindows()).wait_for_change(5.0) is True  # look again, soon
    assert time.monotonic() - started < 1.0
