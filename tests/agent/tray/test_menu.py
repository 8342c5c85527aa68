"""The tray's model for every consent state: what the employee sees and can do.

One table row per state; each row says which icon is shown, which line heads
the menu, and which controls are enabled. The rules that hold in every state
(pause, withdraw and the notice are always present) are tested over all rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.consent.schedule import WEEKDAYS, WorkingHours
from agent.consent.state import ConsentRecord, ConsentStateError
from agent.consent.status import ConsentStatus, evaluate
from agent.consent.terms import ConsentTerms
from agent.tray.menu import LockedSetting, TrayModel, build_menu
from tests.agent.consent.conftest import TERMS

NOW = datetime.now(UTC).replace(microsecond=0)
ALL = TERMS.purposes_offered
GRANTED = ConsentRecord(study_id=TERMS.study_id, notice_version="3", purposes=ALL)
PAUSED = ConsentRecord(
    study_id=TERMS.study_id,
    notice_version="3",
    purposes=ALL,
    paused_until=(NOW + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%SZ"),
)
WITHDRAWN = ConsentRecord(study_id=TERMS.study_id, withdrawn_at="2026-11-29T09:00:00Z")
#: Working hours that exclude the test's moment, whatever day the suite runs on.
NOT_TODAY = tuple(day for day in WEEKDAYS if day != WEEKDAYS[NOW.astimezone().weekday()])
BROKEN = replace(TERMS, problems=("/etc/consentry/policy.toml: screen.fps: unknown key",))


@dataclass(frozen=True)
class Case:
    name: str
    record: ConsentRecord | ConsentStateError
    terms: ConsentTerms
    icon: str
    headline: str
    collecting: str
    pause: bool
    resume: bool
    withdraw: bool = True


CASES = [
    Case(
        "not consented",
        ConsentRecord(),
        TERMS,
        "off",
        "Consentry: off — consent has not been given",
        "Collecting: nothing",
        pause=False,
        resume=False,
    ),
    Case(
        "recording",
        GRANTED,
        TERMS,
        "recording",
        "Consentry: recording",
        "Collecting: input activity, typed text, screen content",
        pause=True,
        resume=False,
    ),
    Case(
        "paused",
        PAUSED,
        TERMS,
        "paused",
        "Consentry: paused until ",
        "Collecting: nothing while paused",
        pause=True,
        resume=True,
    ),
    Case(
        "withdrawn",
        WITHDRAWN,
        TERMS,
        "off",
        "Consentry: off — consent withdrawn",
        "Collecting: nothing",
        pause=False,
        resume=False,
        withdraw=False,
    ),
    Case(
        "new notice version pending",
        GRANTED,
        replace(TERMS, notice_version="4"),
        "off",
        "Consentry: off — the notice has changed",
        "Collecting: nothing",
        pause=False,
        resume=False,
    ),
    Case(
        "outside working hours",
        GRANTED,
        replace(TERMS, working_hours=WorkingHours(days=NOT_TODAY)),
        "off",
        "Consentry: off — outside working hours",
        "Collecting: nothing",
        pause=False,
        resume=False,
    ),
    Case(
        "no study configured",
        ConsentRecord(),
        replace(TERMS, study_id=""),
        "off",
        "Consentry: off — no study is configured on this device",
        "Collecting: nothing",
        pause=False,
        resume=False,
    ),
    Case(
        "policy error",
        GRANTED,
        BROKEN,
        "error",
        "Consentry: error — the policy has problems",
        "Collecting: nothing",
        pause=False,
        resume=False,
    ),
    Case(
        "damaged state file",
        ConsentStateError(Path("/s/consent.json"), "damaged"),
        TERMS,
        "error",
        "Consentry: error — the consent state cannot be read",
        "Collecting: nothing",
        pause=False,
        resume=False,
    ),
]


def case_named(name: str) -> Case:
    return next(case for case in CASES if case.name == name)


def model_for(case: Case, **options: object) -> TrayModel:
    status = evaluate(case.record, case.terms, NOW)
    return build_menu(status, case.terms, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_icon_headline_and_what_is_collected(case: Case) -> None:
    model = model_for(case)
    assert model.icon == case.icon
    assert model.items[0].label.startswith(case.headline)
    assert not model.items[0].enabled  # a status line, not a command
    assert not model.entry("Collecting:").enabled
    assert model.entry("Collecting:").label == case.collecting


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_controls_are_enabled_when_meaningful(case: Case) -> None:
    model = model_for(case)
    assert model.entry("Pause").enabled is case.pause
    assert [child.enabled for child in model.entry("Pause").children] == [case.pause] * 3
    assert model.entry("Resume").enabled is case.resume
    assert model.entry("Withdraw consent…").enabled is case.withdraw
    assert model.entry("Read the notice").enabled
    assert model.entry("Quit").enabled


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_pause_withdraw_and_notice_are_always_present_in_order(case: Case) -> None:
    labels = [label for label in model_for(case).labels() if label != "----"]
    expected = [
        "Pause",
        "Resume",
        "Show what is collected…",
        "Read the notice",
        "Withdraw consent…",
        "Quit",
    ]
    assert [label for label in labels if label in expected] == expected


def test_pause_offers_fifteen_minutes_an_hour_and_until_tomorrow() -> None:
    pause = model_for(case_named("recording")).entry("Pause")
    assert [(c.label, c.action) for c in pause.children] == [
        ("15 minutes", "pause:15m"),
        ("1 hour", "pause:1h"),
        ("Until tomorrow", "pause:tomorrow"),
    ]


def test_withdraw_asks_for_a_second_click_that_says_what_happens() -> None:
    withdraw = model_for(case_named("recording")).entry("Withdraw consent…")
    assert withdraw.action is None
    assert [(c.label, c.action) for c in withdraw.children] == [
        ("Withdraw: stop now and delete unsent data", "withdraw")
    ]


def test_paused_headline_shows_the_local_end_time() -> None:
    deadline = (NOW + timedelta(minutes=15)).astimezone()
    same_day, next_day = deadline.strftime("%H:%M"), deadline.strftime("%a %H:%M")
    headline = model_for(case_named("paused")).items[0].label
    assert headline in (
        f"Consentry: paused until {same_day}",
        f"Consentry: paused until {next_day}",
    )


def test_policy_error_lists_file_key_and_reason() -> None:
    model = model_for(case_named("policy error"))
    line = model.entry("Policy problem:")
    assert line.label == "Policy problem: /etc/consentry/policy.toml: screen.fps: unknown key"
    assert not line.enabled


def test_many_policy_problems_are_summarised() -> None:
    terms = replace(TERMS, problems=tuple(f"/p.toml: key{i}: bad" for i in range(5)))
    status = evaluate(GRANTED, terms, NOW)
    labels = build_menu(status, terms).labels()
    assert sum(label.startswith("Policy problem:") for label in labels) == 3
    assert "… and 2 more (consentry policy show)" in labels


def test_damaged_state_shows_the_file_and_the_way_out() -> None:
    reason = model_for(case_named("damaged state file")).items[1].label
    assert "/s/consent.json: damaged" in reason


def test_new_notice_version_offers_to_read_it() -> None:
    entry = model_for(case_named("new notice version pending")).entry("The notice has changed")
    assert (entry.action, entry.enabled) == ("notice", True)


def test_locked_settings_are_shown_greyed_with_who_set_them() -> None:
    locks = (
        LockedSetting("Screen capture interval", "60 s"),
        LockedSetting("Keystroke detail", "counts"),
    )
    model = model_for(CASES[1], locks=locks)
    entry = model.entry("Screen capture interval")
    assert entry.label == "Screen capture interval: 60 s (set by your organisation)"
    assert not entry.enabled and entry.action is None
    assert model.entry("Keystroke detail: counts (set by your organisation)")


def test_locks_never_remove_or_disable_the_controls() -> None:
    locks = tuple(LockedSetting(f"Setting {i}", "x") for i in range(10))
    model = model_for(CASES[1], locks=locks)
    assert model.entry("Pause").enabled and model.entry("Withdraw consent…").enabled


@pytest.mark.parametrize("available", [True, False])
def test_show_what_is_collected_needs_a_local_viewer(available: bool) -> None:
    entry = model_for(CASES[1], viewer_available=available).entry("Show what is collected…")
    assert entry.enabled is available


@pytest.mark.parametrize(
    ("case", "title"),
    [
        (CASES[1], "Consentry — recording"),
        (CASES[0], "Consentry — off — consent has not been given"),
    ],
)
def test_title_repeats_the_headline(case: Case, title: str) -> None:
    assert model_for(case).title == title


def test_long_reasons_are_cut_for_the_menu() -> None:
    status = ConsentStatus(mode="off", reason="x" * 500)
    assert len(build_menu(status, TERMS).items[0].label) <= 90
