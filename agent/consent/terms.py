"""What the employee is asked to agree to: the consent terms of one study.

The terms are a plain value built from the effective policy by
:func:`terms_from_policy`, so the consent core (state, controller, notice,
tray menu) does not depend on how policy is layered or validated — only on the
handful of facts a notice has to state and a grant has to match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.consent.schedule import WEEKDAYS, WorkingHours

#: Counts and timing of keys, clicks and scrolls; active application and idle time.
INPUT_ACTIVITY = "input_activity"
#: Typed text, redacted on the device into text segments (never raw keys).
TYPED_TEXT = "typed_text"
#: Screenshots, redacted on the device and downscaled.
SCREEN_CONTENT = "screen_content"

#: Every purpose the agent knows, in the order they are shown.
PURPOSES: tuple[str, ...] = (INPUT_ACTIVITY, TYPED_TEXT, SCREEN_CONTENT)

#: Short labels for menus and status lines.
PURPOSE_LABELS: dict[str, str] = {
    INPUT_ACTIVITY: "input activity",
    TYPED_TEXT: "typed text",
    SCREEN_CONTENT: "screen content",
}


class PolicyView(Protocol):
    """The part of the effective policy the consent terms are read from."""

    @property
    def problems(self) -> tuple[Any, ...]: ...

    @property
    def capture_allowed(self) -> bool: ...

    def value(self, key: str) -> Any: ...

    def locked(self, key: str) -> bool: ...


@dataclass(frozen=True)
class ConsentTerms:
    """One study's offer: who asks, for what, under which notice, and the facts it states.

    ``problems`` are the policy's own validation problems as ``file: key: reason``
    lines; while there are any, nothing may be captured (fail closed) and no
    consent can be given against the broken policy.
    """

    study_id: str
    study_name: str
    notice_version: str
    purposes_offered: tuple[str, ...]
    purposes_preselected: tuple[str, ...] = ()
    notice_text: str = ""
    keystroke_level: str = "classes"
    screen_interval_seconds: int = 60
    device_retention_days: int = 7
    capture_allowed: bool = True
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    problems: tuple[str, ...] = field(default=())

    @property
    def ready(self) -> bool:
        """Whether consent can be asked for and capture can run under these terms."""
        return not self.problems and self.capture_allowed and bool(self.study_id)

    @property
    def blocker(self) -> str | None:
        """Why capture cannot run under these terms, in words for the employee."""
        if self.problems:
            return "the policy has problems: " + "; ".join(self.problems)
        if not self.study_id:
            return "no study is configured on this device"
        if not self.capture_allowed:
            return "capture is turned off by the policy"
        return None


def terms_from_policy(policy: PolicyView) -> ConsentTerms:
    """Consent terms from the effective policy (``agent.policy.load_policy()``).

    A value of the wrong shape is itself a problem: the terms then carry it,
    and capture stays off until the policy is fixed.
    """
    problems = [_problem_line(problem) for problem in policy.problems]

    def text(key: str, default: str = "") -> str:
        value = _read(policy, key, problems)
        return default if value is None else str(value)

    def number(key: str, default: int) -> int:
        value = _read(policy, key, problems)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{key}: expected a number")
            return default
        return int(value)

    def purposes(key: str) -> tuple[str, ...]:
        value = _read(policy, key, problems)
        if value is None:
            return ()
        if isinstance(value, str) or not all(isinstance(item, str) for item in value):
            problems.append(f"{key}: expected a list of purposes")
            return ()
        unknown = [item for item in value if item not in PURPOSES]
        if unknown:
            problems.append(f"{key}: unknown purpose {unknown[0]!r}")
        return tuple(item for item in PURPOSES if item in value)

    def schedule() -> WorkingHours:
        days = _read(policy, "schedule.days", problems) or ()
        start, end = text("schedule.start"), text("schedule.end")
        if isinstance(days, str) or any(day not in WEEKDAYS for day in days):
            problems.append("schedule.days: expected a list of mon … sun")
            days = ()
        for key, value in (("schedule.start", start), ("schedule.end", end)):
            if value and not _is_clock(value):
                problems.append(f"{key}: expected HH:MM")
                return WorkingHours()
        return WorkingHours(days=tuple(str(day) for day in days), start=start, end=end)

    hours = schedule()
    offered = purposes("purposes.offered")
    preselected = tuple(p for p in purposes("purposes.preselected") if p in offered)
    try:
        capture_allowed = bool(policy.capture_allowed)
    except Exception:  # a policy that cannot say is a policy that does not allow
        capture_allowed = False
    return ConsentTerms(
        study_id=text("study.id"),
        study_name=text("study.name"),
        notice_version=text("notice.version"),
        purposes_offered=offered,
        purposes_preselected=preselected,
        notice_text=text("notice.text"),
        keystroke_level=text("keystrokes.default_level", "classes"),
        screen_interval_seconds=number("screen.interval_seconds", 60),
        device_retention_days=number("retention.device_days", 7),
        capture_allowed=capture_allowed,
        working_hours=hours,
        problems=tuple(problems),
    )


def load_policy_view() -> PolicyView | str:
    """The effective policy (``agent.policy.load_policy()``), or why it could not be loaded."""
    try:
        from agent.policy import load_policy  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return "agent.policy: the policy model is not available"
    try:
        policy: PolicyView = load_policy()
    except Exception as error:  # reported, never a traceback; capture stays off
        return f"policy: {type(error).__name__}: {error}"
    return policy


def load_terms() -> ConsentTerms:
    """The consent terms under the effective policy; a policy that cannot load is a problem."""
    policy = load_policy_view()
    return broken_terms(policy) if isinstance(policy, str) else terms_from_policy(policy)


def broken_terms(problem: str) -> ConsentTerms:
    """Terms under which nothing can be granted or captured, carrying ``problem``."""
    return ConsentTerms(
        study_id="", study_name="", notice_version="", purposes_offered=(), problems=(problem,)
    )


def _read(policy: PolicyView, key: str, problems: list[str]) -> Any:
    try:
        return policy.value(key)
    except Exception:  # an unknown key is a broken contract: fail closed, say which
        problems.append(f"{key}: not provided by the policy")
        return None


def _is_clock(value: str) -> bool:
    hours, _, minutes = value.partition(":")
    return (
        len(hours) == 2 == len(minutes)
        and hours.isdigit()
        and minutes.isdigit()
        and int(hours) < 24
        and int(minutes) < 60
    )


def _problem_line(problem: Any) -> str:
    if isinstance(problem, tuple | list) and len(problem) == 3:
        file, key, reason = problem
        return f"{file}: {key}: {reason}"
    return str(problem)
