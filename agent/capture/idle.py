"""Idle and active: turning "seconds since the last input" into transitions.

The watcher (:mod:`agent.capture.window`) reports how long ago the last input
was; this decides when the person became idle or active again, so an
``idle`` record is made on a change only, never per poll. Pure: the caller
polls the watcher and makes the :class:`agent.wire.IdleTransition` record.
"""

from __future__ import annotations

from agent.wire.fields import IdleState

#: No input for this long means the person is away. ActivityWatch uses 3 min;
#: 5 min matches the usual screen-lock and chat "away" defaults, so reading a
#: long page is not counted as absence.
IDLE_THRESHOLD_S = 300


class IdleTracker:
    """Follows one person's idle state from successive ``seconds_since_input`` readings."""

    def __init__(self, threshold_s: int = IDLE_THRESHOLD_S) -> None:
        if threshold_s < 1:
            raise ValueError("threshold_s must be at least 1 second")
        self.threshold_s = threshold_s
        self.state: IdleState | None = None

    def observe(self, since_input_s: float) -> IdleState | None:
        """The new state if this reading changes it (the first reading always does), else None."""
        state: IdleState = "idle" if since_input_s >= self.threshold_s else "active"
        if state == self.state:
            return None
        self.state = state
        return state
