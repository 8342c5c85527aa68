"""Consent under the real policy loader: the example policies IT deploys, and broken ones.

``consentry`` runs as a separate process for each step, with the managed
policy taken from ``CONSENTRY_MANAGED_POLICY`` and no user preferences.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from agent.consent.terms import terms_from_policy
from agent.paths import AgentPaths
from agent.policy import load_policy
from agent.tray.locks import locked_settings
from tests.agent.agent_process import REPO, run_module

EXAMPLES = REPO / "config" / "examples"
RESEARCH = EXAMPLES / "typed-text-research.toml"


def consentry(
    paths: AgentPaths, managed: Path | None, *args: str
) -> subprocess.CompletedProcess[str]:
    return run_module("agent.cli", paths, *args, managed=managed)


def status(paths: AgentPaths, managed: Path | None, exit_code: int = 0) -> dict[str, object]:
    done = consentry(paths, managed, "consent", "status", "--json")
    assert done.returncode == exit_code, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_policy_gives_terms_consent_can_be_asked_under(
    example: Path, tmp_path: Path
) -> None:
    policy = load_policy(managed=example, user=tmp_path / "none.toml")
    terms = terms_from_policy(policy)
    assert terms.problems == () and terms.ready
    assert terms.study_id == policy.value("study.id")
    assert terms.notice_version == str(policy.value("notice.version"))


def test_recommended_office_hours_apply_until_the_participant_changes_them(
    paths: AgentPaths, tmp_path: Path
) -> None:
    policy = load_policy(managed=RESEARCH, user=tmp_path / "none.toml")
    hours = terms_from_policy(policy).working_hours
    assert (hours.start, hours.end) == ("09:00", "17:30")
    any_hours(paths)
    widened = terms_from_policy(load_policy(managed=RESEARCH, user=paths.user_preferences))
    assert widened.working_hours.always


def test_locked_settings_come_from_the_managed_policy(tmp_path: Path) -> None:
    policy = load_policy(managed=RESEARCH, user=tmp_path / "none.toml")
    labels = [lock.label for lock in locked_settings(policy)]
    assert "Screen capture interval" in labels


def any_hours(paths: AgentPaths) -> None:
    """The example only recommends office hours: the participant widens them to any time."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.user_preferences.write_text('[schedule]\ndays = []\nstart = ""\nend = ""\n')


def test_round_trip_with_the_real_command_and_policy(paths: AgentPaths) -> None:
    any_hours(paths)
    grant = consentry(paths, RESEARCH, "consent", "grant", "input_activity")
    assert grant.returncode == 0, grant.stderr
    assert status(paths, RESEARCH)["state"] == "recording"
    assert consentry(paths, RESEARCH, "consent", "pause", "tomorrow").returncode == 0
    assert status(paths, RESEARCH)["state"] == "paused"
    assert consentry(paths, RESEARCH, "consent", "resume").returncode == 0
    paths.spool_dir.mkdir(parents=True)
    (paths.spool_dir / "batch.sealed").write_bytes(os.urandom(256))
    assert consentry(paths, RESEARCH, "consent", "withdraw", "--yes").returncode == 0
    assert list(paths.data_dir.rglob("*")) == []
    assert status(paths, RESEARCH)["state"] == "withdrawn"


def test_without_a_study_nothing_can_be_granted(paths: AgentPaths) -> None:
    assert status(paths, None)["state"] == "off"
    done = consentry(paths, None, "consent", "grant")
    assert done.returncode == 1
    assert done.stderr == "consentry: cannot grant consent: no study is configured on this device\n"


def test_a_broken_managed_policy_stops_capture_and_names_file_and_key(
    paths: AgentPaths, tmp_path: Path
) -> None:
    any_hours(paths)
    assert consentry(paths, RESEARCH, "consent", "grant").returncode == 0
    assert status(paths, RESEARCH)["state"] == "recording"
    broken = tmp_path / "policy.toml"
    broken.write_text(RESEARCH.read_text().replace("[study]", "[study]\nsurprise = 1", 1))
    shown = status(paths, broken, exit_code=1)
    assert shown["state"] == "error"
    assert shown["purposes_active"] == []
    assert shown["policy_problems"] == [f"{broken}: study.surprise: unknown key"]


def test_each_policy_problem_reaches_the_user_once(paths: AgentPaths, tmp_path: Path) -> None:
    broken = tmp_path / "policy.toml"
    broken.write_text(RESEARCH.read_text().replace("[study]", "[study]\nsurprise = 1", 1))
    problem = f"{broken}: study.surprise: unknown key"

    shown = consentry(paths, broken, "consent", "status")
    assert shown.returncode == 1
    assert shown.stdout.count(problem) == 1 and shown.stderr == ""

    refused = consentry(paths, broken, "consent", "grant")
    assert refused.returncode == 1
    assert (refused.stdout + refused.stderr).count(problem) == 1
    assert "Traceback" not in refused.stderr
