"""The spool keeps sealed batches until the collector has them, and accounts for every one."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from agent.spool import QUARANTINE_DIR, SPOOL_FILE, Spool, SpoolError, SpoolFull
from tests.agent.spool.sealed_batches import SEQUENCES, sealed

DAY = 86400.0
MB = 1024 * 1024


def spool_at(
    directory: Path, max_bytes: int = 16 * MB, days: float = 7, now: float | None = None
) -> Spool:
    clock = (lambda: now) if now is not None else time.time
    return Spool(directory, max_bytes=max_bytes, max_age_seconds=days * DAY, wall_clock=clock)


def put(spool: Spool, size: int = 2048, created_ms: int | None = None) -> int:
    sequence = next(SEQUENCES)
    assert spool.put(sealed(sequence, size, created_ms))
    return sequence


def test_a_stored_batch_is_pending_with_its_exact_bytes_until_delivered(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    batch = sealed(next(SEQUENCES))
    assert spool.put(batch)
    [pending] = spool.pending()
    assert (pending.batch_id, pending.sequence, pending.size) == (
        batch.header.batch_id,
        batch.header.sequence,
        len(batch.data),
    )
    assert spool.envelope(pending.sequence) == batch.data
    assert spool.mark_delivered([pending.sequence]) == 1
    assert spool.pending() == []
    assert spool.envelope(pending.sequence) is None
    counters = spool.counters()
    assert (counters.created, counters.sealed, counters.delivered, counters.pending) == (1, 1, 1, 0)
    assert counters.balanced


def test_pending_batches_come_oldest_first(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    sequences = [put(spool) for _ in range(5)]
    assert [batch.sequence for batch in spool.pending()] == sequences
    assert [batch.sequence for batch in spool.pending(limit=2)] == sequences[:2]


def test_counters_and_batches_survive_a_restart(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    delivered, kept = put(spool), put(spool)
    spool.mark_delivered([delivered])
    spool.close()
    again = spool_at(tmp_path)
    counters = again.counters()
    assert (counters.created, counters.delivered, counters.pending) == (2, 1, 1)
    assert [batch.sequence for batch in again.pending()] == [kept]


def test_a_batch_delivered_by_two_uploaders_is_counted_once(tmp_path: Path) -> None:
    agent, flush = spool_at(tmp_path), spool_at(tmp_path)  # two processes' views
    sequence = put(agent)
    assert agent.mark_delivered([sequence]) == 1
    assert flush.mark_delivered([sequence]) == 0
    assert flush.counters().delivered == 1
    assert flush.counters().balanced


def test_over_the_quota_the_oldest_batches_are_evicted_and_counted(tmp_path: Path) -> None:
    spool = spool_at(tmp_path, max_bytes=10_000)
    sequences = [put(spool, 3000) for _ in range(5)]
    kept = [batch.sequence for batch in spool.pending()]
    assert kept == sequences[-3:]
    assert sum(batch.size for batch in spool.pending()) <= 10_000
    counters = spool.counters()
    assert counters.evicted == {"quota": 2}
    assert counters.balanced


def test_a_batch_larger_than_the_whole_spool_is_evicted_not_stored(tmp_path: Path) -> None:
    spool = spool_at(tmp_path, max_bytes=4000)
    kept = put(spool, 2000)
    assert not spool.put(sealed(next(SEQUENCES), 6000))
    assert [batch.sequence for batch in spool.pending()] == [kept]
    assert spool.counters().evicted == {"too_large": 1}
    assert spool.counters().balanced


def test_batches_older_than_the_device_retention_are_evicted_as_aged(tmp_path: Path) -> None:
    now = [time.time()]
    spool = Spool(tmp_path, max_bytes=16 * MB, max_age_seconds=2 * DAY, wall_clock=lambda: now[0])
    old = put(spool, created_ms=int(now[0] * 1000))
    now[0] += 1.5 * DAY
    young = put(spool, created_ms=int(now[0] * 1000))
    assert spool.expire() == 0
    now[0] += 1 * DAY
    assert spool.expire() == 1
    assert [batch.sequence for batch in spool.pending()] == [young]
    assert spool.envelope(old) is None
    assert spool.counters().evicted == {"age": 1}


def test_a_wall_clock_jump_forward_past_the_retention_evicts_by_age_and_counts_it(
    tmp_path: Path,
) -> None:
    now = [time.time()]
    spool = Spool(tmp_path, max_bytes=16 * MB, max_age_seconds=DAY, wall_clock=lambda: now[0])
    put(spool)
    now[0] += 40 * DAY
    put(spool, created_ms=int(now[0] * 1000))
    counters = spool.counters()
    assert (counters.pending, counters.evicted) == (1, {"age": 1})
    assert counters.balanced


def test_a_wall_clock_jump_backwards_keeps_every_batch(tmp_path: Path) -> None:
    now = [time.time()]
    spool = Spool(tmp_path, max_bytes=16 * MB, max_age_seconds=DAY, wall_clock=lambda: now[0])
    put(spool)
    now[0] -= 400 * DAY
    put(spool)
    assert spool.counters().pending == 2


def test_a_batch_refused_by_the_consent_check_is_counted_withdrawn_not_stored(
    tmp_path: Path,
) -> None:
    spool = spool_at(tmp_path)
    spool.open()
    assert not spool.put(sealed(next(SEQUENCES)), allowed=lambda: False)
    counters = spool.counters()
    assert (counters.pending, counters.evicted) == (0, {"withdrawn": 1})
    assert counters.balanced


def test_quarantine_moves_the_batch_to_the_folder_with_a_note_and_counts_it(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    batch = sealed(next(SEQUENCES))
    spool.put(batch)
    assert spool.quarantine(batch.header.sequence, 409, "batch_conflict")
    folder = tmp_path / QUARANTINE_DIR
    [envelope] = folder.glob("*.envelope")
    assert envelope.read_bytes() == batch.data
    note = envelope.with_suffix(".json").read_text()
    assert '"status":409' in note and "batch_conflict" in note
    assert stat.S_IMODE(envelope.stat().st_mode) == 0o600
    counters = spool.counters()
    assert (counters.quarantined, counters.pending) == (1, 0)
    assert counters.balanced
    assert not spool.quarantine(batch.header.sequence, 409, "batch_conflict")


def test_quarantined_batches_count_towards_the_quota_and_go_first(tmp_path: Path) -> None:
    spool = spool_at(tmp_path, max_bytes=7000)
    refused = put(spool, 3000)
    spool.quarantine(refused, 400, "bad_envelope")
    waiting = put(spool, 3000)
    put(spool, 3000)
    assert not list((tmp_path / QUARANTINE_DIR).glob("*.envelope"))
    assert waiting in [batch.sequence for batch in spool.pending()]
    assert spool.counters().balanced


def test_purge_deletes_every_batch_and_leaves_no_ciphertext_in_the_files(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    batches = [sealed(next(SEQUENCES), 20_000) for _ in range(4)]
    for batch in batches:
        spool.put(batch)
    spool.quarantine(batches[0].header.sequence, 403, "not_consented")
    assert spool.purge("withdrawn") == 3
    counters = spool.counters()
    assert counters.pending == 0
    assert counters.evicted == {"withdrawn": 3}
    assert counters.balanced
    left = b"".join(path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    for batch in batches:
        assert batch.data[200:264] not in left


def test_the_database_and_its_log_are_owner_only(tmp_path: Path) -> None:
    os.umask(0o022)
    spool = spool_at(tmp_path / "spool")
    put(spool)
    for path in (tmp_path / "spool").iterdir():
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE((tmp_path / "spool").stat().st_mode) == 0o700


def test_a_spool_deleted_underneath_is_made_again(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    put(spool)
    for path in tmp_path.glob(SPOOL_FILE + "*"):
        path.unlink()
    put(spool)
    assert spool.counters().pending == 1


def test_a_spool_from_a_newer_agent_is_refused_with_the_file_named(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    put(spool)
    spool.close()
    with sqlite3.connect(tmp_path / SPOOL_FILE) as db:
        db.execute("UPDATE meta SET value = '99' WHERE name = 'schema'")
    with pytest.raises(SpoolError, match="newer agent"):
        spool_at(tmp_path).counters()


def test_a_file_that_is_not_a_database_is_refused_with_the_file_named(tmp_path: Path) -> None:
    (tmp_path / SPOOL_FILE).write_bytes(b"this is not sqlite " * 100)
    with pytest.raises(SpoolError, match=SPOOL_FILE):
        spool_at(tmp_path).counters()


def test_unsealed_batches_are_counted_created_and_evicted(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    spool.count_unsealed("no_study_key", 2)
    counters = spool.counters()
    assert (counters.created, counters.sealed, counters.evicted) == (2, 0, {"no_study_key": 2})
    assert counters.balanced


def test_the_last_attempt_is_recorded_with_its_result(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    spool.open()
    spool.record_attempt("503")
    counters = spool.counters()
    assert counters.last_result == "503"
    assert counters.last_attempt_at is not None and counters.last_attempt_at.endswith("Z")


def test_withdrawal_erases_the_spool_and_a_running_agent_keeps_working_on_a_new_one(
    tmp_path: Path,
) -> None:
    from agent.consent.erase import erase_unsent
    from agent.paths import AgentPaths

    paths = AgentPaths(tmp_path / "config", tmp_path / "state", tmp_path / "data")
    agent = spool_at(paths.spool_dir)
    batches = [sealed(next(SEQUENCES), 5000) for _ in range(3)]
    for batch in batches:
        agent.put(batch)
    report = erase_unsent(paths)
    assert report.batches == 3 and report.failures == []
    assert list(paths.data_dir.rglob("*")) == []
    put(agent)  # the agent's open spool notices the new file and starts afresh
    counters = agent.counters()
    assert (counters.created, counters.pending) == (1, 1)


def test_every_batch_that_leaves_is_remembered_by_id_and_outcome_newest_first(
    tmp_path: Path,
) -> None:
    spool = spool_at(tmp_path, max_bytes=7000)
    first, second, third = (put(spool, 3000) for _ in range(3))  # the third evicts the first
    spool.mark_delivered([second])
    spool.quarantine(third, 400, "bad_envelope")
    outcomes = [(past.sequence, past.outcome) for past in spool.history()]
    assert outcomes == [(third, "quarantined"), (second, "delivered"), (first, "evicted:quota")]
    assert all(past.size > 0 and past.at_ms > 0 for past in spool.history())


def test_the_history_is_trimmed_to_its_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agent.spool.store.HISTORY_ROWS", 3)
    spool = spool_at(tmp_path)
    sequences = [put(spool, 800) for _ in range(6)]
    spool.mark_delivered(sequences)
    spool.expire()
    assert [past.sequence for past in spool.history()] == sequences[::-1][:3]


def test_reading_or_bookkeeping_never_makes_a_spool(tmp_path: Path) -> None:
    """After a withdrawal the running agent keeps looking: the data directory stays empty."""
    spool = spool_at(tmp_path / "spool")
    assert spool.counters().created == 0
    assert spool.pending() == [] and spool.history() == [] and spool.meta("x") is None
    assert spool.envelope(1) is None
    spool.record_attempt("201")
    assert spool.expire() == 0 and spool.mark_delivered([1]) == 0 and spool.purge("withdrawn") == 0
    assert not (tmp_path / "spool").exists()
    spool.open()
    assert (tmp_path / "spool" / SPOOL_FILE).is_file()


def test_a_batch_evicted_while_in_flight_then_acknowledged_counts_as_delivered(
    tmp_path: Path,
) -> None:
    spool = spool_at(tmp_path, max_bytes=7000)
    in_flight = put(spool, 3000)
    put(spool, 3000)
    put(spool, 3000)  # evicts the one being sent
    assert spool.counters().evicted == {"quota": 1}
    assert spool.mark_delivered([in_flight]) == 1
    counters = spool.counters()
    assert (counters.delivered, counters.evicted) == (1, {})
    assert counters.balanced
    assert spool.history()[-1].outcome == "delivered"
    assert spool.mark_delivered([in_flight]) == 0  # once


def test_a_batch_sealed_before_a_withdrawal_does_not_make_the_spool_again(
    tmp_path: Path,
) -> None:
    spool = spool_at(tmp_path / "spool")
    assert not spool.put(sealed(next(SEQUENCES)), allowed=lambda: False)
    assert not (tmp_path / "spool").exists()


def test_a_batch_the_spool_cannot_store_is_a_spool_error_not_a_crash(tmp_path: Path) -> None:
    spool = spool_at(tmp_path)
    sequence = next(SEQUENCES)
    spool.put(sealed(sequence))
    with pytest.raises(SpoolError) as caught:
        spool.put(sealed(sequence))  # the same sequence number again: a bug, refused
    assert not isinstance(caught.value, SpoolFull)
    assert spool.counters().balanced
