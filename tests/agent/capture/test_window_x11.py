"""The X11 watcher against a real X server (Xvfb + openbox), real windows and real input."""

from __future__ import annotations

import itertools
import logging
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest
import Xlib.display

from agent.capture.rules import should_capture_window
from agent.capture.window import MAX_TITLE_CHARS, IdleUnavailable, WindowSourceError, open_watcher
from agent.capture.window.x11 import SCREENSAVER_EXTENSION, X11Watcher, process_name
from agent.policy import load_policy
from tests.desktop import Display, wait_for_window

_serial = itertools.count()
#: How long a window may take to show its new focus or title (a loaded CI machine).
SETTLE_S = 5.0


@pytest.fixture
def watcher(display: Display) -> Iterator[X11Watcher]:
    with X11Watcher(display.name) as opened:
        yield opened


Terminal = Callable[[str], "tuple[subprocess.Popen[bytes], str]"]


@pytest.fixture
def terminal(display: Display) -> Iterator[Terminal]:
    """Start an xterm with a title of the test's choosing: (process, window id)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(title: str) -> tuple[subprocess.Popen[bytes], str]:
        process = display.spawn(["xterm", "-T", title, "-e", "sleep", "120"])
        started.append(process)
        return process, wait_for_window(display, title)

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=10)


def unique(title: str) -> str:
    return f"{title} {next(_serial)}"


def activate(display: Display, window_id: str) -> None:
    display.run("xdotool", "windowactivate", "--sync", window_id)


def eventually(check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_the_active_xterm_is_reported_with_class_title_pid_and_process(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    title = unique("Consentry probe")
    process, window = terminal(title)
    activate(display, window)
    info = watcher.active_window()
    assert info is not None
    assert info.app_id == "XTerm"
    assert info.title == title
    assert info.pid == process.pid
    assert info.process_name == "xterm"


def test_switching_focus_between_two_windows_is_seen(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    first_title, second_title = unique("First window"), unique("Second window")
    _, first = terminal(first_title)
    _, second = terminal(second_title)
    activate(display, first)
    assert eventually(lambda: _title(watcher) == first_title)
    activate(display, second)
    assert eventually(lambda: _title(watcher) == second_title)
    activate(display, first)
    assert eventually(lambda: _title(watcher) == first_title)


def test_the_focus_token_is_the_active_window_id_and_follows_activation(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    _, first = terminal(unique("Token one"))
    _, second = terminal(unique("Token two"))
    activate(display, first)
    assert eventually(lambda: watcher.focus_token() == int(first))
    activate(display, second)
    assert eventually(lambda: watcher.focus_token() == int(second))


def _settle(watcher: X11Watcher) -> None:
    """Consume the change notifications already queued (window creation, earlier tests)."""
    while watcher.wait_for_change(0.3):
        pass


def test_waiting_for_a_change_times_out_quietly_on_an_idle_desktop(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    _, window = terminal(unique("Quiet"))
    activate(display, window)
    _settle(watcher)
    started = time.monotonic()
    assert watcher.wait_for_change(0.5) is False
    assert time.monotonic() - started >= 0.45


def test_a_focus_switch_wakes_the_waiter(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    _, first = terminal(unique("Wake one"))
    _, second = terminal(unique("Wake two"))
    activate(display, first)
    _settle(watcher)
    activate(display, second)
    assert watcher.wait_for_change(SETTLE_S) is True


def test_a_title_change_of_the_focused_window_wakes_the_waiter(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    _, window = terminal(unique("Retitle"))
    activate(display, window)
    _settle(watcher)
    display.run("xdotool", "set_window", "--name", unique("Retitled"), window)
    assert watcher.wait_for_change(SETTLE_S) is True


def test_a_very_long_title_keeps_its_end_so_a_private_window_is_still_seen(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    _, window = terminal(unique("Long"))
    long_title = "Reading list " + "very long page title " * 1500 + "- Private Browsing"
    display.run("xdotool", "set_window", "--name", long_title, window)
    activate(display, window)
    assert eventually(lambda: (_title(watcher) or "").endswith("- Private Browsing"))
    title = _title(watcher)
    assert title is not None and len(title) <= MAX_TITLE_CHARS
    assert title.startswith("Reading list ")
    policy = load_policy(environ={})
    assert not should_capture_window("firefox", title, policy)


def test_a_utf8_net_wm_name_is_preferred_over_wm_name(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    _, window = terminal(unique("Plain title"))
    utf8 = "Zürich — Überblick ✓ 東京"
    display.run("xprop", "-id", window, "-f", "_NET_WM_NAME", "8u", "-set", "_NET_WM_NAME", utf8)
    activate(display, window)
    assert eventually(lambda: _title(watcher) == utf8)


def test_a_latin1_wm_name_is_read_when_there_is_no_net_wm_name(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    title = unique("Café crème")  # xterm sets WM_NAME as a Latin-1 STRING, no _NET_WM_NAME
    _, window = terminal(title)
    assert "_NET_WM_NAME:  not found" in display.run("xprop", "-id", window, "_NET_WM_NAME")
    activate(display, window)
    assert _title(watcher) == title


def test_a_window_that_has_gone_reads_as_none_not_an_error(
    display: Display, watcher: X11Watcher, terminal: Terminal
) -> None:
    process, window = terminal(unique("Short-lived"))
    process.kill()
    process.wait(timeout=10)
    assert eventually(
        lambda: (
            subprocess.run(
                ["xprop", "-id", window, "WM_CLASS"], env=display.env, capture_output=True
            ).returncode
            != 0
        )
    )
    assert watcher.window_info(int(window)) is None  # BadWindow from the real server


def test_idle_time_drops_after_input_and_grows_without_it(
    display: Display, watcher: X11Watcher
) -> None:
    display.run("xdotool", "mousemove", "200", "200")
    display.run("xdotool", "mousemove", "210", "215")
    just_after = watcher.seconds_since_input()
    assert just_after < 1.0
    time.sleep(1.5)
    later = watcher.seconds_since_input()
    assert later >= just_after + 1.2
    assert later < 10.0
    display.run("xdotool", "key", "shift")
    assert watcher.seconds_since_input() < 1.0


def test_a_server_without_the_screensaver_extension_says_so_and_still_reads_windows(
    display: Display, monkeypatch: pytest.MonkeyPatch, terminal: Terminal
) -> None:
    real = Xlib.display.Display.has_extension
    monkeypatch.setattr(
        Xlib.display.Display,
        "has_extension",
        lambda self, name: False if name == SCREENSAVER_EXTENSION else real(self, name),
    )
    _, window = terminal(unique("No screensaver"))
    activate(display, window)
    with X11Watcher(display.name) as watcher:
        with pytest.raises(IdleUnavailable, match=SCREENSAVER_EXTENSION):
            watcher.seconds_since_input()
        assert watcher.active_window() is not None


def test_a_display_that_cannot_be_opened_is_one_clear_error() -> None:
    with pytest.raises(WindowSourceError, match="cannot open the X display :4077"):
        X11Watcher(":4077")


def test_open_watcher_picks_x11_on_linux_and_closes_it(display: Display) -> None:
    with open_watcher("linux", display=display.name) as watcher:
        assert isinstance(watcher, X11Watcher)
        assert watcher.seconds_since_input() >= 0.0


def test_titles_are_not_logged_or_shown_in_the_repr(
    display: Display, watcher: X11Watcher, terminal: Terminal, caplog: pytest.LogCaptureFixture
) -> None:
    title = unique("Secret-Title-Canary")
    _, window = terminal(title)
    activate(display, window)
    with caplog.at_level(logging.DEBUG):
        info = watcher.active_window()
        watcher.window_info(0x3FFFFFF)
    assert info is not None
    assert "Canary" not in repr(info)
    assert "Canary" not in caplog.text


def test_the_process_name_of_a_pid_that_does_not_exist_is_none() -> None:
    assert process_name(2**22 + 17) is None  # above Linux's largest pid_max


def _title(watcher: X11Watcher) -> str | None:
    info = watcher.active_window()
    return info.title if info else None
