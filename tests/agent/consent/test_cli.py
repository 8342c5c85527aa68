"""``consentry consent …`` end to end: separate processes on one state directory.

Each command runs in its own process (a restart of the agent between every
step), through ``fixed_terms_cli`` so the terms are the test study's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.paths import AgentPaths
from tests.agent.agent_process import REPO, agent_env
from tests.agent.consent.test_controller import run_cli


def status(paths: AgentPaths) -> dict[str, object]:
    done = run_cli(paths, "consent", "status", "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_round_trip_grant_pause_resume_withdraw(paths: AgentPaths) -> None:
    assert status(paths)["state"] == "off"

    granted = run_cli(paths, "consent", "grant", "input_activity", "typed_text")
    assert granted.returncode == 0, granted.stderr
    assert granted.stdout.startswith("consent: recording (input activity, typed text)")
    assert status(paths)["purposes_active"] == ["input_activity", "typed_text"]

    before = datetime.now(UTC)
    assert run_cli(paths, "consent", "pause", "1h").returncode == 0
    paused = status(paths)  # a new process: the deadline came from the file
    assert paused["state"] == "paused"
    deadline = datetime.fromisoformat(str(paused["paused_until"]).replace("Z", "+00:00"))
    assert before + timedelta(minutes=59) < deadline <= before + timedelta(hours=1, seconds=1)
    assert paused["purposes_active"] == []

    assert run_cli(paths, "consent", "resume").returncode == 0
    assert status(paths)["state"] == "recording"

    paths.spool_dir.mkdir(parents=True)
    (paths.spool_dir / "batch-0001.sealed").write_bytes(os.urandom(1024))
    (paths.data_dir / "staging").mkdir()
    (paths.data_dir / "staging" / "open.part").write_bytes(os.urandom(64))
    withdrawn = run_cli(paths, "consent", "withdraw", "--yes")
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "2 unsent file(s) deleted" in withdrawn.stdout
    assert list(paths.data_dir.rglob("*")) == []
    assert status(paths)["state"] == "withdrawn"


def test_status_reports_the_device_pseudonym_and_notice_versions(paths: AgentPaths) -> None:
    run_cli(paths, "consent", "grant")
    shown = status(paths)
    assert shown["device"] == (paths.state_dir / "device-id").read_text().strip()
    assert (shown["notice_agreed"], shown["notice_current"]) == ("3", "3")


def test_status_in_words(paths: AgentPaths) -> None:
    run_cli(paths, "consent", "grant", "screen_content")
    out = run_cli(paths, "consent", "status").stdout
    assert out.splitlines()[0] == "consent: recording (screen content)"
    assert "notice: version 3 agreed, current 3" in out


def test_notice_prints_the_notice(paths: AgentPaths) -> None:
    out = run_cli(paths, "consent", "notice").stdout
    assert out.startswith("CONSENTRY NOTICE — Wellbeing at work 2026")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("grant", "everything"), "consentry: unknown purpose 'everything'"),
        (("pause", "15m"), "consentry: nothing to pause: no consent is active"),
        (("pause", "soon"), "consentry: unknown pause length 'soon'"),
        (("withdraw",), "consentry: withdraw asks for confirmation; not at a terminal"),
    ],
)
def test_mistakes_are_one_line_on_stderr(
    paths: AgentPaths, args: tuple[str, ...], message: str
) -> None:
    done = run_cli(paths, "consent", *args)
    assert done.returncode == 1
    assert done.stderr.startswith(message)
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_damaged_state_file_is_reported_not_a_traceback(paths: AgentPaths) -> None:
    paths.state_dir.mkdir(parents=True)
    (paths.state_dir / "consent.json").write_text("{garbage")
    done = run_cli(paths, "consent", "status")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.startswith("consent: error: consent state unreadable:")
    assert "consent.json: damaged" in done.stdout


@pytest.mark.parametrize(
    ("answer", "code", "state"), [("y", 0, "withdrawn"), ("n", 1, "recording")]
)
def test_withdraw_at_a_terminal_asks_first(
    paths: AgentPaths, answer: str, code: int, state: str
) -> None:
    import pty

    run_cli(paths, "consent", "grant")
    controller, terminal = pty.openpty()
    env = agent_env(paths)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.agent.consent.fixed_terms_cli", "consent", "withdraw"],
        cwd=REPO, env=env, stdin=terminal, stdout=terminal, stderr=terminal,
    )  # fmt: skip
    os.close(terminal)
    os.write(controller, f"{answer}\n".encode())
    assert process.wait(timeout=60) == code
    os.close(controller)
    assert status(paths)["state"] == state


def test_status_exit_code_is_0_in_every_known_state_and_1_in_error(paths: AgentPaths) -> None:
    """Scripts can tell "nothing wrong" (0) from "something to fix" (1) without parsing."""
    codes = {"off": run_cli(paths, "consent", "status").returncode}
    run_cli(paths, "consent", "grant")
    codes["recording"] = run_cli(paths, "consent", "status").returncode
    run_cli(paths, "consent", "pause", "15m")
    codes["paused"] = run_cli(paths, "consent", "status").returncode
    run_cli(paths, "consent", "withdraw", "--yes")
    codes["withdrawn"] = run_cli(paths, "consent", "status").returncode
    (paths.state_dir / "consent.json").write_text("{garbage")
    codes["error"] = run_cli(paths, "consent", "status", "--json").returncode
    assert codes == {"off": 0, "recording": 0, "paused": 0, "withdrawn": 0, "error": 1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("grant",), "consentry: device pseudonym unusable: "),
        (("pause", "15m"), "consentry: device pseudonym unusable: "),
        (("withdraw", "--yes"), "consentry: cannot record the withdrawal: "),
    ],
)
def test_an_unusable_state_directory_is_one_line_not_a_traceback(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    """A state directory that cannot be written (here: its parent is a file) is named, once."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    paths = AgentPaths(tmp_path / "config", blocker / "state", tmp_path / "data")
    done = run_cli(paths, "consent", *args)
    assert done.returncode == 1
    assert done.stderr.startswith(message) and str(blocker / "state") in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    shown = run_cli(paths, "consent", "status")
    assert shown.returncode == 1 and shown.stderr == ""
    assert shown.stdout.startswith("consent: error: consent state unreadable:")
