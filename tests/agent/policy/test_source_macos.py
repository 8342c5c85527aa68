"""macOS managed preferences, read from real property lists written by plistlib.

Verification owed on a real Mac with a profile installed by an MDM.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.policy import PolicyProblem, load_policy
from agent.policy.sources.macos import DOMAIN, ManagedPreferencesSource
from tests.agent.policy.conftest import DEFAULTS, reasons, write, write_plist


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "Managed Preferences"


def test_nested_dictionaries_mirror_the_toml_sections(root: Path, tmp_path: Path) -> None:
    write_plist(
        root / f"{DOMAIN}.plist",
        {
            "study": {"id": "study-1"},
            "collector": {"url": "https://collector.example.org"},
            "screen": {"interval_seconds": 30, "output": {"greyscale": False}},
            "applications": {"deny": ["com.1password.1password"]},
            "recommended": {"retention": {"device_days": 3}},
        },
    )
    policy = load_policy(
        defaults=DEFAULTS,
        managed=ManagedPreferencesSource(root=root, user="ada"),
        user=tmp_path / "p",
    )
    assert policy.problems == ()
    assert policy.setting("screen.interval_seconds").locked
    assert policy.value("screen.output.greyscale") is False
    assert policy.value("applications.deny") == ("com.1password.1password",)
    retention = policy.setting("retention.device_days")
    assert (retention.value, retention.source, retention.locked) == (3, "recommended", False)
    assert policy.capture_allowed


def test_the_user_scope_file_wins_over_the_device_scope(root: Path, tmp_path: Path) -> None:
    write_plist(
        root / f"{DOMAIN}.plist", {"screen": {"interval_seconds": 30, "max_interval_seconds": 900}}
    )
    write_plist(root / "ada" / f"{DOMAIN}.plist", {"screen": {"interval_seconds": 45}})
    policy = load_policy(
        defaults=DEFAULTS,
        managed=ManagedPreferencesSource(root=root, user="ada"),
        user=tmp_path / "p",
    )
    interval = policy.setting("screen.interval_seconds")
    assert (interval.value, interval.origin) == (45, str(root / "ada" / f"{DOMAIN}.plist"))
    assert policy.value("screen.max_interval_seconds") == 900


def test_another_user_s_file_is_not_read(root: Path, tmp_path: Path) -> None:
    write_plist(root / "grace" / f"{DOMAIN}.plist", {"screen": {"interval_seconds": 45}})
    policy = load_policy(
        defaults=DEFAULTS,
        managed=ManagedPreferencesSource(root=root, user="ada"),
        user=tmp_path / "p",
    )
    assert policy.setting("screen.interval_seconds").source == "default"


def test_a_binary_property_list_is_read_too(root: Path, tmp_path: Path) -> None:
    import plistlib

    path = root / f"{DOMAIN}.plist"
    path.parent.mkdir(parents=True)
    path.write_bytes(plistlib.dumps({"retention": {"device_days": 2}}, fmt=plistlib.FMT_BINARY))
    policy = load_policy(
        defaults=DEFAULTS, managed=ManagedPreferencesSource(root=root, user=""), user=tmp_path / "p"
    )
    assert policy.setting("retention.device_days").value == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<?xml version='1.0'?><plist><dict><key>a</key>", "not a valid property list: "),
        (b"bplist00\x00\x01garbage", "not a valid property list"),
        (b"not a plist at all", "not a valid property list"),
    ],
    ids=["truncated-xml", "damaged-binary", "not-a-plist"],
)
def test_a_damaged_property_list_is_a_problem_naming_the_file(
    root: Path, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = write(root / f"{DOMAIN}.plist", "")
    path.write_bytes(content)
    policy = load_policy(
        defaults=DEFAULTS, managed=ManagedPreferencesSource(root=root, user=""), user=tmp_path / "p"
    )
    assert len(policy.problems) == 1
    assert policy.problems[0].file == str(path) and policy.problems[0].key == ""
    assert policy.problems[0].reason.startswith(reason)


def test_a_property_list_whose_top_is_not_a_dictionary_is_refused(
    root: Path, tmp_path: Path
) -> None:
    import plistlib

    path = root / f"{DOMAIN}.plist"
    path.parent.mkdir(parents=True)
    path.write_bytes(plistlib.dumps(["a", "list"]))
    policy = load_policy(
        defaults=DEFAULTS, managed=ManagedPreferencesSource(root=root, user=""), user=tmp_path / "p"
    )
    assert policy.problems == (
        PolicyProblem(
            str(path), "", "not a valid property list: the top level must be a dictionary"
        ),
    )


@pytest.mark.parametrize(
    ("data", "key", "reason"),
    [
        (
            {"screen": {"interval_seconds": "30"}},
            "screen.interval_seconds",
            "expected an integer, got a string",
        ),
        (
            {"screen": {"interval_seconds": 30.0}},
            "screen.interval_seconds",
            "expected an integer, got a number with a fraction",
        ),
        ({"study": {"name": b"bytes"}}, "study.name", "expected a string, got binary data"),
        ({"Screen": {"interval_seconds": 30}}, "Screen", "unknown section (did you mean screen?)"),
    ],
    ids=["string-for-integer", "real-for-integer", "data-for-string", "capitalised-section"],
)
def test_plist_types_are_checked_like_toml(
    root: Path, tmp_path: Path, data: dict[str, object], key: str, reason: str
) -> None:
    write_plist(root / f"{DOMAIN}.plist", data)
    policy = load_policy(
        defaults=DEFAULTS, managed=ManagedPreferencesSource(root=root, user=""), user=tmp_path / "p"
    )
    assert reasons(policy) == {key: reason}


def test_without_managed_preferences_the_device_is_unmanaged(root: Path, tmp_path: Path) -> None:
    source = ManagedPreferencesSource(root=root, user="ada")
    assert source.read() == ()
    assert (
        source.describe() == f"{root / (DOMAIN + '.plist')} + {root / 'ada' / (DOMAIN + '.plist')}"
    )


def test_the_user_scope_name_comes_from_the_account_not_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("USER", "../../tmp/elsewhere")
    monkeypatch.setenv("LOGNAME", "../../tmp/elsewhere")
    source = ManagedPreferencesSource()
    assert all("elsewhere" not in str(path) for path in source.paths)
