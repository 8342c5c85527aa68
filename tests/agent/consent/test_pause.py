"""Pause lengths become absolute UTC deadlines; "tomorrow" is the next local 06:00."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from agent.consent.pause import PauseError, next_morning, pause_deadline
from tests.agent.consent.conftest import in_time_zone

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spec", "length"),
    [
        ("15m", timedelta(minutes=15)),
        ("30m", timedelta(minutes=30)),
        ("1h", timedelta(hours=1)),
        ("2h", timedelta(hours=2)),
        ("45min", timedelta(minutes=45)),
        (" 1H ", timedelta(hours=1)),
        ("24h", timedelta(hours=24)),
    ],
)
def test_a_duration_ends_that_long_from_now(spec: str, length: timedelta) -> None:
    assert pause_deadline(spec, NOW) == NOW + length


@pytest.mark.parametrize("spec", ["", "soon", "15", "m", "-5m", "1.5h", "0m", "25h", "1d"])
def test_other_lengths_are_refused_with_the_accepted_forms(spec: str) -> None:
    with pytest.raises(PauseError, match=r"15m|1m and 24h"):
        pause_deadline(spec, NOW)


@pytest.fixture
def berlin() -> Iterator[None]:
    yield from in_time_zone("Europe/Berlin")


@pytest.mark.parametrize(
    ("now_utc", "expected_utc"),
    [
        # 11:00 in Berlin (UTC+1 in winter): the next morning, 06:00 local = 05:00 UTC
        (datetime(2026, 11, 29, 10, 0, tzinfo=UTC), datetime(2026, 11, 30, 5, 0, tzinfo=UTC)),
        # 02:00 in Berlin: the same day's 06:00
        (datetime(2026, 11, 29, 1, 0, tzinfo=UTC), datetime(2026, 11, 29, 5, 0, tzinfo=UTC)),
        # exactly 06:00: the next day's
        (datetime(2026, 11, 29, 5, 0, tzinfo=UTC), datetime(2026, 11, 30, 5, 0, tzinfo=UTC)),
        # the night summer time starts (29 March 2026): 06:00 CEST = 04:00 UTC
        (datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 29, 4, 0, tzinfo=UTC)),
    ],
)
def test_tomorrow_is_the_next_local_six_oclock(
    berlin: None, now_utc: datetime, expected_utc: datetime
) -> None:
    assert next_morning(now_utc) == expected_utc
    assert pause_deadline("tomorrow", now_utc) == expected_utc
