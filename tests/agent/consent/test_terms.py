"""Consent terms read from the effective policy, through the real loader.

The policy files are written to a temporary directory and loaded over the real
built-in defaults, so these tests pin what an employee is asked under the
policies IT can actually deploy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.consent.terms import ConsentTerms, terms_from_policy
from agent.policy import load_policy
from tests.agent.policy.conftest import DEFAULTS, write

STUDY = """
[study]
id = "wellbeing-2026"
name = "Wellbeing at work"
[collector]
url = "https://collector.example.org/ingest"
[notice]
version = "3"
text = "Questions: research-office@example.org"
[purposes]
offered = ["screen_content", "input_activity"]
preselected = ["input_activity", "screen_content"]
[keystrokes]
default_level = "counts"
[screen]
interval_seconds = 120
[retention]
device_days = 14
"""


def terms(tmp_path: Path, managed: str) -> ConsentTerms:
    policy = load_policy(
        defaults=DEFAULTS,
        managed=write(tmp_path / "managed.toml", managed),
        user=tmp_path / "no-preferences.toml",
    )
    return terms_from_policy(policy)


def test_reads_every_fact_the_notice_states(tmp_path: Path) -> None:
    read = terms(tmp_path, STUDY)
    assert (read.study_id, read.study_name, read.notice_version) == (
        "wellbeing-2026",
        "Wellbeing at work",
        "3",
    )
    assert read.purposes_offered == ("input_activity", "screen_content")  # canonical order
    assert read.purposes_preselected == ("input_activity", "screen_content")
    assert (read.keystroke_level, read.screen_interval_seconds) == ("counts", 120)
    assert read.device_retention_days == 14
    assert read.ready and read.problems == ()


def test_policy_problems_are_carried_as_file_key_reason_lines(tmp_path: Path) -> None:
    read = terms(tmp_path, STUDY + "[screen.extra]\nfps = 1\n")
    assert any(
        line.startswith(f"{tmp_path / 'managed.toml'}: screen.extra") for line in read.problems
    ), read.problems
    assert not read.ready
    assert read.blocker is not None and read.blocker.startswith("the policy has problems: ")


def test_empty_study_id_means_not_ready(tmp_path: Path) -> None:
    read = terms(tmp_path, STUDY.replace('id = "wellbeing-2026"', 'id = ""'))
    assert not read.ready
    assert read.blocker == "no study is configured on this device"


def test_working_hours_are_read_from_the_schedule(tmp_path: Path) -> None:
    read = terms(tmp_path, STUDY + '[schedule]\ndays = ["mon", "fri"]\nstart = "09:00"\nend = ""\n')
    hours = read.working_hours
    assert (hours.days, hours.start, hours.end) == (("mon", "fri"), "09:00", "")


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ('[schedule]\ndays = ["someday"]\n', "schedule.days"),
        ('[schedule]\nstart = "9am"\n', "schedule.start"),
        ('[purposes]\noffered = ["everything"]\n', "purposes.offered"),
    ],
)
def test_a_malformed_value_stops_consent_and_names_the_key(
    tmp_path: Path, section: str, key: str
) -> None:
    base = STUDY if not section.startswith("[purposes]") else STUDY.split("[purposes]")[0]
    read = terms(tmp_path, base + section)
    assert any(f": {key}" in line for line in read.problems), read.problems
    assert not read.ready


def test_a_missing_default_policy_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    policy = load_policy(
        defaults=tmp_path / "missing-defaults.toml",
        managed=tmp_path / "missing-managed.toml",
        user=tmp_path / "no-preferences.toml",
    )
    read = terms_from_policy(policy)
    assert read.problems and not read.ready
    assert read.purposes_offered == ()
