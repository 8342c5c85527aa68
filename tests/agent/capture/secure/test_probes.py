"""Heuristics everywhere, the per-OS probes' logic, and which probe a window gets.

The AT-SPI, macOS and Windows tests use FAKES standing in for the OS
(pyatspi's registry and accessibles, Carbon's ``IsSecureEventInputEnabled``,
UI Automation's ``IsPassword``): they test this code's logic only; the real
OS calls are verified nowhere here (owed on a desktop with AT-SPI, a Mac and
a Windows machine).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from agent.capture.secure import BACKENDS, AnyTrueProbe, FixedProbe, open_probe
from agent.capture.secure.atspi import AtspiProbe, FocusTracker, role_secure
from agent.capture.secure.heuristics import title_asks_for_credentials
from agent.capture.secure.macos import SecureInputProbe
from agent.capture.secure.windows import CACHE_NS, UiaPasswordProbe
from agent.capture.window import WindowInfo


@pytest.mark.parametrize(
    ("title", "credential"),
    [
        ("Enter password", True), ("Passphrase for key", True), ("Enter PIN", True),
        ("pin code", True), ("Passcode required", True), ("Unlock keyring", True),
        ("Sign in - Accounts", True), ("Log in to Example", True), ("login", True),
        ("Authentication required", True), ("signin", True),
        ("Pinned tabs", False), ("spinning wheel", False), ("report.odt", False),
        ("Login shells in bash", True), ("", False), (None, False),
    ],
)  # fmt: skip
def test_titles_that_ask_for_credentials(title: str | None, credential: bool) -> None:
    assert title_asks_for_credentials(title) is credential


def window(title: str = "notes.txt", app_id: str = "org.example.Editor") -> WindowInfo:
    return WindowInfo(app_id=app_id, title=title, pid=None, process_name=None)


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32", "sunos5"])
def test_credential_windows_are_secure_on_every_platform(platform: str) -> None:
    assert open_probe(window(title="Unlock Login Keyring"), 1, platform=platform).secure() is True
    assert open_probe(window(app_id="KeePassXC"), 1, platform=platform).secure() is True


def test_no_window_or_an_unknown_platform_is_unknown() -> None:
    assert open_probe(None, None).secure() is None
    assert open_probe(window(), 1, platform="sunos5").secure() is None


def test_a_linux_window_that_is_not_a_terminal_and_has_no_atspi_is_unknown() -> None:
    no_pid = window()  # no process to follow to a pty; pyatspi is absent in the venv
    assert open_probe(no_pid, 1, platform="linux").secure() is None


def test_every_platform_has_a_backend() -> None:
    assert set(BACKENDS) == {"linux", "darwin", "win32"}


@pytest.mark.parametrize(
    ("answers", "combined"),
    [((True, False), True), ((False, None), False), ((None, None), None), ((None, True), True)],
)
def test_several_signals_any_true_wins_then_any_false(
    answers: tuple[bool | None, ...], combined: bool | None
) -> None:
    assert AnyTrueProbe([FixedProbe(a) for a in answers]).secure() is combined


# -- AT-SPI (FAKE accessibles) ---------------------------------------------------------


@dataclass
class FakeApp:
    """FAKE: an AT-SPI application object."""

    pid: int

    def get_process_id(self) -> int:
        return self.pid


@dataclass
class FakeAccessible:
    """FAKE: an AT-SPI accessible with a role name and an application."""

    role: str
    pid: int

    def getRoleName(self) -> str:
        return self.role

    def getApplication(self) -> FakeApp:
        return FakeApp(self.pid)


@dataclass
class FakeEvent:
    """FAKE: an ``object:state-changed:focused`` event."""

    source: object
    detail1: int = 1


@dataclass
class FakeRegistry:
    """FAKE: pyatspi.Registry, recording the listener it was given."""

    listeners: list[object] = field(default_factory=list)

    def registerEventListener(self, listener: object, *events: str) -> None:
        self.listeners.append(listener)

    def start(self) -> None:
        pass


@pytest.mark.parametrize(
    ("role", "secure"),
    [("password text", True), ("text", False), ("entry", False), ("push button", None)],
)
def test_the_role_of_the_focused_accessible_decides(role: str, secure: bool | None) -> None:
    tracker = FocusTracker(FakeRegistry())
    tracker.on_event(FakeEvent(FakeAccessible(role, pid=42)))
    assert AtspiProbe(tracker, 42).secure() is secure


def test_focus_moving_within_the_window_is_followed_per_key() -> None:
    tracker = FocusTracker(FakeRegistry())
    probe = AtspiProbe(tracker, 42)
    tracker.on_event(FakeEvent(FakeAccessible("text", 42)))
    assert probe.secure() is False
    tracker.on_event(FakeEvent(FakeAccessible("password text", 42)))  # Tab to the password
    assert probe.secure() is True


def test_a_focus_event_of_another_application_is_stale() -> None:
    tracker = FocusTracker(FakeRegistry())
    tracker.on_event(FakeEvent(FakeAccessible("text", pid=7)))
    assert AtspiProbe(tracker, 42).secure() is None


def test_losing_focus_events_are_ignored_and_unreadable_objects_are_unknown() -> None:
    tracker = FocusTracker(FakeRegistry())
    tracker.on_event(FakeEvent(FakeAccessible("text", 42)))
    tracker.on_event(FakeEvent(FakeAccessible("password text", 42), detail1=0))
    assert AtspiProbe(tracker, 42).secure() is False
    tracker.on_event(FakeEvent(source=object()))
    assert AtspiProbe(tracker, 42).secure() is None


def test_the_tracker_listens_to_focus_events() -> None:
    registry = FakeRegistry()
    FocusTracker(registry).start()
    assert len(registry.listeners) == 1


def test_role_names() -> None:
    assert role_secure("PASSWORD_TEXT") is True and role_secure(None) is None


# -- macOS (FAKE Carbon call) ------------------------------------------------------------


@pytest.mark.parametrize(("enabled", "secure"), [(True, True), (False, False)])
def test_macos_secure_event_input_decides(enabled: bool, secure: bool) -> None:
    assert SecureInputProbe(lambda: enabled).secure() is secure


def test_macos_without_carbon_is_unknown() -> None:
    assert SecureInputProbe(None).secure() is None


# -- Windows (FAKE UI Automation) ----------------------------------------------------------


@dataclass
class FakeUia:
    """FAKE: UI Automation's focused element's ``IsPassword``, counting queries."""

    answer: bool | None
    queries: int = 0

    def __call__(self) -> bool | None:
        self.queries += 1
        return self.answer


def test_windows_is_password_decides_and_is_cached_briefly() -> None:
    now = [0]
    uia = FakeUia(False)
    probe = UiaPasswordProbe(uia, clock=lambda: now[0])
    assert probe.secure() is False
    uia.answer = True
    now[0] = CACHE_NS - 1
    assert probe.secure() is False and uia.queries == 1
    now[0] = CACHE_NS
    assert probe.secure() is True and uia.queries == 2


def test_windows_query_failures_and_no_focused_element_are_unknown() -> None:
    def failing() -> bool | None:
        raise RuntimeError("COMError stand-in")

    assert UiaPasswordProbe(failing).secure() is None
    assert UiaPasswordProbe(FakeUia(None)).secure() is None
    assert UiaPasswordProbe(None).secure() is None


def test_on_linux_an_installed_pyatspi_joins_the_probe_of_a_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A FAKE pyatspi module (its Registry) stands in for the Debian package and the bus."""
    import sys
    import types

    import agent.capture.secure.atspi as atspi

    registry = FakeRegistry()
    monkeypatch.setitem(sys.modules, "pyatspi", types.SimpleNamespace(Registry=registry))
    monkeypatch.setattr(atspi, "_tracker", None)
    monkeypatch.setattr(atspi, "_unavailable", False)
    gui = WindowInfo(app_id="org.example.Browser", title="Example", pid=4242, process_name="b")
    probe = open_probe(gui, 1, platform="linux")
    assert probe.secure() is None
    tracker = atspi.start_tracker()
    assert tracker is not None and registry.listeners == [tracker.on_event]
    tracker.on_event(FakeEvent(FakeAccessible("entry", 4242)))
    assert probe.secure() is False
    tracker.on_event(FakeEvent(FakeAccessible("password text", 4242)))
    assert probe.secure() is True
