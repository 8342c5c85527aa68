"""One long run through every fault, with real processes: the collector has each batch exactly
once, and the spool accounts for every batch the agent created.

The agent is :mod:`tests.agent.upload.producer` (the real batcher, spool and
uploader, fed numbered records); the collector is the fault server. Along the
way: answers 500, 502, 503 and 429 with ``Retry-After``, 408, reset
connections, timeouts, truncated and slow answers, answers lost after the
batch was stored, a batch refused for good, SIGKILL mid-write (twice) and a
restart, a disk filled to the last byte, and the wall clock jumping forward
and back. Then ``consentry spool flush`` and ``consentry spool status --json``
as an operator would run them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.paths import AgentPaths
from agent.spool import Spool
from agent.wire import TypedText
from agent.wire.envelope import open_envelope, read_header
from agent.wire.keys import StudyPrivateKey
from tests.agent.agent_process import REPO, agent_env
from tests.agent.upload.collector_process import SECRET, STUDY, Running, start_server
from tests.small_disk import fill, small_disk

SECRET_VARIABLE = "CONSENTRY_TEST_ENROLMENT_SECRET"
PRODUCER = (sys.executable, "-m", "tests.agent.upload.producer")
DAY = 86400


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Agent:
    """The producer process and the operator's commands, on one device's directories."""

    def __init__(self, paths: AgentPaths, managed: Path, clock_file: Path) -> None:
        self.paths = paths
        self.env = {
            **agent_env(paths, managed),
            SECRET_VARIABLE: SECRET,
            "CONSENTRY_DEVICE_KEY_STORE": "file",
            "PRODUCER_CLOCK_FILE": str(clock_file),
        }
        self.clock_file = clock_file
        self.log = clock_file.with_name("producer.log")
        self.process: subprocess.Popen[str] | None = None
        self.next_record = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*PRODUCER, "--first", str(self.next_record), "--rate", "150"],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=self.log.open("a"),
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == "running\n"
        self.next_record += 10_000_000  # a restarted producer numbers on from here

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(60) == 0

    def command(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "agent.cli", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def status(self) -> dict[str, Any]:
        done = self.command("spool", "status", "--json")
        assert done.returncode == 0, done.stderr
        report: dict[str, Any] = json.loads(done.stdout)
        return report

    def jump_clock(self, seconds: float) -> None:
        self.clock_file.write_text(f"{seconds}\n")


@pytest.fixture
def study_key() -> StudyPrivateKey:
    return StudyPrivateKey.generate()


@pytest.fixture
def server(tmp_path: Path, study_key: StudyPrivateKey) -> Iterator[Running]:
    running = start_server(tmp_path / "collector", study_key.public_key())
    yield running
    running.stop()


POLICY = """
[study]
id = "{study}"
[collector]
url = "{url}"
enrolment_secret_ref = "env:{secret}"
[purposes]
offered = ["input_activity"]
[batching]
max_records = {max_records}
max_seconds = {max_seconds}
[retention]
device_max_mb = 16
device_days = 1
"""


def make_agent(
    tmp_path: Path, server: Running, data: Path, max_records: int = 10, max_seconds: int = 5
) -> Agent:
    paths = AgentPaths(tmp_path / "config", tmp_path / "state", data / "unsent")
    managed = tmp_path / "managed.toml"
    managed.write_text(
        POLICY.format(
            study=STUDY,
            url=server.url,
            secret=SECRET_VARIABLE,
            max_records=max_records,
            max_seconds=max_seconds,
        )
    )
    made = Agent(paths, managed, tmp_path / "clock-offset")
    granted = made.command("consent", "grant")
    assert granted.returncode == 0, granted.stderr
    return made


@pytest.fixture
def agent(tmp_path: Path, server: Running) -> Iterator[Agent]:
    with small_disk(tmp_path / "data", 24 * 1024) as data:
        made = make_agent(tmp_path, server, data)
        yield made
        if made.process is not None and made.process.poll() is None:
            made.process.kill()


def delivered_grows(agent: Agent, server: Running) -> None:
    before = len(server.stored_batches())
    wait_until(lambda: len(server.stored_batches()) > before + 3, 60, "new batches to arrive")


def test_every_batch_is_stored_exactly_once_and_accounted_for_through_every_fault(
    agent: Agent, server: Running, study_key: StudyPrivateKey
) -> None:
    agent.start()
    delivered_grows(agent, server)

    # 1. The network and the collector misbehave in every way the uploader knows.
    server.faults(
        {"on": "batch", "action": "status", "status": 500, "times": 3},
        {"on": "batch", "action": "status", "status": 502},
        {"on": "batch", "action": "status", "status": 503, "retry_after": "1", "times": 2},
        {"on": "batch", "action": "status", "status": 429, "retry_after": "1"},
        {"on": "batch", "action": "status", "status": 408},
        {"on": "batch", "action": "reset", "times": 2},
        {"on": "batch", "action": "timeout", "seconds": 5},
        {"on": "batch", "action": "truncate", "times": 2},
        {"on": "batch", "action": "slow", "seconds": 1.5},
        {"on": "batch", "action": "lost_after_store", "times": 3},
        {"on": "batch", "action": "status", "status": 400, "error": "bad_envelope"},
        {"on": "any", "action": "reset"},
    )
    wait_until(lambda: server.state()["faults_left"] == 0, 120, "every fault to be used")
    delivered_grows(agent, server)

    # 2. The agent is killed mid-write, twice, and started again.
    for _ in range(2):
        time.sleep(1.3)
        agent.kill()
        agent.start()
    delivered_grows(agent, server)

    # 3. The disk fills to the last byte while the collector asks the agent to wait.
    server.faults({"on": "batch", "action": "status", "status": 503, "retry_after": "4"})
    filler = fill(agent.paths.data_dir.parent)
    stats = os.statvfs(agent.paths.data_dir.parent)
    assert stats.f_bavail * stats.f_frsize < 64 * 1024  # really full
    time.sleep(8)
    filler.unlink()
    delivered_grows(agent, server)

    # 4. The wall clock jumps two days ahead while batches wait, then back.
    server.faults({"on": "batch", "action": "status", "status": 503, "retry_after": "5"})
    time.sleep(2)
    agent.jump_clock(2 * DAY)
    time.sleep(3)
    agent.jump_clock(0)
    delivered_grows(agent, server)

    # 5. The operator stops the agent and flushes what is left.
    agent.stop()
    flushed = agent.command("spool", "flush", "--timeout", "90")
    assert flushed.returncode == 0, flushed.stderr

    status = agent.status()
    stored = server.stored_batches()
    assert status["balanced"] is True, status
    assert status["pending"] == 0 and status["outbox_pending"] == 0, status
    assert status["created"] == status["delivered"] + status["evicted"] + status["quarantined"]
    assert status["quarantined"] == 1, status
    assert status["evicted_by_reason"]["age"] >= 1, status  # the clock jump
    assert "Traceback" not in agent.log.read_text()
    assert status["sealed"] >= status["delivered"] + status["quarantined"]

    # Each batch the agent counts delivered is at the collector. A batch the collector
    # holds but the agent does not count delivered was stored while its answer was lost,
    # then evicted by policy or refused on a retry (the injected 400): counted as such,
    # never as pending or lost.
    with Spool(agent.paths.spool_dir, max_bytes=2**30, max_age_seconds=9e9) as spool:
        history = spool.history(limit=100_000)
    outcome = {past.batch_id: past.outcome for past in history}
    delivered = {batch for batch, result in outcome.items() if result == "delivered"}
    assert len(delivered) == status["delivered"]
    assert delivered <= set(stored)
    for batch_id in set(stored) - delivered:
        assert outcome[batch_id].startswith(("evicted:", "quarantined")), outcome.get(batch_id)

    new_stores = [event["id"] for event in server_events(server) if event["stored_new"]]
    assert len(new_stores) == len(set(new_stores))  # no batch was stored twice

    numbers: list[int] = []
    for batch_id, data in stored.items():
        opened = open_envelope(data, {study_key.public_key().key_id: study_key})
        assert opened.header.batch_id == batch_id
        numbers += [r.segment for r in opened.batch.records if isinstance(r, TypedText)]
    assert len(numbers) == len(set(numbers)), "a record reached the collector twice"
    sequences = [read_header(data).header.sequence for data in stored.values()]
    assert len(sequences) == len(set(sequences))


def server_events(server: Running) -> list[dict[str, Any]]:
    text = (server.state_dir / "events.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_fault_run_leaves_no_plaintext_record_on_the_agents_disk(
    agent: Agent, server: Running
) -> None:
    agent.start()
    delivered_grows(agent, server)
    server.faults({"on": "batch", "action": "status", "status": 503, "retry_after": "30"})
    time.sleep(6)  # batches wait in the spool
    agent.kill()
    assert agent.status()["pending"] > 0
    for root in (agent.paths.state_dir, agent.paths.data_dir):
        for path in root.rglob("*"):
            if path.is_file():
                assert b"synthetic record" not in path.read_bytes(), path


def test_withdrawal_while_the_agent_runs_deletes_the_spool_and_sends_the_deletion_request(
    agent: Agent, server: Running
) -> None:
    agent.start()
    delivered_grows(agent, server)
    server.faults({"on": "any", "action": "status", "status": 503, "retry_after": "6", "times": 3})
    wait_until(lambda: agent.status()["pending"] >= 3, 30, "batches waiting in the spool")
    withdrawn = agent.command("consent", "withdraw", "--yes")
    assert withdrawn.returncode == 0, withdrawn.stderr
    time.sleep(3)  # the agent runs on, sees the withdrawal, keeps nothing new
    assert list(agent.paths.data_dir.rglob("*")) == []
    server.clear_faults()
    wait_until(lambda: deletion_requests(server) == 1, 60, "the deletion request to arrive")
    agent.stop()
    assert list(agent.paths.data_dir.rglob("*")) == []
    assert agent.status()["outbox_pending"] == 0


def deletion_requests(server: Running) -> int:
    messages = (server.state_dir / "messages").glob("*.json")
    return sum(json.loads(path.read_text())["kind"] == "deletion-request" for path in messages)


def test_spool_flush_makes_the_running_agent_seal_what_it_holds_and_sends_it(
    tmp_path: Path, server: Running, study_key: StudyPrivateKey
) -> None:
    agent = make_agent(tmp_path, server, tmp_path / "data", max_records=10_000, max_seconds=3600)
    agent.start()
    try:
        time.sleep(2.0)  # records gathered in memory; nothing is due to be sealed for an hour
        assert agent.status()["created"] == 0
        flushed = agent.command("spool", "flush", "--timeout", "30")
        assert flushed.returncode == 0, flushed.stderr
        assert "nothing pending" in flushed.stdout
        stored = server.stored_batches()
        assert len(stored) >= 1
        keys = {study_key.public_key().key_id: study_key}
        assert sum(len(open_envelope(data, keys).batch.records) for data in stored.values()) > 50
    finally:
        agent.stop()


def test_spool_flush_times_out_with_exit_1_and_says_what_is_pending(
    agent: Agent, server: Running
) -> None:
    agent.start()
    delivered_grows(agent, server)
    agent.stop()
    server.faults(
        {"on": "any", "action": "status", "status": 503, "retry_after": "3600", "times": 10_000}
    )
    agent.start()
    wait_until(lambda: agent.status()["pending"] > 0, 30, "batches waiting")
    agent.stop()
    flushed = agent.command("spool", "flush", "--timeout", "3")
    assert flushed.returncode == 1
    last = flushed.stderr.splitlines()[-1]
    assert last.startswith("consentry: after 3 s, still pending: "), flushed.stderr
    assert "last upload result: 503" in last
    assert all(line.startswith("consentry: ") for line in flushed.stderr.splitlines())
