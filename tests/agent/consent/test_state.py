"""The durable state file: private, atomic, fail-closed when damaged, re-read when changed."""

from __future__ import annotations

import stat
from pathlib import Path

import msgspec
import pytest

from agent.consent.state import STATE_FILE, ConsentRecord, ConsentStateError, ConsentStore

GRANTED = ConsentRecord(
    study_id="s",
    notice_version="3",
    purposes=("input_activity",),
    updated_at="2026-11-29T10:00:00Z",
)


def test_missing_file_means_consent_never_given(tmp_path: Path) -> None:
    assert ConsentStore(tmp_path).load() == ConsentRecord()


def test_saved_record_reads_back(tmp_path: Path) -> None:
    ConsentStore(tmp_path).save(GRANTED)
    assert ConsentStore(tmp_path).load() == GRANTED


def test_file_is_owner_only_in_an_owner_only_directory(tmp_path: Path) -> None:
    ConsentStore(tmp_path / "state").save(GRANTED)
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "state" / STATE_FILE).stat().st_mode) == 0o600


def test_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    ConsentStore(tmp_path).save(GRANTED)
    ConsentStore(tmp_path).save(GRANTED)
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_FILE]


def test_a_change_by_another_store_is_seen_on_the_next_load(tmp_path: Path) -> None:
    reader, writer = ConsentStore(tmp_path), ConsentStore(tmp_path)
    reader.save(GRANTED)
    assert reader.load() == GRANTED
    paused = msgspec.structs.replace(GRANTED, paused_until="2026-11-29T11:00:00Z")
    writer.save(paused)
    assert reader.changed()
    assert reader.load() == paused


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "damaged"),
        (b'{"format": 1, "purposes": ["everything"]}', "unknown purpose"),
        (b'{"format": 9}', "unsupported format 9"),
        (b'{"format": 1, "surprise": true}', "damaged"),
        (b'{"format": 1, "paused_until": "soon"}', "damaged"),
        (b'{"format": 1, "paused_until": "2026-11-29T11:00:00"}', "time zone"),
    ],
)
def test_damaged_file_is_an_error_with_file_and_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / STATE_FILE).write_bytes(content)
    with pytest.raises(ConsentStateError) as raised:
        ConsentStore(tmp_path).load()
    assert raised.value.file == tmp_path / STATE_FILE
    assert reason in raised.value.reason


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": 1, "study_id": 12345678}',
        b'{"format": 1, "paused_until": "at 12345678"}',
        b'{"format": 1, "purposes": ["12345678"]}',
    ],
)
def test_the_error_never_quotes_the_file_content(tmp_path: Path, content: bytes) -> None:
    (tmp_path / STATE_FILE).write_bytes(content)
    with pytest.raises(ConsentStateError) as raised:
        ConsentStore(tmp_path).load()
    assert "12345678" not in str(raised.value)
