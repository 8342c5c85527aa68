"""Measure the uploader: how many sealed batches a second it delivers to a collector on loopback.

Run:  .venv/bin/python benchmarks/upload.py [--batches 3000] [--runs 3]
                                          [--records-per-batch 16] [--profile]

The collector is the protocol v1 test double (``tests/agent/upload/fault_server.py``,
no faults queued) in its own process, started afresh with an empty state
directory for every measurement: it checks each envelope's header and device
signature and writes it to a file, as a collector stores it. The uploader is
the agent's own (:class:`agent.upload.Uploader`, built as
``tests/agent/upload/test_uploader.py`` builds it, with the agent's default
client and back-off), in this process, with its spool on disk
(:class:`agent.spool.Spool`, SQLite, the default policy's quota and age). It
keeps up to ``agent.upload.uploader.CONCURRENCY`` batches in flight, so the
uploader's and the server's work overlap: the CPU figures show how the two
divide it.

``--batches`` small batches are sealed once, before anything is timed: each
``--records-per-batch`` records of a session's mix (``benchmarks/sealing.py``'s
synthetic records; with the default policy a batch is sealed every 120 s, a
few KB of key, mouse, focus and typed-text records). For each measurement a
fresh device enrols with one ``round()``, its spool is filled with those
batches (a copy of a spool filled once), and the time is taken from the first
``round()`` until ``pending_work()`` is ``(0, 0)``.

Figures printed, each the median of ``--runs`` runs:

* **batches/s** and **MB/s** (envelope bytes, MB = 10^6 bytes), with the
  default policy's send-rate limit (``upload.max_kb_per_second``; the token
  bucket lets one second's worth through at once) and with it effectively off;
* the **server's CPU** per batch (user + system from ``/proc/PID/stat``) and
  its share of the wall time, and this process's CPU per batch (the uploader's);
* an in-run **baseline**: the same envelopes sent as plain ``httpx.Client.put``
  requests to a fresh server of the same kind (which does the same work for
  each: verify, store), and the uploader's rate as a ratio of it.

``--profile`` adds one run without the limit under cProfile and prints where
the uploader's time goes. Target: at least 300 batches a second.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from agent.paths import AgentPaths
from agent.sealing import EnrolmentState
from agent.spool import Spool
from agent.upload import Uploader, UploadTarget
from agent.upload.client import ENVELOPE_TYPE
from agent.wire import RecordBatch
from agent.wire.envelope import SealedBatch, seal_batch
from agent.wire.keys import DeviceSigningKey, StudyPrivateKey, StudyPublicKey
from benchmarks.sealing import synthetic_records
from tests.agent.upload.collector_process import SECRET, STUDY, Running, start_server

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = ROOT / "config" / "default-policy.toml"
#: The target, in batches delivered a second.
TARGET_BATCHES_S = 300.0
#: "Off": far above what loopback carries.
UNLIMITED = 10**12
#: Records the batches are cut from (each batch a different slice).
POOL_RECORDS = 2000
TICKS = os.sysconf("SC_CLK_TCK")
BASELINE = "raw httpx PUT"
NO_LIMIT = "uploader, no limit"
CLOSE_SECONDS = 0.2
#: The default policy's spool bounds (``retention.device_max_mb``, ``device_days``).
SPOOL_BYTES = 256 * 2**20
SPOOL_AGE_SECONDS = 7 * 86400.0
#: A round that ends in "wait" means the collector refused or failed: a few are
#: worth waiting out, more mean the measurement is of something else.
MAX_WAITS = 10


def default_rate_limit() -> int:
    """The default policy's ``upload.max_kb_per_second``, in KB (1024 bytes) a second."""
    with DEFAULTS.open("rb") as stream:
        return int(tomllib.load(stream)["upload"]["max_kb_per_second"])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of every thread of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


@dataclass(frozen=True)
class Device:
    device_id: str
    key: DeviceSigningKey


@dataclass(frozen=True)
class Figures:
    seconds: float
    batches: int
    envelope_bytes: int
    server_cpu: float
    client_cpu: float
    #: Batch requests the server saw (more than ``batches`` means retries).
    requests: int
    #: Rounds that ended with "wait" before the spool was empty.
    waits: int

    @property
    def batches_per_s(self) -> float:
        return self.batches / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.envelope_bytes / self.seconds / 1e6


def seal_all(
    count: int, per_batch: int, device: Device, study_key: StudyPublicKey
) -> list[SealedBatch]:
    pool = synthetic_records(POOL_RECORDS, seed=11, device_id=device.device_id)
    sealed = []
    for index in range(count):
        start = index * per_batch % (len(pool) - per_batch + 1)
        records = pool[start : start + per_batch]
        batch = RecordBatch(device_id=device.device_id, records=records)
        sealed.append(
            seal_batch(
                batch,
                study_id=STUDY,
                study_key=study_key,
                device_key=device.key,
                sequence=index + 1,
            )
        )
    return sealed


def filled_spool(directory: Path, sealed: Sequence[SealedBatch]) -> Path:
    """A spool directory holding ``sealed``, written once and copied for each run."""
    with Spool(directory, max_bytes=SPOOL_BYTES, max_age_seconds=SPOOL_AGE_SECONDS) as spool:
        for batch in sealed:
            if not spool.put(batch):
                raise SystemExit("the spool refused a batch: it is too small for --batches")
    return directory


def copy_durably(source: Path, destination: Path) -> None:
    """Copy a spool directory and fsync it, as ``Spool.put`` leaves its files: the copy's
    writeback must not land on the disk while the upload is being timed."""
    shutil.copytree(source, destination)
    for path in (*destination.iterdir(), destination):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_uploader(server: Running, root: Path, device: Device, limit: int) -> Uploader:
    paths = AgentPaths(root / "config", root / "state", root / "data")
    spool = Spool(paths.spool_dir, max_bytes=SPOOL_BYTES, max_age_seconds=SPOOL_AGE_SECONDS)
    target = UploadTarget(
        collector_url=server.url,
        study_id=STUDY,
        kem="x25519",
        secret_ref="env:ENROLMENT_SECRET",
        max_bytes_per_second=limit,
    )
    return Uploader(
        target,
        paths,
        spool,
        EnrolmentState(paths.state_dir),
        device_id=device.device_id,
        device_key=device.key,
        environ={"ENROLMENT_SECRET": SECRET},
    )


def enrol(uploader: Uploader) -> None:
    if uploader.round() is not None or uploader.enrolment.current() is None:
        raise SystemExit(f"enrolment failed: {uploader.spool.counters().last_result}")


def timed(server: Running, action: Callable[[], int], batches: int, size: int) -> Figures:
    """Run ``action`` (which returns its number of waits) and measure it."""
    server_before, client_before = cpu_seconds(server.process.pid), time.process_time()
    start = time.perf_counter()
    waits = action()
    seconds = time.perf_counter() - start
    client_cpu = time.process_time() - client_before
    server_cpu = cpu_seconds(server.process.pid) - server_before
    state = server.state()
    if state["stored_new"] != batches:
        raise SystemExit(f"the collector stored {state['stored_new']} of {batches} batches")
    return Figures(
        seconds, batches, size, server_cpu, client_cpu, state["requests"]["batch"], waits
    )


def shut_down(server: Running, uploader: Uploader, root: Path) -> None:
    uploader.client.close()
    uploader.spool.close()
    # Let the server see the connection close before SIGTERM: a connection task cancelled
    # while closing makes Python 3.11's asyncio print a traceback on the server's stderr.
    time.sleep(CLOSE_SECONDS)
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def uploader_run(
    work: Path,
    spool_template: Path,
    study_key: StudyPublicKey,
    device: Device,
    sealed: Sequence[SealedBatch],
    limit: int,
    profile: cProfile.Profile | None = None,
) -> Figures:
    root = Path(tempfile.mkdtemp(dir=work))
    server = start_server(root / "collector", study_key)
    uploader = make_uploader(server, root / "device", device, limit)
    try:
        enrol(uploader)
        uploader.spool.close()
        shutil.rmtree(uploader.spool.directory, ignore_errors=True)
        copy_durably(spool_template, uploader.spool.directory)
        if uploader.pending_work() != (len(sealed), 0):
            raise SystemExit(f"the copied spool holds {uploader.pending_work()}")

        def drain() -> int:
            waits = 0
            while uploader.pending_work() != (0, 0):
                wait = uploader.round()
                if wait is not None:
                    waits += 1
                    if waits > MAX_WAITS:
                        result = uploader.spool.counters().last_result
                        raise SystemExit(f"the upload keeps failing (last result: {result})")
                    time.sleep(min(wait, 1.0))
            return waits

        action = drain if profile is None else lambda: profile.runcall(drain)
        return timed(server, action, len(sealed), sum(len(s.data) for s in sealed))
    finally:
        shut_down(server, uploader, root)


def baseline_run(
    work: Path, study_key: StudyPublicKey, device: Device, sealed: Sequence[SealedBatch]
) -> Figures:
    """The same envelopes as plain keep-alive ``httpx.Client.put`` requests, one after another."""
    root = Path(tempfile.mkdtemp(dir=work))
    server = start_server(root / "collector", study_key)
    uploader = make_uploader(server, root / "device", device, UNLIMITED)
    try:
        enrol(uploader)
        base = f"{server.url}/v1/studies/{STUDY}/batches/"
        headers = {"Content-Type": ENVELOPE_TYPE}

        def put_all() -> int:
            with httpx.Client(timeout=30.0) as client:
                for batch in sealed:
                    answer = client.put(
                        base + batch.header.batch_id, content=batch.data, headers=headers
                    )
                    if answer.status_code != 201:
                        raise SystemExit(f"the baseline PUT got {answer.status_code}")
            return 0

        return timed(server, put_all, len(sealed), sum(len(s.data) for s in sealed))
    finally:
        shut_down(server, uploader, root)


def median_figures(runs: Sequence[Figures]) -> Figures:
    def median(name: str) -> float:
        return float(statistics.median(getattr(f, name) for f in runs))

    return Figures(
        seconds=median("seconds"),
        batches=runs[0].batches,
        envelope_bytes=runs[0].envelope_bytes,
        server_cpu=median("server_cpu"),
        client_cpu=median("client_cpu"),
        requests=round(median("requests")),
        waits=round(median("waits")),
    )


def row(name: str, f: Figures) -> str:
    return (
        f"{name:<26}{f.batches_per_s:>10.0f}{f.mb_per_s:>7.2f}{f.seconds:>8.2f}"
        f"{f.server_cpu / f.batches * 1e3:>11.3f} ({f.server_cpu / f.seconds:>4.0%})"
        f"{f.client_cpu / f.batches * 1e3:>11.3f} ({f.client_cpu / f.seconds:>4.0%})"
        f"{f.requests - f.batches:>9}{f.waits:>7}"
    )


def report(results: dict[str, list[Figures]], limits: dict[str, int]) -> None:
    medians = {name: median_figures(runs) for name, runs in results.items()}
    print(
        f"{'':<26}{'batches/s':>10}{'MB/s':>7}{'s':>8}{'server CPU ms/batch':>22}"
        f"{'client CPU ms/batch':>22}{'retries':>9}{'waits':>7}"
    )
    for name, figures in medians.items():
        print(row(name, figures))
    print()
    for name, limit in limits.items():
        f = medians[name]
        # Each run's rate over the baseline's in the same run: steadier than medians' ratio.
        ratio = statistics.median(
            mine.batches_per_s / theirs.batches_per_s
            for mine, theirs in zip(results[name], results[BASELINE], strict=True)
        )
        verdict = "met" if f.batches_per_s >= TARGET_BATCHES_S else "NOT met"
        bound = "" if f.envelope_bytes / f.seconds < limit else " (ran at the limit)"
        print(
            f"{name}: {ratio:.2f} x the raw httpx PUT rate (median of per-run ratios); "
            f"target >= {TARGET_BATCHES_S:.0f} batches/s {verdict}{bound}"
        )
    unlimited = medians[NO_LIMIT]
    print(
        f"CPU ceilings, {NO_LIMIT} (1 / CPU seconds per batch): the uploader's process "
        f"{unlimited.batches / unlimited.client_cpu:.0f} batches/s, "
        f"the server's {unlimited.batches / unlimited.server_cpu:.0f} batches/s"
    )


def print_profile(profile: cProfile.Profile) -> None:
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    print("the agent's own functions (spool, uploader, client, pacing, outcome):")
    stats.sort_stats("cumulative").print_stats(
        r"\b(store|uploader|client|pacing|outcome|counters)\.py"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=3000, help="batches per run")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is printed")
    parser.add_argument("--records-per-batch", type=int, default=16)
    parser.add_argument(
        "--profile", action="store_true", help="one more run, without the limit, under cProfile"
    )
    args = parser.parse_args(argv)

    default_kb = default_rate_limit()
    limits = {f"uploader, {default_kb} KB/s": default_kb * 1024, NO_LIMIT: UNLIMITED}
    study_key = StudyPrivateKey.generate().public_key()
    device = Device(str(uuid.uuid4()), DeviceSigningKey.generate())
    start = time.perf_counter()
    sealed = seal_all(args.batches, args.records_per_batch, device, study_key)
    seal_seconds = time.perf_counter() - start
    total = sum(len(s.data) for s in sealed)

    print(
        f"upload to the fault_server collector on 127.0.0.1: {args.batches} batches of "
        f"{args.records_per_batch} records, envelopes {total / len(sealed) / 1024:.2f} KiB "
        f"on average ({total / 1e6:.1f} MB in all), median of {args.runs} run(s); MB = 10^6 bytes"
    )
    print(
        f"  (sealing them took {seal_seconds / len(sealed) * 1e3:.3f} ms a batch, "
        f"not counted; {os.cpu_count()} cores, uploader and server not pinned)"
    )
    print(
        f"  the default policy's send-rate limit: upload.max_kb_per_second = {default_kb} "
        f"({default_kb * 1024} bytes/s, one second's worth at once); alone it allows "
        f"{default_kb * 1024 * len(sealed) / total:.0f} batches/s of these"
    )

    with tempfile.TemporaryDirectory(prefix="consentry-upload-bench-") as tmp:
        work = Path(tmp)
        template = filled_spool(work / "spool-template", sealed)
        measurements: dict[str, Callable[[], Figures]] = {
            BASELINE: partial(baseline_run, work, study_key, device, sealed)
        }
        for name, limit in limits.items():
            measurements[name] = partial(
                uploader_run, work, template, study_key, device, sealed, limit
            )
        results: dict[str, list[Figures]] = {name: [] for name in measurements}
        order = list(measurements)
        for run in range(args.runs):
            shift = run % len(order)  # each measurement goes first in turn
            for name in order[shift:] + order[:shift]:
                results[name].append(measurements[name]())
            print(
                f"run {run + 1}: "
                + ", ".join(f"{name} {f[-1].batches_per_s:.0f}/s" for name, f in results.items())
            )
        print()
        report(results, limits)

        if args.profile:
            profile = cProfile.Profile()
            f = uploader_run(work, template, study_key, device, sealed, UNLIMITED, profile)
            print()
            print(f"profiled run, {NO_LIMIT}: {f.batches_per_s:.0f} batches/s under cProfile")
            print_profile(profile)


if __name__ == "__main__":
    main()
