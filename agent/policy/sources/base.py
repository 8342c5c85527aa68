"""The one interface every managed-policy source implements."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from agent.policy.files import RawPolicy, read_policy_file


class ManagedSource(Protocol):
    """Where IT's policy lives on this OS.

    ``read`` returns the documents found, lowest precedence first (macOS has a
    device-wide and a per-user managed preferences file); an empty tuple means
    the device is not managed. It never raises: a policy that cannot be read is
    a :class:`RawPolicy` carrying the problem.
    """

    def describe(self) -> str:
        """Where this source looks, for ``policy show`` and messages."""
        ...

    def read(self) -> tuple[RawPolicy, ...]: ...


class FileSource:
    """A managed policy in one file: TOML, or by its name a ``.plist`` or a ``.reg`` export."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        return str(self.path)

    def read(self) -> tuple[RawPolicy, ...]:
        raw = read_policy_file(self.path)
        return (raw,) if raw.present else ()


class NoManagedPolicy:
    """An unmanaged device (and tests that want no managed layer)."""

    def describe(self) -> str:
        return "none"

    def read(self) -> tuple[RawPolicy, ...]:
        return ()
