"""Which settings the organisation locked, in words for the menu.

Read through the same four-member policy interface as the consent terms
(``value``, ``locked``); settings not in :data:`SHOWN` are not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.consent.terms import PURPOSE_LABELS, PolicyView
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


def locked_settings(policy: PolicyView) -> tuple[LockedSetting, ...]:
    locks: list[LockedSetting] = []
    for key, label, show in SHOWN:
        try:
            if policy.locked(key):
                locks.append(LockedSetting(label, show(policy.value(key))))
        except Exception:  # a setting the policy cannot report is simply not listed
            continue
    return tuple(locks)
