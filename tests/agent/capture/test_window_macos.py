"""The macOS watcher's logic, with fake OS calls.

Real-OS verification is owed: these tests prove what the watcher does with
what macOS returns, not that QuartzApi calls macOS correctly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agent.capture.window import MAX_TITLE_CHARS, UNKNOWN_APP_ID, WindowSourceError
from agent.capture.window.macos import FrontApp, MacWatcher, QuartzApi


@dataclass
class FakeMac:
    app: FrontApp | None = None
    title: str | None = None
    idle: float = 0.0
    fail: BaseException | None = None

    def frontmost_application(self) -> FrontApp | None:
        if self.fail is not None:
            raise self.fail
        return self.app

    def window_title(self, pid: int) -> str | None:
        assert self.app is not None and pid == self.app.pid
        return self.title

    def seconds_since_last_event(self) -> float:
        return self.idle


MAIL = FrontApp(bundle_id="com.apple.mail", executable="Mail", localized_name="Mail", pid=812)


@pytest.mark.parametrize(
    ("app", "app_id", "process"),
    [
        (MAIL, "com.apple.mail", "Mail"),
        (FrontApp(None, "helper", "Helper App", 9), "helper", "helper"),
        (FrontApp(None, None, "Helper App", 9), "Helper App", "Helper App"),
        (FrontApp(None, None, None, 9), UNKNOWN_APP_ID, None),
    ],
    ids=["bundle id", "executable", "localized name", "nothing"],
)
def test_the_application_id_is_the_bundle_id_then_the_executable_then_the_name(
    app: FrontApp, app_id: str, process: str | None
) -> None:
    info = MacWatcher(FakeMac(app=app, title="Inbox")).active_window()
    assert info is not None
    assert (info.app_id, info.process_name, info.pid) == (app_id, process, app.pid)


def test_the_title_is_returned_and_bounded() -> None:
    info = MacWatcher(FakeMac(app=MAIL, title="x" * (MAX_TITLE_CHARS + 50))).active_window()
    assert info is not None and info.title is not None
    assert len(info.title) == MAX_TITLE_CHARS


def test_without_the_screen_recording_permission_the_title_is_none() -> None:
    info = MacWatcher(FakeMac(app=MAIL, title=None)).active_window()
    assert info is not None
    assert info.title is None
    assert info.app_id == "com.apple.mail"


def test_no_frontmost_application_is_none() -> None:
    assert MacWatcher(FakeMac(app=None)).active_window() is None


def test_an_application_quitting_mid_call_is_none_not_an_error() -> None:
    assert MacWatcher(FakeMac(fail=RuntimeError("gone"))).active_window() is None


@pytest.mark.parametrize(("reported", "seconds"), [(12.5, 12.5), (0.0, 0.0), (-0.001, 0.0)])
def test_idle_seconds_are_never_negative(reported: float, seconds: float) -> None:
    assert MacWatcher(FakeMac(idle=reported)).seconds_since_input() == seconds


def test_without_pyobjc_the_real_api_is_one_clear_error() -> None:
    try:
        import AppKit  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        with pytest.raises(WindowSourceError, match="pyobjc"):
            QuartzApi()
    else:  # pragma: no cover - on a Mac
        pytest.skip("pyobjc is installed here")


def test_the_focus_token_is_the_frontmost_application_s_pid() -> None:
    assert MacWatcher(FakeMac(app=MAIL)).focus_token() == 812
    assert MacWatcher(FakeMac(app=None)).focus_token() is None
    assert MacWatcher(FakeMac(fail=RuntimeError("gone"))).focus_token() is None
