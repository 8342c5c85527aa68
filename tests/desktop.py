"""A real X display for end-to-end tests: Xvfb with the openbox window manager.

Real desktops have a window manager, and without one there is no active window
(``_NET_ACTIVE_WINDOW``), so one is always started. The display number is chosen
by Xvfb itself (``-displayfd``), so parallel runs never collide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

START_TIMEOUT_S = 15.0
REQUIRED = ("Xvfb", "openbox", "xdotool", "xprop")


@dataclass(frozen=True)
class Display:
    name: str  # ":93"
    size: tuple[int, int]

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.name}

    def run(self, *args: str, timeout: float = 20.0) -> str:
        done = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )
        return done.stdout

    def type(self, text: str, delay_ms: int = 40) -> None:
        """Type ``text`` with real key events (xdotool), ``delay_ms`` between keys."""
        self.run("xdotool", "type", "--delay", str(delay_ms), text)

    def key(self, *keys: str) -> None:
        """Press keys or chords (``Return``, ``ctrl+Tab``) with real key events."""
        self.run("xdotool", "key", "--delay", "60", *keys)

    def spawn(self, args: Sequence[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            list(args), env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED if shutil.which(tool) is None]


def _wait(check: Sequence[str], env: dict[str, str], what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if subprocess.run(list(check), env=env, capture_output=True, check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT_S:.0f} s")


@contextmanager
def x_display(width: int = 1280, height: int = 800) -> Iterator[Display]:
    """Xvfb + openbox for the duration of the block."""
    missing = missing_tools()
    if missing:
        raise RuntimeError(
            f"missing {', '.join(missing)}: run installers/dev/setup.sh (it installs them)"
        )
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    processes: list[subprocess.Popen[bytes]] = [server]
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not report a display number")
        display = Display(f":{number}", (width, height))
        _wait(["xprop", "-root"], display.env, "Xvfb")
        processes.append(display.spawn(["openbox", "--sm-disable"]))
        _wait_wm_check(display)
        yield display
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_wm_check(display: Display) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        out = display.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK")
        if "window id" in out:
            return
        time.sleep(0.1)
    raise RuntimeError("openbox did not take over the display")


def wait_for_window(display: Display, name: str) -> str:
    """The id of the first window whose name matches ``name`` (xdotool waits for it)."""
    out = display.run("xdotool", "search", "--sync", "--onlyvisible", "--name", name)
    return out.split()[0]
