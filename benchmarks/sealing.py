"""Measure sealing: how fast one core turns a batch of records into an envelope.

Run:  .venv/bin/python benchmarks/sealing.py [--runs 20] [--records 2000] [--frames 4]
                                           [--frame-kb 60] [--core N] [--seed 7]

Sealing is :func:`agent.wire.envelope.seal_batch`: msgpack-encode the
``RecordBatch``, zstd-compress it (level 3), HPKE-encrypt it to the study's
key, Ed25519-sign header and ciphertext. Two synthetic batches are sealed,
each to an ``x25519`` and to an ``mlkem768-x25519`` study key:

* **records** — ``--records`` records (2,000 is the default policy's
  ``batching.max_records``), the mix a working session produces: key activity
  at the ``classes`` level with each press's class and time (60 s intervals),
  mouse activity, focus changes with redacted titles, typed-text segments and
  idle transitions. Titles and typed text come from the redaction benchmark's
  generated ordinary text (:mod:`benchmarks.corpora.text_corpus`), with
  placeholders where redaction would have left them. Every record is checked
  with :func:`agent.wire.validate` and the batch decoded once, so the collector
  would accept it.
* **mixed** — the same number of records, ``--frames`` of them screen frames
  whose blobs are ``--frame-kb`` KiB of random bytes behind a WebP header (a
  WebP is already compressed: zstd cannot shrink it either).

Figures printed, each the median of ``--runs`` runs, on one core (the process
is pinned with ``sched_setaffinity``; ``--core`` picks which):

* **payload** — the msgpack bytes (``len(encode_batch(batch))``);
* **seal ms** and **MB/s** — payload bytes over the median seal time
  (MB = 10^6 bytes), and records per second;
* **envelope** size and the **compression ratio** payload / envelope;
* **split** — encode, compress, encrypt and sign timed separately with the
  same library calls ``seal_batch`` makes; "other" is the rest (header, batch
  id, concatenation);
* **baselines**, timed in the same runs over the same payload: one
  ``zlib.compress(payload, 1)`` and one ``hashlib.sha256(payload)``, given
  as seal time / baseline time, so figures from a busy machine can be compared.

Target: at least 50 MB/s of records on one core for the records batch.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import random
import statistics
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import zstandard

from agent.wire import (
    Blob,
    IdleTransition,
    KeyActivity,
    KeyStroke,
    MouseActivity,
    Record,
    RecordBatch,
    ScreenFrame,
    TypedText,
    WindowFocus,
    decode_batch,
    encode_batch,
    record_kind,
    validate,
)
from agent.wire.envelope import ZSTD_LEVEL, seal_batch
from agent.wire.fields import FlushReason, KeyClass, MouseButton, ScrollDirection
from agent.wire.keys import KEM_NAMES, DeviceSigningKey, KemName, StudyPrivateKey, StudyPublicKey
from agent.wire.samples import DEVICE, MONO, WALL
from benchmarks.corpora.text_corpus import ordinary_sentences

STUDY = "study-bench"
#: The target for the records batch, in MB (10^6 bytes) of msgpack payload a second.
TARGET_MB_S = 50.0

#: Weights per kind in a session's records (as in ``wire_codec.py``, without the
#: rare session and consent records).
MIX = {"key_activity": 30, "mouse_activity": 30, "window_focus": 20, "typed_text": 10, "idle": 5}
#: The input pipeline closes key and mouse tallies every 60 s.
INTERVAL_NS = 60 * 1_000_000_000
#: Application ids as X11 reports them (WM_CLASS class).
APPS = ("firefox", "Code", "thunderbird", "Slack", "libreoffice-calc", "XTerm", "evince")
#: Key classes of ordinary typing and their shares.
KEY_CLASSES: dict[KeyClass, int] = {
    "letter": 70,
    "whitespace": 12,
    "punctuation": 5,
    "editing": 5,
    "digit": 3,
    "navigation": 3,
    "modifier": 1,
    "shortcut": 1,
}
SHORTCUTS = ("Ctrl+C", "Ctrl+V", "Ctrl+S", "Ctrl+Z", "Alt+Tab", "Ctrl+Shift+T")
#: Placeholders redaction leaves in text, and how often a segment or title has one.
PLACEHOLDERS = ("EMAIL", "PHONE", "UK_POSTCODE", "CARD", "UNSURE")
PLACEHOLDER_SHARE = 0.15
FLUSHES: dict[FlushReason, int] = {"enter": 40, "pause": 35, "focus_change": 20, "length": 5}
#: The first bytes of a WebP file, in front of a stand-in frame's random bytes.
WEBP_HEAD = b"RIFF\x00\x00\x00\x00WEBPVP8 "


def _placeholder(rng: random.Random, text: str) -> tuple[str, dict[str, int]]:
    """``text`` with, sometimes, a placeholder where redaction removed something."""
    if rng.random() >= PLACEHOLDER_SHARE:
        return text, {}
    kind = rng.choice(PLACEHOLDERS)
    words = text.split(" ")
    words.insert(rng.randrange(len(words) + 1), f"[{kind}]")
    return " ".join(words), {kind: 1}


@dataclass(frozen=True)
class _When:
    """The fields every record carries."""

    device_id: str
    mono_ns: int
    wall_time: datetime


def _key_activity(rng: random.Random, when: _When, app: str) -> KeyActivity:
    count = rng.randint(1, 240)  # up to 4 keys a second for a whole minute
    classes: list[KeyClass] = rng.choices(list(KEY_CLASSES), list(KEY_CLASSES.values()), k=count)
    times = sorted(rng.randrange(INTERVAL_NS // 1_000_000) for _ in range(count))
    class_counts = Counter(classes)
    shortcuts = Counter(rng.choice(SHORTCUTS) for _ in range(class_counts["shortcut"]))
    return KeyActivity(
        device_id=when.device_id,
        mono_ns=when.mono_ns,
        wall_time=when.wall_time,
        app_id=app,
        interval_ns=INTERVAL_NS,
        level="classes",
        keys=count,
        shortcuts=dict(shortcuts),
        class_counts=dict(class_counts),
        strokes=tuple(KeyStroke(at, c) for at, c in zip(times, classes, strict=True)),
    )


def _mouse_activity(rng: random.Random, when: _When, app: str) -> MouseActivity:
    clicks: dict[MouseButton, int] = {"left": rng.randint(0, 30), "right": rng.choice((0, 1, 2))}
    scrolls: dict[ScrollDirection, int] = {"down": rng.randint(0, 40), "up": rng.randint(0, 15)}
    cells = {rng.randrange(256): 1 for _ in range(min(clicks["left"], rng.randint(0, 6)))}
    return MouseActivity(
        device_id=when.device_id,
        mono_ns=when.mono_ns,
        wall_time=when.wall_time,
        app_id=app,
        interval_ns=INTERVAL_NS,
        clicks={button: n for button, n in clicks.items() if n},
        scrolls={direction: n for direction, n in scrolls.items() if n},
        distance_px=rng.randint(0, 25_000),
        click_cells=cells,
    )


def synthetic_records(count: int, *, seed: int = 7, device_id: str = DEVICE) -> list[Record]:
    """``count`` valid records in a session's mix (no frames), the same for the same seed."""
    rng = random.Random(seed)
    texts = ordinary_sentences(max(64, count // 4), seed=seed)
    titles = [t.text for t in texts if t.source == "title"]
    typed = [t.text for t in texts if t.source == "typed"]
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    segments: Counter[str] = Counter()
    mono = MONO
    idle = False
    records: list[Record] = []
    for kind in kinds:
        mono += rng.randint(200_000_000, 20_000_000_000)
        when = _When(device_id, mono, WALL + timedelta(microseconds=(mono - MONO) // 1000))
        app = rng.choice(APPS)
        record: Record
        if kind == "key_activity":
            record = _key_activity(rng, when, app)
        elif kind == "mouse_activity":
            record = _mouse_activity(rng, when, app)
        elif kind == "window_focus":
            title, found = _placeholder(rng, rng.choice(titles))
            record = WindowFocus(
                device_id=device_id,
                mono_ns=mono,
                wall_time=when.wall_time,
                app_id=app,
                title_redacted=title,
                redactions=found,
            )
        elif kind == "typed_text":
            text, found = _placeholder(rng, rng.choice(typed))
            field_id = f"f{rng.randrange(40)}"
            record = TypedText(
                device_id=device_id,
                mono_ns=mono,
                wall_time=when.wall_time,
                app_id=app,
                field_id=field_id,
                segment=segments[field_id],
                text_redacted=text,
                flush=rng.choices(list(FLUSHES), list(FLUSHES.values()))[0],
                redactions=found,
            )
            segments[field_id] += 1
        else:
            idle = not idle
            record = IdleTransition(
                device_id=device_id,
                mono_ns=mono,
                wall_time=when.wall_time,
                state="idle" if idle else "active",
                since_input_ms=300_000 + rng.randrange(2000) if idle else rng.randrange(10_000),
                threshold_s=300,
            )
        records.append(validate(record))
    return records


def with_frames(
    records: Sequence[Record], frames: int, frame_bytes: int, *, seed: int = 7
) -> RecordBatch:
    """A batch of ``records`` with ``frames`` of them replaced by screen frames and their blobs."""
    rng = random.Random(seed)
    kept = list(records[: len(records) - frames])
    blobs: list[Blob] = []
    for index in range(frames):
        blob = Blob.of(WEBP_HEAD + rng.randbytes(frame_bytes - len(WEBP_HEAD)))
        at = (index + 1) * len(kept) // (frames + 1)
        anchor = kept[at]
        frame = ScreenFrame(
            device_id=anchor.device_id,
            mono_ns=anchor.mono_ns,
            wall_time=anchor.wall_time,
            frame_id=index,
            monitor=0,
            width=1280,
            height=800,
            encoding="webp",
            greyscale=True,
            trigger=rng.choice(("click", "focus_change", "typing_burst_end", "periodic")),
            blob=blob.ref,
            redactions={"EMAIL": rng.randint(0, 3)} if rng.random() < 0.5 else {},
        )
        kept.insert(at, validate(frame))
        blobs.append(blob)
    return RecordBatch(device_id=records[0].device_id, records=kept, blobs=blobs)


@dataclass(frozen=True)
class Figures:
    name: str
    kem: KemName
    records: int
    payload: int
    envelope: int
    #: Median seconds of each timed action (``seal``, the four steps, the baselines).
    seconds: dict[str, float]

    @property
    def mb_per_s(self) -> float:
        return self.payload / self.seconds["seal"] / 1e6


def measure(
    name: str,
    batch: RecordBatch,
    study_key: StudyPublicKey,
    device_key: DeviceSigningKey,
    runs: int,
) -> Figures:
    """Median times of sealing ``batch``, of each step alone, and of the two baselines."""
    payload = encode_batch(batch)
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True)
    compressed = compressor.compress(payload)
    sealed = seal_batch(
        batch, study_id=STUDY, study_key=study_key, device_key=device_key, sequence=1
    )
    header_bytes = sealed.header.encode()
    encrypted = study_key.seal(compressed, info=header_bytes)
    sequence = iter(range(2, 2 + runs))

    # The same calls seal_batch makes, one step at a time (a new compressor each
    # time, as seal_batch makes one; the study key is parsed on each seal).
    actions: dict[str, Callable[[], object]] = {
        "seal": lambda: seal_batch(
            batch,
            study_id=STUDY,
            study_key=study_key,
            device_key=device_key,
            sequence=next(sequence),
        ),
        "encode": lambda: encode_batch(batch),
        "compress": lambda: zstandard.ZstdCompressor(
            level=ZSTD_LEVEL, write_content_size=True
        ).compress(payload),
        "encrypt": lambda: study_key.seal(compressed, info=header_bytes),
        "sign": lambda: device_key.sign(header_bytes + encrypted),
        "zlib-1": lambda: zlib.compress(payload, 1),
        "sha256": lambda: hashlib.sha256(payload).digest(),
    }
    times: dict[str, list[float]] = {action: [] for action in actions}
    for _ in range(runs):  # interleaved, so a busy spell hits every figure alike
        gc.collect()
        for action, function in actions.items():
            start = time.perf_counter()
            function()
            times[action].append(time.perf_counter() - start)
    return Figures(
        name=name,
        kem=study_key.kem,
        records=len(batch.records),
        payload=len(payload),
        envelope=len(sealed.data),
        seconds={action: statistics.median(values) for action, values in times.items()},
    )


def pin(core: int | None) -> int | None:
    """Pin this process to one core (the last one allowed unless ``core``); the core, or None."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    chosen = allowed[-1] if core is None else core
    os.sched_setaffinity(0, {chosen})
    return chosen


def describe(batch: RecordBatch) -> str:
    kinds = Counter(record_kind(record) for record in batch.records)
    strokes = sum(len(r.strokes) for r in batch.records if isinstance(r, KeyActivity))
    parts = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    return f"{len(batch.records)} records ({parts}; {strokes} key strokes)"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs; the median is printed")
    parser.add_argument("--records", type=int, default=2000, help="records per batch")
    parser.add_argument("--frames", type=int, default=4, help="screen frames in the mixed batch")
    parser.add_argument("--frame-kb", type=int, default=60, help="KiB per frame blob")
    parser.add_argument("--core", type=int, default=None, help="core to pin to (default: last)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    core = pin(args.core)
    records = synthetic_records(args.records, seed=args.seed)
    batches = {
        "records": RecordBatch(device_id=DEVICE, records=records),
        "mixed": with_frames(records, args.frames, args.frame_kb * 1024, seed=args.seed),
    }
    for batch in batches.values():
        decode_batch(encode_batch(batch))  # the collector would accept it
    device_key = DeviceSigningKey.generate()
    study_keys = {kem: StudyPrivateKey.generate(kem).public_key() for kem in KEM_NAMES}

    where = "not pinned" if core is None else f"pinned to core {core}"
    print(
        f"sealing, one thread ({where}), median of {args.runs} runs; "
        f"MB = 10^6 bytes, KiB = 1024 bytes"
    )
    print(f"  records: {describe(batches['records'])}")
    print(f"  mixed:   {describe(batches['mixed'])}, {args.frame_kb} KiB per frame blob")

    results = [
        measure(name, batch, study_keys[kem], device_key, args.runs)
        for name, batch in batches.items()
        for kem in KEM_NAMES
    ]

    print()
    print(
        f"{'batch':<9}{'kem':<17}{'payload KiB':>12}{'seal ms':>9}{'MB/s':>8}"
        f"{'records/s':>11}{'envelope KiB':>14}{'ratio':>7}"
    )
    for f in results:
        print(
            f"{f.name:<9}{f.kem:<17}{f.payload / 1024:>12.1f}{f.seconds['seal'] * 1e3:>9.2f}"
            f"{f.mb_per_s:>8.1f}{f.records / f.seconds['seal']:>11.0f}"
            f"{f.envelope / 1024:>14.1f}{f.payload / f.envelope:>7.2f}"
        )

    print()
    print("where the time goes, ms (share of the seal's median)")
    steps = ("encode", "compress", "encrypt", "sign")
    print(f"{'batch':<9}{'kem':<17}" + "".join(f"{s:>15}" for s in (*steps, "other")))
    for f in results:
        seal = f.seconds["seal"]
        parts = [f.seconds[step] for step in steps]
        parts.append(max(0.0, seal - sum(parts)))
        print(
            f"{f.name:<9}{f.kem:<17}"
            + "".join(f"{p * 1e3:>8.2f} ({p / seal:>3.0%})" for p in parts)
        )

    print()
    print("in-run baselines over the same payload (seal time / baseline time)")
    print(
        f"{'batch':<9}{'kem':<17}{'zlib-1 ms':>10}{'seal/zlib-1':>13}"
        f"{'sha256 ms':>11}{'seal/sha256':>13}"
    )
    for f in results:
        seal = f.seconds["seal"]
        print(
            f"{f.name:<9}{f.kem:<17}{f.seconds['zlib-1'] * 1e3:>10.2f}"
            f"{seal / f.seconds['zlib-1']:>12.2f}x{f.seconds['sha256'] * 1e3:>11.2f}"
            f"{seal / f.seconds['sha256']:>12.2f}x"
        )

    print()
    for f in results:
        if f.name == "records":
            verdict = "met" if f.mb_per_s >= TARGET_MB_S else "NOT met"
            print(
                f"target >= {TARGET_MB_S:.0f} MB/s of records on one core ({f.kem}): "
                f"{f.mb_per_s:.1f} MB/s — {verdict}"
            )


if __name__ == "__main__":
    main()
