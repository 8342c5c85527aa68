"""Levels ``counts`` and ``classes``: key activity per application per interval.

``counts`` keeps how many keys and which shortcuts; ``classes`` adds counts by
key class and each press's class and time into the interval. Neither keeps
which key was pressed (a shortcut is kept as a shortcut). Key releases are not
counted: press times only (hold times are a stronger biometric).

The caller decides when an interval ends (:data:`DEFAULT_INTERVAL_NS`) and
calls :meth:`ActivityAggregator.flush`; keys from a secure field or a
credential application never reach a tally, and keys from a field the
detector cannot judge are counted only
(:func:`~agent.capture.keys.events.effective_level`).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from agent.capture.keys.classify import classify, shortcut_name
from agent.capture.keys.events import KeyContext, KeyEvent, effective_level
from agent.wire import KeyActivity, KeyStroke, Record, WireError, validate
from agent.wire import limits as wire_limits
from agent.wire.fields import KeyClass

#: How often key and mouse tallies are closed into records (the input pipeline's
#: default): short enough that a record says when someone typed, long enough
#: that one record holds a burst.
DEFAULT_INTERVAL_NS = 60 * 1_000_000_000

_NS_PER_MS = 1_000_000
_K = TypeVar("_K", bound=str)
log = logging.getLogger(__name__)


@dataclass
class _Tally:
    level: str
    keys: int = 0
    shortcuts: Counter[str] = field(default_factory=Counter)
    classes: Counter[KeyClass] = field(default_factory=Counter)
    strokes: list[KeyStroke] = field(default_factory=list)
    last_ns: int = 0


class ActivityAggregator:
    """Tallies key presses per application until :meth:`flush`; one record per application.

    An application's level is taken from the context of its first key in the
    interval (levels change with the policy, not key by key), except that a key
    kept at ``counts`` only (a field the detector cannot judge) turns the whole
    interval's tally into counts: the classes and timing of the other keys
    alone would tell how many keys that field got, and when.
    """

    def __init__(self, *, start_ns: int) -> None:
        self._start_ns = start_ns
        self._tallies: dict[str, _Tally] = {}

    def __repr__(self) -> str:
        return f"ActivityAggregator(applications={len(self._tallies)})"

    def add(self, event: KeyEvent, context: KeyContext) -> None:
        """Count one key event (releases and keys that may not be kept are ignored)."""
        if not event.pressed:
            return
        level = effective_level(context)
        if level not in ("counts", "classes"):
            return
        app_id = context.app_id[: wire_limits.MAX_APP_ID_LENGTH]
        tally = self._tallies.get(app_id)
        if tally is None:  # not setdefault: that builds a tally (two Counters) per key
            tally = self._tallies[app_id] = _Tally(level=level)
        elif level == "counts" and tally.level == "classes":
            tally.level = "counts"
            tally.classes.clear()
            tally.strokes.clear()
        tally.keys += 1
        tally.last_ns = max(tally.last_ns, event.mono_ns)
        name = shortcut_name(event)
        if name is not None:
            tally.shortcuts[name] += 1
        if tally.level == "classes":
            key_class = classify(event)
            tally.classes[key_class] += 1
            if len(tally.strokes) < wire_limits.MAX_STROKES_PER_RECORD:
                at_ms = max(0, event.mono_ns - self._start_ns) // _NS_PER_MS
                tally.strokes.append(KeyStroke(at_ms=at_ms, key_class=key_class))

    def flush(self, *, device_id: str, mono_ns: int, wall_time: datetime) -> list[KeyActivity]:
        """Close the interval at ``mono_ns``: one record per application that had keys."""
        tallies, self._tallies = self._tallies, {}
        start, self._start_ns = self._start_ns, mono_ns
        records: list[KeyActivity] = []
        for app_id, tally in tallies.items():
            interval = interval_ns(start, mono_ns, tally.last_ns)
            classes = tally.level == "classes"
            kept = (s for s in tally.strokes if s.at_ms * _NS_PER_MS <= interval)
            strokes = tuple(sorted(kept, key=lambda stroke: stroke.at_ms))
            record = KeyActivity(
                device_id=device_id,
                mono_ns=mono_ns,
                wall_time=wall_time,
                app_id=app_id,
                interval_ns=interval,
                level="classes" if classes else "counts",
                keys=min(tally.keys, wire_limits.MAX_COUNT),
                shortcuts=_bounded(tally.shortcuts),
                class_counts=_bounded(tally.classes) if classes else {},
                strokes=strokes if classes else (),
            )
            if valid(record, "key activity"):
                records.append(record)
        return records


def interval_ns(start_ns: int, end_ns: int, last_ns: int) -> int:
    """How long a tally's interval was: to its close (or its last event, if later), in bounds."""
    return min(max(max(end_ns, last_ns) - start_ns, 1), wire_limits.MAX_INTERVAL_NS)


def valid(record: Record, what: str) -> bool:
    """Whether an activity record fits the wire format; if not it is a bug, logged by field."""
    try:
        validate(record)
    except WireError as error:
        log.error("a %s record was dropped: %s", what, error.field)
        return False
    return True


def _bounded(counts: Counter[_K]) -> dict[_K, int]:
    common = counts.most_common(wire_limits.MAX_DISTINCT_ITEMS)
    return {key: min(n, wire_limits.MAX_COUNT) for key, n in common}
