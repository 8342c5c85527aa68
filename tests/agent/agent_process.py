"""Running ``consentry`` (or a test entry point) as its own process on a test state directory.

One place builds the environment that points the agent at temporary
directories, so every cross-process test starts the agent the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from agent.paths import AgentPaths

REPO = Path(__file__).resolve().parents[2]


def agent_env(
    paths: AgentPaths, managed: Path | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of an agent on ``paths``; ``managed`` is its managed policy file.

    Without ``managed`` the managed policy is a file that does not exist, so the
    machine's own ``/etc/consentry/policy.toml`` never leaks into a test.
    """
    return {
        **(os.environ if base is None else base),
        "CONSENTRY_STATE_DIR": str(paths.state_dir),
        "CONSENTRY_DATA_DIR": str(paths.data_dir),
        "CONSENTRY_CONFIG_DIR": str(paths.config_dir),
        "CONSENTRY_MANAGED_POLICY": str(managed or paths.config_dir / "no-managed-policy.toml"),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }


def run_module(
    module: str, paths: AgentPaths, *args: str, managed: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m module args…`` to completion, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env=agent_env(paths, managed),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def start_module(
    module: str,
    paths: AgentPaths,
    *args: str,
    managed: Path | None = None,
    base: Mapping[str, str] | None = None,
) -> subprocess.Popen[str]:
    """``python -m module args…`` in the background; stdout and stderr merged, as text."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env=agent_env(paths, managed, base),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
