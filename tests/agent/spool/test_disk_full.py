"""On a full disk the spool evicts the oldest batches, counts them, and never loses count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent.spool import Spool, SpoolError, SpoolFull
from tests.agent.spool.sealed_batches import SEQUENCES, sealed
from tests.small_disk import fill, small_disk


def test_a_full_disk_evicts_the_oldest_batches_and_accounts_for_each(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 12 * 1024) as disk:
        spool = Spool(disk / "spool", max_bytes=64 * 1024 * 1024, max_age_seconds=86400.0)
        for _ in range(300):  # 12 MB of batches cannot fit in 12 MB beside the headroom
            try:
                spool.put(sealed(next(SEQUENCES), 40_000))
            except SpoolFull:
                spool.count_unsealed("disk_full")
        counters = spool.counters()
        assert counters.created == 300
        assert counters.evicted.get("disk_full", 0) > 0
        assert counters.balanced
        assert counters.pending > 0


def test_losses_the_disk_could_not_record_are_written_once_it_has_room(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 8 * 1024) as disk:
        spool = Spool(disk / "spool", max_bytes=64 * 1024 * 1024, max_age_seconds=86400.0)
        filler = fill(disk)  # before the spool could even be made
        with pytest.raises(SpoolError):
            spool.put(sealed(next(SEQUENCES), 30_000))
        spool.count_unsealed("disk_full")
        filler.unlink()
        spool.count_unsealed("no_study_key")
        counters = spool.counters()
        assert counters.evicted == {"disk_full": 1, "no_study_key": 1}
        assert counters.created == 2
        assert counters.balanced


def test_a_disk_filled_by_another_program_costs_the_oldest_batches_not_the_spool(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk", 12 * 1024) as disk:
        spool = Spool(disk / "spool", max_bytes=64 * 1024 * 1024, max_age_seconds=86400.0)
        for _ in range(20):
            spool.put(sealed(next(SEQUENCES), 40_000))
        assert spool.reserve.path.exists()
        fill(disk)
        outcomes = []
        for _ in range(5):
            try:
                outcomes.append(spool.put(sealed(next(SEQUENCES), 40_000)))
            except SpoolFull:
                spool.count_unsealed("disk_full")
                outcomes.append(False)
        assert True in outcomes  # the reserve and evictions made room for new batches
        counters = spool.counters()
        assert counters.evicted.get("disk_full", 0) >= 1
        assert counters.created == 25
        assert counters.balanced


def test_a_disk_short_of_headroom_costs_only_the_batches_that_make_room(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 24 * 1024) as disk:
        spool = Spool(disk / "spool", max_bytes=64 * 1024 * 1024, max_age_seconds=86400.0)
        for _ in range(50):
            spool.put(sealed(next(SEQUENCES), 40_000))
        filler = fill(disk)
        os.truncate(filler, filler.stat().st_size - 3 * 1024 * 1024)  # 3 MB free: below headroom
        assert spool.put(sealed(next(SEQUENCES), 40_000))
        counters = spool.counters()
        assert counters.evicted.get("disk_full", 0) <= 2, counters
        assert counters.pending >= 49
        assert counters.balanced
