"""The ``consentry`` command line: one parser, one module per command group.

Every command reports bad input as one line on stderr naming the problem and
exits non-zero; a traceback never reaches the user. Messages never contain
the content being processed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from agent.commands import consent, policy, preview, redact, run, spool
from agent.commands.errors import CommandError

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consentry",
        description="Consented endpoint telemetry with on-device redaction.",
    )
    groups = parser.add_subparsers(dest="group", metavar="COMMAND", required=True)
    redact.register(groups)
    policy.register(groups)
    consent.register(groups)
    run.register(groups)
    preview.register(groups)
    spool.register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CommandError as error:
        print(f"consentry: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("consentry: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); nothing useful left to say.
        return 0


if __name__ == "__main__":
    sys.exit(main())
