"""``consentry`` in its own process, with the test study's terms instead of the policy's.

Used by the cross-process and round-trip tests: everything is real (argument
parsing, the state directory from ``CONSENTRY_STATE_DIR``, files, exit codes)
except where the terms come from, so these tests do not depend on the policy
files of the day. ``python -m tests.agent.consent.fixed_terms_cli consent status``.
"""

from __future__ import annotations

import sys

from agent import cli
from agent.commands import consent
from tests.agent.consent.conftest import TERMS

if __name__ == "__main__":
    consent.load_terms = lambda: TERMS
    sys.exit(cli.main(sys.argv[1:]))
