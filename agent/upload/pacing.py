"""How fast the uploader may go: back-off after failures, and the send-rate limit.

Both run on the monotonic clock, so a wall-clock jump neither stalls uploads
for hours nor makes them hammer the collector.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

#: The first retry waits up to this long; each failure doubles the ceiling.
BACKOFF_BASE_SECONDS = 1.0
#: The ceiling stops growing here: a collector back after an outage hears from
#: every device within five minutes, and the spool, not a timer, bounds what waits.
BACKOFF_CAP_SECONDS = 300.0


class Backoff:
    """Exponential back-off with full jitter (a random wait between 0 and the ceiling).

    Full jitter spreads a fleet of agents that failed together over the whole
    interval, so they do not come back together.
    """

    def __init__(
        self,
        base: float = BACKOFF_BASE_SECONDS,
        cap: float = BACKOFF_CAP_SECONDS,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0
        self._rng = rng

    def failed(self) -> float:
        """One more failure; the seconds to wait before the next try."""
        ceiling = min(self.cap, self.base * float(1 << min(self.failures, 32)))
        self.failures += 1
        return ceiling * self._rng()

    def succeeded(self) -> None:
        self.failures = 0


class TokenBucket:
    """A send-rate limit in bytes a second, allowing one burst of ``burst`` bytes.

    A request larger than the burst is let through once the bucket is full
    (it would never fit otherwise) and leaves the bucket in debt.
    """

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else rate
        self._clock = clock
        self._tokens = self.burst
        self._at = clock()

    def wait_for(self, size: int) -> float:
        """Take ``size`` bytes from the bucket; the seconds to wait before sending them."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        needed = min(float(size), self.burst)
        wait = max(0.0, (needed - self._tokens) / self.rate)
        self._tokens -= size
        return wait
