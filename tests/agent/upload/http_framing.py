"""HTTP/1.1 framing for the fault server: the requests it reads and answers it writes.

Only what the fault server needs on its asyncio streams: ``Content-Length`` bodies (no
chunked encoding), keep-alive, JSON answers, and the routing of a path to the kind of
request it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import unquote

from agent.wire.envelope import MAX_ENVELOPE_BYTES

#: A request line and headers longer than this are refused; clients send well under 1 KiB.
MAX_HEAD_BYTES = 64 * 1024
#: Bodies other than envelopes (enrolment, messages, fault rules) are a few hundred bytes.
MAX_JSON_BYTES = 1024 * 1024

Kind = Literal["enrol", "keys", "batch", "message", "control", "other"]

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_DIGITS = re.compile(r"[0-9]{1,18}")
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")


class Refusal(Exception):
    """A request answered with an error status: ``{"error": code, "detail": detail}``."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(f"{status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail


# -- HTTP messages -----------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    method: str
    path: str  # the target without its query
    version: str
    headers: Mapping[str, str]  # names in lower case


@dataclass(frozen=True)
class Request:
    head: Head
    body: bytes

    def header(self, name: str) -> str | None:
        return self.head.headers.get(name)


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def json_response(status: int, value: Any, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    return Response(status, json.dumps(value, separators=(",", ":")).encode(), headers)


def error_response(
    status: int, error: str, detail: str, headers: tuple[tuple[str, str], ...] = ()
) -> Response:
    return json_response(status, {"error": error, "detail": detail}, headers)


def response_head(response: Response, *, close: bool) -> bytes:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = "Status"
    lines = [
        f"HTTP/1.1 {response.status} {reason}",
        "Content-Type: application/json",
        f"Content-Length: {len(response.body)}",
        *(f"{name}: {value}" for name, value in response.headers),
    ]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def parse_head(data: bytes) -> Head:
    """The request line and headers (``data`` ends with a blank line); Refusal if malformed."""
    lines = data.decode("latin-1")[: -len("\r\n\r\n")].split("\r\n")
    parts = lines[0].split(" ")
    if (
        len(parts) != 3
        or not _TOKEN.fullmatch(parts[0])
        or not parts[1].startswith("/")
        or parts[2] not in ("HTTP/1.1", "HTTP/1.0")
    ):
        raise Refusal(400, "bad_request", "malformed request line")
    method, target, version = parts
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        value = value.strip(" \t")
        if not colon or not _TOKEN.fullmatch(name) or not _HEADER_VALUE.fullmatch(value):
            raise Refusal(400, "bad_request", "malformed header line")
        name = name.lower()
        if name in headers:
            if name == "content-length" and headers[name] != value:
                raise Refusal(400, "bad_request", "conflicting Content-Length headers")
            value = value if name == "content-length" else f"{headers[name]}, {value}"
        headers[name] = value
    return Head(method, target.partition("?")[0], version, headers)


def keeps_alive(head: Head) -> bool:
    tokens = {token.strip().lower() for token in head.headers.get("connection", "").split(",")}
    if head.version == "HTTP/1.0":
        return "keep-alive" in tokens
    return "close" not in tokens


# -- routes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    kind: Kind
    name: str
    study: str = ""
    item: str | None = None  # the batch or message id
    allow: str | None = None  # for 405


def route_of(method: str, path: str) -> Route:
    if path == "/_control/faults":
        name = {"POST": "add_faults", "DELETE": "clear_faults"}.get(method)
        return Route("control", name or "bad_method", allow="POST, DELETE")
    if path == "/_control/state":
        return Route("control", "state" if method == "GET" else "bad_method", allow="GET")
    if path == "/v1/enrol":
        return (
            Route("enrol", "enrol")
            if method == "POST"
            else Route("other", "bad_method", allow="POST")
        )
    parts = path.split("/")
    if len(parts) in (5, 6) and parts[:3] == ["", "v1", "studies"]:
        study = unquote(parts[3])
        if len(parts) == 5 and parts[4] == "keys":
            if method == "GET":
                return Route("keys", "keys", study)
            return Route("other", "bad_method", allow="GET")
        if len(parts) == 6 and parts[4] in ("batches", "messages"):
            kind: Kind = "batch" if parts[4] == "batches" else "message"
            if method == "PUT":
                return Route(kind, kind, study, unquote(parts[5]))
            return Route("other", "bad_method", allow="PUT")
    return Route("other", "not_found")


def body_length(head: Head, route: Route) -> int:
    """The body's length; Refusal if it is not framed by Content-Length or may not be read."""
    if "transfer-encoding" in head.headers:
        raise Refusal(411, "length_required", "send the body with a Content-Length")
    text = head.headers.get("content-length", "0")
    if not _DIGITS.fullmatch(text):
        raise Refusal(400, "bad_request", "malformed Content-Length")
    length = int(text)
    if length > (MAX_ENVELOPE_BYTES if route.kind == "batch" else MAX_JSON_BYTES):
        raise Refusal(413, "too_large", "the body is longer than this endpoint accepts")
    return length
