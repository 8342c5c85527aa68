"""``consentry run``: the agent process — policy, consent controller, tray, capture.

Start-up, in order:

1. Log to stderr and to ``agent.log`` in the state directory (owner-only).
2. Load the effective policy and log each problem once, as
   ``file: key: reason`` (never a value).
3. Headless (``--headless``, or on Linux no ``DISPLAY``/``WAYLAND_DISPLAY``)
   with a broken policy: exit 1 without starting anything — a service manager
   shows the failure, and there is no tray to show it in.
4. Take the agent lock (one agent per state directory; :mod:`agent.instance`),
   start the consent controller under the policy's terms, open the path off
   the device when the policy names a study (:class:`agent.delivery.Delivery`:
   batcher, spool, uploader), and subscribe it and the capture sources
   (:class:`CaptureSources`) to consent. A delivery that cannot be set up is
   logged and nothing is captured.
5. With a display, run the tray until Quit, SIGTERM or SIGINT. The tray starts
   even with a broken policy — in the error state, showing why — because the
   indicator and the controls never depend on a valid policy; capture stays
   off, since the gate is closed while the policy has problems. Headless, poll
   the consent gate until SIGTERM or SIGINT, logging each change of state.

:meth:`CaptureSources.follow` is the one place capture is started and
stopped: it is a consent listener, so only the controller's status — never a
menu click or a policy file directly — turns capture on or off. Records go to
the delivery, which seals them in memory before anything is written.
``SIGUSR1`` asks the agent to seal what it holds now (``consentry spool flush``).

Exit status: 0 after a clean stop; 1 when the policy has problems and there
is no display, when the state directory cannot be used, when another agent
runs on it, or when the tray cannot be shown (one line on stderr each, never
a traceback).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from agent.capture.session import CaptureSession, CaptureStartError
from agent.commands.errors import CommandError
from agent.consent import ConsentController, ConsentStatus, ConsentTerms
from agent.consent.terms import terms_from_policy
from agent.delivery import Delivery, DeliveryError
from agent.files import ensure_private_dir
from agent.instance import AgentInstance, AlreadyRunning
from agent.paths import AgentPaths
from agent.policy import EffectivePolicy, load_policy
from agent.tray.locks import locked_settings
from agent.tray.menu import LockedSetting

if TYPE_CHECKING:
    from agent.tray.runner import TrayRunner

log = logging.getLogger(__name__)

#: File name of the agent's log inside the state directory.
LOG_FILE = "agent.log"
#: The log is rotated at this size, keeping one old file: bounded on disk, and it
#: holds states and counts only, never content.
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 1
#: Headless, how often the gate is re-checked: a pause that ends, or a change made
#: with ``consentry consent`` in a terminal, is logged within this many seconds (the
#: gate itself sees changes at once, on the next event).
POLL_SECONDS = 2.0
#: Headless, how soon a SIGTERM or SIGINT is acted on.
STOP_CHECK_SECONDS = 0.1
#: HTTP libraries whose INFO lines (one per request) stay out of the agent's log.
HTTP_LOGGERS = ("httpx", "httpcore")
#: Files the agent creates are the user's alone (logs, notice copies, state).
PRIVATE_UMASK = 0o077
EXIT_POLICY = 1
#: How long stopping the agent waits for capture to stop. Each source bounds its
#: own stop (the screen source abandons a frame after 15 s, the input hooks and
#: worker after 10 s each); past this the agent exits anyway — nothing is kept
#: that a source hands on later, since the process is gone.
STOP_SESSION_SECONDS = 60.0


def register(groups: Any) -> None:
    parser = groups.add_parser(
        "run",
        help="run the agent: the tray, the consent gate and (later) capture",
        description="Run the agent until Quit, SIGTERM or SIGINT. Exit status: 0 after a "
        "clean stop; 1 when the policy has problems and there is no display (each "
        "problem is reported as FILE: KEY: REASON), the state directory is unusable, or the "
        "tray cannot be shown.",
    )
    parser.add_argument(
        "--headless", action="store_true", help="no tray, even if a display is available"
    )
    parser.set_defaults(handler=run)


def has_display(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Whether a tray can be shown: on Linux only with an X or Wayland display."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    paths = AgentPaths.resolve()
    start_logging(paths)
    policy = load_policy()
    for problem in policy.problems:
        log.error("policy problem: %s", problem)
    headless = args.headless or not has_display()
    if policy.problems and headless:
        raise CommandError(
            f"not started: the policy has {len(policy.problems)} problem(s) (listed above); "
            "fix them and start again",
            EXIT_POLICY,
        )
    if hasattr(signal, "SIGUSR1"):  # before agent.pid exists: a flush request never kills us
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    instance = AgentInstance(paths.state_dir)
    try:
        instance.acquire()
    except AlreadyRunning as error:
        raise CommandError(f"not started: {error}") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(f"cannot use the state directory {paths.state_dir}: {reason}") from None
    try:
        return serve(
            paths,
            terms_from_policy(policy),
            locked_settings(policy),
            headless=headless,
            policy=None if policy.problems else policy,
        )
    finally:
        instance.release()


def serve(
    paths: AgentPaths,
    terms: ConsentTerms,
    locks: Sequence[LockedSetting] = (),
    *,
    headless: bool,
    policy: EffectivePolicy | None = None,
) -> int:
    """Run the controller (and the tray, unless ``headless``) until told to stop.

    Capture runs under ``policy`` as consent allows; without one (a policy with
    problems) the gate is closed anyway and only the consent state is followed.

    The signal handler only sets a flag (and asks the tray to stop): it runs on
    the main thread between two bytecodes, so taking a lock there — as
    ``threading.Event.set`` does — can deadlock against the very wait it
    interrupts.
    """
    stopping: list[int] = []
    runner: TrayRunner | None = None

    def on_signal(signum: int, frame: object) -> None:
        stopping.append(signum)
        if runner is not None:
            runner.stop()

    for signum in (signal.SIGTERM, signal.SIGINT):  # before anything starts: a clean stop
        signal.signal(signum, on_signal)
    controller = ConsentController(paths, terms)
    delivery = _open_delivery(paths, policy, controller)
    capture = CaptureSources(
        None
        if policy is None or delivery is None
        else _session_starter(controller, policy, delivery)
    )
    if delivery is not None and hasattr(signal, "SIGUSR1"):
        signal.signal(signal.SIGUSR1, lambda signum, frame: delivery.request_flush())

    def start_capture() -> None:
        if delivery is not None:  # sealing and upload start with capture, after the indicator
            controller.subscribe(delivery.follow)
            delivery.start()
        controller.subscribe(capture.follow)
        controller.poll()  # the starting state, logged and followed at once

    try:
        if headless:
            start_capture()
            next_poll = time.monotonic() + POLL_SECONDS
            while not stopping:
                time.sleep(STOP_CHECK_SECONDS)
                if time.monotonic() >= next_poll:
                    controller.poll()
                    next_poll = time.monotonic() + POLL_SECONDS
        else:
            from agent.tray.runner import TrayRunner

            # Capture follows consent only once the indicator is on screen.
            runner = TrayRunner(controller, locks=locks, on_visible=start_capture)
            if not stopping:
                _show(runner)
    finally:
        capture.stop()
        if delivery is not None:
            delivery.stop()
    log.info("stopped")
    return 0


def _open_delivery(
    paths: AgentPaths, policy: EffectivePolicy | None, controller: ConsentController
) -> Delivery | None:
    """The path off the device, when the policy names a study; ``None`` (logged) if it cannot be."""
    if policy is None or not policy.enrolled:
        return None
    try:
        return Delivery.open(paths, policy, controller)
    except DeliveryError as error:
        log.error("nothing will be captured: sealed data could not be kept or sent: %s", error)
        return None


def _show(runner: TrayRunner) -> None:
    """Run the tray; a desktop that cannot show it is one line, and nothing is captured."""
    try:
        runner.run()
    except Exception as error:  # no X connection, no tray backend: many types, one meaning
        raise CommandError(
            f"cannot show the tray ({type(error).__name__}: {error}); nothing was captured. "
            "Where there is no desktop, use: consentry run --headless"
        ) from None


class CaptureSources:
    """Starts and stops capture as consent allows: the only consent listener that captures.

    ``follow`` is called by the consent controller on every status change. It
    never blocks (listeners must not): it records the purposes that may now be
    captured and hands the change to a worker thread, which stops the running
    :class:`~agent.capture.session.CaptureSession` (flushing what its sources
    hold) and, if any purpose is still active, starts a new one for exactly
    those purposes. A session never outlives the consent it was started under
    by more than the time its sources take to stop.

    ``start_session`` makes and starts a session for a set of purposes; without
    it (the agent has no policy to capture under) only the state is tracked.
    """

    def __init__(
        self, start_session: Callable[[tuple[str, ...]], CaptureSession] | None = None
    ) -> None:
        self.active: tuple[str, ...] = ()
        self.mode: str | None = None
        self._start_session = start_session
        self._session: CaptureSession | None = None
        self._wanted: queue.SimpleQueue[tuple[str, ...] | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None

    def follow(self, status: ConsentStatus) -> None:
        if (status.mode, status.active) == (self.mode, self.active):
            return
        self.mode, self.active = status.mode, status.active
        log.info("consent %s: %d purpose(s) active", status.mode, len(status.active))
        if self._start_session is None:
            return
        if self._worker is None:
            self._worker = threading.Thread(
                target=self._apply_changes, name="consentry-capture", daemon=True
            )
            self._worker.start()
        self._wanted.put(status.active if status.recording else ())

    def stop(self) -> None:
        """The agent is stopping: stop every source, whatever consent says."""
        if self.active:
            log.info("capture stopped: the agent is stopping")
        self.active = ()
        if self._worker is not None:
            self._wanted.put(None)
            self._worker.join(STOP_SESSION_SECONDS)
            self._worker = None

    def _apply_changes(self) -> None:
        while True:
            wanted = self._wanted.get()
            while not self._wanted.empty():  # only the latest state matters
                wanted = self._wanted.get()
            if self._session is not None and (
                wanted is None or self._session.purposes != frozenset(wanted)
            ):
                session, self._session = self._session, None
                try:
                    session.stop("quit" if wanted is None else "consent")
                except Exception as error:  # this thread must live to apply the next change
                    log.error("capture did not stop cleanly: %s", type(error).__name__)
            if wanted is None:
                return
            if wanted and self._session is None and self._start_session is not None:
                try:
                    self._session = self._start_session(wanted)
                except CaptureStartError as error:  # fail closed: no session, nothing captured
                    log.error("capture could not start: %s", error)
                except Exception as error:  # the pseudonym, say: its type only
                    log.error("capture could not start: %s", type(error).__name__)


def _session_starter(
    controller: ConsentController, policy: EffectivePolicy, delivery: Delivery
) -> Callable[[tuple[str, ...]], CaptureSession]:
    def start(purposes: tuple[str, ...]) -> CaptureSession:
        session = CaptureSession(
            policy,
            device_id=controller.pseudonym(),
            purposes=purposes,
            emit=delivery.emit,
            gate=controller.allows,
        )
        session.start()
        return session

    return start


def start_logging(paths: AgentPaths) -> None:
    """Log to stderr and to the state directory's ``agent.log``; files owner-only."""
    os.umask(PRIVATE_UMASK)
    try:
        ensure_private_dir(paths.state_dir)
        to_file: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.state_dir / LOG_FILE,
            maxBytes=LOG_MAX_BYTES,
            backupCount=LOG_BACKUPS,
            encoding="utf-8",
        )
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(f"cannot use the state directory {paths.state_dir}: {reason}") from None
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    to_stderr = logging.StreamHandler(sys.stderr)
    to_stderr.setFormatter(logging.Formatter("consentry: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[to_stderr, to_file], force=True)
    for library in HTTP_LOGGERS:  # they log every request's URL at INFO: states and counts only
        logging.getLogger(library).setLevel(logging.WARNING)
