"""When a screen is due: start, triggers, the minimum gap, the periodic baseline (time injected)."""

from __future__ import annotations

import pytest

from agent.capture.screen.schedule import TriggerSchedule
from agent.wire.fields import ScreenTrigger

ALL = ("click", "focus_change", "typing_burst_end", "periodic")


def schedule(*triggers: str, interval: float = 5, max_interval: float = 60) -> TriggerSchedule:
    return TriggerSchedule.of(triggers, interval, max_interval)


Events = list[tuple[float, ScreenTrigger]]


def run(plan: TriggerSchedule, events: Events) -> list[tuple[float, str]]:
    """Feed triggers at their times, checking for a due frame every 0.5 s; the frames taken."""
    taken: list[tuple[float, str]] = []
    pending = sorted(events, key=lambda event: event[0])
    now = 0.0
    end = max((t for t, _ in events), default=0.0) + 130
    while now <= end:
        while pending and pending[0][0] <= now:
            plan.offer(pending.pop(0)[1])
        due = plan.due(now)
        if due is not None:
            plan.taken(now)
            taken.append((now, due))
        now += 0.5
    return taken


# (triggers in policy, triggers offered (time, trigger), frames expected in the first 20 s)
CASES = [
    pytest.param(("click",), [], [(0.0, "periodic")], id="one-frame-at-start"),
    pytest.param(
        ("click",), [(1.0, "click")], [(0.0, "periodic"), (5.0, "click")],
        id="trigger-inside-the-gap-is-honoured-when-it-ends",
    ),
    pytest.param(
        ("click",), [(1.0, "click"), (2.0, "click"), (3.0, "click")],
        [(0.0, "periodic"), (5.0, "click")], id="one-pending-at-most",
    ),
    pytest.param(
        ("click",), [(7.0, "click")], [(0.0, "periodic"), (7.0, "click")],
        id="trigger-after-the-gap-is-taken-at-once",
    ),
    pytest.param(
        ("click",), [(1.0, "focus_change"), (2.0, "typing_burst_end")], [(0.0, "periodic")],
        id="unlisted-triggers-are-ignored",
    ),
    pytest.param(
        ("focus_change", "click"), [(1.0, "focus_change"), (2.0, "click")],
        [(0.0, "periodic"), (5.0, "focus_change")], id="the-first-pending-trigger-names-the-frame",
    ),
    pytest.param(
        ("click",), [(6.0, "click"), (8.0, "click"), (12.0, "click")],
        [(0.0, "periodic"), (6.0, "click"), (11.0, "click"), (16.0, "click")],
        id="never-closer-than-the-interval",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("listed", "events", "expected"), CASES)
def test_frames_are_taken(
    listed: tuple[str, ...],
    events: list[tuple[float, ScreenTrigger]],
    expected: list[tuple[float, str]],
) -> None:
    taken = run(schedule(*listed), events)
    assert [frame for frame in taken if frame[0] <= 20] == expected


def test_periodic_fires_every_max_interval_after_the_last_frame() -> None:
    taken = run(schedule("periodic", "click", max_interval=30), [(10.0, "click")])
    assert taken[:4] == [(0.0, "periodic"), (10.0, "click"), (40.0, "periodic"), (70.0, "periodic")]


def test_without_periodic_an_idle_screen_is_taken_once() -> None:
    assert run(schedule("click", max_interval=30), []) == [(0.0, "periodic")]


def test_no_triggers_in_policy_means_no_frames_at_all() -> None:
    plan = schedule()
    assert not plan.enabled
    assert run(plan, [(1.0, "click")]) == []
    assert plan.wait(0.0) is None


@pytest.mark.parametrize(
    ("listed", "offered", "expected"),
    [
        (("click",), None, None),  # nothing pending, no baseline: only a trigger can wake it
        (("click",), "click", 3.0),  # the gap ends 5 s after the frame taken at 2 s
        (("periodic",), None, 28.0),  # the baseline, 30 s after the frame at 2 s
        (("click", "periodic"), "click", 3.0),
    ],
)
def test_wait_says_how_long_until_a_frame_could_be_due(
    listed: tuple[str, ...], offered: ScreenTrigger | None, expected: float | None
) -> None:
    plan = schedule(*listed, max_interval=30)
    assert plan.wait(0.0) == 0.0  # the frame at start is due at once
    plan.taken(2.0)
    if offered is not None:
        plan.offer(offered)
    assert plan.wait(4.0) == expected


def test_max_interval_is_never_shorter_than_the_interval() -> None:
    plan = schedule("periodic", interval=10, max_interval=3)
    plan.taken(0.0)
    assert plan.due(5.0) is None
    assert plan.due(10.0) == "periodic"
