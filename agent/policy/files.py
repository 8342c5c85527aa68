"""Reading a policy file (TOML or property list) into nested tables.

A file that is absent is simply not there (no managed policy, no user
preferences). A file that is there but cannot be read or parsed is a problem
naming the file and why, never an exception and never silently skipped.
"""

from __future__ import annotations

import plistlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from agent.policy.limits import MAX_POLICY_FILE_BYTES
from agent.policy.problems import PolicyProblem


@dataclass(frozen=True)
class RawPolicy:
    """A decoded policy document, or why there is none, from one place."""

    origin: str
    data: dict[str, Any] | None
    problems: tuple[PolicyProblem, ...] = ()

    @property
    def present(self) -> bool:
        return self.data is not None or bool(self.problems)


def is_plist(path: Path) -> bool:
    return path.suffix.lower() == ".plist"


def is_reg_file(path: Path) -> bool:
    return path.suffix.lower() == ".reg"


def read_policy_file(path: Path) -> RawPolicy:
    """Read TOML; a property list when the name ends in ``.plist``; a Windows
    registry export when it ends in ``.reg``."""
    origin = str(path)
    data, problem = _read_bytes(path)
    if problem is not None:
        return RawPolicy(origin, None, (PolicyProblem(origin, "", problem),))
    if data is None:
        return RawPolicy(origin, None)
    if is_reg_file(path):
        from agent.policy.sources.regfile import read_reg_file  # it builds on files.py

        return read_reg_file(path, data)
    decoded, problem = _decode_plist(data) if is_plist(path) else _decode_toml(data)
    if problem is not None:
        return RawPolicy(origin, None, (PolicyProblem(origin, "", problem),))
    return RawPolicy(origin, decoded)


def _read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    try:
        if path.is_dir():
            return None, "cannot read: it is a directory"
        with path.open("rb") as handle:
            data = handle.read(MAX_POLICY_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"cannot read: {error.strerror or type(error).__name__}"
    if len(data) > MAX_POLICY_FILE_BYTES:
        return None, f"larger than {MAX_POLICY_FILE_BYTES // (1024 * 1024)} MiB: not a policy"
    return data, None


def _decode_toml(data: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 text (invalid byte at offset {error.start})"
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as error:
        return None, f"not valid TOML: {error}"


def _decode_plist(data: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        decoded = plistlib.loads(data)
    except (plistlib.InvalidFileException, ExpatError) as error:
        return None, f"not a valid property list: {error}"
    except Exception:  # a damaged binary plist fails in many ways; all mean the same
        return None, "not a valid property list"
    if not isinstance(decoded, dict):
        return None, "not a valid property list: the top level must be a dictionary"
    return decoded, None
