"""``consentry run``: the agent process — policy, consent controller, tray, capture.

Start-up, in order:

1. Log to stderr and to ``agent.log`` in the state directory (owner-only).
2. Load the effective policy and log each problem once, as
   ``file: key: reason`` (never a value).
3. Headless (``--headless``, or on Linux no ``DISPLAY``/``WAYLAND_DISPLAY``)
   with a broken policy: exit 1 without starting anything — a service manager
   shows the failure, and there is no tray to show it in.
4. Start the consent controller under the policy's terms, and subscribe the
   capture sources to it (:class:`CaptureSources`).
5. With a display, run the tray until Quit, SIGTERM or SIGINT. The tray starts
   even with a broken policy — in the error state, showing why — because the
   indicator and the controls never depend on a valid policy; capture stays
   off, since the gate is closed while the policy has problems. Headless, poll
   the consent gate until SIGTERM or SIGINT, logging each change of state.

Capture sources do not exist yet (issue 5). :meth:`CaptureSources.follow` is
the one place they will be started and stopped: it is a consent listener, so
only the controller's status — never a menu click or a policy file directly —
turns capture on or off.

Exit status: 0 after a clean stop; 1 when the policy has problems and there
is no display, when the state directory cannot be used, or when the tray
cannot be shown (one line on stderr each, never a traceback).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from agent.commands.errors import CommandError
from agent.consent import ConsentController, ConsentStatus, ConsentTerms
from agent.consent.terms import terms_from_policy
from agent.files import ensure_private_dir
from agent.paths import AgentPaths
from agent.policy import load_policy
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
#: Files the agent creates are the user's alone (logs, notice copies, state).
PRIVATE_UMASK = 0o077
EXIT_POLICY = 1


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
    return serve(paths, terms_from_policy(policy), locked_settings(policy), headless=headless)


def serve(
    paths: AgentPaths,
    terms: ConsentTerms,
    locks: Sequence[LockedSetting] = (),
    *,
    headless: bool,
) -> int:
    """Run the controller (and the tray, unless ``headless``) until told to stop.

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
    capture = CaptureSources()

    def start_capture() -> None:
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
    log.info("stopped")
    return 0


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

    Issue 5 plugs the input, window and screen sources in here: ``follow``
    starts a source when its purpose becomes active and signals it to stop
    when it is no longer active (listeners must not block). Until then it
    keeps track of which purposes would be captured and logs each change as a
    state and a count.
    """

    def __init__(self) -> None:
        self.active: tuple[str, ...] = ()
        self.mode: str | None = None

    def follow(self, status: ConsentStatus) -> None:
        if (status.mode, status.active) == (self.mode, self.active):
            return
        # Issue 5: stop the sources for purposes no longer in status.active,
        # then start those newly in it. No capture sources exist yet.
        self.mode, self.active = status.mode, status.active
        log.info("consent %s: %d purpose(s) active", status.mode, len(status.active))

    def stop(self) -> None:
        """The agent is stopping: stop every source (issue 5), whatever consent says."""
        if self.active:
            log.info("capture stopped: the agent is stopping")
        self.active = ()


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
