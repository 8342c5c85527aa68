"""The device pseudonym: random, made once, private, never derived from who or where."""

from __future__ import annotations

import os
import socket
import stat
import uuid
from pathlib import Path

import pytest

from agent.identity import PSEUDONYM_FILE, IdentityError, device_pseudonym, existing_pseudonym


def test_is_a_random_uuid4(tmp_path: Path) -> None:
    assert uuid.UUID(device_pseudonym(tmp_path)).version == 4


def test_is_made_once_and_then_reused(tmp_path: Path) -> None:
    assert device_pseudonym(tmp_path) == device_pseudonym(tmp_path)


def test_two_devices_get_unrelated_pseudonyms(tmp_path: Path) -> None:
    assert device_pseudonym(tmp_path / "a") != device_pseudonym(tmp_path / "b")


def test_says_nothing_about_the_user_or_host(tmp_path: Path) -> None:
    pseudonym = device_pseudonym(tmp_path).lower()
    for name in (socket.gethostname(), os.environ.get("USER", ""), Path.home().name):
        if len(name) >= 3:
            assert name.lower() not in pseudonym


def test_file_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    device_pseudonym(tmp_path / "state")
    mode = stat.S_IMODE((tmp_path / "state" / PSEUDONYM_FILE).stat().st_mode)
    assert mode == 0o600


def test_damaged_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / PSEUDONYM_FILE).write_text("not-a-uuid\n")
    with pytest.raises(IdentityError) as raised:
        device_pseudonym(tmp_path)
    assert raised.value.file == tmp_path / PSEUDONYM_FILE
    assert "not a UUID" in raised.value.reason


def test_reading_an_existing_pseudonym_never_creates_one(tmp_path: Path) -> None:
    assert existing_pseudonym(tmp_path) is None
    assert not any(tmp_path.iterdir())
    made = device_pseudonym(tmp_path)
    assert existing_pseudonym(tmp_path) == made
