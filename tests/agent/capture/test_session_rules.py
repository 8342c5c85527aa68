"""What a capture session records for a window, given the policy and the purposes consented to."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.capture.session import CaptureSession, consented_level, focus_context, os_family
from agent.capture.window import WindowInfo
from agent.policy import EffectivePolicy, load_policy
from agent.wire import record_kind, samples

ALL = ("input_activity", "typed_text", "screen_content")


@pytest.mark.parametrize(
    ("level", "purposes", "expected"),
    [
        ("text", ALL, "text"),
        ("text", ("input_activity",), "classes"),
        ("text", ("typed_text",), "off"),
        ("text", ("screen_content",), "off"),
        ("classes", ("input_activity",), "classes"),
        ("counts", ("input_activity", "typed_text"), "counts"),
        ("off", ALL, "off"),
        ("counts", (), "off"),
    ],
)
def test_the_keystroke_level_is_narrowed_to_the_purposes_consented_to(
    level: str, purposes: tuple[str, ...], expected: str
) -> None:
    assert consented_level(level, purposes) == expected  # type: ignore[arg-type]


@pytest.fixture
def policy(tmp_path: Path) -> EffectivePolicy:
    managed = tmp_path / "policy.toml"
    managed.write_text(
        '[purposes]\noffered = ["input_activity", "typed_text"]\n'
        '[keystrokes]\ndefault_level = "classes"\nper_application = { "XTerm" = "text" }\n'
        '[applications]\ndeny = ["secretapp"]\n',
        encoding="utf-8",
    )
    loaded = load_policy(managed=managed, user=tmp_path / "none.toml", environ={})
    assert not loaded.problems, loaded.problems
    return loaded


def window(app_id: str, title: str | None = "a title", process: str | None = None) -> WindowInfo:
    return WindowInfo(app_id=app_id, title=title, pid=42, process_name=process)


@pytest.mark.parametrize(
    ("info", "purposes", "captured", "level"),
    [
        (window("XTerm"), ALL, True, "text"),
        (window("XTerm"), ("input_activity",), True, "classes"),
        (window("gedit"), ALL, True, "classes"),
        (window("SecretApp"), ALL, False, "off"),
        (window("x", process="secretapp"), ALL, False, "off"),
        (window("firefox", "Docs - Private Browsing"), ALL, False, "off"),
        (window("KeePassXC"), ALL, False, "off"),
        (window("XTerm"), ("screen_content",), True, "off"),
    ],
)
def test_the_focus_context_carries_the_policy_s_decision_for_the_window(
    policy: EffectivePolicy,
    info: WindowInfo,
    purposes: tuple[str, ...],
    captured: bool,
    level: str,
) -> None:
    context = focus_context(info, policy, purposes, seq=7)
    assert (context.captured, context.level, context.seq) == (captured, level, 7)
    assert context.app_id == info.app_id


def test_no_focused_window_records_nothing(policy: EffectivePolicy) -> None:
    context = focus_context(None, policy, ALL, seq=3)
    assert (context.captured, context.level, context.app_id) == (False, "off", None)


def test_a_focus_context_never_shows_the_title() -> None:
    context = focus_context(None, load_policy(environ={}), ALL, seq=1)
    info = window("XTerm", "Payroll for Jane Placeholder")
    shown = repr(type(context)(window=info, captured=True, level="text", seq=1))
    assert "Payroll" not in shown


@pytest.mark.parametrize(
    ("platform", "family"),
    [("linux", "linux"), ("darwin", "macos"), ("win32", "windows"), ("freebsd14", "other")],
)
def test_the_os_family_never_names_the_host(platform: str, family: str) -> None:
    assert os_family(platform) == family


def _session(
    policy: EffectivePolicy, purposes: tuple[str, ...], gate: object = None
) -> tuple[CaptureSession, list[str]]:
    kept: list[str] = []
    session = CaptureSession(
        policy,
        device_id=samples.DEVICE,
        purposes=purposes,
        emit=lambda record, blob: kept.append(record_kind(record)),
        gate=gate,  # type: ignore[arg-type]
    )
    return session, kept


def test_a_record_outside_the_session_s_purposes_is_withheld(policy: EffectivePolicy) -> None:
    session, kept = _session(policy, ("input_activity",))
    for record in samples.sample_records():
        session.emit(record)
    assert kept == [
        "session", "consent", "window_focus", "key_activity", "mouse_activity", "idle", "session"
    ]  # fmt: skip
    assert session.withheld == 2  # the typed text and the screen frame


def test_typed_text_needs_both_input_activity_and_typed_text(policy: EffectivePolicy) -> None:
    session, kept = _session(policy, ("typed_text", "screen_content"))
    for record in samples.sample_records():
        session.emit(record)
    assert "typed_text" not in kept and "screen_frame" in kept


def test_the_consent_gate_is_asked_for_every_record(policy: EffectivePolicy) -> None:
    paused: list[bool] = [False]
    asked: list[str] = []

    def gate(purpose: str) -> bool:
        asked.append(purpose)
        return not paused[0]

    session, kept = _session(policy, ALL, gate)
    focus = samples.sample_records()[2]
    session.emit(focus)
    paused[0] = True  # a pause from the tray or a terminal
    session.emit(focus)
    session.emit(samples.sample_records()[0])  # the agent's own session record needs no purpose
    assert kept == ["window_focus", "session"]
    assert asked == ["input_activity", "input_activity"]
    assert session.withheld == 1


def test_every_record_kind_has_its_purposes_listed() -> None:
    from agent.capture.session import RECORD_PURPOSES
    from agent.wire import RECORD_TYPES

    kinds = {str(kind.__struct_config__.tag) for kind in RECORD_TYPES}
    assert kinds == set(RECORD_PURPOSES)  # an unlisted kind would be withheld
