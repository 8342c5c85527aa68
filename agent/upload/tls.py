"""TLS towards the collector: always verified, optionally mutual, optionally pinned.

Verification is never turned off. The trust anchors are the system's (with
certifi's bundle where the system offers none) or, for a private PKI, the
policy's ``collector.ca_file`` alone. A client certificate is presented when
the policy names one. Pins (``collector.pinned_keys``) are checked on the
connection itself, right after the handshake and before a byte of a request
is sent: the SHA-256 of the certificate's SubjectPublicKeyInfo, base64, as in
HPKP's ``pin-sha256``. Pinning the public key, not the certificate, lets the
collector renew its certificate under the same key.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import ssl
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PIN_PREFIX = "sha256/"


class TlsSettingsError(ValueError):
    """A CA file, client certificate or key that cannot be used: which, and why."""


class PinMismatch(ssl.SSLError):
    """The collector's certificate does not carry a pinned key."""


@dataclass(frozen=True)
class TlsSettings:
    ca_file: str = ""
    client_certificate: str = ""
    client_key: str = ""
    pinned_keys: tuple[str, ...] = ()


def spki_pin(certificate_der: bytes) -> str:
    """``sha256/BASE64`` of a DER certificate's public key, the form pins are written in."""
    public_key = x509.load_der_x509_certificate(certificate_der).public_key()
    spki = public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return PIN_PREFIX + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


class PinnedContext(ssl.SSLContext):
    """An SSLContext that refuses, right after the handshake, a server whose key is not pinned."""

    pins: frozenset[str] = frozenset()

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        try:
            self.check(wrapped.getpeercert(binary_form=True))
        except BaseException:
            wrapped.close()  # refused: not a byte more on this connection
            raise
        return wrapped

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        raise PinMismatch("pinned keys cannot be checked through an HTTPS proxy")

    def check(self, certificate_der: bytes | None) -> None:
        if certificate_der is None or spki_pin(certificate_der) not in self.pins:
            raise PinMismatch("the collector's certificate does not carry a pinned key")


def ssl_context(settings: TlsSettings) -> ssl.SSLContext:
    """A verifying client context for ``settings``; :class:`TlsSettingsError` for unusable files."""
    context: ssl.SSLContext
    if settings.pinned_keys:
        pinned = PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
        pinned.pins = frozenset(settings.pinned_keys)
        context = pinned
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    if settings.ca_file:
        _readable("collector.ca_file", settings.ca_file)
        _load(
            "collector.ca_file", settings.ca_file, context.load_verify_locations, settings.ca_file
        )
    else:
        context.load_default_certs()
        if not context.cert_store_stats().get("x509_ca"):
            _load_certifi(context)
    if settings.client_certificate:
        _load_client_certificate(context, settings)
    return context


def _load_client_certificate(context: ssl.SSLContext, settings: TlsSettings) -> None:
    """The client certificate and its key, each file checked under its own setting's name.

    An encrypted key is refused: the agent runs unattended, and OpenSSL would
    otherwise ask for its passphrase on the terminal and wait forever.
    """
    _readable("collector.client_certificate", settings.client_certificate)
    if settings.client_key:
        _readable("collector.client_key", settings.client_key)
    key_setting = "collector.client_key" if settings.client_key else "collector.client_certificate"
    key_file = settings.client_key or settings.client_certificate

    def no_passphrase() -> str:
        raise TlsSettingsError(f"{key_setting}: {key_file}: an encrypted key cannot be used")

    both = settings.client_certificate + (
        f" and {settings.client_key}" if settings.client_key else ""
    )
    _load(
        "collector.client_certificate",
        both,
        lambda: context.load_cert_chain(
            settings.client_certificate, settings.client_key or None, password=no_passphrase
        ),
    )


def _readable(setting: str, path: str) -> None:
    try:
        with open(path, "rb") as stream:
            stream.read(1)
    except OSError as error:
        reason = "no such file" if isinstance(error, FileNotFoundError) else error.strerror
        raise TlsSettingsError(f"{setting}: {path}: {reason or type(error).__name__}") from None


def _load(setting: str, files: str, load: Any, *args: str) -> None:
    try:
        load(*args)
    except TlsSettingsError:
        raise
    except (OSError, ssl.SSLError, ValueError) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or "unusable"
        raise TlsSettingsError(f"{setting}: {files}: not usable ({reason})") from None


def _load_certifi(context: ssl.SSLContext) -> None:
    try:
        import certifi
    except ImportError:  # pragma: no cover - httpx depends on certifi
        return
    context.load_verify_locations(certifi.where())
