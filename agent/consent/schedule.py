"""Working hours: capture runs only inside them, whatever was consented to.

A pure predicate on local time, read from the policy's ``schedule`` settings:
``days`` (``mon`` … ``sun``; empty = every day), ``start`` and ``end``
(``"HH:MM"`` local; ``""`` = from / to midnight). An end before the start
spans midnight (a night shift); the hours after midnight then belong to the
day the shift started, so a Friday night shift runs into Saturday morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(text: str, default: time) -> time:
    if not text:
        return default
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class WorkingHours:
    days: tuple[str, ...] = ()
    start: str = ""
    end: str = ""

    @property
    def always(self) -> bool:
        return not self.days and not self.start and not self.end

    def inside(self, moment: datetime) -> bool:
        """Whether ``moment`` (any time zone; judged in local time) is inside working hours."""
        if self.always:
            return True
        local = moment.astimezone()
        start = _clock(self.start, time(0, 0))
        end = _clock(self.end, time(0, 0)) if self.end else None
        now = local.time().replace(tzinfo=None)
        if end is None or end > start:
            in_hours = now >= start and (end is None or now < end)
            return in_hours and self._day_ok(local)
        if now >= start:  # overnight, before midnight
            return self._day_ok(local)
        if now < end:  # overnight, after midnight: the shift began yesterday
            return self._day_ok(local - timedelta(days=1))
        return False

    def _day_ok(self, local: datetime) -> bool:
        return not self.days or WEEKDAYS[local.weekday()] in self.days

    def describe(self) -> str:
        days = ", ".join(self.days) if self.days else "every day"
        return f"{days} {self.start or '00:00'}–{self.end or '24:00'}"
