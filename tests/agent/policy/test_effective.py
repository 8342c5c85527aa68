"""What the consent controller and the tray get from ``load_policy()``."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.policy import PolicyProblem, Setting, load_policy
from agent.policy.effective import NOT_ENROLLED
from redaction import redact_text
from tests.agent.policy.conftest import DEFAULTS, ENROLLED, Load, write


def test_load_policy_reads_every_place_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defaults = write(tmp_path / "defaults.toml", DEFAULTS.read_text(encoding="utf-8"))
    managed = write(tmp_path / "managed.toml", ENROLLED)
    write(tmp_path / "config" / "preferences.toml", "[retention]\ndevice_days = 2\n")
    monkeypatch.setenv("CONSENTRY_DEFAULT_POLICY", str(defaults))
    monkeypatch.setenv("CONSENTRY_MANAGED_POLICY", str(managed))
    monkeypatch.setenv("CONSENTRY_CONFIG_DIR", str(tmp_path / "config"))
    policy = load_policy()
    assert policy.setting("study.id") == Setting(
        "study.id", "study-1", "managed", True, str(managed)
    )
    assert policy.setting("retention.device_days").source == "user"
    assert policy.setting("notice.version").origin == str(defaults)
    assert policy.locations == {
        "default": str(defaults),
        "managed": str(managed),
        "user": str(tmp_path / "config" / "preferences.toml"),
    }


def test_an_enrolled_valid_policy_allows_capture(load: Load) -> None:
    policy = load(managed=ENROLLED)
    assert policy.capture_allowed and policy.enrolled
    assert policy.stop_reasons == ()


def test_without_a_study_capture_stays_off_and_says_why(load: Load) -> None:
    policy = load()
    assert not policy.capture_allowed and not policy.enrolled
    assert policy.stop_reasons == (NOT_ENROLLED,)


def test_stop_reasons_are_file_key_reason_lines(load: Load, tmp_path: Path) -> None:
    policy = load(managed=ENROLLED + "[screen]\ninterval_seconds = 1\n")
    assert policy.stop_reasons == (
        f"{tmp_path / 'managed.toml'}: screen.interval_seconds: must be at least 5",
    )


def test_a_problem_names_file_key_and_reason_never_the_value(load: Load, tmp_path: Path) -> None:
    policy = load(managed="[collector]\nenrolment_secret_ref = 'Hunter2-secret'\n")
    assert [str(problem) for problem in policy.problems] == [
        f"{tmp_path / 'managed.toml'}: collector.enrolment_secret_ref: must be a "
        "reference to the secret (keyring:SERVICE/NAME, file:/absolute/path or env:VARIABLE), "
        "never the secret itself"
    ]
    assert "Hunter2" not in repr(policy.to_dict()["problems"])


def test_an_unknown_setting_name_is_a_programming_error(load: Load) -> None:
    with pytest.raises(KeyError, match=r"screen\.intervl"):
        load().value("screen.intervl")


def test_problem_prints_as_file_key_reason() -> None:
    assert str(PolicyProblem("/etc/p.toml", "screen.x", "unknown key")) == (
        "/etc/p.toml: screen.x: unknown key"
    )
    assert str(PolicyProblem("/etc/p.toml", "", "no such file")) == "/etc/p.toml: no such file"


def test_the_policy_s_deny_terms_reach_the_redactor(load: Load) -> None:
    policy = load(managed="[redaction]\ndeny_terms = ['Bluefinch']\n")
    assert redact_text("Bluefinch ships today", policy=policy).text == "[DENY_TERM] ships today"
