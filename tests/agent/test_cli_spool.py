"""``consentry spool status|flush`` from a terminal: the answers and the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.paths import AgentPaths
from agent.spool import SPOOL_FILE
from tests.agent.agent_process import run_module

STUDY_POLICY = """
[study]
id = "study-1"
[collector]
url = "http://127.0.0.1:9"
"""


@pytest.fixture
def paths(tmp_path: Path) -> AgentPaths:
    return AgentPaths(tmp_path / "config", tmp_path / "state", tmp_path / "data")


def policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "managed.toml"
    path.write_text(text)
    return path


def test_status_on_a_fresh_device_is_all_zero_balanced_and_makes_no_spool(
    paths: AgentPaths,
) -> None:
    done = run_module("agent.cli", paths, "spool", "status")
    assert done.returncode == 0, done.stderr
    assert "Batches created     0" in done.stdout
    assert "Accounted for       yes" in done.stdout
    assert not paths.data_dir.exists()


def test_status_as_json_has_every_counter_and_the_eviction_reasons(paths: AgentPaths) -> None:
    done = run_module("agent.cli", paths, "spool", "status", "--json")
    report = json.loads(done.stdout)
    assert {
        "created", "sealed", "delivered", "evicted", "quarantined", "pending", "pending_bytes",
        "last_attempt_at", "last_result", "outbox_pending", "balanced", "evicted_by_reason",
    } <= report.keys()  # fmt: skip
    assert set(report["evicted_by_reason"]) >= {"quota", "age", "disk_full", "withdrawn"}
    assert report["balanced"] is True and report["agent_running"] is False


def test_a_damaged_spool_is_one_line_naming_the_file(paths: AgentPaths) -> None:
    paths.spool_dir.mkdir(parents=True)
    (paths.spool_dir / SPOOL_FILE).write_bytes(b"not a database at all " * 50)
    done = run_module("agent.cli", paths, "spool", "status")
    assert done.returncode == 1
    assert done.stderr.startswith("consentry: ") and SPOOL_FILE in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_flush_without_a_study_says_there_is_nothing_to_send(paths: AgentPaths) -> None:
    done = run_module("agent.cli", paths, "spool", "flush")
    assert done.returncode == 1
    assert "no study is configured" in done.stderr


def test_flush_under_a_broken_policy_refuses(paths: AgentPaths, tmp_path: Path) -> None:
    broken = policy(tmp_path, STUDY_POLICY + "[upload]\nmax_kb_per_second = 1\n")
    done = run_module("agent.cli", paths, "spool", "flush", managed=broken)
    assert done.returncode == 1
    assert "the policy has 1 problem(s)" in done.stderr


def test_flush_with_nothing_pending_and_no_collector_needed_exits_0(
    paths: AgentPaths, tmp_path: Path
) -> None:
    """Nothing waits: an unreachable collector is not even asked (enrolment waits for a secret)."""
    done = run_module("agent.cli", paths, "spool", "flush", managed=policy(tmp_path, STUDY_POLICY))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("timeout", ["0", "-1", "soon", "100000"])
def test_a_bad_timeout_is_a_usage_error(paths: AgentPaths, timeout: str) -> None:
    done = run_module("agent.cli", paths, "spool", "flush", "--timeout", timeout)
    assert done.returncode == 2
