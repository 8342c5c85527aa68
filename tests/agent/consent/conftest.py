"""Real files in a temporary state and data directory, a study's terms, a settable clock."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.consent import ConsentController, ConsentTerms
from agent.paths import AgentPaths

T0 = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)

TERMS = ConsentTerms(
    study_id="wellbeing-2026",
    study_name="Wellbeing at work 2026",
    notice_version="3",
    purposes_offered=("input_activity", "typed_text", "screen_content"),
    purposes_preselected=("input_activity",),
    notice_text="Questions: research-office@example.org",
    keystroke_level="classes",
    screen_interval_seconds=60,
    device_retention_days=7,
)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def paths(tmp_path: Path) -> AgentPaths:
    return AgentPaths(
        config_dir=tmp_path / "config", state_dir=tmp_path / "state", data_dir=tmp_path / "data"
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def controller(paths: AgentPaths, clock: Clock) -> ConsentController:
    return ConsentController(paths, TERMS, clock=clock)


def in_time_zone(name: str) -> Iterator[None]:
    """Judge local time in ``name`` (an IANA zone) for the duration of a test."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
