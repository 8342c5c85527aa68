"""What a capture session records for a window, given the policy and the purposes consented to."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.capture.session import effective_level, focus_context, os_family
from agent.capture.window import WindowInfo
from agent.policy import EffectivePolicy, load_policy

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
    assert effective_level(level, purposes) == expected  # type: ignore[arg-type]


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
