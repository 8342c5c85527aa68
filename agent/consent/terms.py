"""What the employee is asked to agree to: the consent terms of one study.

The terms are a plain value built from the effective policy by
:func:`terms_from_policy`, so the consent core (state, controller, notice,
tray menu) does not depend on how policy is layered or validated — only on the
handful of facts a notice has to state and a grant has to match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.consent.schedule import WorkingHours
from agent.policy import EffectivePolicy, load_policy

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
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    problems: tuple[str, ...] = field(default=())

    @property
    def ready(self) -> bool:
        """Whether consent can be asked for and capture can run under these terms."""
        return not self.problems and bool(self.study_id)

    @property
    def blocker(self) -> str | None:
        """Why capture cannot run under these terms, in words for the employee."""
        if self.problems:
            return "the policy has problems: " + "; ".join(self.problems)
        if not self.study_id:
            return "no study is configured on this device"
        return None


def terms_from_policy(policy: EffectivePolicy) -> ConsentTerms:
    """Consent terms from the effective policy.

    The loader has already checked every value against the policy model, so
    values are read as they are. A setting it could not resolve is ``None``
    and comes with a problem of its own; the terms then carry every problem
    (``file: key: reason``) and nothing can be granted or recorded until the
    policy is fixed.
    """

    def text(key: str, default: str = "") -> str:
        value = policy.value(key)
        return default if value is None else str(value)

    def number(key: str, default: int) -> int:
        value = policy.value(key)
        return default if value is None else int(value)

    def purposes(key: str) -> tuple[str, ...]:
        chosen = policy.value(key) or ()
        return tuple(purpose for purpose in PURPOSES if purpose in chosen)

    offered = purposes("purposes.offered")
    return ConsentTerms(
        study_id=text("study.id"),
        study_name=text("study.name"),
        notice_version=text("notice.version"),
        purposes_offered=offered,
        purposes_preselected=tuple(p for p in purposes("purposes.preselected") if p in offered),
        notice_text=text("notice.text"),
        keystroke_level=text("keystrokes.default_level", "classes"),
        screen_interval_seconds=number("screen.interval_seconds", 60),
        device_retention_days=number("retention.device_days", 7),
        working_hours=WorkingHours(
            days=tuple(policy.value("schedule.days") or ()),
            start=text("schedule.start"),
            end=text("schedule.end"),
        ),
        problems=tuple(str(problem) for problem in policy.problems),
    )


def load_terms() -> ConsentTerms:
    """The consent terms under the effective policy (defaults < managed < user)."""
    return terms_from_policy(load_policy())
