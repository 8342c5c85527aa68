"""``consentry consent status|notice|grant|pause|resume|withdraw``: consent without a desktop.

For headless machines and scripts, and for anyone who prefers a terminal to the
tray. Every command acts through the consent controller on the same state
directory as the running agent (``CONSENTRY_STATE_DIR``, ``CONSENTRY_DATA_DIR``),
so a pause typed here stops the agent's capture before its next event.

Exit status, for scripts: ``status`` exits 0 when consent is in a known state
(recording, paused, off, withdrawn) and 1 in the error state (a broken policy
or an unreadable consent state file), with the reason in the output. Every
other action exits 0 when it was carried out and 1 when it was refused or
failed, with one ``consentry: …`` line on stderr; 2 is a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from agent.commands.errors import CommandError
from agent.consent import ConsentController, ConsentError, ConsentStatus
from agent.consent.pause import PauseError
from agent.consent.terms import PURPOSE_LABELS, PURPOSES, load_terms
from agent.paths import AgentPaths

#: ``consentry consent status`` in the error state (broken policy, unreadable state).
EXIT_ERROR_STATE = 1


def register(groups: Any) -> None:
    parser = groups.add_parser("consent", help="see, give, pause or withdraw consent")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    status = actions.add_parser(
        "status",
        help="whether the agent is recording, and why",
        description="Exit status: 0 recording, paused, off or withdrawn; 1 error "
        "(a broken policy or an unreadable consent state file).",
    )
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=run_status)

    notice = actions.add_parser("notice", help="print the notice consent is asked under")
    notice.set_defaults(handler=run_notice)

    grant = actions.add_parser("grant", help="consent to purposes (default: all offered)")
    grant.add_argument(
        "purposes",
        nargs="*",
        metavar="PURPOSE",
        help=f"purposes to consent to, exactly ({', '.join(PURPOSES)})",
    )
    grant.set_defaults(handler=run_grant)

    pause = actions.add_parser("pause", help="pause collection (15m, 30m, 1h, 2h, tomorrow)")
    pause.add_argument("length", metavar="DURATION", help="15m, 1h, tomorrow (06:00), ...")
    pause.set_defaults(handler=run_pause)

    resume = actions.add_parser("resume", help="end a pause now")
    resume.set_defaults(handler=run_resume)

    withdraw = actions.add_parser(
        "withdraw", help="withdraw consent: stop, delete unsent data, ask the study to erase"
    )
    withdraw.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    withdraw.set_defaults(handler=run_withdraw)


def controller() -> ConsentController:
    return ConsentController(AgentPaths.resolve(), load_terms())


def _labels(purposes: tuple[str, ...]) -> str:
    return ", ".join(PURPOSE_LABELS[p] for p in purposes) or "nothing"


def describe(status: ConsentStatus) -> str:
    """One line: the mode and what it means."""
    if status.mode == "recording":
        return f"recording ({_labels(status.active)})"
    if status.mode == "paused" and status.paused_until is not None:
        local = status.paused_until.astimezone().strftime("%Y-%m-%d %H:%M %Z")
        return f"paused until {local} (then {_labels(status.granted)} again)"
    return f"{status.mode}: {status.reason}"


def _device(control: ConsentController) -> str:
    try:
        return control.pseudonym()
    except ConsentError as error:
        return f"unavailable ({error})"


def run_status(args: argparse.Namespace) -> int:
    control = controller()
    status = control.status()
    device = _device(control)
    if args.json:
        payload = {
            "state": status.mode,
            "reason": status.reason,
            "policy_problems": list(control.terms.problems),
            "purposes_granted": list(status.granted),
            "purposes_active": list(status.active),
            "paused_until": _iso(status),
            "notice_agreed": status.notice_agreed,
            "notice_current": status.notice_current,
            "notice_pending": status.notice_pending,
            "study_id": control.terms.study_id,
            "device": device,
            "state_file": control.state_file,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return _exit_code(status)
    agreed = status.notice_agreed or "none"
    problems = control.terms.problems
    headline = (
        "error: the policy has problems; nothing is recorded until they are fixed:"
        if problems
        else describe(status)
    )
    lines = [
        f"consent: {headline}",
        *(f"  {problem}" for problem in problems),
        f"study: {control.terms.study_name or control.terms.study_id or '(none configured)'}",
        f"notice: version {agreed} agreed, current {status.notice_current or '(none)'}"
        + (" — read `consentry consent notice` and grant again" if status.notice_pending else ""),
        f"device pseudonym: {device}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return _exit_code(status)


def _exit_code(status: ConsentStatus) -> int:
    return EXIT_ERROR_STATE if status.mode == "error" else 0


def _iso(status: ConsentStatus) -> str | None:
    if status.paused_until is None:
        return None
    return status.paused_until.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_notice(args: argparse.Namespace) -> int:
    sys.stdout.write(controller().notice())
    return 0


def run_grant(args: argparse.Namespace) -> int:
    control = controller()
    try:
        status = control.grant(args.purposes or None)
    except ConsentError as error:
        raise CommandError(str(error)) from None
    sys.stdout.write(f"consent: {describe(status)}\n")
    return 0


def run_pause(args: argparse.Namespace) -> int:
    try:
        status = controller().pause(args.length)
    except (ConsentError, PauseError) as error:
        raise CommandError(str(error)) from None
    sys.stdout.write(f"consent: {describe(status)}\n")
    return 0


def run_resume(args: argparse.Namespace) -> int:
    try:
        status = controller().resume()
    except ConsentError as error:
        raise CommandError(str(error)) from None
    sys.stdout.write(f"consent: {describe(status)}\n")
    return 0


def _confirmed() -> bool:
    if not sys.stdin.isatty():
        raise CommandError("withdraw asks for confirmation; not at a terminal, pass --yes")
    answer = input(
        "Withdraw consent? Collection stops, all data not yet sent is deleted, "
        "and the study is asked to erase what it has. [y/N] "
    )
    return answer.strip().lower() in ("y", "yes")


def run_withdraw(args: argparse.Namespace) -> int:
    if not args.yes and not _confirmed():
        sys.stdout.write("consent: nothing changed\n")
        return 1
    try:
        outcome = controller().withdraw()
    except ConsentError as error:
        raise CommandError(str(error)) from None
    failures = outcome.erased.failures
    if failures:
        path, reason = failures[0]
        raise CommandError(
            f"consent withdrawn and collection stopped, but {len(failures)} unsent item(s) "
            f"could not be deleted (first: {path}: {reason})"
        )
    sys.stdout.write(
        f"consent withdrawn: collection stopped, {outcome.erased.files} unsent file(s) "
        "deleted, deletion request queued for the study\n"
    )
    return 0
