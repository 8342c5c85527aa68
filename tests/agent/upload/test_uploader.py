"""The uploader against a real collector process: enrols, sends messages first, then every batch
exactly once, whatever the network does."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agent.consent.outbox import Outbox
from agent.consent.receipts import receipt
from agent.paths import AgentPaths
from agent.sealing import EnrolmentState
from agent.spool import Spool
from agent.upload import CollectorClient, TlsSettings, Uploader, UploadTarget
from agent.upload.pacing import Backoff
from agent.wire.envelope import seal_batch
from agent.wire.keys import DeviceSigningKey, StudyPrivateKey
from tests.agent.spool.sealed_batches import SEQUENCES, frame_batch
from tests.agent.upload.collector_process import SECRET, STUDY, Running, start_server


@pytest.fixture(scope="module")
def study_keys() -> tuple[StudyPrivateKey, StudyPrivateKey]:
    return StudyPrivateKey.generate(), StudyPrivateKey.generate()


@pytest.fixture
def server(
    tmp_path: Path, study_keys: tuple[StudyPrivateKey, StudyPrivateKey]
) -> Iterator[Running]:
    running = start_server(tmp_path / "collector", *(key.public_key() for key in study_keys))
    yield running
    running.stop()


@dataclass
class Device:
    uploader: Uploader
    spool: Spool
    paths: AgentPaths
    device_id: str
    key: DeviceSigningKey

    def store(self, count: int, size: int = 3000) -> list[str]:
        """Seal ``count`` batches to the study's current key and put them in the spool."""
        enrolment = self.uploader.enrolment.current()
        assert enrolment is not None, "enrol first"
        study_key = enrolment.sealing_key("x25519")
        assert study_key is not None
        ids = []
        for _ in range(count):
            sealed = seal_batch(
                frame_batch(size, self.device_id),
                study_id=STUDY,
                study_key=study_key,
                device_key=self.key,
                sequence=next(SEQUENCES),
            )
            assert self.spool.put(sealed)
            ids.append(sealed.header.batch_id)
        return ids

    def drain(self, seconds: float = 30.0) -> None:
        """Run rounds, waiting as told, until nothing is pending (or fail after ``seconds``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            wait = self.uploader.round()
            if wait is None and self.uploader.pending_work() == (0, 0):
                return
            time.sleep(min(wait if wait is not None else 0.05, 1.0))
        raise AssertionError(f"still pending after {seconds} s: {self.uploader.pending_work()}")


def make_device(
    tmp_path: Path, server: Running, secret: str = SECRET, name: str = "device"
) -> Device:
    paths = AgentPaths(
        tmp_path / name / "config", tmp_path / name / "state", tmp_path / name / "data"
    )
    spool = Spool(paths.spool_dir, max_bytes=64 * 2**20, max_age_seconds=86400.0)
    spool.open()  # as the agent's delivery does at start
    device_id = str(uuid.uuid4())
    key = DeviceSigningKey.generate()
    target = UploadTarget(
        collector_url=server.url,
        study_id=STUDY,
        kem="x25519",
        secret_ref="env:ENROLMENT_SECRET",
        tls=TlsSettings(),
        max_bytes_per_second=64 * 2**20,
    )
    uploader = Uploader(
        target,
        paths,
        spool,
        EnrolmentState(paths.state_dir),
        device_id=device_id,
        device_key=key,
        client=CollectorClient(server.url, read_seconds=2.0, deadline_seconds=4.0),
        backoff=Backoff(base=0.05, cap=0.3),
        environ={"ENROLMENT_SECRET": secret},
    )
    return Device(uploader, spool, paths, device_id, key)


@pytest.fixture
def device(tmp_path: Path, server: Running) -> Iterator[Device]:
    made = make_device(tmp_path, server)
    assert made.uploader.round() is None  # enrols; nothing else to do yet
    yield made
    made.uploader.client.close()


def events(server: Running) -> list[dict[str, Any]]:
    lines = (server.state_dir / "events.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def assert_exactly_once(server: Running, device: Device, ids: list[str]) -> None:
    stored = server.stored_batches()
    assert set(stored) == set(ids)
    counters = device.spool.counters()
    assert counters.delivered == len(ids)
    assert counters.pending == 0 and counters.balanced


# -- the ordinary path ---------------------------------------------------------------------


def test_enrolment_keeps_the_studys_keys_and_seals_to_the_current_one(
    device: Device, study_keys: tuple[StudyPrivateKey, StudyPrivateKey]
) -> None:
    enrolment = device.uploader.enrolment.current()
    assert enrolment is not None
    assert [key.key_id for key in enrolment.keys] == [
        key.public_key().key_id_hex for key in study_keys
    ]
    assert enrolment.sealing_key("x25519") == study_keys[1].public_key()
    assert json.loads((device.paths.state_dir / "enrolment.json").read_text())["study_id"] == STUDY


def test_every_batch_is_delivered_once_and_leaves_the_spool(
    device: Device, server: Running
) -> None:
    ids = device.store(20)
    device.drain()
    assert_exactly_once(server, device, ids)
    for batch_id, data in server.stored_batches().items():
        assert batch_id in ids and data[:4] == b"CNSY"


def test_messages_go_before_batches_and_leave_the_outbox(device: Device, server: Running) -> None:
    ids = device.store(3)
    now = datetime.now(UTC)
    outbox = Outbox(device.paths.state_dir)
    outbox.put(
        "receipt", receipt(device.device_id, STUDY, "grant", ("input_activity",), "1", now), now
    )
    outbox.request_deletion(device.device_id, STUDY, now)
    device.drain()
    kinds = [event["kind"] for event in events(server) if event["kind"] in ("message", "batch")]
    assert kinds[:2] == ["message", "message"] and set(kinds[2:]) == {"batch"}
    assert outbox.pending() == []
    assert len(server.state()["messages"]) == 2
    assert_exactly_once(server, device, ids)


def test_a_message_that_names_no_study_is_deleted_not_sent(device: Device, server: Running) -> None:
    now = datetime.now(UTC)
    Outbox(device.paths.state_dir).request_deletion(device.device_id, "", now)
    device.drain()
    assert server.state()["messages"] == []


# -- faults: the batch stays until the collector has it; never stored twice ------------------


@pytest.mark.parametrize(
    "rule",
    [
        {"action": "status", "status": 500, "times": 3},
        {"action": "status", "status": 502},
        {"action": "status", "status": 503, "retry_after": "1", "times": 2},
        {"action": "status", "status": 429, "retry_after": "1"},
        {"action": "status", "status": 408},
        {"action": "reset", "times": 2},
        {"action": "timeout", "seconds": 6},
        {"action": "truncate", "times": 2},
        {"action": "slow", "seconds": 1.5},
        {"action": "lost_after_store", "times": 3},
    ],
    ids=lambda rule: f"{rule['action']}-{rule.get('status', '')}",
)
def test_after_a_fault_every_batch_is_stored_exactly_once(
    device: Device, server: Running, rule: dict[str, Any]
) -> None:
    ids = device.store(6)
    server.faults({"on": "batch", **rule})
    device.drain(60)
    assert_exactly_once(server, device, ids)
    assert server.state()["faults_left"] == 0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, "bad_envelope"),
        (403, "not_consented"),
        (404, "unknown_study"),
        (409, "batch_conflict"),
        (413, "too_large"),
    ],
)
def test_a_batch_refused_for_good_goes_to_quarantine_and_the_rest_go_on(
    device: Device, server: Running, status: int, error: str
) -> None:
    ids = device.store(4)
    server.faults({"on": "batch", "action": "status", "status": status, "error": error})
    device.drain()
    counters = device.spool.counters()
    assert (counters.quarantined, counters.delivered, counters.pending) == (1, 3, 0)
    assert counters.balanced
    [note] = (device.paths.spool_dir / "quarantine").glob("*.json")
    refused = json.loads(note.read_text())
    assert refused["status"] == status
    assert set(server.stored_batches()) == set(ids) - {refused["batch_id"]}


def test_an_unknown_device_enrols_again_and_then_delivers(device: Device, server: Running) -> None:
    ids = device.store(3)
    server.faults({"on": "batch", "action": "status", "status": 401, "error": "unknown_device"})
    device.drain()
    assert server.state()["requests"]["enrol"] == 2
    assert_exactly_once(server, device, ids)


def test_retry_after_is_honoured_before_anything_else_is_sent(
    device: Device, server: Running
) -> None:
    device.store(2)
    server.faults({"on": "batch", "action": "status", "status": 503, "retry_after": "30"})
    wait = device.uploader.round()
    assert wait is not None and 29 <= wait <= 30
    before = server.state()["requests"]["batch"]
    later = device.uploader.round()
    assert later is not None and 0 < later <= 30
    assert server.state()["requests"]["batch"] == before
    assert device.spool.counters().pending >= 1  # the other may have been in flight at once


def test_back_off_grows_with_each_failure_up_to_its_cap(device: Device, server: Running) -> None:
    device.uploader.backoff = Backoff(base=0.1, cap=0.4, rng=lambda: 1.0)
    device.store(1)
    server.faults({"on": "batch", "action": "status", "status": 500, "times": 4})
    waits = []
    for _ in range(4):
        wait = device.uploader.round()
        assert wait is not None
        waits.append(round(wait, 1))
        time.sleep(wait)
    assert waits == [0.1, 0.2, 0.4, 0.4]
    device.drain()


def test_a_refused_message_waits_but_batches_still_go(device: Device, server: Running) -> None:
    ids = device.store(2)
    now = datetime.now(UTC)
    Outbox(device.paths.state_dir).request_deletion(device.device_id, STUDY, now)
    server.faults({"on": "message", "action": "status", "status": 400, "error": "bad_request"})
    wait = device.uploader.round()
    assert wait is not None and wait > 60  # the message waits for the longest back-off
    assert set(server.stored_batches()) == set(ids)
    assert len(Outbox(device.paths.state_dir).pending()) == 1


# -- enrolment problems --------------------------------------------------------------------


def test_a_wrong_secret_sends_nothing_and_waits_long(tmp_path: Path, server: Running) -> None:
    device = make_device(tmp_path, server, secret="not-the-secret")
    wait = device.uploader.round()
    assert wait is not None and wait >= 60
    assert device.uploader.enrolment.current() is None
    assert server.state()["requests"]["batch"] == 0
    assert device.spool.counters().last_result == "401 bad_secret"


def test_an_unavailable_secret_is_reported_by_its_reference_only(
    tmp_path: Path, server: Running, caplog: pytest.LogCaptureFixture
) -> None:
    device = make_device(tmp_path, server)
    device.uploader.target = UploadTarget(
        collector_url=server.url, study_id=STUDY, kem="x25519", secret_ref="env:NOT_SET_ANYWHERE"
    )
    assert device.uploader.round() is not None
    assert "env:NOT_SET_ANYWHERE" in caplog.text
    assert SECRET not in caplog.text
    assert server.state()["requests"]["enrol"] == 0


def test_two_uploaders_on_one_spool_deliver_each_batch_once(
    tmp_path: Path, device: Device, server: Running
) -> None:
    ids = device.store(30)
    other = Uploader(
        device.uploader.target,
        device.paths,
        Spool(device.paths.spool_dir, max_bytes=64 * 2**20, max_age_seconds=86400.0),
        EnrolmentState(device.paths.state_dir),
        device_id=device.device_id,
        device_key=device.key,
        client=CollectorClient(server.url),
        environ={"ENROLMENT_SECRET": SECRET},
    )
    import threading

    thread = threading.Thread(target=other.round)
    thread.start()
    device.drain()
    thread.join(30)
    other.client.close()
    assert_exactly_once(server, device, ids)


def test_no_batch_is_sent_twice_when_nothing_goes_wrong(device: Device, server: Running) -> None:
    ids = device.store(150)  # more than one page of the spool, more than one delivery group
    device.drain()
    assert server.state()["requests"]["batch"] == len(ids)
    assert_exactly_once(server, device, ids)
