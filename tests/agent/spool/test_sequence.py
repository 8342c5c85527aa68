"""Batch sequence numbers only ever increase, across restarts and withdrawals."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.files import FileProblem
from agent.spool.sequence import BLOCK, SEQUENCE_FILE, SequenceAllocator


def test_numbers_start_at_one_and_increase_by_one(tmp_path: Path) -> None:
    allocator = SequenceAllocator(tmp_path)
    assert [allocator.next() for _ in range(5)] == [1, 2, 3, 4, 5]


def test_a_restart_never_reuses_a_number(tmp_path: Path) -> None:
    first = [SequenceAllocator(tmp_path).next() for _ in range(3)]
    second = SequenceAllocator(tmp_path)
    after = [second.next() for _ in range(BLOCK + 2)]
    assert min(after) > max(first)
    assert after == sorted(set(after))


def test_two_allocators_on_one_state_directory_never_hand_out_the_same_number(
    tmp_path: Path,
) -> None:
    one, two = SequenceAllocator(tmp_path), SequenceAllocator(tmp_path)
    numbers = [one.next(), two.next(), one.next(), two.next()]
    assert len(set(numbers)) == 4


def test_the_mark_is_in_the_state_directory_and_survives_the_data_being_deleted(
    tmp_path: Path,
) -> None:
    SequenceAllocator(tmp_path).next()
    assert (tmp_path / SEQUENCE_FILE).read_text().strip() == str(1 + BLOCK)


def test_a_damaged_mark_is_refused_naming_the_file_not_guessed(tmp_path: Path) -> None:
    (tmp_path / SEQUENCE_FILE).write_text("minus one\n")
    with pytest.raises(FileProblem, match=SEQUENCE_FILE):
        SequenceAllocator(tmp_path).next()
