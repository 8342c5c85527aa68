"""Visible windows with their rectangles, from a real X server (Xvfb + openbox)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from agent.capture.window import VisibleWindow, WindowListUnavailable
from agent.capture.window.x11 import X11Watcher
from tests.agent.capture.screen.desktop import ShownWindow, eventually, show_window
from tests.desktop import Display

_serial = itertools.count()


@pytest.fixture
def watcher(display: Display) -> Iterator[X11Watcher]:
    with X11Watcher(display.name) as opened:
        yield opened


def unique(title: str) -> str:
    return f"{title} {next(_serial)}"


def listed(watcher: X11Watcher, shown: ShownWindow) -> VisibleWindow | None:
    wanted = int(shown.window_id)
    return next((w for w in watcher.visible_windows() if w.window_id == wanted), None)


def client_box(display: Display, window_id: str) -> tuple[int, int, int, int]:
    """The client window's own box in root coordinates, as xwininfo reports it."""
    out = display.run("xwininfo", "-id", window_id)
    fields = dict(line.strip().split(":", 1) for line in out.splitlines() if ":" in line)
    x, y = int(fields["Absolute upper-left X"]), int(fields["Absolute upper-left Y"])
    return (x, y, x + int(fields["Width"]), y + int(fields["Height"]))


def contains(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def test_a_shown_window_is_listed_with_its_class_and_its_rectangle_with_the_title_bar(
    display: Display, watcher: X11Watcher
) -> None:
    title = unique("Listed window")
    with show_window(display, "consentrylisted", title, "300x120+200+150", ["Hello"]) as shown:
        window = listed(watcher, shown)
        assert window is not None
        assert window.info.app_id == "Consentrylisted"
        assert window.info.title == title
        client = client_box(display, shown.window_id)
        assert contains(window.rect, client)
        assert window.rect[1] < client[1]  # openbox's title bar, which shows the title
        assert window.rect[3] - window.rect[1] < client[3] - client[1] + 60


def test_the_list_is_in_stacking_order_bottom_first(display: Display, watcher: X11Watcher) -> None:
    lower_title, upper_title = unique("Lower"), unique("Upper")
    with (
        show_window(display, "consentrystack", lower_title, "200x100+100+100", ["A"]) as lower,
        show_window(display, "consentrystack", upper_title, "200x100+150+150", ["B"]) as upper,
    ):
        for top, bottom in ((upper, lower), (lower, upper)):
            display.run("xdotool", "windowactivate", "--sync", top.window_id)

            def order(top: ShownWindow = top, bottom: ShownWindow = bottom) -> bool:
                ids = [w.window_id for w in watcher.visible_windows()]
                return ids.index(int(bottom.window_id)) < ids.index(int(top.window_id))

            assert eventually(order)


def test_a_minimised_window_is_not_listed_and_is_again_when_restored(
    display: Display, watcher: X11Watcher
) -> None:
    title = unique("Minimised")
    with show_window(display, "consentrymin", title, "200x100+300+300", ["C"]) as shown:
        assert listed(watcher, shown) is not None
        display.run("xdotool", "windowminimize", "--sync", shown.window_id)
        assert eventually(lambda: listed(watcher, shown) is None)
        display.run("xdotool", "windowactivate", "--sync", shown.window_id)
        assert eventually(lambda: listed(watcher, shown) is not None)


def test_a_window_that_vanished_is_skipped_and_the_others_are_listed(
    display: Display, watcher: X11Watcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    with show_window(
        display, "consentrygone", unique("Still here"), "200x100+50+50", ["D"]
    ) as shown:
        real = watcher._client_ids
        gone = 0x3FFFFFF  # no such window: the server answers BadWindow
        monkeypatch.setattr(watcher, "_client_ids", lambda: [gone, *real()])
        ids = [w.window_id for w in watcher.visible_windows()]
        assert gone not in ids
        assert int(shown.window_id) in ids


def test_a_window_list_that_cannot_be_read_is_an_error_not_an_empty_list(
    watcher: X11Watcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    from Xlib.error import BadAccess

    def refuse() -> list[int]:
        raise BadAccess(watcher._display.display, b"\0" * 32)

    monkeypatch.setattr(watcher, "_client_ids", refuse)
    with pytest.raises(WindowListUnavailable, match="BadAccess"):
        watcher.visible_windows()


def test_an_override_redirect_popup_is_listed_on_top_with_its_class(
    display: Display, watcher: X11Watcher
) -> None:
    title = unique("Popup")
    with show_window(display, "popup:keepassxc", title, "180x90+600+500", ["Entry"]) as shown:
        windows = watcher.visible_windows()
        assert windows[-1].window_id == int(shown.window_id)
        assert windows[-1].info.app_id == "Keepassxc"
        assert windows[-1].rect == (600, 500, 780, 590)


def test_a_shown_window_whose_names_cannot_be_read_is_listed_as_unknown(
    display: Display, watcher: X11Watcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = unique("Unreadable")
    with show_window(display, "consentryunread", title, "200x100+300+300", ["X"]) as shown:
        wanted = int(shown.window_id)
        read = watcher.window_info
        # The class, title and pid reads fail for this one window (an X error mid-read).
        monkeypatch.setattr(
            watcher, "window_info", lambda wid: None if wid == wanted else read(wid)
        )
        window = listed(watcher, shown)
        assert window is not None, "a shown window was left out of the list (never masked)"
        assert (window.info.app_id, window.info.title, window.info.pid) == ("unknown", None, None)
