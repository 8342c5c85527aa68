"""Keys and the cryptographic operations on them: the one module that wraps ``cryptography``.

Two kinds of key meet in a sealed batch (the format is ``envelope-v1.md``):

* a **study key**: HPKE (RFC 9180) base mode to the study's public key, with
  HKDF-SHA256 and ChaCha20-Poly1305. The KEM is DHKEM(X25519, HKDF-SHA256)
  or, where the study asks for post-quantum protection, the hybrid
  ML-KEM-768 + X25519. Devices hold only public keys; the private key stays
  with the study's researchers.
* a **device key**: Ed25519, made on the device, whose signature covers a
  batch's header and ciphertext. The collector verifies it and can do
  nothing else with a batch.

A key is identified by its **key id**: the first 16 bytes of a SHA-256 over
the KEM's identifier and the raw public key, so the agent, the collector and
the export tool compute the same id from the key alone, and a key swapped
for another under the same id is detected.

Raw encodings (what enrolment carries, base64url without padding):

* X25519 public key: 32 bytes; private: 32 bytes.
* ML-KEM-768 + X25519 public key: the ML-KEM-768 encapsulation key (1184
  bytes) then the X25519 public key (32 bytes); private: the ML-KEM-768 seed
  (64 bytes) then the X25519 private key (32 bytes).
* Ed25519 public key: 32 bytes; private: 32 bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from typing import Literal

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, mlkem, x25519

KemName = Literal["x25519", "mlkem768-x25519"]
KEM_NAMES: tuple[KemName, ...] = ("x25519", "mlkem768-x25519")

#: HPKE KEM identifiers: DHKEM(X25519, HKDF-SHA256) from RFC 9180, and the
#: value draft-ietf-hpke-pq gives ML-KEM-768 + X25519. They are written into
#: every header, so a reader knows which KEM sealed a batch.
KEM_IDS: dict[KemName, int] = {"x25519": 0x0020, "mlkem768-x25519": 0x647A}
#: RFC 9180's identifiers of the only KDF and AEAD this format uses.
KDF_ID_HKDF_SHA256 = 0x0001
AEAD_ID_CHACHA20_POLY1305 = 0x0003

_HPKE_KEMS: dict[KemName, hpke.KEM] = {
    "x25519": hpke.KEM.X25519,
    "mlkem768-x25519": hpke.KEM.MLKEM768_X25519,
}
#: Bytes of the KEM's encapsulated key in front of the ciphertext.
ENC_LENGTHS: dict[KemName, int] = {name: kem.enc_length() for name, kem in _HPKE_KEMS.items()}
#: ChaCha20-Poly1305's tag: a ciphertext is this much longer than its plaintext.
AEAD_TAG_LENGTH = 16

_X25519_LENGTH = 32
_MLKEM768_PUBLIC_LENGTH = 1184
_MLKEM768_SEED_LENGTH = 64
PUBLIC_KEY_LENGTHS: dict[KemName, int] = {
    "x25519": _X25519_LENGTH,
    "mlkem768-x25519": _MLKEM768_PUBLIC_LENGTH + _X25519_LENGTH,
}
PRIVATE_KEY_LENGTHS: dict[KemName, int] = {
    "x25519": _X25519_LENGTH,
    "mlkem768-x25519": _MLKEM768_SEED_LENGTH + _X25519_LENGTH,
}
ED25519_KEY_LENGTH = 32
SIGNATURE_LENGTH = 64
KEY_ID_LENGTH = 16
_KEY_ID_CONTEXT = b"consentry key id v1\x00"


class KeyFormatError(ValueError):
    """A key that cannot be used: what is wrong with it, never the key's bytes."""


class DecryptionError(ValueError):
    """HPKE refused the ciphertext: another key, or altered bytes (never which)."""


def b64encode(data: bytes) -> str:
    """base64url without padding: how keys and signatures travel in JSON and headers."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str, what: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise KeyFormatError(f"{what} is not base64url") from None


def kem_named(identifier: int) -> KemName | None:
    for name, value in KEM_IDS.items():
        if value == identifier:
            return name
    return None


def key_id_of(kem: KemName, public_raw: bytes) -> bytes:
    digest = hashlib.sha256(_KEY_ID_CONTEXT + KEM_IDS[kem].to_bytes(2, "big") + public_raw)
    return digest.digest()[:KEY_ID_LENGTH]


def _suite(kem: KemName) -> hpke.Suite:
    return hpke.Suite(_HPKE_KEMS[kem], hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


# -- study keys ------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyPublicKey:
    """A study's public key: what devices seal to."""

    kem: KemName
    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.kem not in KEM_IDS:
            raise KeyFormatError("unknown KEM")
        if len(self.raw) != PUBLIC_KEY_LENGTHS[self.kem]:
            raise KeyFormatError(f"a {self.kem} public key is {PUBLIC_KEY_LENGTHS[self.kem]} bytes")
        self._library_key()  # refuses bytes that are not a point or an encapsulation key

    @property
    def key_id(self) -> bytes:
        return key_id_of(self.kem, self.raw)

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()

    def _library_key(self) -> x25519.X25519PublicKey | hpke.MLKEM768X25519PublicKey:
        try:
            if self.kem == "x25519":
                return x25519.X25519PublicKey.from_public_bytes(self.raw)
            return hpke.MLKEM768X25519PublicKey(
                mlkem.MLKEM768PublicKey.from_public_bytes(self.raw[:_MLKEM768_PUBLIC_LENGTH]),
                x25519.X25519PublicKey.from_public_bytes(self.raw[_MLKEM768_PUBLIC_LENGTH:]),
            )
        except ValueError:
            raise KeyFormatError(f"not a valid {self.kem} public key") from None

    def seal(self, plaintext: bytes, info: bytes) -> bytes:
        """HPKE base-mode single-shot encryption: the encapsulated key, then the ciphertext."""
        return _suite(self.kem).encrypt(plaintext, self._library_key(), info=info)


@dataclass(frozen=True)
class StudyPrivateKey:
    """A study's private key: only the study's researchers hold it (never a device or collector)."""

    kem: KemName
    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.kem not in KEM_IDS:
            raise KeyFormatError("unknown KEM")
        if len(self.raw) != PRIVATE_KEY_LENGTHS[self.kem]:
            raise KeyFormatError(
                f"a {self.kem} private key is {PRIVATE_KEY_LENGTHS[self.kem]} bytes"
            )

    @classmethod
    def generate(cls, kem: KemName = "x25519") -> StudyPrivateKey:
        x = x25519.X25519PrivateKey.generate().private_bytes_raw()
        if kem == "x25519":
            return cls(kem, x)
        seed = mlkem.MLKEM768PrivateKey.generate().private_bytes_raw()
        return cls(kem, seed + x)

    def public_key(self) -> StudyPublicKey:
        x_public = self._x25519().public_key().public_bytes_raw()
        if self.kem == "x25519":
            return StudyPublicKey(self.kem, x_public)
        return StudyPublicKey(self.kem, self._mlkem().public_key().public_bytes_raw() + x_public)

    def _x25519(self) -> x25519.X25519PrivateKey:
        return x25519.X25519PrivateKey.from_private_bytes(self.raw[-_X25519_LENGTH:])

    def _mlkem(self) -> mlkem.MLKEM768PrivateKey:
        return mlkem.MLKEM768PrivateKey.from_seed_bytes(self.raw[:_MLKEM768_SEED_LENGTH])

    def _library_key(self) -> x25519.X25519PrivateKey | hpke.MLKEM768X25519PrivateKey:
        if self.kem == "x25519":
            return self._x25519()
        return hpke.MLKEM768X25519PrivateKey(self._mlkem(), self._x25519())

    def open(self, sealed: bytes, info: bytes) -> bytes:
        """What :meth:`StudyPublicKey.seal` sealed; :class:`DecryptionError` if it does not open."""
        try:
            return _suite(self.kem).decrypt(sealed, self._library_key(), info=info)
        except (InvalidTag, ValueError):
            raise DecryptionError("the ciphertext does not open with this key") from None


# -- device keys -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceSigningKey:
    """A device's Ed25519 private key (stored in the OS keyring or a 0600 file, never sent)."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != ED25519_KEY_LENGTH:
            raise KeyFormatError(f"an Ed25519 private key is {ED25519_KEY_LENGTH} bytes")

    @classmethod
    def generate(cls) -> DeviceSigningKey:
        return cls(ed25519.Ed25519PrivateKey.generate().private_bytes_raw())

    @property
    def public_raw(self) -> bytes:
        return self._key().public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        return self._key().sign(data)

    def _key(self) -> ed25519.Ed25519PrivateKey:
        return ed25519.Ed25519PrivateKey.from_private_bytes(self.raw)


def check_device_public_key(raw: bytes) -> bytes:
    """``raw`` if it is an Ed25519 public key; :class:`KeyFormatError` if not."""
    if len(raw) != ED25519_KEY_LENGTH:
        raise KeyFormatError(f"an Ed25519 public key is {ED25519_KEY_LENGTH} bytes")
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise KeyFormatError("not a valid Ed25519 public key") from None
    return raw


def signature_valid(public_raw: bytes, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the device key's Ed25519 signature over ``data``."""
    if len(signature) != SIGNATURE_LENGTH or len(public_raw) != ED25519_KEY_LENGTH:
        return False
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
