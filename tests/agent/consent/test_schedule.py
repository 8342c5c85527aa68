"""Working hours from the policy: capture runs only inside them (judged in local time)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from agent.consent.schedule import WorkingHours
from agent.consent.state import ConsentRecord
from agent.consent.status import evaluate
from tests.agent.consent.conftest import TERMS, in_time_zone


@pytest.fixture(autouse=True)
def utc_local_time() -> Iterator[None]:
    yield from in_time_zone("UTC")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """30 November 2026 is a Monday: day 30 = mon, 4 Dec = fri, 5 Dec = sat."""
    month, day = (11, day) if day >= 30 else (12, day)
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


OFFICE = WorkingHours(days=("mon", "tue", "wed", "thu", "fri"), start="09:00", end="17:30")
NIGHTS = WorkingHours(days=("fri",), start="22:00", end="06:00")

CASES = [
    ("no schedule: always", WorkingHours(), at(5, 3), True),
    ("office, Monday 09:00", OFFICE, at(30, 9), True),
    ("office, Monday 08:59", OFFICE, at(30, 8, 59), False),
    ("office, Friday 17:29", OFFICE, at(4, 17, 29), True),
    ("office, Friday 17:30", OFFICE, at(4, 17, 30), False),
    ("office, Saturday noon", OFFICE, at(5, 12), False),
    ("days only, Saturday", WorkingHours(days=("sat",)), at(5, 23, 59), True),
    ("hours only, any day", WorkingHours(start="07:00", end="19:00"), at(5, 7), True),
    ("night shift, Friday 23:00", NIGHTS, at(4, 23), True),
    ("night shift, Saturday 05:59 (Friday's shift)", NIGHTS, at(5, 5, 59), True),
    ("night shift, Saturday 06:00", NIGHTS, at(5, 6), False),
    ("night shift, Friday 05:00 (Thursday's shift)", NIGHTS, at(4, 5), False),
    ("night shift, Saturday 23:00", NIGHTS, at(5, 23), False),
]


@pytest.mark.parametrize(
    ("hours", "moment", "inside"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_inside_working_hours(hours: WorkingHours, moment: datetime, inside: bool) -> None:
    assert hours.inside(moment) is inside


def test_outside_working_hours_nothing_is_recorded_and_the_reason_says_when() -> None:
    terms = replace(TERMS, working_hours=OFFICE)
    record = ConsentRecord(study_id=TERMS.study_id, notice_version="3", purposes=("typed_text",))
    status = evaluate(record, terms, at(5, 12))
    assert (status.mode, status.active) == ("off", ())
    assert status.reason == "outside working hours (mon, tue, wed, thu, fri 09:00–17:30)"
    assert evaluate(record, terms, at(30, 12)).active == ("typed_text",)


def test_a_pause_still_shows_as_paused_outside_working_hours() -> None:
    terms = replace(TERMS, working_hours=OFFICE)
    record = ConsentRecord(
        study_id=TERMS.study_id,
        notice_version="3",
        purposes=("typed_text",),
        paused_until="2026-12-05T13:00:00Z",
    )
    assert evaluate(record, terms, at(5, 12)).mode == "paused"
