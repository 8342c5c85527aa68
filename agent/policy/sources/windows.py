r"""Windows: Group Policy / Intune values under ``HKLM\SOFTWARE\Policies\Consentry``.

Layout (names are matched case-insensitively, as Windows does):

* a subkey per section (``Screen``, ``Applications``...), ``Screen\Output`` for the
  nested one, a value per setting named as in the TOML (``interval_seconds``);
* ``REG_SZ``/``REG_EXPAND_SZ`` → string (not expanded), ``REG_DWORD``/``REG_QWORD``
  → integer, or true/false for a boolean setting when it is 0 or 1,
  ``REG_MULTI_SZ`` → list of strings;
* a list setting may also be a subkey whose values are named ``1``, ``2``... (what
  an ADMX ``<list>`` element writes), taken in numeric order;
* a table setting (``keystrokes.per_application``, ``applications.screen_capture``)
  is a subkey whose value names are the application ids (case kept);
* ``Recommended`` holds the same structure for managed defaults.

The registry is read through :class:`RegistryReader`; :class:`WinregReader` wraps
``winreg`` (imported only when it is used, on Windows) and the tests use
:class:`MemoryRegistry`. Verification owed: a real Windows machine with the
values written by Group Policy from an ADMX template (and by Intune).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from agent.policy import catalogue
from agent.policy.files import RawPolicy
from agent.policy.model import RECOMMENDED
from agent.policy.problems import PolicyProblem

POLICY_KEY = r"SOFTWARE\Policies\Consentry"
HIVE_NAME = "HKLM"

# Value types, numbered as winreg numbers them.
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_MULTI_SZ = 7
REG_QWORD = 11
_TYPE_NAMES = {
    REG_SZ: "REG_SZ",
    REG_EXPAND_SZ: "REG_EXPAND_SZ",
    REG_BINARY: "REG_BINARY",
    REG_DWORD: "REG_DWORD",
    REG_MULTI_SZ: "REG_MULTI_SZ",
    REG_QWORD: "REG_QWORD",
}


class RegistryReader(Protocol):
    """The little of the registry the policy needs, under one hive."""

    def exists(self, path: str) -> bool: ...

    def subkeys(self, path: str) -> list[str]: ...

    def values(self, path: str) -> list[tuple[str, Any, int]]:
        """``(name, data, type)`` for each value of the key."""
        ...


class RegistryError(Exception):
    """A key that exists but cannot be read (permissions, a damaged hive)."""


class Unsupported:
    """A registry value of a type no setting can take; the validator names it."""

    def __init__(self, kind: int) -> None:
        self.kind = kind


class RegistrySource:
    def __init__(self, reader: RegistryReader, key: str = POLICY_KEY, origin: str = "") -> None:
        self.reader = reader
        self.key = key
        #: What problems name: the registry key, or the .reg file it came from.
        self.origin = origin or f"{HIVE_NAME}\\{key}"

    def describe(self) -> str:
        return self.origin

    def read(self) -> tuple[RawPolicy, ...]:
        origin = self.describe()
        try:
            if not self.reader.exists(self.key):
                return ()
            problems: list[PolicyProblem] = []
            data = self._section(self.key, "", origin, problems, root=True)
        except RegistryError as error:
            return (RawPolicy(origin, None, (PolicyProblem(origin, "", f"cannot read: {error}"),)),)
        return (RawPolicy(origin, data, tuple(problems)),)

    def _section(
        self, path: str, dotted: str, origin: str, problems: list[PolicyProblem], *, root: bool
    ) -> dict[str, Any]:
        settings = catalogue.settings()
        out: dict[str, Any] = {}
        for name, data, kind in self.reader.values(path):
            key = _join(dotted, name.lower())
            value = _value(data, kind, settings.get(key))
            if isinstance(value, Unsupported):
                problems.append(PolicyProblem(origin, key, _unsupported(value)))
            else:
                out[name.lower()] = value
        for name in self.reader.subkeys(path):
            sub = f"{path}\\{name}"
            lower = name.lower()
            key = _join(dotted, lower)
            spec = settings.get(key)
            if root and lower == RECOMMENDED:
                out[lower] = self._section(sub, "", origin, problems, root=False)
            elif spec is not None and spec.is_table:
                out[lower] = self._table(sub, key, spec, origin, problems)
            elif spec is not None and spec.is_list:
                out[lower] = self._numbered_list(sub, key, origin, problems)
            else:
                out[lower] = self._section(sub, key, origin, problems, root=False)
        return out

    def _table(
        self,
        path: str,
        key: str,
        spec: catalogue.SettingSpec,
        origin: str,
        problems: list[PolicyProblem],
    ) -> dict[str, Any]:
        wants_bool = spec.table_values_are_bool
        table: dict[str, Any] = {}
        for name, data, kind in self.reader.values(path):
            value = _value(data, kind, None, wants_bool=wants_bool)
            if isinstance(value, Unsupported):
                problems.append(PolicyProblem(origin, key, _unsupported(value)))
            else:
                table[name] = value
        return table

    def _numbered_list(
        self, path: str, key: str, origin: str, problems: list[PolicyProblem]
    ) -> list[Any]:
        items: list[tuple[int, Any]] = []
        for name, data, kind in self.reader.values(path):
            if not name.isdigit():
                problems.append(PolicyProblem(origin, key, "list values must be named 1, 2, 3..."))
                continue
            value = _value(data, kind, None)
            if isinstance(value, Unsupported):
                problems.append(PolicyProblem(origin, key, _unsupported(value)))
            else:
                items.append((int(name), value))
        return [value for _, value in sorted(items, key=lambda item: item[0])]


def _join(dotted: str, name: str) -> str:
    return f"{dotted}.{name}" if dotted else name


def _value(
    data: Any, kind: int, spec: catalogue.SettingSpec | None, *, wants_bool: bool = False
) -> Any:
    if kind in (REG_SZ, REG_EXPAND_SZ):
        return str(data)
    if kind in (REG_DWORD, REG_QWORD):
        if (wants_bool or (spec is not None and spec.is_bool)) and data in (0, 1):
            return bool(data)
        return int(data)
    if kind == REG_MULTI_SZ:
        return [str(item) for item in data]
    return Unsupported(kind)


def _unsupported(value: Unsupported) -> str:
    name = _TYPE_NAMES.get(value.kind, f"type {value.kind}")
    return f"unsupported registry value type {name} (use REG_SZ, REG_DWORD or REG_MULTI_SZ)"


class MemoryRegistry:
    """An in-memory hive, ``{key path: {value name: (type, data)}}``: for tests, and
    for a ``.reg`` export being checked (:mod:`agent.policy.sources.regfile`).

    Parent keys exist implicitly; names compare case-insensitively, as in Windows.
    """

    def __init__(self, keys: Mapping[str, Mapping[str, tuple[int, Any]]]) -> None:
        self._keys = {path.lower(): (path, dict(values)) for path, values in keys.items()}

    def exists(self, path: str) -> bool:
        lower = path.lower()
        return any(key == lower or key.startswith(lower + "\\") for key in self._keys)

    def subkeys(self, path: str) -> list[str]:
        prefix = path.lower() + "\\"
        names: dict[str, str] = {}
        for lower, (original, _) in self._keys.items():
            if lower.startswith(prefix):
                child = original[len(prefix) :].split("\\", 1)[0]
                names.setdefault(child.lower(), child)
        return list(names.values())

    def values(self, path: str) -> list[tuple[str, Any, int]]:
        entry = self._keys.get(path.lower())
        if entry is None:
            return []
        return [(name, data, kind) for name, (kind, data) in entry[1].items()]


class WinregReader:
    """The real registry, ``HKEY_LOCAL_MACHINE``, 64-bit view. Windows only."""

    def __init__(self) -> None:
        import winreg

        self._winreg: Any = winreg

    def _open(self, path: str) -> Any:
        winreg = self._winreg
        access = winreg.KEY_READ | winreg.KEY_WOW64_64KEY
        return winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path, 0, access)

    def exists(self, path: str) -> bool:
        try:
            self._open(path).Close()
        except FileNotFoundError:
            return False
        except OSError as error:
            raise RegistryError(error.strerror or "access denied") from None
        return True

    def subkeys(self, path: str) -> list[str]:
        names: list[str] = []
        try:
            with self._open(path) as key:
                count = self._winreg.QueryInfoKey(key)[0]
                names.extend(self._winreg.EnumKey(key, index) for index in range(count))
        except OSError as error:
            raise RegistryError(error.strerror or "access denied") from None
        return names

    def values(self, path: str) -> list[tuple[str, Any, int]]:
        found: list[tuple[str, Any, int]] = []
        try:
            with self._open(path) as key:
                count = self._winreg.QueryInfoKey(key)[1]
                for index in range(count):
                    name, data, kind = self._winreg.EnumValue(key, index)
                    found.append((name, data, kind))
        except OSError as error:
            raise RegistryError(error.strerror or "access denied") from None
        return found
