"""``consentry policy show|check`` as IT and employees run them."""

from __future__ import annotations

import json
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cli import main
from agent.policy import SOURCES, catalogue
from tests.agent.policy.conftest import DEFAULTS, ENROLLED, EXAMPLES, REPOSITORY, write

MANAGED = (
    ENROLLED
    + """
[screen]
interval_seconds = 30

[recommended.retention]
device_days = 3
"""
)
USER = """
[screen]
interval_seconds = 90

[retention]
device_days = 5
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    return {
        "managed": str(write(tmp_path / "policy.toml", MANAGED)),
        "user": str(write(tmp_path / "preferences.toml", USER)),
    }


def show(files: dict[str, str], *extra: str) -> list[str]:
    return ["policy", "show", "--managed", files["managed"], "--user", files["user"], *extra]


def test_show_json_reports_value_source_and_lock_of_every_setting(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(show(files, "--json")) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"settings", "problems", "capture_allowed", "stop_reasons", "sources"}
    assert list(report["settings"]) == list(catalogue.settings())  # every setting, in order
    for key, shown in report["settings"].items():
        assert {"value", "source", "locked", "origin"} <= set(shown), key
        assert shown["source"] in SOURCES and isinstance(shown["locked"], bool), key
        assert shown["locked"] is (shown["source"] == "managed"), key
    interval = report["settings"]["screen.interval_seconds"]
    assert interval["value"] == 30 and interval["source"] == "managed" and interval["locked"]
    assert interval["note"] == "the user's value was ignored: this setting is locked by IT"
    assert report["settings"]["retention.device_days"] == {
        "value": 5,
        "source": "user",
        "locked": False,
        "origin": files["user"],
    }
    assert report["settings"]["notice.version"]["source"] == "default"
    assert report["problems"] == [] and report["capture_allowed"] is True
    assert report["sources"]["managed"] == files["managed"]


def test_show_prints_a_table_with_sources_and_locks(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(show(files)) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:1].islower()}
    assert rows["screen.interval_seconds"][1:] == ["managed", "yes", "30"]
    assert rows["retention.device_days"][1:] == ["user", "no", "5"]
    assert rows["notice.version"][1:] == ["default", "no", '"1"']
    assert "the value in the user's preferences was ignored" in out
    assert "Capture: allowed by policy" in out


def test_show_with_a_broken_managed_policy_still_shows_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    managed = write(
        tmp_path / "policy.toml", "[controls]\nallow_pause = false\n[screen]\nintervl = 3\n"
    )
    code = main(["policy", "show", "--managed", str(managed), "--user", str(tmp_path / "none")])
    out = capsys.readouterr().out
    assert code == 1
    assert "screen.interval_seconds" in out  # every setting is still listed
    assert f"{managed}: controls.allow_pause: policy cannot disable pause" in out
    assert f"{managed}: screen.intervl: unknown key" in out
    assert "Capture: stopped by policy" in out


def test_show_json_with_a_broken_policy_lists_problems_and_forbids_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    managed = write(tmp_path / "policy.toml", "[ui]\nhide_indicator = true\n")
    args = ["policy", "show", "--json", "--managed", str(managed), "--user", str(tmp_path / "u")]
    assert main(args) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["capture_allowed"] is False
    assert report["problems"] == [
        {
            "file": str(managed),
            "key": "ui.hide_indicator",
            "reason": "policy cannot hide the capture indicator: "
            "it is always shown while capture is on",
        }
    ]


def test_show_says_why_an_unenrolled_device_does_not_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSENTRY_MANAGED_POLICY", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("CONSENTRY_CONFIG_DIR", str(tmp_path / "config"))
    assert main(["policy", "show"]) == 0
    out = capsys.readouterr().out
    assert "not enrolled in a study: study.id is empty" in out
    assert f"user     {tmp_path / 'config' / 'preferences.toml'}" in out


def test_show_reads_the_user_file_from_the_config_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "config" / "preferences.toml", "[retention]\ndevice_days = 4\n")
    monkeypatch.setenv("CONSENTRY_MANAGED_POLICY", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("CONSENTRY_CONFIG_DIR", str(tmp_path / "config"))
    assert main(["policy", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["retention.device_days"]["value"] == 4


def test_show_refuses_a_managed_file_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "show", "--managed", str(tmp_path / "absent.toml")]) == 1
    assert (
        capsys.readouterr().err
        == f"consentry: cannot read {tmp_path / 'absent.toml'}: no such file\n"
    )


def test_show_can_use_other_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    defaults = write(
        tmp_path / "defaults.toml",
        DEFAULTS.read_text(encoding="utf-8").replace(
            "interval_seconds = 60", "interval_seconds = 120"
        ),
    )
    args = ["policy", "show", "--json", "--defaults", str(defaults), "--user", str(tmp_path / "u")]
    assert main(args) == 0
    assert (
        json.loads(capsys.readouterr().out)["settings"]["screen.interval_seconds"]["value"] == 120
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_check_accepts_each_example_in_one_line(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "check", str(example)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith(f"{example}: OK (")


def test_check_lists_file_key_reason_for_each_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = write(
        tmp_path / "policy.toml",
        "[notice]\nskip = true\n[screen]\ninterval_seconds = 1\n"
        "[applications]\ndeny_title_patterns = ['(']\n",
    )
    assert main(["policy", "check", str(policy)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{policy}: notice.skip: policy cannot skip the notice: it is always shown before "
        "capture (only notice.text and notice.version can be set)",
        f"{policy}: screen.interval_seconds: must be at least 5",
        f"{policy}: applications.deny_title_patterns: item 0 is not a valid RE2 regular expression",
    ]


def test_check_json_is_machine_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = write(tmp_path / "policy.toml", "[screen]\ninterval_seconds = 1\n")
    assert main(["policy", "check", "--json", str(policy)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["problems"] == [
        {"file": str(policy), "key": "screen.interval_seconds", "reason": "must be at least 5"}
    ]


def test_check_reads_a_macos_property_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "org.consentry.agent.plist"
    policy.write_bytes(plistlib.dumps({"controls": {"allow_opt_out": False}}))
    assert main(["policy", "check", str(policy)]) == 1
    assert capsys.readouterr().out == (
        f"{policy}: controls.allow_opt_out: policy cannot remove opt-out: "
        "the employee's controls are not configurable\n"
    )


def test_check_of_a_malformed_file_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = write(tmp_path / "policy.toml", "[screen\n")
    assert main(["policy", "check", str(policy)]) == 1
    assert capsys.readouterr().out.startswith(f"{policy}: not valid TOML: ")


def test_check_of_a_missing_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check", str(tmp_path / "absent.toml")]) == 1
    assert capsys.readouterr().out == f"{tmp_path / 'absent.toml'}: no such file\n"


def test_check_of_a_directory_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "check", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"consentry: cannot check {tmp_path}: it is a directory\n"


def test_the_real_command_checks_a_policy_and_shows_json(tmp_path: Path) -> None:
    """One run as a user runs it: a subprocess, no traceback, the documented exit codes."""
    good = str(REPOSITORY / "config" / "examples" / "strict-minimal.toml")
    bad = str(write(tmp_path / "bad.toml", "[controls]\nallow_pause = false\n"))
    env_run = [sys.executable, "-m", "agent.cli", "policy"]
    ok = subprocess.run(
        [*env_run, "check", good], capture_output=True, text=True, timeout=60, check=False
    )
    refused = subprocess.run(
        [*env_run, "check", bad], capture_output=True, text=True, timeout=60, check=False
    )
    shown = subprocess.run(
        [*env_run, "show", "--json", "--managed", bad, "--user", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (ok.returncode, ok.stdout.endswith("OK (18 mandatory, 0 recommended settings)\n")) == (
        0,
        True,
    )
    assert refused.returncode == 1
    assert refused.stdout == (
        f"{bad}: controls.allow_pause: policy cannot disable pause: "
        "the employee's controls are not configurable\n"
    )
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert json.loads(shown.stdout)["capture_allowed"] is False
