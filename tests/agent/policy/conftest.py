"""Building real policy files in temporary directories and loading them."""

from __future__ import annotations

import plistlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agent.policy import EffectivePolicy, NoManagedPolicy, load_policy

REPOSITORY = Path(__file__).resolve().parents[3]
DEFAULTS = REPOSITORY / "config" / "default-policy.toml"
EXAMPLES = sorted((REPOSITORY / "config" / "examples").glob("*.toml"))

#: A managed policy that enrols the device, so that capture can be allowed.
ENROLLED = """
[study]
id = "study-1"
[collector]
url = "https://collector.example.org/ingest"
"""

Load = Callable[..., EffectivePolicy]


@pytest.fixture
def load(tmp_path: Path) -> Load:
    """``load(managed=TOML text | Path | None, user=TOML text | None)`` over the real defaults."""

    def run(managed: str | Path | None = None, user: str | None = None) -> EffectivePolicy:
        managed_source: Any = NoManagedPolicy()
        if isinstance(managed, Path):
            managed_source = managed
        elif managed is not None:
            managed_source = write(tmp_path / "managed.toml", managed)
        user_path = tmp_path / "user-preferences.toml"
        if user is not None:
            write(user_path, user)
        return load_policy(defaults=DEFAULTS, managed=managed_source, user=user_path)

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_plist(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        plistlib.dump(data, handle)
    return path


def reasons(policy: EffectivePolicy) -> dict[str, str]:
    """Problem reason by key, for assertions that read as the message IT gets."""
    return {problem.key: problem.reason for problem in policy.problems}
