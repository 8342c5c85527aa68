"""Application rules: which applications, windows, keystroke levels and screens a policy allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.capture.credential_apps import CREDENTIAL_APPS, is_credential_app
from agent.capture.rules import (
    AppRules,
    app_rules,
    keystroke_level,
    screen_capture_enabled,
    should_capture_app,
    should_capture_window,
)
from agent.policy import EffectivePolicy, check_policy_file

DEFAULTS = Path(__file__).resolve().parents[3] / "config" / "default-policy.toml"

STUDY = """
[purposes]
offered = ["input_activity", "typed_text", "screen_content"]

[applications]
allow = []
deny = ["Slack", "thunderbird"]
deny_title_patterns = ['(?i)\\bincognito\\b', '(?i)private browsing', '^Payroll - ']
screen_capture = { "Thunderbird" = true, "code" = false, "Signal" = false }

[keystrokes]
default_level = "counts"
per_application = { "Code" = "classes", "gedit" = "text", "XTerm" = "off" }

[screen]
triggers = ["focus_change"]
"""

ALLOW_LIST = """
[applications]
allow = ["Code", "firefox"]
"""


def policy_from(tmp_path: Path, text: str) -> EffectivePolicy:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    policy = check_policy_file(path, defaults=DEFAULTS)
    assert not policy.problems, policy.problems
    return policy


@pytest.fixture
def defaults(tmp_path: Path) -> EffectivePolicy:
    return policy_from(tmp_path, "")


@pytest.fixture
def study(tmp_path: Path) -> EffectivePolicy:
    return policy_from(tmp_path, STUDY)


@pytest.fixture
def allow_list(tmp_path: Path) -> EffectivePolicy:
    return policy_from(tmp_path, ALLOW_LIST)


@pytest.fixture
def broken(tmp_path: Path) -> EffectivePolicy:
    path = tmp_path / "policy.toml"
    path.write_text("[applications]\nallow = 7\n")
    policy = check_policy_file(path, defaults=DEFAULTS)
    assert policy.problems
    return policy


# (policy, app id, process name, captured?)
APP_CASES = [
    ("defaults", "XTerm", "xterm", True),
    ("defaults", "firefox", "firefox", True),
    ("defaults", "KeePassXC", "keepassxc", False),  # default deny list, matched case-insensitively
    ("defaults", "Bitwarden", None, False),
    ("defaults", "com.1password.1password", None, False),
    ("study", "Slack", "slack", False),
    ("study", "Mail", "thunderbird", False),  # denied by its process name
    ("study", "SLACK", None, False),
    ("study", "KeePassXC", "keepassxc", False),  # the study's deny list dropped it: still denied
    ("study", "Pinentry", "pinentry-gnome3", False),  # a credential prompt
    ("study", "XTerm", "xterm", True),
    ("allow_list", "Code", "code", True),
    ("allow_list", "Navigator", "firefox", True),  # allowed by its process name
    ("allow_list", "XTerm", "xterm", False),  # not on the allow list
    ("allow_list", "Bitwarden", "bitwarden", False),  # deny wins over allow
    ("broken", "XTerm", "xterm", False),  # fail closed
]


@pytest.mark.parametrize(("which", "app_id", "process", "captured"), APP_CASES)
def test_should_capture_app(
    request: pytest.FixtureRequest, which: str, app_id: str, process: str | None, captured: bool
) -> None:
    policy = request.getfixturevalue(which)
    assert should_capture_app(app_id, policy, process_name=process) is captured


# (policy, app id, title, captured?)
WINDOW_CASES = [
    ("defaults", "firefox", "Mozilla Firefox Private Browsing", False),
    ("defaults", "Google-chrome", "New Tab - Google Chrome (Incognito)", False),
    ("defaults", "Microsoft-edge", "New tab - [InPrivate] - Microsoft Edge", False),
    ("defaults", "firefox", "Private Window - Mozilla Firefox", False),
    ("defaults", "firefox", "Incognito mode explained - Wikipedia — Mozilla Firefox", False),
    ("defaults", "firefox", "Privacy policy — Mozilla Firefox", True),
    ("defaults", "XTerm", None, True),  # no title: follows the application
    ("defaults", "XTerm", "", True),
    ("defaults", "KeePassXC", "Passwords.kdbx - KeePassXC", False),
    ("study", "Code", "Payroll - 2026.xlsx", False),  # the study's own pattern
    ("study", "Code", "Report on Payroll - draft", True),  # anchored: only at the start
    ("study", "Code", "main.py - project", True),
    ("study", "Slack", "general", False),  # the application is denied
    ("broken", "Code", "main.py", False),
]


@pytest.mark.parametrize(("which", "app_id", "title", "captured"), WINDOW_CASES)
def test_should_capture_window(
    request: pytest.FixtureRequest, which: str, app_id: str, title: str | None, captured: bool
) -> None:
    policy = request.getfixturevalue(which)
    assert should_capture_window(app_id, title, policy) is captured


# (policy, app id, process name, level)
LEVEL_CASES = [
    ("defaults", "XTerm", "xterm", "counts"),
    ("study", "code", None, "classes"),  # per application, case-insensitive
    ("study", "Gedit", "gedit", "text"),
    ("study", "XTerm", "xterm", "off"),
    ("study", "firefox", "firefox", "counts"),  # the default level
    ("study", "Slack", None, "off"),  # denied application
    ("study", "KeePassXC", "keepassxc", "off"),  # credential application
    ("allow_list", "XTerm", "xterm", "off"),  # not allowed
    ("broken", "Code", "code", "off"),
]


@pytest.mark.parametrize(("which", "app_id", "process", "level"), LEVEL_CASES)
def test_keystroke_level(
    request: pytest.FixtureRequest, which: str, app_id: str, process: str | None, level: str
) -> None:
    policy = request.getfixturevalue(which)
    assert keystroke_level(app_id, policy, process_name=process) == level


# (policy, app id, process name, on screen?)
SCREEN_CASES = [
    ("defaults", "XTerm", "xterm", False),  # no screen triggers by default
    ("study", "XTerm", "xterm", True),  # unlisted: follows [screen]
    ("study", "Code", "code", False),  # per application off
    ("study", "signal", None, False),
    ("study", "Mail", "thunderbird", False),  # listed on, but the application is denied
    ("study", "Bitwarden", "bitwarden", False),
    ("broken", "XTerm", "xterm", False),
]


@pytest.mark.parametrize(("which", "app_id", "process", "on_screen"), SCREEN_CASES)
def test_screen_capture_enabled(
    request: pytest.FixtureRequest, which: str, app_id: str, process: str | None, on_screen: bool
) -> None:
    policy = request.getfixturevalue(which)
    assert screen_capture_enabled(app_id, policy, process_name=process) is on_screen


def test_the_rules_of_a_policy_are_built_once(study: EffectivePolicy) -> None:
    assert app_rules(study) is app_rules(study)
    assert app_rules(app_rules(study)) is app_rules(study)


def test_closed_rules_capture_nothing() -> None:
    closed = AppRules.closed()
    assert not should_capture_app("XTerm", closed)
    assert keystroke_level("XTerm", closed) == "off"
    assert not screen_capture_enabled("XTerm", closed)


@pytest.mark.parametrize(
    ("names", "credential"),
    [
        (("KeePassXC.exe",), True),
        (("1Password",), True),
        (("com.apple.Passwords",), True),
        (("Gcr-prompter", None), True),
        ((None, "ssh-askpass"), True),
        (("XTerm", "xterm"), False),
        ((None, None), False),
    ],
)
def test_credential_applications_are_recognised_by_any_of_their_names(
    names: tuple[str | None, ...], credential: bool
) -> None:
    assert is_credential_app(*names) is credential


def test_every_password_manager_the_default_policy_denies_is_a_credential_app(
    defaults: EffectivePolicy,
) -> None:
    """The floor covers the default list, so a policy that drops it drops nothing."""
    denied = defaults.value("applications.deny")
    assert denied
    assert all(is_credential_app(name) for name in denied), [
        name for name in denied if not is_credential_app(name)
    ]
    assert all(name == name.casefold() for name in CREDENTIAL_APPS)
