"""The macOS watcher's visible-window listing, with fake OS calls.

These are fakes of CGWindowListCopyWindowInfo and NSRunningApplication:
real-OS verification is owed (that QuartzApi reads the real dictionaries as
these fakes shape them, and that bounds match mss's monitors on a Retina Mac).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from agent.capture.window import UNKNOWN_APP_ID, WindowListUnavailable
from agent.capture.window.macos import FrontApp, MacWatcher, ShownMacWindow

MAIL = FrontApp("com.apple.mail", "Mail", "Mail", 812)
VAULT = FrontApp("com.1password.1password", "1Password", "1Password", 900)


def shown(
    number: int,
    pid: int,
    bounds: tuple[float, float, float, float],
    *,
    title: str | None = "A window",
    layer: int = 0,
    alpha: float = 1.0,
    owner: str | None = None,
) -> ShownMacWindow:
    return ShownMacWindow(number, pid, owner, title, layer, bounds, alpha)


@dataclass
class FakeMacWindows:
    """Fake of the two listing calls (the rest of MacApi is not used here)."""

    windows: list[ShownMacWindow]
    apps: dict[int, FrontApp] = field(default_factory=dict)
    fail_list: bool = False
    fail_app: set[int] = field(default_factory=set)
    asked: list[int] = field(default_factory=list)

    def on_screen_windows(self) -> list[ShownMacWindow]:
        if self.fail_list:
            raise RuntimeError("bridge error")
        return self.windows

    def application(self, pid: int) -> FrontApp | None:
        self.asked.append(pid)
        if pid in self.fail_app:
            raise RuntimeError("quit mid-call")
        return self.apps.get(pid)

    def frontmost_application(self) -> FrontApp | None:
        return None

    def window_title(self, pid: int) -> str | None:
        return None

    def seconds_since_last_event(self) -> float:
        return 0.0


def test_windows_are_listed_bottom_first_with_application_and_outward_rounded_bounds() -> None:
    api = FakeMacWindows(
        [shown(7, 812, (10.5, 20.2, 100.0, 50.0), title="Inbox"), shown(3, 900, (0, 0, 300, 200))],
        {812: MAIL, 900: VAULT},
    )
    listed = MacWatcher(api).visible_windows()
    assert [w.window_id for w in listed] == [3, 7]  # macOS lists front first
    assert listed[0].info.app_id == "com.1password.1password"
    assert listed[1].info.app_id == "com.apple.mail"
    assert listed[1].info.title == "Inbox"
    assert listed[1].rect == (10, 20, 111, 71)


def test_windows_on_other_layers_are_listed_too() -> None:
    banner = shown(9, 900, (1200, 30, 350, 80), layer=23)  # a notification or a panel
    listed = MacWatcher(FakeMacWindows([banner], {900: VAULT})).visible_windows()
    assert [w.window_id for w in listed] == [9]


@pytest.mark.parametrize(
    "window",
    [shown(1, 812, (0, 0, 100, 100), alpha=0.0), shown(2, 812, (0, 0, 0, 100))],
    ids=["transparent", "empty"],
)
def test_transparent_and_empty_windows_are_skipped(window: ShownMacWindow) -> None:
    assert MacWatcher(FakeMacWindows([window], {812: MAIL})).visible_windows() == []


def test_each_pid_is_resolved_once_per_listing() -> None:
    api = FakeMacWindows([shown(n, 812, (0, 0, 10, 10)) for n in range(5)], {812: MAIL})
    MacWatcher(api).visible_windows()
    assert api.asked == [812]


@pytest.mark.parametrize("fails", [True, False], ids=["lookup fails", "application quit"])
def test_a_window_whose_application_cannot_be_resolved_uses_its_owner_name(fails: bool) -> None:
    api = FakeMacWindows(
        [shown(1, 77, (0, 0, 10, 10), owner="KeePassXC"), shown(2, 78, (0, 0, 10, 10))],
        fail_app={77, 78} if fails else set(),
    )
    first, second = MacWatcher(api).visible_windows()[::-1]
    assert first.info.app_id == "KeePassXC"
    assert second.info.app_id == UNKNOWN_APP_ID


def test_a_list_that_cannot_be_read_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(WindowListUnavailable, match="RuntimeError"):
        MacWatcher(FakeMacWindows([], fail_list=True)).visible_windows()


def test_titles_are_not_in_the_repr_of_a_listed_window() -> None:
    api = FakeMacWindows([shown(1, 812, (0, 0, 10, 10), title="Canary-Title")], {812: MAIL})
    (window,) = MacWatcher(api).visible_windows()
    assert "Canary" not in repr(window)
    assert "Canary" not in repr(api.windows[0])
