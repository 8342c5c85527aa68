"""Consent terms read from the effective policy.

These tests use a stand-in object with the four members the adapter relies on
(``value``, ``locked``, ``problems``, ``capture_allowed``), so the contract is
pinned independently of the policy files, and shapes the real loader never
produces (a wrong type, a missing key) can be tried. ``test_real_policy.py``
runs the adapter on ``agent.policy.load_policy()`` itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.consent.terms import terms_from_policy

GOOD = {
    "study.id": "wellbeing-2026",
    "study.name": "Wellbeing at work",
    "notice.version": 3,
    "notice.text": "Questions: research-office@example.org",
    "purposes.offered": ["screen_content", "input_activity"],
    "purposes.preselected": ["input_activity"],
    "keystrokes.default_level": "counts",
    "screen.interval_seconds": 120,
    "retention.device_days": 14,
}
SCHEDULED = {**GOOD, "schedule.days": [], "schedule.start": "", "schedule.end": ""}


class StandInPolicy:
    def __init__(self, values: dict[str, Any], problems: tuple[Any, ...] = ()) -> None:
        self.values = values
        self.problems = problems
        self.capture_allowed = not problems

    def value(self, key: str) -> Any:
        if key.startswith("schedule.") and key not in self.values:
            return {"schedule.days": []}.get(key, "")  # an unscheduled study
        return self.values[key]

    def locked(self, key: str) -> bool:
        return False


def test_reads_every_fact_the_notice_states() -> None:
    terms = terms_from_policy(StandInPolicy(GOOD))
    assert (terms.study_id, terms.study_name, terms.notice_version) == (
        "wellbeing-2026",
        "Wellbeing at work",
        "3",
    )
    assert terms.purposes_offered == ("input_activity", "screen_content")  # canonical order
    assert terms.purposes_preselected == ("input_activity",)
    assert (terms.keystroke_level, terms.screen_interval_seconds) == ("counts", 120)
    assert terms.device_retention_days == 14
    assert terms.ready and terms.problems == ()


def test_policy_problems_are_carried_as_file_key_reason_lines() -> None:
    policy = StandInPolicy(GOOD, problems=(("/etc/consentry/policy.toml", "screen.x", "unknown"),))
    terms = terms_from_policy(policy)
    assert terms.problems == ("/etc/consentry/policy.toml: screen.x: unknown",)
    assert not terms.ready


@pytest.mark.parametrize(
    ("key", "bad", "expected"),
    [
        ("purposes.offered", ["everything"], "purposes.offered: unknown purpose 'everything'"),
        ("purposes.offered", "typed_text", "purposes.offered: expected a list of purposes"),
        ("screen.interval_seconds", "often", "screen.interval_seconds: expected a number"),
    ],
)
def test_a_value_of_the_wrong_shape_is_a_problem(key: str, bad: Any, expected: str) -> None:
    terms = terms_from_policy(StandInPolicy({**GOOD, key: bad}))
    assert expected in terms.problems
    assert not terms.ready


def test_a_missing_setting_is_a_problem_not_a_crash() -> None:
    values = dict(GOOD)
    del values["notice.version"]
    assert (
        "notice.version: not provided by the policy"
        in terms_from_policy(StandInPolicy(values)).problems
    )


def test_preselected_purposes_are_limited_to_offered_ones() -> None:
    policy = StandInPolicy({**GOOD, "purposes.preselected": ["typed_text", "input_activity"]})
    assert terms_from_policy(policy).purposes_preselected == ("input_activity",)


def test_empty_study_id_means_not_ready() -> None:
    terms = terms_from_policy(StandInPolicy({**GOOD, "study.id": ""}))
    assert not terms.ready
    assert terms.blocker == "no study is configured on this device"


def test_working_hours_are_read_from_the_schedule() -> None:
    policy = StandInPolicy(
        {**GOOD, "schedule.days": ["mon", "fri"], "schedule.start": "09:00", "schedule.end": ""}
    )
    hours = terms_from_policy(policy).working_hours
    assert (hours.days, hours.start, hours.end) == (("mon", "fri"), "09:00", "")


@pytest.mark.parametrize(
    ("key", "bad"), [("schedule.days", ["someday"]), ("schedule.start", "9am")]
)
def test_a_malformed_schedule_is_a_problem(key: str, bad: Any) -> None:
    terms = terms_from_policy(StandInPolicy({**SCHEDULED, key: bad}))
    assert any(problem.startswith(key) for problem in terms.problems)
    assert not terms.ready
