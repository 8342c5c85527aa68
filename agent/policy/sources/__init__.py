"""Managed (IT) policy sources: one interface, one module per OS, chosen once.

:func:`managed_source` is the only place that looks at the platform. An admin
or a test can point the agent at any policy file with ``CONSENTRY_MANAGED_POLICY``
(TOML, or by its name a ``.plist`` or a ``.reg`` export) on every OS.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from agent.policy.sources.base import FileSource, ManagedSource, NoManagedPolicy

MANAGED_POLICY_VARIABLE = "CONSENTRY_MANAGED_POLICY"

__all__ = [
    "MANAGED_POLICY_VARIABLE",
    "FileSource",
    "ManagedSource",
    "NoManagedPolicy",
    "managed_source",
]


def managed_source(
    platform: str | None = None, environ: Mapping[str, str] | None = None
) -> ManagedSource:
    env = os.environ if environ is None else environ
    override = env.get(MANAGED_POLICY_VARIABLE, "")
    if override:
        return FileSource(Path(override).expanduser())
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        from agent.policy.sources.macos import ManagedPreferencesSource

        return ManagedPreferencesSource()
    if platform == "win32":
        from agent.policy.sources.windows import RegistrySource, WinregReader

        return RegistrySource(WinregReader())
    from agent.policy.sources.linux import linux_source

    return linux_source()
