"""``consentry preview``: see exactly what a policy would collect, on this desktop, for N seconds.

The privacy officer's tool. It runs the same capture session the agent runs —
the same rules, password-field checks, redaction and minimisation — with the
effective policy (or ``--policy FILE`` in place of the managed policy), and
prints every record that would be sealed, as it is made: ``text`` for people,
``jsonl`` for scripts (the wire format's JSON, one record per line). Redacted
frames are written to ``--frames-dir`` when given, each named by its SHA-256
as in the record. Nothing else is written, nothing is stored for upload, and
nothing is sent.

Purposes: by default every purpose the policy offers, as if the employee had
agreed to all of them (the most a policy can collect); ``--purposes`` narrows
that. Preview does not consult the consent state: it is run by the person at
this desktop, in the foreground, and keeps nothing.

Exit status: 0 after the run; 1 when the policy has problems (each listed as
``FILE: KEY: REASON``) or there is no desktop to capture; 2 for usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import queue
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

import msgspec

from agent.capture.session import CaptureSession, CaptureStartError
from agent.commands.errors import CommandError
from agent.consent.terms import PURPOSES
from agent.files import ensure_private_dir
from agent.identity import IdentityError, existing_pseudonym
from agent.paths import AgentPaths
from agent.policy import EffectivePolicy, load_policy
from agent.wire import Blob, Record, ScreenFrame, encode_json, record_kind

#: The longest preview: long enough to walk through a workflow, short enough
#: that nobody mistakes it for a way to run capture.
MAX_SECONDS = 3600
#: Fields every record has; the text format prints them once, as the time and kind.
_COMMON_FIELDS = frozenset({"schema", "device_id", "mono_ns", "wall_time"})
#: File name extension of a frame written to ``--frames-dir``, by encoding.
_EXTENSIONS = {"webp": ".webp", "png": ".png"}
#: Files written to ``--frames-dir`` are the user's alone, like everything Consentry writes.
FRAME_FILE_MODE = 0o600
EXIT_PROBLEM = 1
#: Records waiting to be printed: a preview makes a few per second; this many
#: means nobody is reading the output.
MAX_PENDING = 10_000
#: How long the end of a preview waits for the last records to be printed.
CLOSE_SECONDS = 30.0


def register(groups: Any) -> None:
    parser = groups.add_parser(
        "preview",
        help="capture for N seconds and print exactly what would be collected",
        description="Capture for N seconds with the effective policy (or --policy FILE) and "
        "print every minimised, redacted record that would be sealed; nothing is stored or "
        "sent. Exit status: 0 after the run; 1 when the policy has problems or there is no "
        "desktop; 2 for usage errors.",
    )
    parser.add_argument(
        "--seconds", type=_seconds, required=True, metavar="N", help="how long to capture"
    )
    parser.add_argument(
        "--policy", type=Path, metavar="FILE", help="use this policy file as the managed policy"
    )
    parser.add_argument("--format", choices=("text", "jsonl"), default="text")
    parser.add_argument(
        "--frames-dir", type=Path, metavar="DIR", help="write each redacted frame here"
    )
    parser.add_argument(
        "--purposes",
        type=_purposes,
        metavar="LIST",
        help="comma-separated purposes to preview (default: all the policy offers)",
    )
    parser.set_defaults(handler=preview)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < seconds <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SECONDS}")
    return seconds


def _ocr_engine() -> str:
    """Which OCR engine capture uses, and why when it is the slower fallback."""
    from redaction.image.ocr import OcrUnavailable, default_engine, describe

    try:
        return describe(default_engine())
    except OcrUnavailable as error:
        return f"no OCR engine ({error}): screens will not be captured"


def _purposes(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in PURPOSES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown purpose {unknown[0]!r}" if unknown else "no purpose given"
        ) from None
    return names


def preview(args: argparse.Namespace) -> int:
    policy = load_policy(managed=args.policy) if args.policy else load_policy()
    if policy.problems:
        for problem in policy.problems:
            print(problem, file=sys.stderr)
        raise CommandError(
            f"the policy has {len(policy.problems)} problem(s) (listed above); "
            "nothing was captured",
            EXIT_PROBLEM,
        )
    purposes = _chosen_purposes(policy, args.purposes)
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise CommandError("no desktop to preview: DISPLAY is not set (X11 is needed)", 1)
    if args.frames_dir is not None:
        _prepare_frames_dir(args.frames_dir)
    logging.basicConfig(level=logging.WARNING, format="consentry: %(message)s", force=True)
    printer = RecordPrinter(sys.stdout, args.format, args.frames_dir)
    session = CaptureSession(policy, device_id=_device_id(), purposes=purposes, emit=printer.emit)
    print(
        f"consentry: previewing {', '.join(purposes) or 'no purpose'} for {args.seconds:g} s; "
        "nothing is stored or sent",
        file=sys.stderr,
    )
    if session.records_screens:
        print(f"consentry: screens are read by {_ocr_engine()}", file=sys.stderr)
    _run_for(session, args.seconds)
    printer.close()
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(printer.counts.items()))
    print(f"consentry: preview done: {printer.total} record(s) ({kinds})", file=sys.stderr)
    return 0


def _chosen_purposes(policy: EffectivePolicy, asked: tuple[str, ...] | None) -> tuple[str, ...]:
    offered = tuple(policy.value("purposes.offered"))
    if asked is None:
        return offered
    outside = [purpose for purpose in asked if purpose not in offered]
    if outside:
        raise CommandError(
            f"--purposes: {outside[0]} is not offered by this policy (offered: "
            f"{', '.join(offered) or 'none'}); the agent would never collect it",
            EXIT_PROBLEM,
        )
    return asked


def _device_id() -> str:
    """The device pseudonym if there is one, else a random one (never stored)."""
    try:
        existing = existing_pseudonym(AgentPaths.resolve().state_dir)
    except IdentityError:
        existing = None
    return existing or str(uuid.uuid4())


def _prepare_frames_dir(path: Path) -> None:
    try:
        ensure_private_dir(path)
    except OSError as error:
        raise CommandError(
            f"--frames-dir {path}: {error.strerror or type(error).__name__}", EXIT_PROBLEM
        ) from None
    if not os.access(path, os.W_OK):
        raise CommandError(f"--frames-dir {path}: not writable", EXIT_PROBLEM)


def _run_for(session: CaptureSession, seconds: float) -> None:
    """Run ``session`` for ``seconds`` (SIGINT or SIGTERM ends it early, cleanly)."""
    done = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        done.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            session.start()
        except CaptureStartError as error:
            raise CommandError(f"cannot capture on this desktop: {error}", EXIT_PROBLEM) from None
        deadline = time.monotonic() + seconds
        while not done.is_set() and time.monotonic() < deadline:
            done.wait(min(0.1, max(0.0, deadline - time.monotonic())))
        session.stop("signal" if done.is_set() else "quit")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class RecordPrinter:
    """Prints records as they come, on its own thread.

    ``emit`` only queues: a reader that stops reading (``preview | less`` left
    open) blocks this thread, never the capture sources — they hand records
    on under the session's lock. Beyond :data:`MAX_PENDING` records waiting,
    the newest are counted as not shown, and :meth:`close` says so.
    """

    def __init__(self, out: TextIO, form: str, frames_dir: Path | None) -> None:
        self.out = out
        self.form = form
        self.frames_dir = frames_dir
        self.counts: Counter[str] = Counter()
        self.frame_errors = 0
        self.not_shown = 0
        self._pending: queue.Queue[tuple[Record, Blob | None] | None] = queue.Queue(MAX_PENDING)
        self._thread = threading.Thread(target=self._print_all, name="preview-print", daemon=True)
        self._thread.start()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def emit(self, record: Record, blob: Blob | None = None) -> None:
        self.counts[record_kind(record)] += 1
        try:
            self._pending.put_nowait((record, blob))
        except queue.Full:
            self.not_shown += 1

    def close(self, timeout_s: float = CLOSE_SECONDS) -> None:
        """Print what is queued (waiting up to ``timeout_s`` for a slow reader)."""
        with contextlib.suppress(queue.Full):  # the reader is gone: nothing more is shown
            self._pending.put(None, timeout=timeout_s)
        self._thread.join(timeout_s)
        if self.not_shown:
            print(
                f"consentry: {self.not_shown} record(s) were not shown: the output was not "
                "read fast enough",
                file=sys.stderr,
            )

    def _print_all(self) -> None:
        while (item := self._pending.get()) is not None:
            record, blob = item
            saved = self._save_frame(record, blob) if blob is not None else None
            try:
                if self.form == "jsonl":
                    self.out.write(encode_json(record).decode("utf-8") + "\n")
                else:
                    self.out.write(format_record(record, saved) + "\n")
                self.out.flush()
            except (BrokenPipeError, ValueError):  # the reader went away, or stdout closed
                self.not_shown += 1

    def _save_frame(self, record: Record, blob: Blob) -> Path | None:
        if self.frames_dir is None or not isinstance(record, ScreenFrame):
            return None
        path = self.frames_dir / (blob.sha256 + _EXTENSIONS.get(record.encoding, ".bin"))
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FRAME_FILE_MODE)
            with os.fdopen(descriptor, "wb") as file:
                file.write(blob.data)
        except OSError as error:
            self.frame_errors += 1
            print(
                f"consentry: cannot write a frame to {self.frames_dir}: "
                f"{error.strerror or type(error).__name__}",
                file=sys.stderr,
            )
            return None
        return path


def format_record(record: Record, frame_file: Path | None = None) -> str:
    """One line for people: local time, kind, then the record's own fields (empty ones left out)."""
    fields = msgspec.structs.asdict(record)
    when = record.wall_time.astimezone().strftime("%H:%M:%S.%f")[:-3]
    parts = [when, f"{record_kind(record):<14}"]
    for name, value in fields.items():
        if name == "app_id" and value is None:
            parts.append("app_id=(excluded)")  # time accounted for, nothing else kept
            continue
        if name in _COMMON_FIELDS or value in (None, {}, (), [], ""):
            continue
        parts.append(f"{name}={_show(value)}")
    if frame_file is not None:
        parts.append(f"file={frame_file}")
    return " ".join(parts)


def _show(value: object) -> str:
    if isinstance(value, str):
        return msgspec.json.encode(value).decode("utf-8")
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{v}" for k, v in value.items()) + "}"
    if isinstance(value, msgspec.Struct):
        return msgspec.json.encode(value).decode("utf-8")
    if isinstance(value, tuple | list):
        return f"[{len(value)} item(s)]"
    return str(value)
