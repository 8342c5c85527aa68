"""``consentry run --headless`` on a real desktop: what is kept is sealed before it reaches disk.

Xvfb + openbox, an xterm driven with xdotool, the agent as its own process
with a policy that keeps typed text, titles and screens, and a collector (the
fault server) on loopback. While the agent runs, a scanner reads every file
under the agent's state and data directories again and again — the spool's
database and its write-ahead log included — looking for canaries: words
typed in the terminal, a word in a window's title, a word shown on screen. None
may ever be found there. At the end the study's key opens what the collector
received, and the typed and title canaries *are* in it: the scan looked for
data that was really kept, so it cannot pass by keeping nothing.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.paths import AgentPaths
from agent.wire import ScreenFrame, TypedText, WindowFocus
from agent.wire.envelope import open_envelope
from agent.wire.keys import StudyPrivateKey
from tests.agent.agent_process import REPO, agent_env
from tests.agent.upload.collector_process import SECRET, STUDY, Running, start_server
from tests.desktop import Display, wait_for_window, x_display

SECRET_VARIABLE = "CONSENTRY_TEST_ENROLMENT_SECRET"
#: Kept by the agent (ordinary words), so present in sealed records, never in a file.
TYPED_CANARY = "zebracanary4417"
TITLE_CANARY = "titlecanary5523"
SHOWN_CANARY = "showncanary8861"
#: Never kept at all: typed at a password prompt.
PASSWORD_CANARY = "Pw3canaryPrompt92"
CANARIES = (TYPED_CANARY, TITLE_CANARY, SHOWN_CANARY, PASSWORD_CANARY)
#: How often the scanner reads the directories.
SCAN_SECONDS = 0.25

POLICY = """
[study]
id = "{study}"
[collector]
url = "{url}"
enrolment_secret_ref = "env:{secret}"
[purposes]
offered = ["input_activity", "typed_text", "screen_content"]
[keystrokes]
default_level = "classes"
per_application = {{ "XTerm" = "text" }}
[screen]
triggers = ["focus_change", "typing_burst_end", "periodic"]
interval_seconds = 5
max_interval_seconds = 10
[screen.output]
format = "png"
[batching]
max_seconds = 5
"""


class Scanner:
    """Reads every file under some directories, over and over, looking for canaries."""

    def __init__(self, roots: tuple[Path, ...], canaries: tuple[str, ...]) -> None:
        self.roots = roots
        self.patterns = [
            form for canary in canaries for form in (canary.encode(), canary.encode("utf-16-le"))
        ]
        self.found: list[tuple[str, str]] = []
        self.passes = 0
        self.files_read = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Scanner:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)
        self.scan()  # and once more at the very end

    def _run(self) -> None:
        while not self._stop.wait(SCAN_SECONDS):
            self.scan()

    def scan(self) -> None:
        for root in self.roots:
            for path in list(root.rglob("*")):
                try:
                    data = path.read_bytes() if path.is_file() else b""
                except OSError:
                    continue  # replaced or deleted between listing and reading
                self.files_read += 1
                for pattern in self.patterns:
                    if pattern in data:
                        self.found.append((str(path), pattern.decode(errors="replace")))
        self.passes += 1


@pytest.fixture(scope="module")
def desktop() -> Iterator[Display]:
    with x_display(1024, 700) as started:
        yield started


def _drive(desktop: Display, terminal: str) -> None:
    desktop.run("xdotool", "windowactivate", "--sync", terminal)
    time.sleep(1.0)
    desktop.type(f"echo {TYPED_CANARY} {SHOWN_CANARY}")
    desktop.key("Return")
    time.sleep(1.0)
    desktop.type('read -s -p "Password: " secret; echo')
    desktop.key("Return")
    time.sleep(1.0)
    desktop.type(PASSWORD_CANARY)
    desktop.key("Return")
    time.sleep(1.0)
    desktop.type(f"echo second {TYPED_CANARY} line")
    desktop.key("Return")
    time.sleep(7.0)  # a screen after the burst, a batch sealed by age


def _command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def sealed_run(
    desktop: Display, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Scanner, Running, StudyPrivateKey, str]]:
    root = tmp_path_factory.mktemp("sealed-run")
    study_key = StudyPrivateKey.generate()
    server = start_server(root / "collector", study_key.public_key())
    paths = AgentPaths(root / "config", root / "state", root / "data")
    managed = root / "managed.toml"
    managed.write_text(POLICY.format(study=STUDY, url=server.url, secret=SECRET_VARIABLE))
    env = {
        **agent_env(paths, managed, desktop.env),
        SECRET_VARIABLE: SECRET,
        "CONSENTRY_DEVICE_KEY_STORE": "file",
        "OMP_THREAD_LIMIT": "1",
    }
    granted = _command(env, "consent", "grant")
    assert granted.returncode == 0, granted.stderr
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    terminal = desktop.spawn(
        ["xterm", "-geometry", "80x12+200+300", "-T", f"{TITLE_CANARY} build shell"]
    )
    try:
        window = wait_for_window(desktop, TITLE_CANARY)
        time.sleep(1.0)  # the shell prompt
        with Scanner((paths.state_dir, paths.data_dir), CANARIES) as scanner:
            agent = subprocess.Popen(
                [sys.executable, "-m", "agent.cli", "run", "--headless"],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                time.sleep(4.0)  # capture started, enrolled
                _drive(desktop, window)
            finally:
                agent.terminate()
                log = agent.communicate(timeout=90)[0]
            assert agent.returncode == 0, log
            flushed = _command(env, "spool", "flush", "--timeout", "60")
            assert flushed.returncode == 0, flushed.stderr
        yield scanner, server, study_key, log
    finally:
        terminal.terminate()
        terminal.wait(timeout=10)
        server.stop()


def test_no_canary_is_ever_in_a_file_of_the_agent_while_it_runs(
    sealed_run: tuple[Scanner, Running, StudyPrivateKey, str],
) -> None:
    scanner, _, _, log = sealed_run
    assert scanner.passes >= 20 and scanner.files_read > 0
    assert scanner.found == []
    for canary in CANARIES:
        assert canary not in log
    assert "HTTP Request" not in log  # no line per request: states and counts only


def test_what_the_collector_received_holds_the_kept_canaries_sealed(
    sealed_run: tuple[Scanner, Running, StudyPrivateKey, str],
) -> None:
    _, server, study_key, _ = sealed_run
    stored = server.stored_batches()
    assert stored
    records = []
    for data in stored.values():
        assert TYPED_CANARY.encode() not in data and TITLE_CANARY.encode() not in data
        records += open_envelope(data, {study_key.public_key().key_id: study_key}).batch.records
    typed = " ".join(r.text_redacted for r in records if isinstance(r, TypedText))
    titles = " ".join(r.title_redacted or "" for r in records if isinstance(r, WindowFocus))
    assert TYPED_CANARY in typed
    assert TITLE_CANARY in titles
    assert PASSWORD_CANARY not in typed
    assert any(isinstance(r, ScreenFrame) for r in records)
