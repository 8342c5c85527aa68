"""The real tray under Xvfb: it docks in a system tray, follows consent, and its menu works.

openbox has no system tray, so ``trayer`` (a small freedesktop tray host,
installed by ``installers/dev/setup.sh``) provides one. The tray runs as its
own process on the test display with pystray's X11 backend, exactly as on a
Linux desktop without PyGObject; there the menu opens on a left click as a Tk
pop-up, driven here with real input from xdotool.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent.consent import ConsentController
from agent.paths import AgentPaths
from tests.agent.agent_process import start_module
from tests.agent.consent.conftest import TERMS
from tests.agent.consent.test_controller import run_cli
from tests.desktop import Display

TRAY_HOST = "trayer"
#: Longer than the tray's poll interval (2 s), with room for a loaded CI box (docking once
#: took over 10 s there); the checks pass as soon as the state is reached.
SETTLE_S = 30.0

pytestmark = pytest.mark.slow


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {SETTLE_S:.0f} s")


@pytest.fixture(scope="module")
def tray_host(display: Display) -> Iterator[None]:
    if shutil.which(TRAY_HOST) is None:
        pytest.skip(f"{TRAY_HOST} (a system tray host) is missing: run installers/dev/setup.sh")
    host = display.spawn(
        [TRAY_HOST, "--edge", "top", "--align", "right", "--widthtype", "request",
         "--height", "24", "--transparent", "false"]
    )  # fmt: skip
    try:
        display.run("xdotool", "search", "--sync", "--classname", "panel")
        yield
    finally:
        host.terminate()
        host.wait(timeout=5)


class Tray:
    """A tray process on the test display, found by its icon window."""

    def __init__(
        self,
        display: Display,
        paths: AgentPaths,
        module: str = "tests.agent.tray.fixed_terms_tray",
        *args: str,
        managed: Path | None = None,
    ) -> None:
        self.display = display
        self.process = start_module(module, paths, *args, managed=managed, base=display.env)
        found = display.run("xdotool", "search", "--sync", "--classname", "consentrySystemTrayIcon")
        self.window = found.split()[0]

    def title(self) -> str:
        return self.display.run("xdotool", "getwindowname", self.window).strip()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def output(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.read()


@pytest.fixture
def tray(display: Display, tray_host: None, paths: AgentPaths) -> Iterator[Tray]:
    started = Tray(display, paths)
    try:
        yield started
    finally:
        started.stop()


def test_the_tray_docks_in_the_system_tray(display: Display, tray: Tray) -> None:
    root = display.run("xwininfo", "-root").split("Window id: ")[1].split()[0]

    def docked() -> bool:  # reparented into the tray host, which happens after the window shows
        info = display.run("xwininfo", "-id", tray.window, "-tree")
        return info.split("Parent window id: ")[1].split()[0] != root

    eventually(docked, "the icon docks in the tray host")


def test_the_tooltip_follows_a_pause_made_in_a_terminal(paths: AgentPaths, tray: Tray) -> None:
    assert tray.title() == "Consentry - off - consent has not been given"
    assert run_cli(paths, "consent", "grant").returncode == 0
    eventually(lambda: tray.title() == "Consentry - recording", "the tray shows recording")
    assert run_cli(paths, "consent", "pause", "15m").returncode == 0
    eventually(
        lambda: tray.title().startswith("Consentry - paused until "), "the tray shows the pause"
    )


def test_pause_from_the_menu_stops_capture(display: Display, paths: AgentPaths, tray: Tray) -> None:
    controller = ConsentController(paths, TERMS)
    controller.grant()
    eventually(lambda: tray.title() == "Consentry - recording", "the tray shows recording")
    display.run("xdotool", "mousemove", "--window", tray.window, "5", "5", "click", "1")
    display.run("xdotool", "search", "--sync", "--onlyvisible", "--class", "Menu")
    for key in ("Down", "Right", "Return"):  # Pause ▸ 15 minutes
        display.run("xdotool", "key", key)
        time.sleep(0.3)
    eventually(lambda: not controller.allows("input_activity"), "capture is paused")
    assert controller.status().mode == "paused"


def test_the_tray_stops_cleanly_on_sigterm(display: Display, tray: Tray) -> None:
    assert tray.process.poll() is None
    assert tray.stop() == 0
    output = tray.output()
    assert "Traceback" not in output, output
    gone = subprocess.run(
        ["xdotool", "search", "--classname", "consentrySystemTrayIcon"],
        env=display.env,
        capture_output=True,
        check=False,
    )
    assert gone.returncode != 0  # no icon window left


def test_the_agent_shows_the_tray_without_consent_files_or_a_policy(
    display: Display, tray_host: None, paths: AgentPaths
) -> None:
    """The real entry point, ``consentry run``, with nothing configured: off, not missing."""
    tray = Tray(display, paths, "agent.cli", "run")
    try:
        assert tray.title() == "Consentry - off - no study is configured on this device"
    finally:
        assert tray.stop() == 0


def test_with_a_broken_policy_the_agent_shows_the_tray_in_the_error_state(
    display: Display, tray_host: None, paths: AgentPaths, tmp_path: Path
) -> None:
    """The indicator never depends on a valid policy; capture stays off and says why."""
    broken = tmp_path / "policy.toml"
    broken.write_text("[study]\nid = 'study-1'\nsurprise = 1\n")
    tray = Tray(display, paths, "agent.cli", "run", managed=broken)
    try:
        assert tray.title() == "Consentry - error - the policy has problems"
        assert not ConsentController(paths, TERMS).allows("input_activity")
    finally:
        assert tray.stop() == 0
    output = tray.output()
    assert output.count(f"{broken}: study.surprise: unknown key") == 1, output
    assert "Traceback" not in output
