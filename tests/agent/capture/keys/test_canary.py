"""Whatever is typed, nothing of it reaches a record or a repr unless level text allows it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.capture.keys import ActivityAggregator, KeyContext, SegmentBuilder
from agent.wire import Record, encode_jsonl
from agent.wire.samples import DEVICE
from tests.agent.capture.keys.typing_helpers import MS, SAFE, WHEN, typed

CANARY = "Qzx7canaryVw"


def everything_emitted(context: KeyContext) -> str:
    """Records and reprs of both producers fed the same typing, as the adapter would."""
    aggregator = ActivityAggregator(start_ns=0)
    segments = SegmentBuilder(device_id=DEVICE, clock=lambda: WHEN)
    records: list[Record] = []
    events = typed(f"login {CANARY}\n{CANARY}")
    for event in events:
        aggregator.add(event, context)
        records += segments.feed(event, context)
        assert CANARY[0] not in repr(event)
    reprs = [repr(aggregator), repr(segments)]
    records += segments.stop(60_000 * MS)
    records += aggregator.flush(device_id=DEVICE, mono_ns=60_000 * MS, wall_time=WHEN)
    return encode_jsonl(records).decode() + "".join(reprs) + "".join(map(repr, records))


@pytest.mark.parametrize(
    "context",
    [
        replace(SAFE, level="counts"),
        replace(SAFE, level="classes"),
        replace(SAFE, secure=True),
        replace(SAFE, secure=None),
        replace(SAFE, level="counts", secure=True),
        replace(SAFE, level="classes", secure=None),
        replace(SAFE, app_id="Bitwarden"),
    ],
    ids=lambda c: f"{c.level}-secure={c.secure}-{c.app_id}",
)
def test_no_typed_canary_leaves_at_counts_classes_or_a_secure_field(context: KeyContext) -> None:
    emitted = everything_emitted(context)
    assert CANARY not in emitted
    assert CANARY.lower() not in emitted.lower()


def test_the_canary_check_would_see_text_at_the_text_level() -> None:
    assert CANARY in everything_emitted(SAFE)
