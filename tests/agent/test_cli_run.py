"""``consentry run``: the agent process, started for real, stopped by signals.

The tray under a display is covered in ``tests/agent/tray/test_smoke.py``;
here the agent runs headless.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from agent.commands.run import LOG_FILE, CaptureSources, has_display
from agent.consent import ConsentStatus
from agent.paths import AgentPaths
from tests.agent.agent_process import run_module, start_module
from tests.desktop import Display

#: A managed policy that enrols the device in a study with no working hours.
ENROLLED = """
[study]
id = "study-1"
[collector]
url = "https://collector.example.org/ingest"
"""


def line_with(stream: IO[str], text: str, most: int = 50) -> str:
    """The agent's next output line holding ``text`` (other lines, such as upload news, pass)."""
    for _ in range(most):
        line = stream.readline()
        if text in line or not line:
            return line
    raise AssertionError(f"no line with {text!r} in the agent's next {most} lines")


@pytest.fixture
def paths(tmp_path: Path) -> AgentPaths:
    return AgentPaths(tmp_path / "config", tmp_path / "state", tmp_path / "data")


def policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("added", "key_and_reason"),
    [
        ("[screen]\nfps = 30\n", "screen.fps: unknown key"),
        ('[screen]\ninterval_seconds = "often"\n', "screen.interval_seconds: expected an integer"),
        (
            '[applications]\ndeny_title_patterns = ["(unclosed"]\n',
            "applications.deny_title_patterns: item 0 is not a valid RE2 regular expression",
        ),
        ("[controls]\nallow_pause = false\n", "controls.allow_pause: policy cannot disable pause"),
    ],
    ids=["unknown key", "wrong type", "invalid regex", "forbidden control"],
)
def test_a_broken_managed_policy_stops_the_headless_agent_naming_file_and_key(
    paths: AgentPaths, tmp_path: Path, added: str, key_and_reason: str
) -> None:
    broken = policy(tmp_path, ENROLLED + added)
    done = run_module("agent.cli", paths, "run", "--headless", managed=broken)
    assert done.returncode == 1
    problem = f"{broken}: {key_and_reason}"
    assert done.stderr.count(problem) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "consent " not in done.stderr  # nothing was started
    assert (paths.state_dir / LOG_FILE).read_text().count(problem) == 1


def test_without_a_display_the_agent_is_headless(paths: AgentPaths, tmp_path: Path) -> None:
    broken = policy(tmp_path, "[study]\nid = 'x'\nsurprise = 1\n")
    env_without_display = {"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    agent = start_module("agent.cli", paths, "run", managed=broken, base=env_without_display)
    output, _ = agent.communicate(timeout=60)
    assert agent.returncode == 1
    assert f"{broken}: study.surprise: unknown key" in output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_with_a_good_policy_the_headless_agent_runs_until_signalled(
    paths: AgentPaths, tmp_path: Path, signum: int
) -> None:
    good = policy(tmp_path, ENROLLED)
    agent = start_module("agent.cli", paths, "run", "--headless", managed=good)
    try:
        assert agent.stdout is not None
        first = line_with(agent.stdout, "consent ")  # logged once the controller runs
        assert first == "consentry: consent off: 0 purpose(s) active\n"
        agent.send_signal(signum)
        output = first + agent.communicate(timeout=30)[0]
    finally:
        if agent.poll() is None:
            agent.kill()
    assert agent.returncode == 0, output
    assert "Traceback" not in output
    assert output.endswith("consentry: stopped\n")


def test_the_headless_agent_follows_consent_given_in_a_terminal(
    paths: AgentPaths, tmp_path: Path
) -> None:
    good = policy(tmp_path, ENROLLED)
    agent = start_module("agent.cli", paths, "run", "--headless", managed=good)
    try:
        assert agent.stdout is not None
        assert "consent off" in line_with(agent.stdout, "consent ")
        granted = run_module("agent.cli", paths, "consent", "grant", managed=good)
        assert granted.returncode == 0, granted.stderr
        recording = line_with(agent.stdout, "consent ")
        assert recording == "consentry: consent recording: 1 purpose(s) active\n"
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.communicate(timeout=30)
    assert agent.returncode == 0


def test_an_unusable_state_directory_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    paths = AgentPaths(tmp_path / "config", blocker / "state", tmp_path / "data")
    done = run_module("agent.cli", paths, "run", "--headless")
    assert done.returncode == 1
    assert done.stderr == f"consentry: cannot use the state directory {blocker / 'state'}: " + (
        "Not a directory\n"
    )


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),
        ({"DISPLAY": ""}, "linux", False),
        ({}, "darwin", True),
        ({}, "win32", True),
    ],
)
def test_a_display_is_needed_only_on_linux(
    environ: dict[str, str], platform: str, expected: bool
) -> None:
    assert has_display(environ, platform) is expected


def test_capture_follows_only_changes_and_logs_counts_not_purposes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    capture = CaptureSources()
    recording = ConsentStatus(mode="recording", granted=("typed_text",), active=("typed_text",))
    with caplog.at_level("INFO", logger="agent.commands.run"):
        capture.follow(recording)
        capture.follow(recording)
        capture.follow(ConsentStatus(mode="paused", granted=("typed_text",)))
    assert caplog.messages == [
        "consent recording: 1 purpose(s) active",
        "consent paused: 0 purpose(s) active",
    ]
    assert capture.active == ()


def test_the_agent_s_files_are_private(paths: AgentPaths, tmp_path: Path) -> None:
    broken = policy(tmp_path, "[nope]\n")
    run_module("agent.cli", paths, "run", "--headless", managed=broken)
    assert (paths.state_dir.stat().st_mode & 0o777) == 0o700
    assert ((paths.state_dir / LOG_FILE).stat().st_mode & 0o777) == 0o600


def test_a_display_that_cannot_be_reached_is_one_line_and_nothing_is_captured(
    paths: AgentPaths, tmp_path: Path
) -> None:
    good = policy(tmp_path, ENROLLED)
    agent = start_module(
        "agent.cli", paths, "run", managed=good, base={"DISPLAY": ":250", "WAYLAND_DISPLAY": ""}
    )
    output, _ = agent.communicate(timeout=60)
    assert agent.returncode == 1
    assert output.startswith("consentry: cannot show the tray ("), output
    assert "nothing was captured" in output and "--headless" in output
    assert len(output.splitlines()) == 1  # no traceback, and capture never started


def test_stopping_the_agent_stops_capture() -> None:
    capture = CaptureSources()
    capture.follow(ConsentStatus(mode="recording", granted=("typed_text",), active=("typed_text",)))
    capture.stop()
    assert capture.active == ()


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The lines of ``stream`` as they come, read on a thread (a test can wait with a timeout)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for_line(lines: queue.Queue[str], start: str, seen: list[str]) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if line.startswith(start):
            return line
    raise AssertionError(f"no line starting {start!r} in: {seen}")


def test_capture_starts_with_consent_and_stops_at_a_pause_on_a_real_desktop(
    paths: AgentPaths, tmp_path: Path, display: Display
) -> None:
    good = policy(tmp_path, ENROLLED)
    agent = start_module(
        "agent.cli", paths, "run", "--headless", managed=good,
        base={**os.environ, "DISPLAY": display.name},
    )  # fmt: skip
    seen: list[str] = []
    try:
        assert agent.stdout is not None
        lines = _lines(agent.stdout)
        _wait_for_line(lines, "consentry: consent off", seen)
        assert run_module("agent.cli", paths, "consent", "grant", managed=good).returncode == 0
        _wait_for_line(lines, "consentry: capture started: input on, screens off", seen)
        assert (
            run_module("agent.cli", paths, "consent", "pause", "15m", managed=good).returncode == 0
        )
        _wait_for_line(lines, "consentry: consent paused", seen)
        stopped = _wait_for_line(lines, "consentry: capture stopped (consent):", seen)
        assert "session 2" in stopped  # its start and stop records, counted, never kept
        assert run_module("agent.cli", paths, "consent", "resume", managed=good).returncode == 0
        _wait_for_line(lines, "consentry: capture started", seen)
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=30)
    assert agent.returncode == 0
    assert not any("Traceback" in line for line in seen)


def test_a_flush_request_never_ends_an_agent_that_could_not_set_up_uploads(
    paths: AgentPaths, tmp_path: Path
) -> None:
    """The agent holds the lock and its pid even when its delivery failed to start."""
    missing_ca = tmp_path / "no-such-ca.pem"
    unusable = policy(tmp_path, ENROLLED + f"ca_file = '{missing_ca}'\n")
    agent = start_module("agent.cli", paths, "run", "--headless", managed=unusable)
    try:
        assert agent.stdout is not None
        assert "nothing will be captured" in line_with(agent.stdout, "nothing will be captured")
        flushed = run_module(
            "agent.cli", paths, "spool", "flush", "--timeout", "2", managed=unusable
        )
        assert flushed.returncode == 1
        time.sleep(0.5)
        assert agent.poll() is None, "the agent was killed by the flush request"
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.communicate(timeout=30)
    assert agent.returncode == 0
