"""TLS towards the collector against a real HTTPS server on loopback, with a PKI made per run.

A test CA signs the server's certificate (``127.0.0.1`` and ``localhost``) and a
client certificate; an unrelated CA trusts neither. The server runs in a
thread of this process and counts the HTTP requests it reads, so a test can
tell a refused handshake or pin from a refused request.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from agent.upload.client import CollectorClient, NetworkProblem, Reply
from agent.upload.tls import PinMismatch, TlsSettings, TlsSettingsError, spki_pin, ssl_context

KEYS_PATH = "/v1/studies/s/keys"
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
#: How long a refused connection may take to reach the server as closed (it is at once).
CLOSE_SECONDS = 1.0

# -- a PKI made per run ----------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pin(self) -> str:
        return spki_pin(self.certificate.public_bytes(serialization.Encoding.DER))

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass(frozen=True)
class Pki:
    """PEM files in a temporary directory, and the pins of the server's and another key."""

    ca: Path
    other_ca: Path
    server_certificate: Path
    server_key: Path
    client_certificate: Path
    client_key: Path
    #: The client's certificate and key in one file.
    client_bundle: Path
    server_pin: str
    other_pin: str


def issue(
    name: str,
    issuer: Issued | None = None,
    *,
    usage: x509.ObjectIdentifier | None = None,
    names: tuple[x509.GeneralName, ...] = (),
) -> Issued:
    """A CA certificate when ``issuer`` is None, else a leaf for ``usage`` signed by ``issuer``."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    signing_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
            critical=False,
        )
    )
    if issuer is None:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if usage is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    return Issued(certificate=builder.sign(signing_key, hashes.SHA256()), key=key)


def write(path: Path, *parts: bytes) -> Path:
    path.write_bytes(b"".join(parts))
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    root = tmp_path_factory.mktemp("pki")
    ca = issue("Consentry test CA")
    other_ca = issue("Unrelated test CA")
    server = issue(
        "collector",
        ca,
        usage=ExtendedKeyUsageOID.SERVER_AUTH,
        names=(x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")),
    )
    client = issue("agent", ca, usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    return Pki(
        ca=write(root / "ca.pem", ca.certificate_pem()),
        other_ca=write(root / "other-ca.pem", other_ca.certificate_pem()),
        server_certificate=write(root / "server.pem", server.certificate_pem()),
        server_key=write(root / "server.key", server.key_pem()),
        client_certificate=write(root / "client.pem", client.certificate_pem()),
        client_key=write(root / "client.key", client.key_pem()),
        client_bundle=write(root / "client-bundle.pem", client.certificate_pem(), client.key_pem()),
        server_pin=server.pin,
        other_pin=other_ca.pin,
    )


# -- an HTTPS server on loopback -------------------------------------------------------


class CountingServer(ThreadingHTTPServer):
    """Counts the requests it reads and notes when a connection ends.

    Refused handshakes are what several tests expect, so they are not reported.
    """

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), KeysHandler)
        self.requests = 0
        self.connection_ended = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        self.connection_ended.set()


class KeysHandler(BaseHTTPRequestHandler):
    server: CountingServer
    #: Bounds a handler waiting on a client that neither speaks nor closes.
    timeout = 5.0

    def do_GET(self) -> None:
        self.server.requests += 1
        found = self.path == KEYS_PATH
        body = json.dumps({"keys": []} if found else {"error": "not_found"}).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(pki: Pki, *, client_certificates: bool = False) -> Iterator[CountingServer]:
    """An HTTPS server with the test CA's certificate; it requires a client's if asked."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.server_certificate, pki.server_key)
    if client_certificates:
        context.load_verify_locations(pki.ca)
        context.verify_mode = ssl.CERT_REQUIRED
    server = CountingServer()
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture
def server(pki: Pki) -> Iterator[CountingServer]:
    with serving(pki) as started:
        yield started


@pytest.fixture
def mutual_server(pki: Pki) -> Iterator[CountingServer]:
    with serving(pki, client_certificates=True) as started:
        yield started


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client honours proxy variables; these tests talk to loopback directly."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# -- calling it ------------------------------------------------------------------------


def fetch_keys(server: CountingServer, tls: TlsSettings | None = None) -> Reply:
    client = CollectorClient(server.url, tls)
    try:
        return client.study_keys("s")
    finally:
        client.close()


def refusal(server: CountingServer, tls: TlsSettings | None = None) -> NetworkProblem:
    with pytest.raises(NetworkProblem) as caught:
        fetch_keys(server, tls)
    return caught.value


# -- server verification ---------------------------------------------------------------


def test_server_signed_by_the_configured_ca_is_accepted(pki: Pki, server: CountingServer) -> None:
    reply = fetch_keys(server, TlsSettings(ca_file=str(pki.ca)))

    assert reply.status == 200
    assert reply.json() == {"keys": []}
    assert server.requests == 1


def test_server_unknown_to_the_system_trust_store_is_refused(server: CountingServer) -> None:
    assert refusal(server).kind == "CertificateVerifyFailed"
    assert server.requests == 0


def test_server_not_signed_by_the_configured_ca_is_refused(
    pki: Pki, server: CountingServer
) -> None:
    refused = refusal(server, TlsSettings(ca_file=str(pki.other_ca)))
    assert refused.kind == "CertificateVerifyFailed"
    assert server.requests == 0


# -- pins ------------------------------------------------------------------------------


def test_server_whose_key_is_pinned_is_accepted(pki: Pki, server: CountingServer) -> None:
    tls = TlsSettings(ca_file=str(pki.ca), pinned_keys=(pki.other_pin, pki.server_pin))

    assert fetch_keys(server, tls).status == 200


def test_server_whose_key_is_not_pinned_is_sent_no_request(
    pki: Pki, server: CountingServer
) -> None:
    tls = TlsSettings(ca_file=str(pki.ca), pinned_keys=(pki.other_pin,))

    assert refusal(server, tls).kind == "PinMismatch"
    assert server.requests == 0


def test_connection_to_a_server_whose_key_is_not_pinned_is_closed_at_once(
    pki: Pki, server: CountingServer
) -> None:
    problem = refusal(server, TlsSettings(ca_file=str(pki.ca), pinned_keys=(pki.other_pin,)))

    assert server.connection_ended.wait(CLOSE_SECONDS), problem


def test_pin_is_checked_by_the_context_right_after_the_handshake(
    pki: Pki, server: CountingServer
) -> None:
    context = ssl_context(TlsSettings(ca_file=str(pki.ca), pinned_keys=(pki.other_pin,)))

    with (
        socket.create_connection(("127.0.0.1", server.port)) as plain,
        pytest.raises(PinMismatch),
    ):
        context.wrap_socket(plain, server_hostname="127.0.0.1")


# -- client certificates ---------------------------------------------------------------


def test_server_requiring_a_client_certificate_refuses_an_agent_without_one(
    pki: Pki, mutual_server: CountingServer
) -> None:
    refusal(mutual_server, TlsSettings(ca_file=str(pki.ca)))

    assert mutual_server.requests == 0


@pytest.mark.parametrize(
    ("certificate", "key"),
    [("client_certificate", "client_key"), ("client_bundle", None)],
    ids=["separate-key-file", "key-in-certificate-file"],
)
def test_server_requiring_a_client_certificate_accepts_the_agents(
    pki: Pki, mutual_server: CountingServer, certificate: str, key: str | None
) -> None:
    tls = TlsSettings(
        ca_file=str(pki.ca),
        client_certificate=str(getattr(pki, certificate)),
        client_key=str(getattr(pki, key)) if key else "",
    )

    assert fetch_keys(mutual_server, tls).status == 200


# -- unusable settings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "content"),
    [
        pytest.param("ca_file", None, id="missing-ca-file"),
        pytest.param("ca_file", b"not a certificate\n", id="ca-file-not-pem"),
        pytest.param("client_certificate", None, id="missing-client-certificate"),
        pytest.param("client_key", None, id="missing-client-key"),
    ],
)
def test_unusable_file_is_named_with_its_setting(
    pki: Pki, tmp_path: Path, setting: str, content: bytes | None
) -> None:
    """The other files are usable (a good client certificate too): the one named is the fault."""
    path = tmp_path / "unusable.pem"
    if content is not None:
        path.write_bytes(content)
    files: dict[str, Any] = {"client_certificate": str(pki.client_certificate), setting: str(path)}

    with pytest.raises(TlsSettingsError) as caught:
        CollectorClient("https://127.0.0.1:1", TlsSettings(**files))

    assert f"collector.{setting}: {path}: " in str(caught.value)
    assert caught.value.__suppress_context__


def test_an_encrypted_client_key_is_refused_by_name_never_asked_for(
    pki: Pki, tmp_path: Path
) -> None:
    """OpenSSL would ask for the passphrase on the terminal: an unattended agent would hang."""
    key = serialization.load_pem_private_key(pki.client_key.read_bytes(), password=None)
    encrypted = tmp_path / "encrypted.key"
    encrypted.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"test passphrase"),
        )
    )
    settings = TlsSettings(
        client_certificate=str(pki.client_certificate), client_key=str(encrypted)
    )
    with pytest.raises(TlsSettingsError, match=f"collector.client_key: {encrypted}: .*encrypted"):
        CollectorClient("https://127.0.0.1:1", settings)


# -- plain http ------------------------------------------------------------------------


def test_plain_http_to_a_remote_collector_is_refused() -> None:
    with pytest.raises(ValueError, match="https"):
        CollectorClient("http://collector.example.org")


def test_plain_http_to_loopback_is_accepted() -> None:
    CollectorClient("http://127.0.0.1:1").close()
