"""macOS: managed preferences written by a configuration profile (MDM).

A profile's ``com.apple.ManagedClient.preferences`` payload for the domain
``org.consentry.agent`` is written by macOS to
``/Library/Managed Preferences/org.consentry.agent.plist`` (device scope) and
``/Library/Managed Preferences/<user>/org.consentry.agent.plist`` (user scope).
Their keys mirror the TOML policy: a dictionary per section, and a
``recommended`` dictionary with the same shape for managed defaults. The user-
scope file is read after the device one, so it wins where both set a key (as
CFPreferences resolves them).

Tested here with real property lists written by plistlib into temporary
directories. Verification owed: a real profile installed by a real MDM on a
Mac (the file names, their ownership, and the keys macOS adds, if any).
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from agent.policy.files import RawPolicy, read_policy_file

MANAGED_PREFERENCES_DIR = Path("/Library/Managed Preferences")
DOMAIN = "org.consentry.agent"


class ManagedPreferencesSource:
    def __init__(
        self,
        root: Path = MANAGED_PREFERENCES_DIR,
        domain: str = DOMAIN,
        user: str | None = None,
    ) -> None:
        self.root = root
        self.domain = domain
        self.user = user if user is not None else _current_user()

    @property
    def paths(self) -> tuple[Path, ...]:
        """Device scope first, then user scope (which wins)."""
        device = self.root / f"{self.domain}.plist"
        if not self.user:
            return (device,)
        return (device, self.root / self.user / f"{self.domain}.plist")

    def describe(self) -> str:
        return " + ".join(str(path) for path in self.paths)

    def read(self) -> tuple[RawPolicy, ...]:
        found = (read_policy_file(path) for path in self.paths)
        return tuple(raw for raw in found if raw.present)


def _current_user() -> str:
    """The account the agent runs as, from the user database, not from $USER/$LOGNAME:
    an environment variable could point the "user-scope managed" file elsewhere."""
    try:
        name = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return ""
    return "" if "/" in name or name.startswith(".") else name
