"""Which settings the organisation locked, in words for the menu.

Only the settings in :data:`SHOWN` are listed: those an employee would
recognise from the notice. A setting the policy could not resolve (``None``,
with a problem of its own) is not listed; the tray is then in the error state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.consent.terms import PURPOSE_LABELS
from agent.policy import EffectivePolicy
from agent.tray.menu import LockedSetting


def _purposes(value: Any) -> str:
    return ", ".join(PURPOSE_LABELS.get(str(p), str(p)) for p in value) or "none"


#: Locked settings the menu names, in order: key, label, how to show the value.
SHOWN: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("purposes.offered", "Purposes offered", _purposes),
    ("keystrokes.default_level", "Keystroke detail", str),
    ("screen.interval_seconds", "Screen capture interval", lambda v: f"{v} s"),
    (
        "retention.device_days",
        "Kept on this device",
        lambda v: f"{v} day" if v == 1 else f"{v} days",
    ),
    ("collector.url", "Sent to", str),
)


def locked_settings(policy: EffectivePolicy) -> tuple[LockedSetting, ...]:
    return tuple(
        LockedSetting(label, show(policy.value(key)))
        for key, label, show in SHOWN
        if policy.locked(key) and policy.value(key) is not None
    )
