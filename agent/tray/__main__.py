"""``python -m agent.tray``: the same as ``consentry run`` (the tray is the agent's face).

Kept so that desktop autostart entries and tests can start the tray by module
name; everything happens in :mod:`agent.commands.run`.
"""

from __future__ import annotations

import sys

from agent import cli

if __name__ == "__main__":
    sys.exit(cli.main(["run", *sys.argv[1:]]))
