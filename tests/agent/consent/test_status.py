"""What consent means at one moment: one table, every mode."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from agent.consent.state import ConsentRecord, ConsentStateError
from agent.consent.status import evaluate
from agent.consent.terms import ConsentTerms
from tests.agent.consent.conftest import TERMS

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
GRANTED = ConsentRecord(
    study_id=TERMS.study_id, notice_version="3", purposes=("input_activity", "typed_text")
)
BROKEN = replace(TERMS, problems=("/etc/consentry/policy.toml: screen.x: unknown key",))

CASES = [
    # (name, record, terms, mode, active, reason contains)
    ("never consented", ConsentRecord(), TERMS, "off", (), "not been given"),
    ("granted", GRANTED, TERMS, "recording", ("input_activity", "typed_text"), None),
    (
        "paused, deadline ahead",
        msgspec.structs.replace(GRANTED, paused_until="2026-11-29T10:15:00Z"),
        TERMS,
        "paused",
        (),
        "paused",
    ),
    (
        "pause deadline passed",
        msgspec.structs.replace(GRANTED, paused_until="2026-11-29T09:59:59Z"),
        TERMS,
        "recording",
        ("input_activity", "typed_text"),
        None,
    ),
    (
        "withdrawn",
        ConsentRecord(study_id=TERMS.study_id, withdrawn_at="2026-11-29T09:00:00Z"),
        TERMS,
        "withdrawn",
        (),
        "withdrawn",
    ),
    ("new notice version", GRANTED, replace(TERMS, notice_version="4"), "off", (), "notice"),
    ("another study", GRANTED, replace(TERMS, study_id="other"), "off", (), "notice"),
    ("policy problems", GRANTED, BROKEN, "error", (), "screen.x: unknown key"),
    ("no study configured", GRANTED, replace(TERMS, study_id=""), "off", (), "no study"),
    (
        "purpose no longer offered",
        GRANTED,
        replace(TERMS, purposes_offered=("input_activity",)),
        "recording",
        ("input_activity",),
        None,
    ),
]


@pytest.mark.parametrize(
    ("record", "terms", "mode", "active", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_mode_and_active_purposes(
    record: ConsentRecord,
    terms: ConsentTerms,
    mode: str,
    active: tuple[str, ...],
    reason: str | None,
) -> None:
    status = evaluate(record, terms, NOW)
    assert (status.mode, status.active) == (mode, active)
    if reason is not None:
        assert status.reason is not None and reason in status.reason


def test_unreadable_state_is_an_error_that_names_the_file_and_the_way_out() -> None:
    error = ConsentStateError(Path("/home/u/.local/state/consentry/consent.json"), "damaged")
    status = evaluate(error, TERMS, NOW)
    assert (status.mode, status.active) == ("error", ())
    assert status.reason is not None
    assert "consent.json: damaged" in status.reason and "grant consent again" in status.reason


def test_a_pause_keeps_the_granted_purposes_and_its_deadline() -> None:
    record = ConsentRecord(
        study_id=TERMS.study_id,
        notice_version="3",
        purposes=("typed_text",),
        paused_until="2026-11-29T11:00:00Z",
    )
    status = evaluate(record, TERMS, NOW)
    assert status.granted == ("typed_text",)
    assert status.paused_until == datetime(2026, 11, 29, 11, 0, tzinfo=UTC)


def test_a_new_notice_version_is_reported_as_pending() -> None:
    status = evaluate(GRANTED, replace(TERMS, notice_version="4"), NOW)
    assert status.notice_pending
    assert (status.notice_agreed, status.notice_current) == ("3", "4")
