r"""Windows Group Policy values under HKLM\SOFTWARE\Policies\Consentry, via an in-memory
registry (the real one is reached through winreg only on Windows).

Verification owed on a real Windows machine with values written by Group
Policy from an ADMX template and by Intune.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.policy import EffectivePolicy, PolicyProblem, load_policy
from agent.policy.sources.windows import (
    POLICY_KEY,
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    MemoryRegistry,
    RegistryError,
    RegistrySource,
)
from tests.agent.policy.conftest import DEFAULTS, reasons

ORIGIN = rf"HKLM\{POLICY_KEY}"


def _load(tmp_path: Path, keys: dict[str, dict[str, tuple[int, Any]]]) -> EffectivePolicy:
    registry = MemoryRegistry(
        {rf"{POLICY_KEY}\{path}" if path else POLICY_KEY: values for path, values in keys.items()}
    )
    return load_policy(
        defaults=DEFAULTS, managed=RegistrySource(registry), user=tmp_path / "none.toml"
    )


def test_sections_are_subkeys_and_settings_are_values(tmp_path: Path) -> None:
    policy = _load(
        tmp_path,
        {
            "Study": {"id": (REG_SZ, "study-1"), "name": (REG_EXPAND_SZ, "Study one")},
            "Collector": {"url": (REG_SZ, "https://collector.example.org")},
            "Screen": {
                "interval_seconds": (REG_DWORD, 30),
                "max_interval_seconds": (REG_QWORD, 900),
            },
            r"Screen\Output": {"greyscale": (REG_DWORD, 0), "format": (REG_SZ, "png")},
            "Purposes": {"offered": (REG_MULTI_SZ, ["input_activity", "screen_content"])},
        },
    )
    assert policy.problems == ()
    assert policy.value("study.id") == "study-1"
    assert policy.value("screen.interval_seconds") == 30
    assert policy.value("screen.max_interval_seconds") == 900
    assert policy.value("screen.output.greyscale") is False
    assert policy.value("purposes.offered") == ("input_activity", "screen_content")
    assert policy.setting("screen.output.format").origin == ORIGIN
    assert policy.locked("screen.output.format")


def test_names_match_whatever_their_case(tmp_path: Path) -> None:
    policy = _load(tmp_path, {"SCREEN": {"Interval_Seconds": (REG_DWORD, 30)}})
    assert policy.setting("screen.interval_seconds").value == 30


def test_the_recommended_subkey_holds_managed_defaults(tmp_path: Path) -> None:
    policy = _load(tmp_path, {r"Recommended\Retention": {"device_days": (REG_DWORD, 3)}})
    setting = policy.setting("retention.device_days")
    assert (setting.value, setting.source, setting.locked) == (3, "recommended", False)


def test_a_list_may_be_a_subkey_of_numbered_values_as_admx_writes_it(tmp_path: Path) -> None:
    policy = _load(
        tmp_path,
        {
            r"Applications\deny": {
                "2": (REG_SZ, "KeePass.exe"),
                "1": (REG_SZ, "1Password.exe"),
                "10": (REG_SZ, "Bitwarden.exe"),
            }
        },
    )
    assert policy.value("applications.deny") == ("1Password.exe", "KeePass.exe", "Bitwarden.exe")


def test_a_table_is_a_subkey_whose_value_names_are_application_ids(tmp_path: Path) -> None:
    policy = _load(
        tmp_path,
        {
            r"Keystrokes\per_application": {"Code.exe": (REG_SZ, "classes")},
            r"Applications\screen_capture": {"OUTLOOK.EXE": (REG_DWORD, 0)},
        },
    )
    assert dict(policy.value("keystrokes.per_application")) == {"Code.exe": "classes"}
    assert dict(policy.value("applications.screen_capture")) == {"OUTLOOK.EXE": False}


@pytest.mark.parametrize(
    ("keys", "key", "reason"),
    [
        (
            {"Screen": {"interval_seconds": (REG_SZ, "30")}},
            "screen.interval_seconds",
            "expected an integer, got a string",
        ),
        (
            {"Screen": {"interval_seconds": (REG_DWORD, 2)}},
            "screen.interval_seconds",
            "must be at least 5",
        ),
        (
            {r"Screen\Output": {"greyscale": (REG_DWORD, 2)}},
            "screen.output.greyscale",
            "expected true or false, got an integer",
        ),
        (
            {"Screen": {"interval_seconds": (REG_BINARY, b"\x1e")}},
            "screen.interval_seconds",
            "unsupported registry value type REG_BINARY (use REG_SZ, REG_DWORD or REG_MULTI_SZ)",
        ),
        (
            {"Purposes": {"offered": (REG_SZ, "input_activity")}},
            "purposes.offered",
            "expected a list, got a string",
        ),
        (
            {r"Applications\deny": {"first": (REG_SZ, "KeePass.exe")}},
            "applications.deny",
            "list values must be named 1, 2, 3...",
        ),
        (
            {"Screens": {"interval_seconds": (REG_DWORD, 30)}},
            "screens",
            "unknown section (did you mean screen?)",
        ),
    ],
    ids=[
        "string-for-integer",
        "out-of-range",
        "dword-2-for-boolean",
        "binary",
        "sz-for-list",
        "unnumbered-list",
        "unknown-section",
    ],
)
def test_registry_values_are_checked_and_named(
    tmp_path: Path, keys: dict[str, dict[str, tuple[int, Any]]], key: str, reason: str
) -> None:
    policy = _load(tmp_path, keys)
    assert reasons(policy) == {key: reason}
    assert all(problem.file == ORIGIN for problem in policy.problems)
    assert not policy.capture_allowed


def test_without_the_policy_key_the_device_is_unmanaged(tmp_path: Path) -> None:
    registry = MemoryRegistry({r"SOFTWARE\Policies\Other": {"x": (REG_SZ, "y")}})
    assert RegistrySource(registry).read() == ()


class _DeniedRegistry(MemoryRegistry):
    def exists(self, path: str) -> bool:
        raise RegistryError("Access is denied")


def test_a_policy_key_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    policy = load_policy(
        defaults=DEFAULTS, managed=RegistrySource(_DeniedRegistry({})), user=tmp_path / "none"
    )
    assert policy.problems == (PolicyProblem(ORIGIN, "", "cannot read: Access is denied"),)


def test_the_source_describes_its_hive_and_key() -> None:
    assert RegistrySource(MemoryRegistry({})).describe() == ORIGIN
