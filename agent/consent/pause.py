"""Pause lengths: what ``15m``, ``1h`` and ``tomorrow`` mean as a deadline.

A pause is turned into an absolute UTC deadline once, when it is asked for,
and stored like that; nothing later depends on how long the machine slept.

"Until tomorrow" ends at the next 06:00 local time (:data:`MORNING`) — the
start of a working morning, whatever the weekday. Before 06:00 that is the
same calendar day's 06:00; the menu and status always show the exact time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

#: The local time "until tomorrow" ends at.
MORNING = time(6, 0)
#: The longest pause given as a duration; longer breaks are a withdrawal or "tomorrow".
MAX_PAUSE = timedelta(hours=24)
#: The choices offered in menus, in order, with their labels.
PRESETS: tuple[tuple[str, str], ...] = (
    ("15m", "15 minutes"),
    ("1h", "1 hour"),
    ("tomorrow", "Until tomorrow"),
)

_DURATION = re.compile(r"(\d{1,4})\s*(m|min|h)", re.IGNORECASE)


class PauseError(ValueError):
    """A pause length that is not understood (the text says which forms are)."""


def pause_deadline(spec: str, now: datetime) -> datetime:
    """The UTC deadline of a pause of ``spec`` (``15m``, ``30m``, ``1h``, ``2h``, ``tomorrow``)."""
    text = spec.strip().lower()
    if text == "tomorrow":
        return next_morning(now)
    match = _DURATION.fullmatch(text)
    if match is None:
        raise PauseError(f"unknown pause length {spec!r} (use e.g. 15m, 30m, 1h, 2h or tomorrow)")
    amount = int(match.group(1))
    length = timedelta(hours=amount) if match.group(2) == "h" else timedelta(minutes=amount)
    if not timedelta(minutes=1) <= length <= MAX_PAUSE:
        raise PauseError(f"pause length {spec!r} must be between 1m and 24h (or tomorrow)")
    return (now + length).astimezone(UTC)


def next_morning(now: datetime) -> datetime:
    """The first :data:`MORNING` local time after ``now``, in UTC."""
    local = now.astimezone()
    candidate = datetime.combine(local.date(), MORNING).astimezone()
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), MORNING).astimezone()
    return candidate.astimezone(UTC)
