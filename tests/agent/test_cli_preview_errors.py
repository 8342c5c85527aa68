"""``consentry preview``: bad input is one clear line and nothing is captured; the text format."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import msgspec
import pytest

from agent.commands import preview as preview_command
from agent.commands.preview import format_record
from agent.paths import AgentPaths
from agent.wire import samples
from tests.agent.agent_process import REPO, agent_env

GOOD = """
[study]
id = "study-1"
[collector]
url = "https://collector.example.org/ingest"
[purposes]
offered = ["input_activity"]
"""


@pytest.fixture
def paths(tmp_path: Path) -> AgentPaths:
    return AgentPaths(tmp_path / "config", tmp_path / "state", tmp_path / "data")


def preview(
    paths: AgentPaths, tmp_path: Path, *args: str, policy: str = GOOD, display: str | None = None
) -> tuple[int, str, str]:
    managed = tmp_path / "policy.toml"
    managed.write_text(policy, encoding="utf-8")
    env = agent_env(paths, managed)
    env.pop("DISPLAY", None)
    if display is not None:
        env["DISPLAY"] = display
    done = subprocess.run(
        [sys.executable, "-m", "agent.cli", "preview", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "the following arguments are required: --seconds"),
        (("--seconds", "0"), "must be more than 0"),
        (("--seconds", "soon"), "not a number of seconds"),
        (("--seconds", "99999"), "at most 3600"),
        (("--seconds", "1", "--purposes", "keystrokes"), "unknown purpose 'keystrokes'"),
        (("--seconds", "1", "--format", "xml"), "invalid choice: 'xml'"),
    ],
)
def test_usage_errors_exit_2_with_one_named_problem(
    paths: AgentPaths, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = preview(paths, tmp_path, *args)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert out == ""


def test_a_broken_policy_is_listed_and_nothing_is_captured(
    paths: AgentPaths, tmp_path: Path
) -> None:
    code, out, err = preview(
        paths, tmp_path, "--seconds", "1", "--policy", str(tmp_path / "policy.toml"),
        policy=GOOD + "[screen]\ninterval_secs = 5\n",
    )  # fmt: skip
    assert code == 1
    assert "screen.interval_secs: unknown key" in err
    assert "nothing was captured" in err and "Traceback" not in err
    assert out == ""


def test_a_purpose_the_policy_does_not_offer_cannot_be_previewed(
    paths: AgentPaths, tmp_path: Path
) -> None:
    code, _, err = preview(paths, tmp_path, "--seconds", "1", "--purposes", "screen_content")
    assert code == 1
    assert "screen_content is not offered by this policy" in err


def test_without_a_display_preview_says_so(paths: AgentPaths, tmp_path: Path) -> None:
    code, out, err = preview(paths, tmp_path, "--seconds", "1")
    assert code == 1
    assert "no desktop to preview: DISPLAY is not set" in err
    assert out == ""


def test_the_text_format_is_one_line_per_record_with_its_own_fields() -> None:
    lines = [format_record(record) for record in samples.sample_records()]
    assert all("\n" not in line for line in lines)
    focus = lines[2]
    assert "window_focus" in focus
    assert 'app_id="Thunderbird"' in focus
    assert 'title_redacted="Re: invoice for [EMAIL] - Inbox"' in focus
    assert "device_id" not in focus and samples.DEVICE not in focus
    excluded = msgspec.structs.replace(
        samples.sample_records()[2], app_id=None, title_redacted=None, redactions={}
    )
    assert format_record(excluded).endswith("window_focus   app_id=(excluded)")
    frame = format_record(samples.sample_records()[6], Path("/tmp/frames/abc.webp"))
    assert "masked_windows=1" in frame and frame.endswith("file=/tmp/frames/abc.webp")


def test_a_display_that_cannot_be_reached_is_one_clear_error(
    paths: AgentPaths, tmp_path: Path
) -> None:
    code, _, err = preview(paths, tmp_path, "--seconds", "5", display=":250")
    assert code == 1
    assert "cannot capture on this desktop:" in err
    assert "Traceback" not in err


class _StuckReader(io.StringIO):
    """An output nobody reads until ``release`` is set (``preview | less`` left open)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def write(self, text: str) -> int:
        self.release.wait(10)
        return super().write(text)


def test_an_unread_output_never_blocks_capture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_command, "MAX_PENDING", 3)
    out = _StuckReader()
    printer = preview_command.RecordPrinter(out, "jsonl", None)
    records = samples.sample_records()[:6]
    started = time.monotonic()
    for record in records:
        printer.emit(record)  # capture's side: must return at once
    assert time.monotonic() - started < 1.0
    out.release.set()
    printer.close()
    printed = out.getvalue().splitlines()
    assert 3 <= len(printed) <= 4  # one being written when the rest queued, three queued
    assert printer.not_shown == len(records) - len(printed)
    assert printer.total == len(records)
