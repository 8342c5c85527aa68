"""When to take a screen: triggers from policy, a minimum gap, a periodic baseline.

Pure and clock-free: every method is given ``now`` (monotonic seconds), so
the rules are tested with plain numbers.

* One frame at start (labelled ``periodic``: the baseline every study gets).
* A trigger the policy lists (``click``, ``focus_change``,
  ``typing_burst_end``) asks for a frame; one the policy does not list is
  ignored.
* Never two frames closer than ``interval_seconds``: a trigger inside the
  gap is remembered (one pending at most — the first, the reason a frame was
  wanted) and honoured when the gap ends, so the screen after a burst of
  clicks is still seen.
* With ``periodic`` listed, a frame is due ``max_interval_seconds`` after
  the last one, whatever else happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from agent.wire.fields import ScreenTrigger

#: Every trigger the wire format names.
TRIGGERS: frozenset[str] = frozenset(get_args(ScreenTrigger))
#: The label of the frame taken at start and of the baseline frames.
BASELINE: ScreenTrigger = "periodic"


@dataclass
class TriggerSchedule:
    """The screen triggers of one capture run and the state between frames."""

    triggers: frozenset[str]
    interval_s: float
    max_interval_s: float
    _last: float | None = None
    _pending: ScreenTrigger | None = None

    @classmethod
    def of(
        cls, triggers: Iterable[str], interval_s: float, max_interval_s: float
    ) -> TriggerSchedule:
        listed = frozenset(triggers) & TRIGGERS
        return cls(listed, float(interval_s), max(float(max_interval_s), float(interval_s)))

    @property
    def enabled(self) -> bool:
        """No trigger listed: no screens at all (not even the one at start)."""
        return bool(self.triggers)

    def offer(self, trigger: ScreenTrigger) -> None:
        """A trigger happened; remembered until a frame is taken, if the policy lists it."""
        if trigger in self.triggers and self._pending is None:
            self._pending = trigger

    def due(self, now: float) -> ScreenTrigger | None:
        """The trigger a frame should be taken for at ``now``, or None (nothing changes)."""
        if not self.enabled:
            return None
        if self._last is None:
            return BASELINE
        since = now - self._last
        if self._pending is not None and since >= self.interval_s:
            return self._pending
        if BASELINE in self.triggers and since >= self.max_interval_s:
            return BASELINE
        return None

    def taken(self, now: float) -> None:
        """A frame was taken (or looked at and found unchanged) at ``now``."""
        self._last = now
        self._pending = None

    def wait(self, now: float) -> float | None:
        """Seconds until a frame could next be due; None when only a trigger can make one."""
        if not self.enabled:
            return None
        if self._last is None:
            return 0.0
        ends: list[float] = []
        if self._pending is not None:
            ends.append(self._last + self.interval_s)
        if BASELINE in self.triggers:
            ends.append(self._last + self.max_interval_s)
        return max(0.0, min(ends) - now) if ends else None
