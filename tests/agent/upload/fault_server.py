"""A collector that speaks protocol v1 and injects network faults on command: a test double.

It stands in for the collector until the real one exists, so the uploader's
tests and benchmarks have a server to talk to. It is strict where
``agent/wire/protocol-v1.md`` is strict — enrolment and message signatures,
envelope headers and signatures, the study's keys, storing a batch or message
exactly once, conflicts — and simple elsewhere: one study, one enrolment
secret that never runs out, no revocation, consent checks or TLS.

Run it as its own process::

    python -m tests.agent.upload.fault_server --state DIR --study STUDY \\
        --secret SECRET --key KEM:HEX [--key KEM:HEX ...] [--port 0] [--current-key KEY_ID]

Each ``--key`` is a study public key (``x25519`` or ``mlkem768-x25519``, raw
bytes in hex), oldest first; the last is current unless ``--current-key``
names another. The server prints ``listening http://127.0.0.1:PORT`` once and
serves until SIGTERM or SIGINT (exit 0).

It speaks HTTP/1.1 on raw asyncio streams (keep-alive, ``Content-Length``
bodies only) because its faults need the socket a framework hides.

State lives in DIR, so a server killed and started again knows what it stored:
``batches/<batch_id>.envelope`` (the exact bytes), ``messages/<id>.json``,
``devices.json`` (device id -> base64url Ed25519 key), ``keys.json`` (when
each study key was first served: its ``created_at``) and ``events.jsonl``,
one line per request: ``method``, ``path``, ``status`` (null when no answer
was formed), ``kind``, ``id`` (batch or message id), ``fault`` (the action
applied) and ``stored_new`` (a batch or message stored for the first time).

Control API, never faulted:

* ``POST /_control/faults`` with a JSON list of rules: appended to the queue;
* ``DELETE /_control/faults``: the queue emptied;
* ``GET /_control/state``: ``batches`` (id -> SHA-256 hex), ``messages``,
  ``devices``, and since this process started ``requests`` per kind and
  ``stored_new``; ``faults_left`` is the sum of the queued rules' ``times``.

A rule is ``{"on": "batch"|"message"|"enrol"|"keys"|"any", "action": ACTION,
"times": 1, ...}``; a request (``any``: of any kind but control) takes the first
rule that matches it, and a rule is spent after ``times`` requests. Actions:

* ``status``: answer ``status`` (503) with ``error`` (a code per status) and
  ``retry_after`` as ``Retry-After`` if given; nothing stored;
* ``reset``: read the request, then reset the connection;
* ``timeout``: read the request, send nothing for ``seconds`` (30), close;
* ``truncate``: nothing stored; send ``status`` (200) and half of the body
  its ``Content-Length`` announces, then close;
* ``slow``: process the request, then send the answer's body one byte every
  ``seconds`` (2);
* ``lost_after_store``: process the request, then close without answering.

Every action but ``status`` and ``slow`` leaves the connection closed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import struct
import sys
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from agent.wire.envelope import EnvelopeError, read_header, verify_envelope
from agent.wire.fields import UUID4_PATTERN
from agent.wire.keys import (
    KEM_NAMES,
    KemName,
    KeyFormatError,
    StudyPublicKey,
    b64decode,
    b64encode,
    check_device_public_key,
    signature_valid,
)
from tests.agent.upload.fault_rules import (
    DEFAULT_ERRORS,
    INSTEAD_OF_PROCESSING,
    FaultQueue,
    FaultRule,
    parse_rules,
)
from tests.agent.upload.http_framing import (
    MAX_HEAD_BYTES,
    Head,
    Kind,
    Refusal,
    Request,
    Response,
    Route,
    body_length,
    error_response,
    json_response,
    keeps_alive,
    parse_head,
    response_head,
    route_of,
)

#: A connection idle this long between requests, or stalled inside one, is closed.
READ_TIMEOUT_SECONDS = 120.0
#: A body refused unread (413) is drained and discarded this long after the answer, so the
#: client, still sending, is not reset before it reads the answer.
DRAIN_SECONDS = 2.0

ENROL_CONTEXT = b"consentry enrol v1\n"
MESSAGE_CONTEXT = b"consentry message v1\n"
MESSAGE_KINDS = frozenset({"consent-receipt", "deletion-request"})
ENROL_FIELDS = ("study", "secret", "device_id", "device_key", "agent_version")

COUNTED_KINDS: tuple[Kind, ...] = ("batch", "message", "enrol", "keys")

_KEMS: dict[str, KemName] = {name: name for name in KEM_NAMES}
_MESSAGE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_UUID4 = re.compile(UUID4_PATTERN.removeprefix("^").removesuffix("$"))


# -- the study and what is stored --------------------------------------------------------


@dataclass(frozen=True)
class Study:
    id: str
    secret: str
    keys: tuple[StudyPublicKey, ...]  # oldest first
    created_at: Mapping[str, str]  # key id hex -> RFC 3339
    current: str  # key id hex

    def key_list(self) -> list[dict[str, Any]]:
        return [
            {
                "key_id": key.key_id_hex,
                "kem": key.kem,
                "public_key": b64encode(key.raw),
                "created_at": self.created_at[key.key_id_hex],
                "current": key.key_id_hex == self.current,
            }
            for key in self.keys
        ]

    def key_named(self, key_id: bytes) -> StudyPublicKey | None:
        return next((key for key in self.keys if key.key_id == key_id), None)


@dataclass(frozen=True)
class StoredBatch:
    sha256: str
    device_id: str
    sequence: int


def write_atomic(path: Path, data: bytes) -> None:
    """Written whole or not at all (no fsync: a test's server need not survive a power cut)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class Store:
    """Everything stored, in memory and in the state directory, written as it changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.batch_dir = root / "batches"
        self.message_dir = root / "messages"
        self.batch_dir.mkdir(parents=True, exist_ok=True)
        self.message_dir.mkdir(parents=True, exist_ok=True)
        self.devices: dict[str, bytes] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.sequences: dict[tuple[str, int], str] = {}
        self.messages: dict[str, str] = {}  # id -> SHA-256 hex
        self._load()
        self._events: TextIO = (root / "events.jsonl").open("a", encoding="utf-8")

    def _load(self) -> None:
        devices_file = self.root / "devices.json"
        if devices_file.exists():
            for device_id, key in json.loads(devices_file.read_text("utf-8")).items():
                self.devices[device_id] = b64decode(key, "a device key")
        for path in self.batch_dir.glob("*.envelope"):
            data = path.read_bytes()
            try:
                header = read_header(data).header
            except EnvelopeError as error:
                raise SystemExit(
                    f"fault_server: {path} is not an envelope ({error.code})"
                ) from None
            self._index_batch(header.batch_id, header.device_id, header.sequence, data)
        for path in self.message_dir.glob("*.json"):
            self.messages[path.name.removesuffix(".json")] = _sha256(path.read_bytes())

    def key_times(self, keys: Iterable[StudyPublicKey]) -> dict[str, str]:
        """When each key was first served, kept in ``keys.json`` so a restart keeps it."""
        path = self.root / "keys.json"
        times: dict[str, str] = json.loads(path.read_text("utf-8")) if path.exists() else {}
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        missing = {key.key_id_hex: now for key in keys if key.key_id_hex not in times}
        if missing:
            times.update(missing)
            write_atomic(path, json.dumps(times, indent=1).encode())
        return times

    def enrol(self, device_id: str, key: bytes) -> None:
        self.devices[device_id] = key
        text = {device: b64encode(raw) for device, raw in self.devices.items()}
        write_atomic(self.root / "devices.json", json.dumps(text, indent=1).encode())

    def put_batch(self, batch_id: str, device_id: str, sequence: int, data: bytes) -> None:
        write_atomic(self.batch_dir / f"{batch_id}.envelope", data)
        self._index_batch(batch_id, device_id, sequence, data)

    def _index_batch(self, batch_id: str, device_id: str, sequence: int, data: bytes) -> None:
        self.batches[batch_id] = StoredBatch(_sha256(data), device_id, sequence)
        self.sequences[device_id, sequence] = batch_id

    def put_message(self, message_id: str, data: bytes) -> None:
        write_atomic(self.message_dir / f"{message_id}.json", data)
        self.messages[message_id] = _sha256(data)

    def record(self, event: Mapping[str, Any]) -> None:
        self._events.write(json.dumps(event, separators=(",", ":")) + "\n")
        self._events.flush()

    def close(self) -> None:
        self._events.close()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the collector's answers -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    response: Response
    stored_new: bool = False


class Collector:
    """Answers requests from the study's keys and the store; knows nothing about sockets."""

    def __init__(self, study: Study, store: Store) -> None:
        self.study = study
        self.store = store
        self.faults = FaultQueue()
        self.requests: dict[str, int] = dict.fromkeys(COUNTED_KINDS, 0)
        self.stored_new = 0

    def answer(self, request: Request, route: Route) -> Outcome:
        try:
            return self._dispatch(request, route)
        except Refusal as refusal:
            return Outcome(error_response(refusal.status, refusal.error, refusal.detail))

    def _dispatch(self, request: Request, route: Route) -> Outcome:
        if route.name == "enrol":
            return self._enrol(request)
        if route.name == "keys":
            self._check_study(route.study)
            return Outcome(json_response(200, {"keys": self.study.key_list()}))
        if route.name == "batch":
            return self._batch(request, route)
        if route.name == "message":
            return self._message(request, route)
        if route.name == "add_faults":
            self.faults.add(parse_rules(_json(request.body)))
            return Outcome(json_response(200, {"faults_left": self.faults.left}))
        if route.name == "clear_faults":
            self.faults.clear()
            return Outcome(json_response(200, {"faults_left": 0}))
        if route.name == "state":
            return Outcome(json_response(200, self.state()))
        if route.name == "bad_method":
            allow = (("Allow", route.allow or ""),)
            return Outcome(error_response(405, "method_not_allowed", "not allowed here", allow))
        return Outcome(error_response(404, "not_found", "no such endpoint"))

    def state(self) -> dict[str, Any]:
        store = self.store
        return {
            "batches": {batch_id: stored.sha256 for batch_id, stored in store.batches.items()},
            "messages": sorted(store.messages),
            "devices": sorted(store.devices),
            "requests": dict(self.requests),
            "stored_new": self.stored_new,
            "faults_left": self.faults.left,
        }

    def _check_study(self, study: str) -> None:
        if study != self.study.id:
            raise Refusal(404, "unknown_study", "no such study here")

    def _enrol(self, request: Request) -> Outcome:
        body = _json(request.body)
        if not isinstance(body, dict) or not all(
            isinstance(body.get(name), str) for name in ENROL_FIELDS
        ):
            raise Refusal(400, "bad_request", f"the body is an object of strings {ENROL_FIELDS}")
        device_id: str = body["device_id"]
        if not _UUID4.fullmatch(device_id):
            raise Refusal(400, "bad_request", "device_id is not a random (version 4) UUID")
        self._check_study(body["study"])
        if not hmac.compare_digest(body["secret"].encode(), self.study.secret.encode()):
            raise Refusal(401, "bad_secret", "the enrolment secret is not valid")
        try:
            key = check_device_public_key(b64decode(body["device_key"], "device_key"))
        except KeyFormatError as error:
            raise Refusal(400, "bad_request", f"device_key: {error}") from None
        if not signature_valid(key, ENROL_CONTEXT + request.body, _signature(request)):
            raise Refusal(400, "bad_request", "the signature does not verify with device_key")
        known = self.store.devices.get(device_id)
        if known is not None and known != key:
            raise Refusal(409, "device_key_conflict", "the device is enrolled with another key")
        if known is None:
            self.store.enrol(device_id, key)
        answer = {"study": self.study.id, "device_id": device_id, "keys": self.study.key_list()}
        return Outcome(json_response(200, answer))

    def _batch(self, request: Request, route: Route) -> Outcome:
        self._check_study(route.study)
        try:
            header = read_header(request.body).header
        except EnvelopeError as error:
            raise Refusal(400, "bad_envelope", error.code) from None
        if header.study_id != route.study or header.batch_id != route.item:
            raise Refusal(400, "bad_envelope", "path_mismatch")
        device_key = self.store.devices.get(header.device_id)
        if device_key is None:
            raise Refusal(401, "unknown_device", "the device is not enrolled")
        try:
            verify_envelope(request.body, device_key)
        except EnvelopeError as error:
            raise Refusal(400, "bad_envelope", error.code) from None
        study_key = self.study.key_named(header.key_id)
        if study_key is None or study_key.kem != header.kem:
            raise Refusal(400, "bad_envelope", "unknown_key")
        stored = self.store.batches.get(header.batch_id)
        if stored is not None:
            if stored.sha256 == _sha256(request.body):
                return Outcome(json_response(200, {"status": "already_stored"}))
            raise Refusal(409, "batch_conflict", "the batch id is stored with other bytes")
        if (header.device_id, header.sequence) in self.store.sequences:
            raise Refusal(409, "batch_conflict", "the sequence number is stored under another id")
        self.store.put_batch(header.batch_id, header.device_id, header.sequence, request.body)
        return Outcome(json_response(201, {"status": "stored"}), stored_new=True)

    def _message(self, request: Request, route: Route) -> Outcome:
        self._check_study(route.study)
        message_id = route.item or ""
        if not _MESSAGE_ID.fullmatch(message_id):
            raise Refusal(400, "bad_request", "the message id is not [A-Za-z0-9._-]{1,128}")
        key = self.store.devices.get(request.header("consentry-device") or "")
        if key is None:
            raise Refusal(401, "unknown_device", "the device is not enrolled")
        signed = (
            MESSAGE_CONTEXT
            + route.study.encode()
            + b"\n"
            + message_id.encode()
            + b"\n"
            + request.body
        )
        if not signature_valid(key, signed, _signature(request)):
            raise Refusal(400, "bad_request", "the signature does not verify with the device key")
        body = _json(request.body)
        if not isinstance(body, dict) or body.get("kind") not in MESSAGE_KINDS:
            raise Refusal(400, "bad_request", f"the body is an object with kind in {MESSAGE_KINDS}")
        stored = self.store.messages.get(message_id)
        if stored is not None:
            if stored == _sha256(request.body):
                return Outcome(json_response(200, {"status": "already_stored"}))
            raise Refusal(409, "message_conflict", "the message id is stored with other bytes")
        self.store.put_message(message_id, request.body)
        return Outcome(json_response(201, {"status": "stored"}), stored_new=True)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise Refusal(400, "bad_request", "the body is not JSON") from None


def _signature(request: Request) -> bytes:
    text = request.header("consentry-signature")
    if text is None:
        raise Refusal(400, "bad_request", "no Consentry-Signature header")
    try:
        return b64decode(text, "Consentry-Signature")
    except KeyFormatError as error:
        raise Refusal(400, "bad_request", str(error)) from None


# -- connections -------------------------------------------------------------------------


class Connections:
    """Reads requests off each connection, applies the fault rules and writes the answers."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self._tasks: set[asyncio.Task[Any]] = set()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass  # shutting down; a connection task that ends cancelled makes 3.11 log a traceback
        except Exception as error:  # a bug here: say where, never what was sent
            frames = "".join(traceback.format_tb(error.__traceback__))
            print(f"fault_server: {type(error).__name__}\n{frames}", file=sys.stderr, flush=True)
        finally:
            writer.close()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await writer.wait_closed()  # a cancel here would be logged as a traceback
            if task is not None:
                self._tasks.discard(task)

    async def close_all(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """One request and its answer; whether the connection stays open for another."""
        try:
            data = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_SECONDS)
        except asyncio.IncompleteReadError:
            return False
        except asyncio.LimitOverrunError:
            await self._refuse(writer, None, Refusal(400, "bad_request", "request head too long"))
            return False
        try:
            head = parse_head(data)
        except Refusal as refusal:
            await self._refuse(writer, None, refusal)
            return False
        route = route_of(head.method, head.path)
        try:
            length = body_length(head, route)
        except Refusal as refusal:
            await self._refuse(writer, head, refusal, route)
            if refusal.status == 413:
                await _drain(reader)
            return False
        if length and head.headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = await asyncio.wait_for(reader.readexactly(length), READ_TIMEOUT_SECONDS)
        return await self._answer(Request(head, body), route, writer)

    async def _answer(self, request: Request, route: Route, writer: asyncio.StreamWriter) -> bool:
        collector = self.collector
        if route.kind in collector.requests:
            collector.requests[route.kind] += 1
        keep_alive = keeps_alive(request.head)
        fault = collector.faults.take(route.kind)
        if fault is not None and fault.action in INSTEAD_OF_PROCESSING:
            return await self._inject(fault, request, route, writer, keep_alive)
        outcome = collector.answer(request, route)
        collector.stored_new += outcome.stored_new
        self._record(request.head, route, outcome.response.status, fault, outcome.stored_new)
        if fault is not None and fault.action == "lost_after_store":
            return False
        trickle = fault.seconds if fault is not None and fault.action == "slow" else None
        await self._send(writer, outcome.response, route, close=not keep_alive, trickle=trickle)
        return keep_alive

    async def _inject(
        self,
        fault: FaultRule,
        request: Request,
        route: Route,
        writer: asyncio.StreamWriter,
        keep_alive: bool,
    ) -> bool:
        status = fault.status if fault.action in ("status", "truncate") else None
        self._record(request.head, route, status, fault, False)
        if fault.action == "status":
            error = fault.error or DEFAULT_ERRORS.get(fault.status, "fault")
            headers = () if fault.retry_after is None else (("Retry-After", fault.retry_after),)
            response = error_response(fault.status, error, "injected by a fault rule", headers)
            await self._send(writer, response, route, close=not keep_alive)
            return keep_alive
        if fault.action == "reset":
            _reset(writer)
        elif fault.action == "timeout":
            await asyncio.sleep(fault.seconds)
        else:  # truncate
            response = json_response(fault.status, {"status": "cut short", "padding": "." * 64})
            writer.write(response_head(self._with_key(response, route), close=True))
            writer.write(response.body[: len(response.body) // 2])
            await writer.drain()
        return False

    async def _refuse(
        self,
        writer: asyncio.StreamWriter,
        head: Head | None,
        refusal: Refusal,
        route: Route | None = None,
    ) -> None:
        """An error answer, after which the connection closes (its framing is lost)."""
        route = route or Route("other", "not_found")
        self._record(head, route, refusal.status, None, False)
        response = error_response(refusal.status, refusal.error, refusal.detail)
        await self._send(writer, response, route, close=True)

    async def _send(
        self,
        writer: asyncio.StreamWriter,
        response: Response,
        route: Route,
        *,
        close: bool,
        trickle: float | None = None,
    ) -> None:
        response = self._with_key(response, route)
        writer.write(response_head(response, close=close))
        if trickle is None:
            writer.write(response.body)
            await writer.drain()
            return
        await writer.drain()
        for index in range(len(response.body)):
            await asyncio.sleep(trickle)
            writer.write(response.body[index : index + 1])
            await writer.drain()

    def _with_key(self, response: Response, route: Route) -> Response:
        """Batch answers name the study's current key, so the agent learns of a rotation."""
        if route.kind != "batch":
            return response
        current = ("Consentry-Current-Key", self.collector.study.current)
        return Response(response.status, response.body, (*response.headers, current))

    def _record(
        self,
        head: Head | None,
        route: Route,
        status: int | None,
        fault: FaultRule | None,
        stored_new: bool,
    ) -> None:
        self.collector.store.record(
            {
                "method": None if head is None else head.method,
                "path": None if head is None else head.path,
                "status": status,
                "kind": route.kind,
                "id": route.item if route.kind in ("batch", "message") else None,
                "fault": None if fault is None else fault.action,
                "stored_new": stored_new,
            }
        )


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close at once; with SO_LINGER 0 the kernel sends RST, so the client sees a reset."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _drain(reader: asyncio.StreamReader) -> None:
    """Discard what the client still sends, for a while, without keeping any of it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DRAIN_SECONDS
    with contextlib.suppress(TimeoutError, ConnectionError):
        while (left := deadline - loop.time()) > 0:
            if not await asyncio.wait_for(reader.read(1024 * 1024), left):
                return


# -- the process -------------------------------------------------------------------------


async def serve(collector: Collector, port: int) -> None:
    connections = Connections(collector)
    server = await asyncio.start_server(connections.serve, "127.0.0.1", port, limit=MAX_HEAD_BYTES)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening http://127.0.0.1:{bound}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()
    await connections.close_all()
    await server.wait_closed()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.agent.upload.fault_server",
        description="A protocol v1 collector for tests, with fault injection.",
    )
    parser.add_argument("--state", required=True, type=Path, help="state directory")
    parser.add_argument("--study", required=True, help="the study id served")
    parser.add_argument("--secret", required=True, help="the enrolment secret")
    parser.add_argument(
        "--key",
        required=True,
        action="append",
        metavar="KEM:HEX",
        help="a study public key (x25519 or mlkem768-x25519), oldest first; repeatable",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument("--current-key", metavar="KEY_ID", help="default: the last --key")
    return parser


def _study_key(parser: argparse.ArgumentParser, text: str) -> StudyPublicKey:
    name, _, hex_key = text.partition(":")
    kem = _KEMS.get(name)
    if kem is None:
        parser.error(f"--key: the KEM is one of {', '.join(KEM_NAMES)}")
    try:
        return StudyPublicKey(kem, bytes.fromhex(hex_key))
    except (ValueError, KeyFormatError) as error:
        parser.error(f"--key: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    keys = tuple(_study_key(parser, text) for text in args.key)
    ids = [key.key_id_hex for key in keys]
    if len(set(ids)) != len(ids):
        parser.error("--key: the same key twice")
    current = args.current_key or ids[-1]
    if current not in ids:
        parser.error("--current-key: not the id of any --key")
    store = Store(args.state)
    try:
        study = Study(args.study, args.secret, keys, store.key_times(keys), current)
        asyncio.run(serve(Collector(study, store), args.port))
    except OSError as error:
        print(f"fault_server: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
