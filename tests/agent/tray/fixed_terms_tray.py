"""``python -m agent.tray`` with the test study's terms and one locked setting.

For the smoke test: the real tray, the real state directory from
``CONSENTRY_STATE_DIR``, only the terms do not come from policy files.
"""

from __future__ import annotations

import sys

from agent.tray import LockedSetting
from agent.tray.__main__ import main
from tests.agent.consent.conftest import TERMS

LOCKS = (LockedSetting("Screen capture interval", "60 s"),)

if __name__ == "__main__":
    sys.exit(main(lambda: (TERMS, LOCKS)))
