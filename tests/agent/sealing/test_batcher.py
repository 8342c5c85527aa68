"""Records become sealed batches in the spool, cut at the policy's limits; nothing else is kept."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.sealing import Batcher, BatchLimits
from agent.spool import SequenceAllocator, Spool
from agent.wire import Record, TypedText
from agent.wire.envelope import open_envelope
from agent.wire.keys import StudyPublicKey
from agent.wire.samples import DEVICE, MONO, WALL
from tests.agent.spool.sealed_batches import STUDY, device_key, frame_record, study_key

CANARY = "wombat-canary-5519"


def typed(index: int, text: str = "hello") -> TypedText:
    return TypedText(
        device_id=DEVICE,
        mono_ns=MONO + index,
        wall_time=WALL,
        app_id="XTerm",
        field_id="f1",
        segment=index,
        text_redacted=f"{text} {index}",
        flush="enter",
    )


class Harness:
    def __init__(self, tmp_path: Path, limits: BatchLimits, with_key: bool = True) -> None:
        self.spool = Spool(tmp_path / "spool", max_bytes=64 * 2**20, max_age_seconds=86400.0)
        self.spool.open()  # as the agent's delivery does when it starts
        self.key: StudyPublicKey | None = study_key().public_key() if with_key else None
        self.allowed = True
        self.generation = 0  # the consent generation on "disk"
        self.stored = 0
        self.batcher = Batcher(
            device_id=DEVICE,
            limits=limits,
            spool=self.spool,
            sequences=SequenceAllocator(tmp_path / "state"),
            device_key=device_key(),
            target=lambda: None if self.key is None else (STUDY, self.key),
            consent_allows=lambda generation: self.allowed and generation == self.generation,
            on_stored=self._stored,
        )
        self.batcher.start()

    def _stored(self) -> None:
        self.stored += 1

    def batches(self) -> list[list[Record]]:
        opened = []
        keys = {study_key().public_key().key_id: study_key()}
        for pending in self.spool.pending(limit=1000):
            data = self.spool.envelope(pending.sequence)
            assert data is not None
            opened.append(open_envelope(data, keys, device_key().public_raw).batch.records)
        return opened


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    made = Harness(tmp_path, BatchLimits(max_records=5, max_bytes=64 * 1024, max_seconds=3600))
    yield made
    made.batcher.stop()


def wait_until(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_a_batch_is_sealed_once_it_holds_max_records(harness: Harness) -> None:
    for index in range(12):
        harness.batcher.add(typed(index))
    wait_until(lambda: harness.spool.counters().pending == 2)
    assert [len(records) for records in harness.batches()] == [5, 5]
    harness.batcher.flush()
    batches = harness.batches()
    assert [len(records) for records in batches] == [5, 5, 2]
    assert [r for batch in batches for r in batch] == [typed(i) for i in range(12)]


def test_only_ciphertext_reaches_the_disk(harness: Harness, tmp_path: Path) -> None:
    for index in range(7):
        harness.batcher.add(typed(index, CANARY))
    harness.batcher.flush()
    assert harness.spool.counters().pending == 2
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path.name
    assert any(CANARY in r.text_redacted for batch in harness.batches() for r in batch)  # type: ignore[union-attr]


def test_a_batch_is_sealed_before_it_grows_past_max_bytes(tmp_path: Path) -> None:
    harness = Harness(
        tmp_path, BatchLimits(max_records=1000, max_bytes=64 * 1024, max_seconds=3600)
    )
    try:
        for index in range(5):
            record, blob = frame_record(bytes([index]) * 25_000, frame_id=index)
            harness.batcher.add(record, blob)
        harness.batcher.flush()
        sizes = [len(records) for records in harness.batches()]
        assert sizes == [2, 2, 1]
        for pending in harness.spool.pending():
            assert pending.size <= 64 * 1024 + 2048
    finally:
        harness.batcher.stop()


def test_a_batch_is_sealed_when_its_first_record_is_max_seconds_old(tmp_path: Path) -> None:
    harness = Harness(tmp_path, BatchLimits(max_records=1000, max_bytes=2**20, max_seconds=0.5))
    try:
        harness.batcher.add(typed(0))
        wait_until(lambda: harness.stored == 1, seconds=5)
        assert harness.spool.counters().pending == 1
    finally:
        harness.batcher.stop()


def test_stopping_seals_what_is_gathered(harness: Harness) -> None:
    harness.batcher.add(typed(0))
    harness.batcher.stop()
    assert harness.spool.counters().pending == 1


def test_without_the_study_key_batches_wait_in_memory_and_are_sealed_when_it_comes(
    tmp_path: Path,
) -> None:
    harness = Harness(
        tmp_path, BatchLimits(max_records=2, max_bytes=2**20, max_seconds=3600), False
    )
    try:
        for index in range(4):
            harness.batcher.add(typed(index))
        harness.batcher.flush()
        assert harness.spool.counters().created == 0
        assert not list((tmp_path / "spool").glob("*.envelope"))
        harness.key = study_key().public_key()
        harness.batcher.flush()
        assert [len(batch) for batch in harness.batches()] == [2, 2]
    finally:
        harness.batcher.stop()


def test_batches_never_sealed_for_want_of_a_key_are_counted_when_the_agent_stops(
    tmp_path: Path,
) -> None:
    harness = Harness(
        tmp_path, BatchLimits(max_records=2, max_bytes=2**20, max_seconds=3600), False
    )
    for index in range(5):
        harness.batcher.add(typed(index))
    harness.batcher.stop()
    counters = harness.spool.counters()
    assert counters.evicted == {"no_study_key": 3}
    assert counters.balanced


def test_discard_drops_gathered_and_queued_records_and_later_ones_are_kept(
    harness: Harness,
) -> None:
    harness.batcher.add(typed(0))
    harness.batcher.add(typed(1))
    harness.generation = 1
    harness.batcher.discard(1)
    harness.batcher.add(typed(2), generation=1)
    harness.batcher.flush()
    assert harness.batches() == [[typed(2)]]


def test_records_from_before_a_withdrawal_are_never_kept_even_if_consent_is_given_again(
    harness: Harness,
) -> None:
    """Withdraw and grant again between two looks of the agent: no listener ran, yet the
    records from before carry the old generation and are dropped."""
    harness.batcher.add(typed(0), generation=0)
    harness.batcher.flush()
    harness.batcher.add(typed(1), generation=0)  # gathered, not yet sealed
    harness.generation = 1  # withdrawn and granted again elsewhere
    harness.batcher.add(typed(2), generation=1)
    harness.batcher.add(typed(3), generation=0)  # late from the queue
    harness.batcher.flush()
    assert harness.batches() == [[typed(0)], [typed(2)]]


def test_a_batch_sealed_before_a_withdrawal_is_refused_by_the_spool_check(
    harness: Harness,
) -> None:
    harness.batcher.add(typed(0), generation=0)
    harness.generation = 1  # the stored generation moved on; the batcher has not heard
    harness.batcher.flush()
    assert harness.batches() == []
    assert harness.spool.counters().evicted == {"withdrawn": 1}


def test_a_batch_the_consent_check_refuses_is_counted_not_stored(harness: Harness) -> None:
    harness.allowed = False
    harness.batcher.add(typed(0))
    harness.batcher.flush()
    counters = harness.spool.counters()
    assert (counters.pending, counters.evicted) == (0, {"withdrawn": 1})


def test_an_invalid_record_is_dropped_and_counted_without_its_content(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bad = TypedText(
        device_id=DEVICE,
        mono_ns=MONO,
        wall_time=WALL,
        app_id="",
        field_id="f1",
        segment=0,
        text_redacted=CANARY,
        flush="enter",
    )
    harness.batcher.add(bad)
    harness.batcher.add(typed(1))
    harness.batcher.flush()
    assert harness.batches() == [[typed(1)]]
    assert sum(harness.batcher.dropped.values()) == 1
    assert CANARY not in caplog.text


def test_a_flush_requested_from_a_signal_handler_seals_and_reports(harness: Harness) -> None:
    reported: list[int] = []
    harness.batcher.on_flush_request = lambda: reported.append(1)
    harness.batcher.add(typed(0))
    harness.batcher.flush_requested = True
    wait_until(lambda: reported == [1])
    assert harness.spool.counters().pending == 1


def test_batches_waiting_for_a_key_are_dropped_by_a_withdrawal(tmp_path: Path) -> None:
    harness = Harness(
        tmp_path, BatchLimits(max_records=2, max_bytes=2**20, max_seconds=3600), False
    )
    try:
        for index in range(4):
            harness.batcher.add(typed(index))
        harness.batcher.flush()
        assert harness.batcher.awaiting_key == 2
        harness.generation = 1
        harness.batcher.discard(1)
        assert harness.batcher.awaiting_key == 0
        harness.key = study_key().public_key()
        harness.batcher.flush()
        assert harness.batches() == []
    finally:
        harness.batcher.stop()
    assert harness.spool.counters().created == 0
