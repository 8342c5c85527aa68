"""One watcher module per OS, chosen once; every module imports on any OS."""

from __future__ import annotations

import importlib

import pytest

from agent.capture.window import BACKENDS, WindowSourceError, watcher_class
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
