"""The device key is made once, kept in the keyring or a 0600 file, and never silently replaced."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from agent.sealing import DeviceKeyError, device_signing_key
from agent.sealing.device_key import KEY_FILE, KEY_INFO_FILE, STORE_VARIABLE

DEVICE = "3f2b8c1e-7d4a-4e9b-9c1d-2a6f5e8b7c90"
OTHER = "0e6f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory: the OS keyrings themselves cannot run here (no session bus)."""

    priority = 1.0  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.broken = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.broken:
            raise RuntimeError("locked")
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv(STORE_VARIABLE, raising=False)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_usable_keyring_the_key_is_a_0600_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_VARIABLE, "file")
    key = device_signing_key(tmp_path, DEVICE)
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert json.loads((tmp_path / KEY_INFO_FILE).read_text())["store"] == "file"
    assert device_signing_key(tmp_path, DEVICE) == key


def test_with_a_usable_keyring_the_key_is_kept_there_and_not_on_disk(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    key = device_signing_key(tmp_path, DEVICE)
    assert not (tmp_path / KEY_FILE).exists()
    assert json.loads((tmp_path / KEY_INFO_FILE).read_text())["store"] == "keyring"
    assert len(memory_keyring.items) == 1
    assert device_signing_key(tmp_path, DEVICE) == key


def test_a_keyring_that_cannot_be_read_is_an_error_not_a_new_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    device_signing_key(tmp_path, DEVICE)
    memory_keyring.broken = True
    with pytest.raises(DeviceKeyError, match="keyring"):
        device_signing_key(tmp_path, DEVICE)


def test_a_new_pseudonym_gets_a_new_key_and_the_old_one_is_forgotten(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    first = device_signing_key(tmp_path, DEVICE)
    second = device_signing_key(tmp_path, OTHER)
    assert first != second
    assert len(memory_keyring.items) == 1


def test_a_key_file_that_does_not_match_its_public_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_VARIABLE, "file")
    device_signing_key(tmp_path, DEVICE)
    other = tmp_path / "other"
    device_signing_key(other, DEVICE)
    (tmp_path / KEY_FILE).write_bytes((other / KEY_FILE).read_bytes())
    with pytest.raises(DeviceKeyError, match="does not match"):
        device_signing_key(tmp_path, DEVICE)
