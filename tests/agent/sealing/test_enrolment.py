"""Study keys are kept only when each key id is the id its key gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.files import FileProblem
from agent.sealing.enrolment import (
    ENROLMENT_FILE,
    Enrolment,
    EnrolmentError,
    EnrolmentState,
    checked_keys,
    load_enrolment,
)
from agent.wire.keys import StudyPrivateKey, b64encode

DEVICE = "3f2b8c1e-7d4a-4e9b-9c1d-2a6f5e8b7c90"


def key_json(key: StudyPrivateKey, current: bool = False) -> dict[str, Any]:
    public = key.public_key()
    return {
        "key_id": public.key_id_hex,
        "kem": public.kem,
        "public_key": b64encode(public.raw),
        "created_at": "2026-12-01T09:00:00Z",
        "current": current,
    }


def enrolment(keys: list[dict[str, Any]]) -> Enrolment:
    return Enrolment(
        collector_url="https://c.example",
        study_id="s1",
        device_id=DEVICE,
        keys=checked_keys(keys),
        enrolled_at="2026-12-01T09:00:00Z",
    )


def test_the_current_key_of_the_policys_kem_is_the_one_sealed_to() -> None:
    old, current, newer = (StudyPrivateKey.generate() for _ in range(3))
    pq = StudyPrivateKey.generate("mlkem768-x25519")
    chosen = enrolment([key_json(old), key_json(current, True), key_json(newer), key_json(pq)])
    assert chosen.sealing_key("x25519") == current.public_key()
    assert chosen.sealing_key("mlkem768-x25519") == pq.public_key()


def test_without_a_current_mark_the_newest_key_of_the_kem_is_used() -> None:
    old, new = StudyPrivateKey.generate(), StudyPrivateKey.generate()
    assert enrolment([key_json(old), key_json(new)]).sealing_key("x25519") == new.public_key()


def test_a_study_without_a_key_of_the_kem_gives_none() -> None:
    assert enrolment([key_json(StudyPrivateKey.generate())]).sealing_key("mlkem768-x25519") is None


@pytest.mark.parametrize(
    "change",
    [
        {"key_id": "00" * 16},
        {"public_key": b64encode(b"short")},
        {"kem": "rsa"},
        {"public_key": 5},
    ],
)
def test_a_key_that_does_not_check_out_is_refused(change: dict[str, Any]) -> None:
    key = {**key_json(StudyPrivateKey.generate()), **change}
    with pytest.raises(EnrolmentError):
        checked_keys([key])


def test_no_keys_at_all_are_refused() -> None:
    with pytest.raises(EnrolmentError):
        checked_keys([])


def test_the_enrolment_is_kept_in_the_state_directory_and_read_back(tmp_path: Path) -> None:
    state = EnrolmentState(tmp_path)
    made = enrolment([key_json(StudyPrivateKey.generate(), True)])
    state.update(made)
    assert load_enrolment(tmp_path) == made
    assert EnrolmentState(tmp_path).sealing_key(
        "https://c.example", "s1", DEVICE, "x25519"
    ) == made.sealing_key("x25519")
    assert EnrolmentState(tmp_path).sealing_key("https://c.example", "s2", DEVICE, "x25519") is None


def test_a_damaged_enrolment_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / ENROLMENT_FILE).write_text("{not json")
    with pytest.raises(FileProblem, match=ENROLMENT_FILE):
        load_enrolment(tmp_path)
    assert EnrolmentState(tmp_path).current() is None


def test_with_key_ids_in_the_policy_only_those_keys_are_sealed_to() -> None:
    pinned, substituted = StudyPrivateKey.generate(), StudyPrivateKey.generate()
    listed = enrolment([key_json(pinned), key_json(substituted, current=True)])
    allowed = frozenset({pinned.public_key().key_id_hex})
    assert listed.sealing_key("x25519", allowed) == pinned.public_key()
    assert listed.sealing_key("x25519") == substituted.public_key()
    assert listed.sealing_key("x25519", frozenset({"00" * 16})) is None
