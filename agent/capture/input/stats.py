"""How the input pipeline is doing: events in, events handled, events lost, and how fast.

Latency is measured from the moment a hook callback timestamped an event to
the moment the worker finished with it (records emitted). The last
:data:`LATENCY_SAMPLES` latencies are kept for percentiles; the maximum is
kept over the whole run.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass

#: Latencies kept for percentiles: 100 events/s for over 15 minutes, 800 KB.
LATENCY_SAMPLES = 100_000
_NS_PER_MS = 1_000_000


@dataclass(frozen=True)
class InputStats:
    """A snapshot of the pipeline's counters (counts, never what was typed)."""

    #: Events the hooks delivered (processed + dropped + still queued).
    received: int
    processed: int
    #: Events not queued because the queue was full (never blocks the hook).
    dropped: int
    latency_p50_ms: float | None
    latency_p99_ms: float | None
    latency_max_ms: float | None
    #: How many latencies the percentiles are computed from.
    latency_samples: int
    #: Key presses dropped because the focus had moved to a window the session
    #: had not looked at yet (the focus token differed from the context's).
    stale_focus_keys: int = 0
    #: Key presses dropped because the focus token or the password probe raised
    #: (a lost X connection, a failing accessibility call): never judged, never kept.
    unjudged_keys: int = 0
    #: The OS hooks died while capture ran (an X connection lost): no events since.
    hooks_lost: bool = False
    #: Typed-text segments of fields no OS signal could judge, kept because their
    #: text was shown in clear on screen, and dropped (not shown, unreadable...).
    unjudged_text_kept: int = 0
    unjudged_text_dropped: int = 0


class LatencyLog:
    """A ring of the last latencies (ns) and the overall maximum; written by one thread."""

    def __init__(self, capacity: int = LATENCY_SAMPLES) -> None:
        self._ring = array("q", bytes(8 * capacity))
        self._capacity = capacity
        self._count = 0
        self._max = 0
        self._lock = threading.Lock()  # percentiles are read from another thread

    def add(self, latency_ns: int) -> None:
        with self._lock:
            self._ring[self._count % self._capacity] = latency_ns
            self._count += 1
            if latency_ns > self._max:
                self._max = latency_ns

    def figures(self) -> tuple[float | None, float | None, float | None, int]:
        """(p50, p99, max) in ms and the number of samples behind the percentiles."""
        with self._lock:
            n = min(self._count, self._capacity)
            values = sorted(self._ring[:n])
            top = self._max
        if not values:
            return None, None, None, 0
        return _at(values, 0.50), _at(values, 0.99), top / _NS_PER_MS, n


def _at(sorted_ns: list[int], q: float) -> float:
    """The nearest-rank percentile, in ms."""
    index = min(len(sorted_ns) - 1, max(0, int(q * len(sorted_ns) + 0.999999) - 1))
    return sorted_ns[index] / _NS_PER_MS
