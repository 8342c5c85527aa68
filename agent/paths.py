"""Where the agent keeps its files on this machine, resolved once.

Every location can be overridden by an environment variable, for tests, for
admins who relocate the agent, and for running several agents side by side:

* ``CONSENTRY_CONFIG_DIR`` — the user's own preferences (``preferences.toml``);
* ``CONSENTRY_STATE_DIR`` — consent state, receipts, the device pseudonym;
* ``CONSENTRY_DATA_DIR`` — the spool of sealed batches and other unsent data.

The data directory holds only data not yet uploaded, because withdrawal empties
it whole. By default it is ``unsent`` inside the platform's data directory: on
macOS and Windows the platform's state and data directories are the same
place, and the consent state must survive a withdrawal (it records it). For the
same reason a data directory set to the state directory becomes its ``unsent``
subdirectory.

Managed (IT) policy locations are per OS and live with the policy sources.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "consentry"
#: The data directory's name inside the platform's data directory.
UNSENT_DIR = "unsent"


@dataclass(frozen=True)
class AgentPaths:
    config_dir: Path
    state_dir: Path
    data_dir: Path

    @property
    def user_preferences(self) -> Path:
        return self.config_dir / "preferences.toml"

    @property
    def spool_dir(self) -> Path:
        """Sealed batches waiting for upload: everything withdrawal must delete."""
        return self.data_dir / "spool"

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None) -> AgentPaths:
        env = os.environ if environ is None else environ
        import platformdirs

        def pick(variable: str, default: str) -> Path:
            value = env.get(variable, "")
            return Path(value).expanduser() if value else Path(default)

        state_dir = pick("CONSENTRY_STATE_DIR", platformdirs.user_state_dir(APP_NAME))
        data_dir = pick(
            "CONSENTRY_DATA_DIR", str(Path(platformdirs.user_data_dir(APP_NAME)) / UNSENT_DIR)
        )
        if data_dir == state_dir:  # withdrawal empties the data directory, never the state
            data_dir = data_dir / UNSENT_DIR
        return cls(
            config_dir=pick("CONSENTRY_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME)),
            state_dir=state_dir,
            data_dir=data_dir,
        )
