"""``consentry spool status|flush``: what became of every batch, and sending what waits now.

``status`` prints the spool's accounting — batches created, sealed,
delivered, evicted (by reason), quarantined and pending, the messages waiting
in the outbox, the last upload attempt and its result — and whether it
balances (delivered + evicted + quarantined + pending = created). It reads
only; it never makes a spool. ``--json`` for scripts.

``flush`` asks the running agent to seal the records it holds in memory,
then uploads everything pending with the uploader's own rules (enrolment,
messages first, ``Retry-After``, back-off), until nothing is pending or
``--timeout`` passes. For scripts, tests, and an employee about to go offline.

Exit status: ``status`` 0, or 1 when the spool cannot be read; ``flush`` 0
when nothing is pending, 1 on timeout or when it cannot run (a broken or
study-less policy, an unusable device key or spool); 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from typing import Any

from agent.commands.errors import CommandError
from agent.consent.outbox import Outbox
from agent.delivery import AWAITING_KEY_META
from agent.files import FileProblem
from agent.identity import device_pseudonym
from agent.instance import FLUSHED_META, request_flush, running_agent
from agent.paths import AgentPaths
from agent.policy import EffectivePolicy, load_policy
from agent.sealing import EnrolmentState, device_signing_key, load_enrolment
from agent.spool import EVICTION_REASONS, SPOOL_FILE, Spool, SpoolCounters, SpoolError, spool_for
from agent.upload import CollectorClient, TlsSettingsError, Uploader, UploadTarget

#: ``spool flush`` waits this long unless told otherwise.
DEFAULT_FLUSH_SECONDS = 60.0
#: Between two upload rounds, flush waits at most this long (a round says how long to wait).
FLUSH_POLL_SECONDS = 0.5
#: ``--timeout`` is kept even when a collector holds a request open past every
#: per-read timeout: this long after it, flush exits 1 whatever it is waiting for.
FLUSH_GRACE_SECONDS = 5.0
EXIT_PENDING = 1


def register(groups: Any) -> None:
    parser = groups.add_parser("spool", help="sealed batches on this device: status, flush")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser(
        "status",
        help="what became of every batch: delivered, evicted, quarantined, pending",
        description="Exit status: 0; 1 when the spool cannot be read.",
    )
    status.add_argument("--json", action="store_true", help="print the counters as JSON")
    status.set_defaults(handler=run_status)
    flush = actions.add_parser(
        "flush",
        help="seal what the agent holds and upload everything pending now",
        description="Exit status: 0 when nothing is pending; 1 on timeout or when it cannot run.",
    )
    flush.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_FLUSH_SECONDS,
        metavar="SECONDS",
        help=f"give up after this long (default {DEFAULT_FLUSH_SECONDS:.0f})",
    )
    flush.set_defaults(handler=run_flush)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError("must be between 0 and 86400 seconds")
    return value


# -- status --------------------------------------------------------------------------------


def run_status(args: argparse.Namespace) -> int:
    paths = AgentPaths.resolve()
    policy = load_policy()
    counters = _read_counters(paths, policy)
    report: dict[str, Any] = {
        **counters.to_dict(),
        "outbox_pending": len(Outbox(paths.state_dir).pending()),
        "enrolled": _enrolled(paths),
        "agent_running": running_agent(paths.state_dir) is not None,
        "spool": str(paths.spool_dir / SPOOL_FILE),
    }
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(_describe(counters, report))
    return 0


def _read_counters(paths: AgentPaths, policy: EffectivePolicy) -> SpoolCounters:
    try:
        with spool_for(paths, policy) as spool:
            return spool.counters()
    except SpoolError as error:
        raise CommandError(str(error)) from None


def _enrolled(paths: AgentPaths) -> dict[str, Any] | None:
    try:
        enrolment = load_enrolment(paths.state_dir)
    except FileProblem as error:
        raise CommandError(str(error)) from None
    if enrolment is None:
        return None
    return {
        "study": enrolment.study_id,
        "collector": enrolment.collector_url,
        "keys": len(enrolment.keys),
        "enrolled_at": enrolment.enrolled_at,
    }


def _describe(counters: SpoolCounters, report: dict[str, Any]) -> str:
    evicted = ", ".join(
        f"{reason} {counters.evicted[reason]}"
        for reason in EVICTION_REASONS
        if counters.evicted.get(reason)
    )
    enrolled = report["enrolled"]
    lines = [
        f"Batches created     {counters.created}",
        f"  sealed            {counters.sealed}",
        f"  delivered         {counters.delivered}",
        f"  evicted           {counters.evicted_total}" + (f" ({evicted})" if evicted else ""),
        f"  quarantined       {counters.quarantined}",
        f"  pending           {counters.pending} ({_size(counters.pending_bytes)})",
        f"Messages waiting    {report['outbox_pending']}",
        "Last upload         "
        + (
            f"{counters.last_attempt_at}: {counters.last_result}"
            if counters.last_attempt_at
            else "never"
        ),
        "Enrolled            "
        + (f"study {enrolled['study']} at {enrolled['collector']}" if enrolled else "no"),
        f"Agent running       {'yes' if report['agent_running'] else 'no'}",
        "Accounted for       "
        + ("yes" if counters.balanced else "NO: delivered + evicted + quarantined + pending")
        + ("" if counters.balanced else f" != created ({counters.created})"),
    ]
    return "\n".join(lines) + "\n"


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / (1024 * 1024):.1f} MB"


# -- flush ---------------------------------------------------------------------------------


def run_flush(args: argparse.Namespace) -> int:
    deadline = time.monotonic() + args.timeout
    logging.basicConfig(level=logging.WARNING, format="consentry: %(message)s", stream=sys.stderr)
    watchdog = threading.Timer(args.timeout + FLUSH_GRACE_SECONDS, _give_up, (args.timeout,))
    watchdog.daemon = True
    watchdog.start()
    paths = AgentPaths.resolve()
    policy = load_policy()
    if policy.problems:
        raise CommandError(
            f"the policy has {len(policy.problems)} problem(s); see: consentry policy show"
        )
    if not policy.enrolled:
        raise CommandError("no study is configured (study.id is empty): nothing to send")
    try:
        spool = spool_for(paths, policy)
        spool.counters()
    except SpoolError as error:
        raise CommandError(str(error)) from None
    with spool:
        awaiting = _agent_seals(paths, spool, deadline)
        uploader = _uploader(paths, policy, spool, deadline)
        try:
            batches, messages = _upload_until_empty(uploader, deadline)
        finally:
            uploader.client.close()
        last = spool.counters().last_result
    if batches or messages or awaiting:
        parts = [f"{batches} batch(es)", f"{messages} message(s)"]
        if awaiting:
            parts.append(f"{awaiting} batch(es) the agent cannot seal yet (not enrolled)")
        raise CommandError(
            f"after {args.timeout:g} s, still pending: {', '.join(parts)}"
            + (f" (last upload result: {last})" if last else ""),
            EXIT_PENDING,
        )
    sys.stdout.write("spool: nothing pending; every batch and message was sent\n")
    return 0


def _give_up(timeout: float) -> None:
    """The watchdog: a request the collector will not finish does not outlast --timeout."""
    sys.stderr.write(
        f"consentry: after {timeout:g} s, still sending (the collector does not answer)\n"
    )
    sys.stderr.flush()
    os._exit(EXIT_PENDING)


def _agent_seals(paths: AgentPaths, spool: Spool, deadline: float) -> int:
    """Ask a running agent to seal what it holds; how many batches it still cannot seal."""
    pid = running_agent(paths.state_dir)
    if pid is None:
        return 0
    token = request_flush(paths.state_dir, pid)
    if token is None:
        return 0
    while time.monotonic() < deadline:
        if spool.meta(FLUSHED_META) == token:
            return int(spool.meta(AWAITING_KEY_META) or 0)
        time.sleep(0.05)
    raise CommandError(f"the running agent (process {pid}) did not seal in time", EXIT_PENDING)


def _uploader(
    paths: AgentPaths, policy: EffectivePolicy, spool: Spool, deadline: float
) -> Uploader:
    target = UploadTarget.from_policy(policy)
    left = max(1.0, deadline - time.monotonic())
    try:
        device_id = device_pseudonym(paths.state_dir)
        device_key = device_signing_key(paths.state_dir, device_id)
        client = CollectorClient(
            target.collector_url,
            target.tls,
            read_seconds=min(30.0, left),
            deadline_seconds=left,
        )
    except (FileProblem, TlsSettingsError, ValueError) as error:
        raise CommandError(str(error)) from None
    return Uploader(
        target,
        paths,
        spool,
        EnrolmentState(paths.state_dir),
        device_id=device_id,
        device_key=device_key,
        client=client,
    )


def _upload_until_empty(uploader: Uploader, deadline: float) -> tuple[int, int]:
    while True:
        wait = uploader.round()
        batches, messages = uploader.pending_work()
        left = deadline - time.monotonic()
        if (not batches and not messages) or left <= 0:
            return batches, messages
        time.sleep(min(wait if wait is not None else FLUSH_POLL_SECONDS, left))
