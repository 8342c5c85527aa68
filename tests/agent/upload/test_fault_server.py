"""The fault server itself: protocol v1 answers, stored state, restarts and each fault kind."""

from __future__ import annotations

import itertools
import json
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.wire.envelope import seal_batch
from agent.wire.keys import DeviceSigningKey, StudyPrivateKey, StudyPublicKey, b64encode
from agent.wire.samples import sample_batch
from tests.agent.upload.collector_process import SECRET, STUDY, Running, start_server

_sequences = itertools.count(1)


@dataclass
class Device:
    id: str
    key: DeviceSigningKey


def enrol_body(device: Device, secret: str = SECRET) -> bytes:
    body = {
        "study": STUDY,
        "secret": secret,
        "device_id": device.id,
        "device_key": b64encode(device.key.public_raw),
        "agent_version": "0.1.0",
    }
    return json.dumps(body).encode()


def enrol(client: httpx.Client, device: Device, secret: str = SECRET) -> httpx.Response:
    body = enrol_body(device, secret)
    signature = b64encode(device.key.sign(b"consentry enrol v1\n" + body))
    return client.post("/v1/enrol", content=body, headers={"Consentry-Signature": signature})


def seal(
    device: Device,
    study_key: StudyPublicKey,
    *,
    sequence: int | None = None,
    batch_id: str | None = None,
) -> tuple[str, bytes]:
    sealed = seal_batch(
        sample_batch(device.id),
        study_id=STUDY,
        study_key=study_key,
        device_key=device.key,
        sequence=next(_sequences) if sequence is None else sequence,
        batch_id=batch_id,
    )
    return sealed.header.batch_id, sealed.data


def put_batch(client: httpx.Client, batch_id: str, data: bytes) -> httpx.Response:
    return client.put(f"/v1/studies/{STUDY}/batches/{batch_id}", content=data)


def put_message(
    client: httpx.Client, device: Device, message_id: str, body: bytes
) -> httpx.Response:
    signed = b"consentry message v1\n" + f"{STUDY}\n{message_id}\n".encode() + body
    headers = {
        "Consentry-Device": device.id,
        "Consentry-Signature": b64encode(device.key.sign(signed)),
    }
    return client.put(f"/v1/studies/{STUDY}/messages/{message_id}", content=body, headers=headers)


def faults(client: httpx.Client, *rules: dict[str, Any]) -> None:
    assert client.post("/_control/faults", json=list(rules)).status_code == 200


def state(client: httpx.Client) -> dict[str, Any]:
    answer: dict[str, Any] = client.get("/_control/state").json()
    return answer


def raw_exchange(url: str, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection, and nothing more; read until the server closes it."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(data)
        connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def old_key() -> StudyPublicKey:
    return StudyPrivateKey.generate().public_key()


@pytest.fixture(scope="module")
def study_key() -> StudyPublicKey:
    return StudyPrivateKey.generate().public_key()


@pytest.fixture(scope="module")
def device() -> Device:
    return Device(str(uuid.uuid4()), DeviceSigningKey.generate())


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, old_key: StudyPublicKey, study_key: StudyPublicKey
) -> Iterator[Running]:
    running = start_server(tmp_path_factory.mktemp("collector"), old_key, study_key)
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def module_client(server: Running, device: Device) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        assert enrol(client, device).status_code == 200
        yield client


@pytest.fixture
def client(module_client: httpx.Client) -> Iterator[httpx.Client]:
    yield module_client
    module_client.delete("/_control/faults")


# -- enrolment and keys --------------------------------------------------------------------


def test_enrol_answers_every_study_key_oldest_first_with_the_last_current(
    client: httpx.Client, device: Device, old_key: StudyPublicKey, study_key: StudyPublicKey
) -> None:
    answer = enrol(client, device)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["study"], body["device_id"]) == (STUDY, device.id)
    assert [(key["key_id"], key["current"]) for key in body["keys"]] == [
        (old_key.key_id_hex, False),
        (study_key.key_id_hex, True),
    ]
    assert body["keys"][1]["public_key"] == b64encode(study_key.raw)
    assert client.get(f"/v1/studies/{STUDY}/keys").json()["keys"] == body["keys"]


def test_enrol_with_a_wrong_secret_is_401_bad_secret(client: httpx.Client) -> None:
    stranger = Device(str(uuid.uuid4()), DeviceSigningKey.generate())
    answer = enrol(client, stranger, secret="guessed")
    assert (answer.status_code, answer.json()["error"]) == (401, "bad_secret")
    assert stranger.id not in state(client)["devices"]


def test_enrol_of_a_known_device_with_another_key_is_409(
    client: httpx.Client, device: Device
) -> None:
    answer = enrol(client, Device(device.id, DeviceSigningKey.generate()))
    assert (answer.status_code, answer.json()["error"]) == (409, "device_key_conflict")


def test_enrol_signed_by_another_key_is_400(client: httpx.Client) -> None:
    device = Device(str(uuid.uuid4()), DeviceSigningKey.generate())
    body = enrol_body(device)
    forged = b64encode(DeviceSigningKey.generate().sign(b"consentry enrol v1\n" + body))
    answer = client.post("/v1/enrol", content=body, headers={"Consentry-Signature": forged})
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")


def test_keys_of_another_study_is_404(client: httpx.Client) -> None:
    assert client.get("/v1/studies/other/keys").status_code == 404


# -- batches and messages ------------------------------------------------------------------


def test_a_batch_is_stored_once_and_a_repeat_is_already_stored(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    batch_id, data = seal(device, study_key)
    first = put_batch(client, batch_id, data)
    again = put_batch(client, batch_id, data)
    assert (first.status_code, first.json()) == (201, {"status": "stored"})
    assert (again.status_code, again.json()) == (200, {"status": "already_stored"})
    assert first.headers["Consentry-Current-Key"] == study_key.key_id_hex
    assert batch_id in state(client)["batches"]


def test_a_batch_sealed_to_an_older_study_key_is_stored(
    client: httpx.Client, device: Device, old_key: StudyPublicKey
) -> None:
    assert put_batch(client, *seal(device, old_key)).status_code == 201


def test_other_bytes_under_a_stored_batch_id_or_sequence_are_409(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    sequence = next(_sequences)
    batch_id, data = seal(device, study_key, sequence=sequence)
    assert put_batch(client, batch_id, data).status_code == 201
    same_id = put_batch(client, *seal(device, study_key, sequence=sequence, batch_id=batch_id))
    same_sequence = put_batch(client, *seal(device, study_key, sequence=sequence))
    for answer in (same_id, same_sequence):
        assert (answer.status_code, answer.json()["error"]) == (409, "batch_conflict")


@pytest.mark.parametrize(
    ("change", "status", "error", "detail"),
    [
        ("unknown_device", 401, "unknown_device", None),
        ("unknown_key", 400, "bad_envelope", "unknown_key"),
        ("bad_signature", 400, "bad_envelope", "bad_signature"),
        ("path_mismatch", 400, "bad_envelope", "path_mismatch"),
        ("truncated", 400, "bad_envelope", "length_mismatch"),
    ],
)
def test_a_batch_the_collector_cannot_accept_is_refused(
    client: httpx.Client,
    device: Device,
    study_key: StudyPublicKey,
    change: str,
    status: int,
    error: str,
    detail: str | None,
) -> None:
    sealer, key = device, study_key
    if change == "unknown_device":
        sealer = Device(str(uuid.uuid4()), DeviceSigningKey.generate())
    if change == "unknown_key":
        key = StudyPrivateKey.generate().public_key()
    batch_id, data = seal(sealer, key)
    if change == "bad_signature":
        data = data[:-1] + bytes([data[-1] ^ 1])
    if change == "path_mismatch":
        batch_id = seal(device, study_key)[0]
    if change == "truncated":
        data = data[:-1]
    answer = put_batch(client, batch_id, data)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert detail is None or answer.json()["detail"] == detail
    assert answer.headers["Consentry-Current-Key"] == study_key.key_id_hex


def test_a_message_is_stored_once_and_other_bytes_under_its_id_are_409(
    client: httpx.Client, device: Device
) -> None:
    body = json.dumps({"kind": "deletion-request", "device": device.id, "study_id": STUDY})
    first = put_message(client, device, "m-1", body.encode())
    again = put_message(client, device, "m-1", body.encode())
    other = put_message(client, device, "m-1", body.encode() + b" ")
    assert [first.status_code, again.status_code, other.status_code] == [201, 200, 409]
    assert "m-1" in state(client)["messages"]


def test_a_message_signed_by_another_key_is_400(client: httpx.Client, device: Device) -> None:
    impostor = Device(device.id, DeviceSigningKey.generate())
    answer = put_message(client, impostor, "m-2", b'{"kind": "deletion-request"}')
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")


# -- faults --------------------------------------------------------------------------------


def test_a_status_fault_answers_it_with_retry_after_and_stores_nothing(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "status", "status": 503, "retry_after": "7"})
    batch_id, data = seal(device, study_key)
    refused = put_batch(client, batch_id, data)
    assert (refused.status_code, refused.headers["Retry-After"]) == (503, "7")
    assert batch_id not in state(client)["batches"]
    assert put_batch(client, batch_id, data).status_code == 201


def test_a_reset_fault_resets_the_connection_and_stores_nothing(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "reset"})
    batch_id, data = seal(device, study_key)
    with pytest.raises(httpx.ReadError):
        put_batch(client, batch_id, data)
    assert batch_id not in state(client)["batches"]


def test_a_timeout_fault_sends_nothing_and_stores_nothing(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "timeout", "seconds": 1})
    batch_id, data = seal(device, study_key)
    with pytest.raises(httpx.ReadTimeout):
        client.put(f"/v1/studies/{STUDY}/batches/{batch_id}", content=data, timeout=0.2)
    assert batch_id not in state(client)["batches"]


def test_a_truncate_fault_cuts_the_answer_short_and_stores_nothing(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "truncate"})
    batch_id, data = seal(device, study_key)
    with pytest.raises(httpx.RemoteProtocolError):
        put_batch(client, batch_id, data)
    assert batch_id not in state(client)["batches"]


def test_a_lost_after_store_fault_stores_the_batch_but_never_answers(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "lost_after_store"})
    batch_id, data = seal(device, study_key)
    with pytest.raises(httpx.RemoteProtocolError):
        put_batch(client, batch_id, data)
    assert batch_id in state(client)["batches"]
    assert put_batch(client, batch_id, data).json() == {"status": "already_stored"}


def test_a_slow_fault_trickles_the_answer_of_a_stored_batch(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "slow", "seconds": 0.01})
    started = time.monotonic()
    answer = put_batch(client, *seal(device, study_key))
    assert (answer.status_code, answer.json()) == (201, {"status": "stored"})
    assert time.monotonic() - started >= 0.01 * len(answer.content)


def test_a_rule_applies_as_many_times_as_it_says_and_only_to_its_kind(
    client: httpx.Client, device: Device, study_key: StudyPublicKey
) -> None:
    faults(client, {"on": "batch", "action": "status", "status": 500, "times": 2})
    assert client.get(f"/v1/studies/{STUDY}/keys").status_code == 200
    batch_id, data = seal(device, study_key)
    statuses = [put_batch(client, batch_id, data).status_code for _ in range(3)]
    assert statuses == [500, 500, 201]
    assert state(client)["faults_left"] == 0


def test_a_malformed_fault_rule_is_refused_whole(client: httpx.Client) -> None:
    rules = [{"on": "batch", "action": "reset"}, {"on": "batch", "action": "explode"}]
    assert client.post("/_control/faults", json=rules).status_code == 400
    assert state(client)["faults_left"] == 0


# -- HTTP framing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NONSENSE\r\n\r\n", b"400"),
        (b"GET /v1/studies/study-1/keys HTTP/1.1\r\nno colon\r\n\r\n", b"400"),
        (
            b"PUT /v1/studies/study-1/messages/m HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"411",
        ),
        (
            b"PUT /v1/studies/study-1/batches/b HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
            b"413",
        ),
    ],
)
def test_a_request_it_cannot_frame_is_refused_and_the_connection_closed(
    server: Running, request_bytes: bytes, status: bytes
) -> None:
    assert raw_exchange(server.url, request_bytes).startswith(b"HTTP/1.1 " + status)


# -- state ---------------------------------------------------------------------------------


def test_a_restarted_server_keeps_its_devices_and_batches(
    tmp_path: Path, device: Device, study_key: StudyPublicKey
) -> None:
    first = start_server(tmp_path, study_key)
    with httpx.Client(base_url=first.url, timeout=5) as client:
        assert enrol(client, device).status_code == 200
        batch_id, data = seal(device, study_key)
        assert put_batch(client, batch_id, data).status_code == 201
        keys = client.get(f"/v1/studies/{STUDY}/keys").json()
    assert first.stop() == 0
    second = start_server(tmp_path, study_key)
    try:
        with httpx.Client(base_url=second.url, timeout=5) as client:
            assert put_batch(client, batch_id, data).status_code == 200
            assert client.get(f"/v1/studies/{STUDY}/keys").json() == keys
            assert list(state(client)["batches"]) == [batch_id]
    finally:
        assert second.stop() == 0
    assert (tmp_path / "batches" / f"{batch_id}.envelope").read_bytes() == data
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    batch_events = [
        (event["status"], event["stored_new"]) for event in events if event["kind"] == "batch"
    ]
    assert batch_events == [(201, True), (200, False)]
