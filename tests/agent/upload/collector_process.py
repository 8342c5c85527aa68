"""Starting the fault-injecting collector (``fault_server``) as its own process, and steering it."""

from __future__ import annotations

import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from agent.wire.keys import StudyPublicKey

REPO = Path(__file__).resolve().parents[3]
STUDY = "study-1"
SECRET = "enrolment-secret"


@dataclass
class Running:
    process: subprocess.Popen[str]
    url: str
    state_dir: Path

    def faults(self, *rules: dict[str, Any]) -> None:
        """Queue fault rules (see ``fault_server``): each applies to the next matching requests."""
        with httpx.Client(base_url=self.url, timeout=10) as client:
            answer = client.post("/_control/faults", json=list(rules))
        assert answer.status_code == 200, answer.text

    def clear_faults(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as client:
            client.delete("/_control/faults")

    def state(self) -> dict[str, Any]:
        with httpx.Client(base_url=self.url, timeout=10) as client:
            answer: dict[str, Any] = client.get("/_control/state").json()
        return answer

    def stored_batches(self) -> dict[str, bytes]:
        """Every batch the server holds, by batch id, read from its state directory."""
        return {
            path.stem: path.read_bytes() for path in (self.state_dir / "batches").glob("*.envelope")
        }

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=10)


def start_server(
    state_dir: Path, *keys: StudyPublicKey, study: str = STUDY, secret: str = SECRET
) -> Running:
    command = [sys.executable, "-m", "tests.agent.upload.fault_server", "--state", str(state_dir)]
    command += ["--study", study, "--secret", secret]
    for key in keys:
        command += ["--key", f"{key.kem}:{key.raw.hex()}"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("listening http://127.0.0.1:"), line
    return Running(process, line.split()[1], state_dir)
