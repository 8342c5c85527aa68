"""The collector's HTTP API as the agent calls it: the only module that speaks HTTP.

One keep-alive ``httpx.Client`` per collector, TLS per :mod:`agent.upload.tls`,
requests as ``protocol-v1.md`` defines them. Each call returns a
:class:`Reply` (any HTTP status: deciding what it means is the uploader's
job) or raises :class:`NetworkProblem` (no answer at all: refused, reset,
timed out, truncated). Nothing here retries.

Every answer's body has a deadline as a whole, not only per read: a collector
that trickles it a byte at a time cannot hold the uploader. (The status line
and headers are bounded by the per-read timeout and httpx's header size limit
only; ``consentry spool flush`` enforces its own ``--timeout`` on top.)
Answers are read undecoded (``Accept-Encoding: identity``; an encoded answer
is refused, so no decompression runs on a collector's bytes) and up to
:data:`MAX_REPLY_BYTES`; a request's body and an answer's body are never
logged.
"""

from __future__ import annotations

import email.utils
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import msgspec

from agent.policy.checks import is_loopback
from agent.upload.tls import PinMismatch, TlsSettings, ssl_context

#: How long connecting, sending and each read may take.
CONNECT_SECONDS = 10.0
READ_SECONDS = 30.0
#: Counted from the start of a request and checked while the answer's body
#: arrives: a large batch on a slow link takes a while, a trickled answer never
#: finishes.
REQUEST_DEADLINE_SECONDS = 120.0
#: Answers are small JSON documents.
MAX_REPLY_BYTES = 1024 * 1024
#: How long a collector may ask the agent to wait (``Retry-After``).
MAX_RETRY_AFTER_SECONDS = 3600.0
ENVELOPE_TYPE = "application/vnd.consentry.envelope"
ENROL_CONTEXT = b"consentry enrol v1\n"
MESSAGE_CONTEXT = b"consentry message v1\n"


class NetworkProblem(Exception):
    """No answer from the collector; ``kind`` names what happened (an exception type)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no answer from the collector ({kind})")
        self.kind = kind


@dataclass(frozen=True)
class Reply:
    status: int
    #: The collector's ``error`` code, for refusals with a JSON body.
    error: str | None = None
    #: Seconds to wait, from ``Retry-After`` (clamped to an hour).
    retry_after: float | None = None
    #: ``Consentry-Current-Key``: the study's current key id.
    current_key: str | None = None
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return msgspec.json.decode(self.body)


def message_signed_bytes(study: str, message_id: str, body: bytes) -> bytes:
    return MESSAGE_CONTEXT + study.encode() + b"\n" + message_id.encode() + b"\n" + body


class CollectorClient:
    """Calls to one collector at ``base_url`` (https, or http to a loopback address)."""

    def __init__(
        self,
        base_url: str,
        tls: TlsSettings | None = None,
        *,
        connect_seconds: float = CONNECT_SECONDS,
        read_seconds: float = READ_SECONDS,
        deadline_seconds: float = REQUEST_DEADLINE_SECONDS,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and is_loopback(parts.hostname or "")
        ):
            raise ValueError("the collector URL must be https (http only to a loopback address)")
        self.base_url = base_url.rstrip("/")
        self.deadline_seconds = deadline_seconds
        verify: ssl.SSLContext | bool = ssl_context(tls or TlsSettings())
        self._client = httpx.Client(
            verify=verify,
            timeout=httpx.Timeout(read_seconds, connect=connect_seconds),
            follow_redirects=False,
            # A proxy from the environment is used for a collector elsewhere, never for
            # one on this machine: plain http must not leave it through a proxy.
            trust_env=not is_loopback(parts.hostname or ""),
            headers={"User-Agent": "consentry-agent", "Accept-Encoding": "identity"},
        )

    def close(self) -> None:
        self._client.close()

    # -- the protocol ------------------------------------------------------------------

    def enrol(self, body: bytes, signature: str) -> Reply:
        return self._request(
            "POST",
            "/v1/enrol",
            body,
            {"Content-Type": "application/json", "Consentry-Signature": signature},
        )

    def study_keys(self, study: str) -> Reply:
        return self._request("GET", f"/v1/studies/{_segment(study)}/keys")

    def put_batch(self, study: str, batch_id: str, envelope: bytes) -> Reply:
        return self._request(
            "PUT",
            f"/v1/studies/{_segment(study)}/batches/{_segment(batch_id)}",
            envelope,
            {"Content-Type": ENVELOPE_TYPE},
        )

    def put_message(
        self, study: str, message_id: str, body: bytes, device_id: str, signature: str
    ) -> Reply:
        return self._request(
            "PUT",
            f"/v1/studies/{_segment(study)}/messages/{_segment(message_id)}",
            body,
            {
                "Content-Type": "application/json",
                "Consentry-Device": device_id,
                "Consentry-Signature": signature,
            },
        )

    # -- one request -------------------------------------------------------------------

    def _request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Reply:
        deadline = time.monotonic() + self.deadline_seconds
        try:
            with self._client.stream(
                method, self.base_url + path, content=body or None, headers=headers
            ) as response:
                if response.headers.get("Content-Encoding", "identity") not in ("identity", ""):
                    raise NetworkProblem("EncodedReply")  # asked for none: no decompression
                data = bytearray()
                for chunk in response.iter_raw():
                    data += chunk
                    if len(data) > MAX_REPLY_BYTES:
                        raise NetworkProblem("ReplyTooLarge")
                    if time.monotonic() > deadline:
                        raise NetworkProblem("DeadlineExceeded")
                return _reply(response, bytes(data))
        except (httpx.HTTPError, ssl.SSLError, OSError) as error:
            raise NetworkProblem(_kind(error)) from None


def _kind(error: BaseException) -> str:
    """What went wrong, as a type name: a TLS refusal named for itself, not as ``ConnectError``.

    httpx reports every failure during the handshake as ``ConnectError``; an
    operator needs to know whether it was a pin, the certificate, or the network.
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PinMismatch):
            return "PinMismatch"
        if isinstance(seen, ssl.SSLCertVerificationError):
            return "CertificateVerifyFailed"
        seen = seen.__cause__ or seen.__context__
    return type(error).__name__


def _segment(value: str) -> str:
    return quote(value, safe="")


def _reply(response: httpx.Response, body: bytes) -> Reply:
    error: str | None = None
    if response.status_code >= 400:
        try:
            decoded = msgspec.json.decode(body)
        except msgspec.DecodeError:
            decoded = None
        if isinstance(decoded, dict) and isinstance(decoded.get("error"), str):
            error = decoded["error"][:64]
    return Reply(
        status=response.status_code,
        error=error,
        retry_after=retry_after_seconds(response.headers.get("Retry-After")),
        current_key=response.headers.get("Consentry-Current-Key"),
        body=body,
    )


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; clamped to an hour."""
    if value is None:
        return None
    value = value.strip()
    seconds: float | None = None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)
