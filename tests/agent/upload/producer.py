"""An agent without capture: the real delivery path in its own process, fed synthetic records.

The fault test kills and restarts this process, fills its disk and moves its
wall clock, so it must be a real process running the agent's own code:
:class:`agent.delivery.Delivery` (batcher, spool, uploader) opened exactly as
``consentry run`` opens it, with the consent controller as the gate. Only
capture is replaced — by numbered synthetic ``typed_text`` records, so that
the test can count every record at the collector. Capture itself is tested
on a real desktop elsewhere.

    python -m tests.agent.upload.producer --first 0 --rate 200

Environment: the agent's own (``CONSENTRY_STATE_DIR``, ``CONSENTRY_DATA_DIR``,
``CONSENTRY_MANAGED_POLICY``, the enrolment secret's variable), and
``PRODUCER_CLOCK_FILE``: a file holding seconds to add to the wall clock,
read on every call — the test writes it to make the clock jump.
Runs until SIGTERM (seals what it holds, exit 0) or SIGKILL.
"""

from __future__ import annotations

import os
import time

_real_time = time.time


def _shifted_time() -> float:
    """The wall clock plus the offset the test wrote (0 when there is none)."""
    try:
        with open(os.environ["PRODUCER_CLOCK_FILE"], encoding="ascii") as stream:
            return _real_time() + float(stream.read().strip() or 0)
    except (KeyError, OSError, ValueError):
        return _real_time()


time.time = _shifted_time  # before the agent's modules bind time.time as a default

import argparse  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from agent.commands.run import HTTP_LOGGERS  # noqa: E402
from agent.consent import ConsentController  # noqa: E402
from agent.consent.terms import terms_from_policy  # noqa: E402
from agent.delivery import Delivery  # noqa: E402
from agent.instance import AgentInstance  # noqa: E402
from agent.paths import AgentPaths  # noqa: E402
from agent.policy import load_policy  # noqa: E402
from agent.upload import CollectorClient  # noqa: E402
from agent.upload.pacing import Backoff  # noqa: E402
from agent.wire import TypedText  # noqa: E402

#: The collector double answers at once; short timeouts keep the test's faults short.
READ_SECONDS = 2.0
DEADLINE_SECONDS = 4.0
#: As ``consentry run --headless``: consent changes made elsewhere are seen this often.
POLL_SECONDS = 1.0


def record(device_id: str, index: int) -> TypedText:
    """Record number ``index``: its number is in ``segment`` and ``mono_ns``."""
    return TypedText(
        device_id=device_id,
        mono_ns=index,
        wall_time=datetime.fromtimestamp(_shifted_time(), UTC),
        app_id="Producer",
        field_id="f1",
        segment=index,
        text_redacted=f"synthetic record {index}",
        flush="enter",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first", type=int, default=0, help="number of the first record")
    parser.add_argument("--rate", type=float, default=200.0, help="records a second")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="producer: %(message)s", stream=sys.stderr)
    for library in HTTP_LOGGERS:
        logging.getLogger(library).setLevel(logging.WARNING)
    paths = AgentPaths.resolve()
    policy = load_policy()
    if policy.problems:
        print(f"policy problems: {[str(p) for p in policy.problems]}", file=sys.stderr)
        return 1
    instance = AgentInstance(paths.state_dir)  # as consentry run: spool flush finds it
    instance.acquire()
    controller = ConsentController(paths, terms_from_policy(policy))
    delivery = Delivery.open(paths, policy, controller)
    delivery.uploader.client.close()
    delivery.uploader.client = CollectorClient(
        str(policy.value("collector.url")),
        read_seconds=READ_SECONDS,
        deadline_seconds=DEADLINE_SECONDS,
    )
    delivery.uploader.backoff = Backoff(base=0.05, cap=1.0)
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    signal.signal(signal.SIGUSR1, lambda signum, frame: delivery.request_flush())
    controller.subscribe(delivery.follow)  # as consentry run: withdrawal drops the unsealed
    delivery.start()
    device_id = controller.pseudonym()
    print("running", flush=True)
    index = args.first
    started = time.monotonic()
    next_poll = 0.0
    while not stopping:
        if time.monotonic() >= next_poll:  # consent changed by another process
            controller.poll()
            next_poll = time.monotonic() + POLL_SECONDS
        due = started + (index - args.first) / args.rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(min(pause, 0.1))
            continue
        if controller.allows("input_activity"):
            delivery.emit(record(device_id, index))
        index += 1
    delivery.stop()
    instance.release()
    print(f"stopped after record {index - 1}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
