"""No policy can hide the indicator, skip the notice, or remove the employee's controls.

Each attempt is refused with the reason, in every format IT can deploy: a TOML
file, a macOS managed-preferences property list and the Windows registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.policy import load_policy
from agent.policy.catalogue import settings
from agent.policy.forbidden import FORBIDDEN_SECTION_NAMES, forbidden_control
from agent.policy.sources.macos import ManagedPreferencesSource
from agent.policy.sources.windows import POLICY_KEY, REG_DWORD, MemoryRegistry, RegistrySource
from tests.agent.policy.conftest import DEFAULTS, ENROLLED, Load, reasons, write_plist

PAUSE = "policy cannot disable pause: the employee's controls are not configurable"
OPT_OUT = "policy cannot remove opt-out: the employee's controls are not configurable"
WITHDRAW = (
    "policy cannot remove withdrawal of consent: the employee's controls are not configurable"
)
DELETE = (
    "policy cannot remove deletion of the employee's data: "
    "the employee's controls are not configurable"
)
INDICATOR = "policy cannot hide the capture indicator: it is always shown while capture is on"
NOTICE = (
    "policy cannot skip the notice: it is always shown before capture "
    "(only notice.text and notice.version can be set)"
)
CONSENT = "policy cannot give or require consent: only the employee opts in, purpose by purpose"
CONTROLS = (
    "policy cannot change the employee's controls: the employee's controls are not configurable"
)

#: (section, name, value, reason): what a reasonable admin might try.
ATTEMPTS: list[tuple[str, str, Any, str]] = [
    ("ui", "hide_indicator", True, INDICATOR),
    ("indicator", "visible", False, INDICATOR),
    ("indicator", "enabled", False, INDICATOR),
    ("tray", "show_icon", False, INDICATOR),
    ("ui", "stealth_mode", True, INDICATOR),
    ("notice", "skip", True, NOTICE),
    ("notice", "required", False, NOTICE),
    ("notice", "show_on_first_run", False, NOTICE),
    ("ui", "skip_notice", True, NOTICE),
    ("controls", "allow_pause", False, PAUSE),
    ("controls", "pause_enabled", False, PAUSE),
    ("tray", "disable_pause", True, PAUSE),
    ("controls", "allow_opt_out", False, OPT_OUT),
    ("controls", "AllowOptOut", False, OPT_OUT),
    ("consent", "allow-opt-out", False, OPT_OUT),
    ("controls", "allow_withdrawal", False, WITHDRAW),
    ("consent", "can_withdraw", False, WITHDRAW),
    ("controls", "allow_data_deletion", False, DELETE),
    ("retention", "erase_on_withdraw", False, WITHDRAW),
    ("retention", "allow_erasure", False, DELETE),
    ("consent", "required", False, CONSENT),
    ("consent", "auto_grant", True, CONSENT),
    ("purposes", "consent_required", False, CONSENT),
    ("controls", "allow_quit", False, CONTROLS),
    ("menu", "items", [], CONTROLS),
]
IDS = [f"{section}.{name}" for section, name, _, _ in ATTEMPTS]
each_attempt = pytest.mark.parametrize(("section", "name", "value", "reason"), ATTEMPTS, ids=IDS)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


@each_attempt
def test_refused_in_a_toml_policy(
    load: Load, section: str, name: str, value: Any, reason: str
) -> None:
    policy = load(managed=f"{ENROLLED}\n[{section}]\n{name} = {_toml_value(value)}\n")
    assert reasons(policy) == {f"{section}.{name}": reason}
    assert not policy.capture_allowed


@each_attempt
def test_refused_as_a_recommended_setting_too(
    load: Load, section: str, name: str, value: Any, reason: str
) -> None:
    policy = load(managed=f"[recommended.{section}]\n{name} = {_toml_value(value)}\n")
    assert reasons(policy) == {f"recommended.{section}.{name}": reason}


@each_attempt
def test_refused_in_the_user_s_own_preferences(
    load: Load, section: str, name: str, value: Any, reason: str
) -> None:
    policy = load(user=f"[{section}]\n{name} = {_toml_value(value)}\n")
    assert reasons(policy) == {f"{section}.{name}": reason}


@each_attempt
def test_refused_in_macos_managed_preferences(
    tmp_path: Path, section: str, name: str, value: Any, reason: str
) -> None:
    root = tmp_path / "Managed Preferences"
    write_plist(root / "org.consentry.agent.plist", {section: {name: value}})
    source = ManagedPreferencesSource(root=root, user="")
    policy = load_policy(defaults=DEFAULTS, managed=source, user=tmp_path / "none.toml")
    assert reasons(policy) == {f"{section}.{name}": reason}


@each_attempt
def test_refused_in_the_windows_registry(
    tmp_path: Path, section: str, name: str, value: Any, reason: str
) -> None:
    data = (REG_DWORD, int(value)) if isinstance(value, bool) else (7, list(value))
    registry = MemoryRegistry({f"{POLICY_KEY}\\{section}": {name: data}})
    policy = load_policy(
        defaults=DEFAULTS, managed=RegistrySource(registry), user=tmp_path / "none.toml"
    )
    # Registry names are case-insensitive; the agent reports them in lower case.
    assert reasons(policy) == {f"{section}.{name}".lower(): reason}


def test_a_whole_controls_section_names_each_refused_key(load: Load) -> None:
    policy = load(managed="[controls]\nallow_pause = false\nallow_opt_out = false\n")
    assert reasons(policy) == {"controls.allow_pause": PAUSE, "controls.allow_opt_out": OPT_OUT}


def test_an_empty_controls_table_is_still_refused(load: Load) -> None:
    assert reasons(load(managed="[controls]\n")) == {"controls": CONTROLS}


@pytest.mark.parametrize(
    "path", ["screen.intervl", "notice.txt", "screens", "applications.alow", "colour"]
)
def test_a_plain_typo_is_not_taken_for_a_forbidden_control(path: str) -> None:
    assert forbidden_control(path.split(".")) is None


def test_no_real_setting_is_refused(load: Load) -> None:
    """The forbidden words only judge unknown keys; every setting stays settable."""
    policy = load()
    assert policy.problems == ()
    assert [setting.key for setting in policy.settings()] == list(settings())


@pytest.mark.parametrize("section", FORBIDDEN_SECTION_NAMES)
def test_each_section_the_schema_refuses_is_refused_with_a_reason_by_the_agent(
    load: Load, section: str
) -> None:
    policy = load(managed=f"{section} = false\n")
    assert reasons(policy)[section].startswith("policy cannot ")
