"""One watcher module per OS, chosen once; every module imports on any OS."""

from __future__ import annotations

import importlib

import pytest

from agent.capture.window import BACKENDS, MAX_TITLE_CHARS, WindowSourceError, watcher_class
from agent.capture.window.base import clip
from agent.capture.window.macos import MacWatcher
from agent.capture.window.windows import WindowsWatcher
from agent.capture.window.x11 import X11Watcher


@pytest.mark.parametrize(
    ("platform", "expected"),
    [("linux", X11Watcher), ("darwin", MacWatcher), ("win32", WindowsWatcher)],
)
def test_each_platform_gets_its_own_watcher(platform: str, expected: type) -> None:
    assert watcher_class(platform) is expected


def test_an_unsupported_platform_is_one_clear_error() -> None:
    with pytest.raises(WindowSourceError, match="no window watcher for this platform"):
        watcher_class("sunos5")


@pytest.mark.parametrize("target", sorted(BACKENDS.values()))
def test_every_os_module_imports_here_without_its_os_libraries(target: str) -> None:
    module = importlib.import_module(target.partition(":")[0])
    assert hasattr(module, target.partition(":")[2])


@pytest.mark.parametrize("length", [0, 10, MAX_TITLE_CHARS])
def test_a_title_within_the_bound_is_kept_whole(length: int) -> None:
    text = "t" * length
    assert clip(text) == text


def test_a_long_title_keeps_its_start_and_end_within_the_bound() -> None:
    text = "Start of a page " + "x" * (3 * MAX_TITLE_CHARS) + " - Private Browsing"
    clipped = clip(text)
    assert len(clipped) == MAX_TITLE_CHARS
    assert clipped.startswith("Start of a page ")
    assert clipped.endswith(" - Private Browsing")
