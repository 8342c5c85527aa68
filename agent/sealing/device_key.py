"""The device's Ed25519 signing key: made once on the device, never sent, never in the repository.

It lives in the OS keyring where one is usable (macOS Keychain, Windows
Credential Manager, the Secret Service on a Linux desktop), otherwise in a
0600 file in the state directory. ``device-key.json`` beside it says which
and holds the public key, so a keyring that cannot be read at the moment (a
locked session) is an error to report — never a reason to make a new key,
which the collector would refuse as a different device.

The key belongs to one device pseudonym: a new pseudonym gets a new key.
``CONSENTRY_DEVICE_KEY_STORE=file`` keeps the key out of the keyring
(services without a login session, tests).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Literal

import msgspec

from agent.files import FileProblem, exclusive, write_atomic
from agent.wire.keys import DeviceSigningKey, KeyFormatError, b64decode, b64encode

KEYRING_SERVICE = "org.consentry.agent"
#: Where the key is and what its public half is (no secret in it).
KEY_INFO_FILE = "device-key.json"
#: The private key, base64url, when it is not in the keyring (0600).
KEY_FILE = "device-key"
STORE_VARIABLE = "CONSENTRY_DEVICE_KEY_STORE"

Store = Literal["keyring", "file"]


class DeviceKeyError(FileProblem):
    """The device key exists but cannot be used now: where, and why (never the key)."""


class KeyInfo(msgspec.Struct, frozen=True):
    device_id: str
    store: Store
    public_key: str


def device_signing_key(state_dir: Path, device_id: str) -> DeviceSigningKey:
    """The device's signing key for ``device_id``, made (and stored) on first use."""
    info_path = state_dir / KEY_INFO_FILE
    with exclusive(state_dir / f".{KEY_INFO_FILE}.lock"):
        info = _read_info(info_path)
        if info is not None and info.device_id == device_id:
            return _load(state_dir, info)
        if info is not None:  # the pseudonym changed: its key goes with it
            _forget(state_dir, info)
        return _create(state_dir, device_id)


def _load(state_dir: Path, info: KeyInfo) -> DeviceSigningKey:
    where = state_dir / (KEY_INFO_FILE if info.store == "keyring" else KEY_FILE)
    if info.store == "keyring":
        try:
            import keyring

            text = keyring.get_password(KEYRING_SERVICE, _keyring_name(info.device_id))
        except Exception as error:  # every backend raises its own types
            raise DeviceKeyError(
                where,
                f"the key is in the OS keyring, which cannot be read ({type(error).__name__})",
            ) from None
        if text is None:
            raise DeviceKeyError(where, "the key is no longer in the OS keyring")
    else:
        try:
            text = (state_dir / KEY_FILE).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise DeviceKeyError(where, getattr(error, "strerror", None) or "unreadable") from None
    try:
        key = DeviceSigningKey(b64decode(text.strip(), "the device key"))
    except KeyFormatError as error:
        raise DeviceKeyError(where, str(error)) from None
    if b64encode(key.public_raw) != info.public_key:
        raise DeviceKeyError(where, "the key does not match its public key in device-key.json")
    return key


def _create(state_dir: Path, device_id: str) -> DeviceSigningKey:
    key = DeviceSigningKey.generate()
    store: Store = "keyring" if _keyring_usable() and _to_keyring(device_id, key) else "file"
    if store == "file":
        try:
            write_atomic(state_dir / KEY_FILE, b64encode(key.raw).encode("ascii") + b"\n")
        except OSError as error:
            raise DeviceKeyError(state_dir / KEY_FILE, error.strerror or "cannot write") from None
    info = KeyInfo(device_id=device_id, store=store, public_key=b64encode(key.public_raw))
    try:
        write_atomic(state_dir / KEY_INFO_FILE, msgspec.json.encode(info) + b"\n")
    except OSError as error:
        raise DeviceKeyError(state_dir / KEY_INFO_FILE, error.strerror or "cannot write") from None
    return key


def _forget(state_dir: Path, info: KeyInfo) -> None:
    if info.store == "keyring":
        with contextlib.suppress(Exception):
            import keyring

            keyring.delete_password(KEYRING_SERVICE, _keyring_name(info.device_id))
    with contextlib.suppress(OSError):
        (state_dir / KEY_FILE).unlink()


def _read_info(path: Path) -> KeyInfo | None:
    try:
        return msgspec.json.decode(path.read_bytes(), type=KeyInfo)
    except FileNotFoundError:
        return None
    except (OSError, msgspec.DecodeError) as error:
        reason = getattr(error, "strerror", None) or "not a device key description"
        raise DeviceKeyError(path, reason) from None


def _keyring_usable() -> bool:
    if os.environ.get(STORE_VARIABLE, "") == "file":
        return False
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # no keyring package or no backend: the file it is
        return False
    return not isinstance(backend, fail.Keyring) and float(getattr(backend, "priority", 0)) > 0


def _to_keyring(device_id: str, key: DeviceSigningKey) -> bool:
    """Store the key in the keyring and read it back; False (nothing kept there) on any failure."""
    name = _keyring_name(device_id)
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, b64encode(key.raw))
        if keyring.get_password(KEYRING_SERVICE, name) == b64encode(key.raw):
            return True
        keyring.delete_password(KEYRING_SERVICE, name)
    except Exception:  # a locked or broken keyring: fall back to the file
        pass
    return False


def _keyring_name(device_id: str) -> str:
    return f"device-signing-key/{device_id}"
