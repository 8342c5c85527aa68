"""Measure the wire codec: median encode and decode time per record, by kind and format.

Run:  python benchmarks/wire_codec.py [--records 20000] [--runs 7]

Figures printed, per record kind and for a realistic mix:

* **encode µs/record** and **decode µs/record** for JSON (what ``consentry
  preview --format jsonl`` prints) and msgpack (what is sealed), each the
  median of ``--runs`` runs over ``--records`` records;
* **bytes/record** in each format;
* a **batch** row: a whole ``RecordBatch`` of the mix encoded and decoded
  with full validation (blob hashes included), per record.

Decoding always validates (types, bounds, cross-field rules): the figures are
what the collector pays per record. Single thread; numbers from a noisy
machine are best compared run against run on the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.wire import (
    Record,
    RecordBatch,
    ScreenFrame,
    decode_batch,
    decode_jsonl,
    decode_msgpack,
    encode_batch,
    encode_jsonl,
    encode_msgpack,
)
from agent.wire.samples import DEVICE, FRAME_BLOB, sample_records

#: A session's records are mostly activity intervals and focus changes; frames,
#: typed text, idle and consent records are rare. Weights per kind in the mix.
MIX = {
    "key_activity": 30,
    "mouse_activity": 30,
    "window_focus": 20,
    "typed_text": 10,
    "idle": 5,
    "screen_frame": 1,
    "session": 2,
    "consent": 2,
}


def by_kind() -> dict[str, Record]:
    kinds: dict[str, Record] = {}
    for record in sample_records():
        kinds.setdefault(str(record.__struct_config__.tag), record)
    return kinds


def median_us(action: Callable[[], Any], count: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / count * 1e6


def measure(records: Sequence[Record], runs: int) -> tuple[float, float, float, float, int, int]:
    count = len(records)
    as_list = list(records)
    lines = encode_jsonl(as_list)
    packed = [encode_msgpack(record) for record in as_list]
    json_enc = median_us(lambda: encode_jsonl(as_list), count, runs)
    json_dec = median_us(lambda: decode_jsonl(lines), count, runs)
    mp_enc = median_us(lambda: [encode_msgpack(r) for r in as_list], count, runs)
    mp_dec = median_us(lambda: [decode_msgpack(p) for p in packed], count, runs)
    return json_enc, json_dec, mp_enc, mp_dec, len(lines) // count, sum(map(len, packed)) // count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000, help="records per run")
    parser.add_argument("--runs", type=int, default=7, help="runs; the median is printed")
    args = parser.parse_args(argv)

    kinds = by_kind()
    print(f"wire codec, {args.records} records per run, median of {args.runs} runs (µs/record)")
    header = f"{'kind':<16}{'json enc':>10}{'json dec':>10}{'mp enc':>10}{'mp dec':>10}"
    print(header + f"{'json B':>9}{'mp B':>7}")
    for name, record in kinds.items():
        row = measure([record] * args.records, args.runs)
        print(f"{name:<16}" + "".join(f"{v:>10.2f}" for v in row[:4]) + f"{row[4]:>9}{row[5]:>7}")

    total = sum(MIX.values())
    mix: list[Record] = []
    for name, weight in MIX.items():
        mix.extend([kinds[name]] * (args.records * weight // total))
    row = measure(mix, args.runs)
    print(f"{'mix':<16}" + "".join(f"{v:>10.2f}" for v in row[:4]) + f"{row[4]:>9}{row[5]:>7}")

    # A batch holds one frame blob per frame record: keep one frame so the blob
    # check is measured without carrying thousands of copies of the same bytes.
    frames = [r for r in mix if isinstance(r, ScreenFrame)]
    others = [r for r in mix if not isinstance(r, ScreenFrame)]
    batch_records: list[Record] = [*frames[:1], *others][:10_000]
    batch = RecordBatch(device_id=DEVICE, records=batch_records, blobs=[FRAME_BLOB])
    payload = encode_batch(batch)
    count = len(batch_records)
    enc = median_us(lambda: encode_batch(batch), count, args.runs)
    dec = median_us(lambda: decode_batch(payload), count, args.runs)
    print(
        f"{'batch (mp)':<16}{'':>20}{enc:>10.2f}{dec:>10.2f}"
        f"   {count} records, {len(payload) / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
