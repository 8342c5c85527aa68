"""The tray runner without a display: menu actions reach the controller, the model maps to pystray.

pystray is imported with its ``dummy`` backend here (the real X11 backend is
exercised by ``test_smoke.py`` under Xvfb); ``Menu`` and ``MenuItem`` are the
same classes for every backend.
"""

from __future__ import annotations

import logging
import stat
from types import ModuleType
from typing import Any

import pytest

from agent.consent import ConsentController
from agent.tray.menu import build_menu
from agent.tray.runner import NOTICE_FILE, TrayRunner, open_notice_file, to_pystray


@pytest.fixture
def pystray(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("PYSTRAY_BACKEND", "dummy")
    import pystray

    module: ModuleType = pystray
    return module


@pytest.fixture
def runner(controller: ConsentController) -> TrayRunner:
    controller.grant()
    return TrayRunner(controller, open_notice=lambda c: None)


@pytest.mark.parametrize(
    ("action", "mode"),
    [("pause:15m", "paused"), ("pause:1h", "paused"), ("pause:tomorrow", "paused")],
)
def test_pause_items_pause(runner: TrayRunner, action: str, mode: str) -> None:
    runner.dispatch(action)
    assert runner.controller.status().mode == mode


def test_resume_item_resumes(runner: TrayRunner) -> None:
    runner.dispatch("pause:1h")
    runner.dispatch("resume")
    assert runner.controller.status().mode == "recording"


def test_withdraw_item_withdraws(runner: TrayRunner) -> None:
    runner.dispatch("withdraw")
    assert runner.controller.status().mode == "withdrawn"


def test_notice_item_opens_the_notice(controller: ConsentController) -> None:
    opened: list[ConsentController] = []
    TrayRunner(controller, open_notice=opened.append).dispatch("notice")
    assert opened == [controller]


def test_show_collected_item_opens_the_viewer(controller: ConsentController) -> None:
    opened: list[bool] = []
    runner = TrayRunner(controller, show_collected=lambda: opened.append(True))
    assert runner.model().entry("Show what is collected…").enabled
    runner.dispatch("show-collected")
    assert opened == [True]


def test_a_refused_action_is_logged_not_raised(
    controller: ConsentController, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        TrayRunner(controller).dispatch("pause:15m")  # nothing granted yet
    assert "nothing to pause" in caplog.text


def test_the_notice_file_is_private_and_opened_in_the_viewer(
    controller: ConsentController, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    open_notice_file(controller)
    path = controller.paths.state_dir / NOTICE_FILE
    assert path.read_text(encoding="utf-8") == controller.notice()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert opened == [path.as_uri()]


def test_model_maps_to_pystray_items(pystray: ModuleType, runner: TrayRunner) -> None:
    model = runner.model()
    dispatched: list[str] = []
    items = to_pystray(pystray, model.items, dispatched.append)
    assert len(items) == len(model.items)
    texts = [item.text for item in items if item is not pystray.Menu.SEPARATOR]
    assert texts == [entry.label for entry in model.items if not entry.is_separator]
    status_line = items[0]
    assert not status_line.enabled


def test_pystray_items_dispatch_their_action(pystray: ModuleType, runner: TrayRunner) -> None:
    dispatched: list[str] = []
    items = to_pystray(pystray, runner.model().items, dispatched.append)
    pause = next(item for item in items if item.text == "Pause")
    fifteen = next(iter(pause.submenu.items))
    fifteen(icon=None)
    withdraw = next(item for item in items if item.text == "Withdraw consent…")
    next(iter(withdraw.submenu.items))(icon=None)
    assert dispatched == ["pause:15m", "withdraw"]


def test_disabled_entries_stay_disabled_in_pystray(
    pystray: ModuleType, controller: ConsentController
) -> None:
    model = build_menu(controller.status(), controller.terms)  # not consented
    items: Any = to_pystray(pystray, model.items, lambda action: None)
    by_text = {item.text: item for item in items if item is not pystray.Menu.SEPARATOR}
    assert not by_text["Pause"].enabled and not by_text["Resume"].enabled
    assert by_text["Read the notice"].enabled and by_text["Withdraw consent…"].enabled


class ShownIcon:
    """Records when the icon became visible, relative to the agent's start-up hook."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    @property
    def visible(self) -> bool:
        return "visible" in self.events

    @visible.setter
    def visible(self, value: bool) -> None:
        self.events.append("visible")


def test_capture_is_started_only_once_the_icon_is_visible(controller: ConsentController) -> None:
    events: list[str] = []
    runner = TrayRunner(controller, on_visible=lambda: events.append("capture"), poll_seconds=3600)
    runner._setup(ShownIcon(events))
    runner.stop()
    assert events == ["visible", "capture"]
