"""The agent with its tray, under the test study's terms and one locked setting.

For the smoke test: the real tray and controller, the real state directory
from ``CONSENTRY_STATE_DIR``; only the terms do not come from policy files.
``python -m tests.agent.tray.fixed_terms_tray``.
"""

from __future__ import annotations

import sys

from agent.commands.run import serve, start_logging
from agent.paths import AgentPaths
from agent.tray import LockedSetting
from tests.agent.consent.conftest import TERMS

LOCKS = (LockedSetting("Screen capture interval", "60 s"),)

if __name__ == "__main__":
    paths = AgentPaths.resolve()
    start_logging(paths)
    sys.exit(serve(paths, TERMS, LOCKS, headless=False))
