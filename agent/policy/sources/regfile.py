r"""A Windows registry export (``.reg``) of the policy key, for ``consentry policy check``.

Windows admins prepare and review policy as a ``.reg`` file (regedit's export,
or the values a Group Policy preference writes). This reads one into an
in-memory hive and then through the same :class:`RegistrySource` the agent
uses on Windows, so a file that checks clean here is read the same way there.

Supported: ``Windows Registry Editor Version 5.00`` (UTF-16 with a BOM, as
regedit writes it, or UTF-8) and ``REGEDIT4``; ``"name"="string"``,
``dword:``, ``hex(b):`` (QWORD), ``hex(7):`` (multi-string), ``hex(1):`` and
``hex(2):`` (strings, expandable strings), ``hex:`` (binary, which no setting takes), line
continuations. Deletions (``[-KEY]``, ``"name"=-``) have no place in a policy
and are reported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agent.policy.files import RawPolicy
from agent.policy.problems import PolicyProblem
from agent.policy.sources.windows import (
    POLICY_KEY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    MemoryRegistry,
    RegistrySource,
)

HEADERS = ("Windows Registry Editor Version 5.00", "REGEDIT4")
HIVES = ("HKEY_LOCAL_MACHINE\\", "HKLM\\")
_VALUE = re.compile(r'^(?:"(?P<name>(?:[^"\\]|\\.)*)"|(?P<default>@))=(?P<data>.*)$')
_STRING = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)*)"$')
_HEX = re.compile(r"^hex(?:\((?P<kind>[0-9a-fA-F]+)\))?:(?P<bytes>[0-9a-fA-F, ]*)$")


class RegFileError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")


def read_reg_file(path: Path, data: bytes) -> RawPolicy:
    origin = str(path)
    try:
        keys = parse_reg(_decode(data))
    except RegFileError as error:
        return RawPolicy(
            origin, None, (PolicyProblem(origin, "", f"not a valid .reg file: {error}"),)
        )
    outside = sorted(key for key in keys if not _under_policy_key(key))
    if outside:
        reason = f"a key outside HKLM\\{POLICY_KEY} is not Consentry policy"
        return RawPolicy(origin, None, (PolicyProblem(origin, "", reason),))
    found = RegistrySource(MemoryRegistry(keys), origin=origin).read()
    return found[0] if found else RawPolicy(origin, {})


def _under_policy_key(key: str) -> bool:
    lower, policy = key.lower(), POLICY_KEY.lower()
    return lower == policy or lower.startswith(policy + "\\")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_reg(text: str) -> dict[str, dict[str, tuple[int, Any]]]:
    """``{key path under the hive: {value name: (type, data)}}``."""
    lines = _logical_lines(text)
    if not lines or lines[0][1].strip() not in HEADERS:
        raise RegFileError(1, f"the first line must be {HEADERS[0]!r}")
    keys: dict[str, dict[str, tuple[int, Any]]] = {}
    current: dict[str, tuple[int, Any]] | None = None
    for number, line in lines[1:]:
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("["):
            current = keys.setdefault(_key_path(number, line), {})
            continue
        if current is None:
            raise RegFileError(number, "a value before any [key]")
        name, value = _value(number, line)
        current[name] = value
    return keys


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join ``\\``-continued lines, keeping each logical line's first line number."""
    joined: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if pending is not None:
            start, so_far = pending
            raw = so_far + raw.strip()
        else:
            start = number
        if raw.rstrip().endswith("\\") and not raw.lstrip().startswith("["):
            pending = (start, raw.rstrip()[:-1])
        else:
            pending = None
            joined.append((start, raw))
    if pending is not None:
        joined.append(pending)
    return joined


def _key_path(number: int, line: str) -> str:
    if not line.endswith("]"):
        raise RegFileError(number, "a key line must end with ]")
    path = line[1:-1]
    if path.startswith("-"):
        raise RegFileError(number, "deleting a key has no place in a policy")
    for hive in HIVES:
        if path.upper().startswith(hive.upper()):
            return path[len(hive) :]
    raise RegFileError(number, "policy keys live under HKEY_LOCAL_MACHINE")


def _value(number: int, line: str) -> tuple[str, tuple[int, Any]]:
    match = _VALUE.match(line)
    if match is None:
        raise RegFileError(number, 'expected "name"=value')
    name = _unescape(match.group("name") or "")
    data = match.group("data").strip()
    if data == "-":
        raise RegFileError(number, "deleting a value has no place in a policy")
    string = _STRING.match(data)
    if string is not None:
        return name, (REG_SZ, _unescape(string.group("text")))
    if data.lower().startswith("dword:"):
        digits = data[6:]
        if not re.fullmatch(r"[0-9a-fA-F]{1,8}", digits):
            raise RegFileError(number, "dword: takes up to 8 hexadecimal digits")
        return name, (REG_DWORD, int(digits, 16))
    hexed = _HEX.match(data)
    if hexed is None:
        raise RegFileError(number, "unrecognised value data")
    kind = int(hexed.group("kind") or "3", 16)
    raw = _bytes(number, hexed.group("bytes"))
    return name, (kind, _typed(number, kind, raw))


def _bytes(number: int, listed: str) -> bytes:
    parts = [part.strip() for part in listed.split(",") if part.strip()]
    try:
        return bytes(int(part, 16) for part in parts)
    except ValueError:
        raise RegFileError(number, "hex data must be comma-separated bytes") from None


def _typed(number: int, kind: int, raw: bytes) -> Any:
    try:
        if kind == REG_MULTI_SZ:
            return [item for item in raw.decode("utf-16-le").split("\x00") if item]
        if kind in (REG_SZ, REG_EXPAND_SZ):  # hex(1): a string regedit could not quote
            return raw.decode("utf-16-le").rstrip("\x00")
        if kind == REG_QWORD:
            if len(raw) != 8:
                raise RegFileError(number, "hex(b): takes 8 bytes")
            return int.from_bytes(raw, "little")
        if kind == REG_DWORD:
            return int.from_bytes(raw, "little")
    except UnicodeDecodeError:
        raise RegFileError(number, "text data is not UTF-16") from None
    return raw  # REG_BINARY and others: no setting takes them, RegistrySource says so


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
