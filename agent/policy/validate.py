"""From a decoded policy document (nested tables) to checked settings.

Every key is looked at and every problem is reported, not just the first:
IT fixes a policy in one round. A setting with a problem is not applied; the
problem itself stops capture (see :class:`agent.policy.effective.EffectivePolicy`).
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from agent.policy import catalogue
from agent.policy.checks import check_value
from agent.policy.forbidden import forbidden_control
from agent.policy.model import RECOMMENDED
from agent.policy.problems import PolicyProblem

#: What a value of the wrong shape should have looked like, for keys whose
#: format is a pattern (msgspec would quote the regex).
FORMAT_HINTS = {
    "study.id": "must be letters, digits, '.', '_' or '-', starting with a letter or digit",
    "schedule.start": 'must be a time "HH:MM" (00:00 to 23:59) or ""',
    "schedule.end": 'must be a time "HH:MM" (00:00 to 23:59) or ""',
    "collector.pinned_keys": 'must be "sha256/" and the base64 SHA-256 of a public key',
    "study.key_ids": "must be a key id: 32 lower-case hex digits",
}

_TYPE_NAMES = {
    "int": "an integer",
    "str": "a string",
    "bool": "true or false",
    "float": "a number with a fraction",
    "array": "a list",
    "object": "a table",
    "null": "nothing (null)",
    "datetime": "a date and time",
    "date": "a date",
    "time": "a time",
    "bytes": "binary data",
}
_AT = re.compile(r" - at `(?P<path>[^`]*)`(?: in `\$`)?$")
_GOT = re.compile(r"^Expected `(?P<want>\w+)`, got `(?P<got>\w+)`$")
_BOUND = re.compile(r"^Expected `(?P<what>\w+)`(?P<len> of length)? (?P<op>[<>]=) (?P<n>-?\d+)$")
_INDEX = re.compile(r"^\$\[(\d+)\]")


@dataclass
class LayerValues:
    """One source's settings after checking: dotted key → value, and its problems."""

    file: str
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[PolicyProblem] = field(default_factory=list)


def parse_document(
    data: Mapping[str, Any], file: str, *, managed: bool
) -> tuple[LayerValues, LayerValues]:
    """Split a policy file into its top level and its ``recommended`` table, checked.

    Only a managed policy has a ``recommended`` table; in the defaults or the
    user's file it is a problem (nothing there is "recommended" to anyone).
    """
    top = LayerValues(file)
    recommended = LayerValues(file)
    for name, value in data.items():
        if name == RECOMMENDED:
            if not managed:
                top.problems.append(
                    PolicyProblem(file, name, "only a managed policy has recommended settings")
                )
            elif not isinstance(value, Mapping):
                top.problems.append(PolicyProblem(file, name, "expected a table of settings"))
            else:
                _walk(value, "", recommended, prefix=f"{RECOMMENDED}.")
        else:
            _walk({name: value}, "", top, prefix="")
    return top, recommended


def _walk(data: Mapping[str, Any], section: str, into: LayerValues, *, prefix: str) -> None:
    settings = catalogue.settings()
    sections = catalogue.sections()
    for name, value in data.items():
        key = f"{section}.{name}" if section else str(name)
        shown = f"{prefix}{key}"
        if not isinstance(name, str):
            into.problems.append(PolicyProblem(into.file, shown, "keys must be strings"))
        elif key in settings:
            reason = _convert_and_check(key, value, into)
            if reason is not None:
                into.problems.append(PolicyProblem(into.file, shown, reason))
        elif key in sections and key != "":
            if isinstance(value, Mapping):
                _walk(value, key, into, prefix=prefix)
            else:
                reason = f"expected a table of settings, got {_type_name(value)}"
                into.problems.append(PolicyProblem(into.file, shown, reason))
        else:
            into.problems.extend(_unknown(key, value, section, into.file, prefix))


def _convert_and_check(key: str, value: Any, into: LayerValues) -> str | None:
    spec = catalogue.spec(key)
    try:
        converted = msgspec.convert(value, spec.type)
    except msgspec.ValidationError as error:
        return explain(key, str(error), spec.type)
    reason = check_value(key, converted)
    if reason is None:
        into.values[key] = converted
    return reason


def _unknown(key: str, value: Any, section: str, file: str, prefix: str) -> Iterator[PolicyProblem]:
    """An unknown key: a forbidden control (with why), or a typo (with a suggestion)."""
    leaves = list(_leaf_paths(key, value))
    plain_typo = False
    for leaf in leaves:
        control = forbidden_control(leaf.split("."))
        if control is not None:
            yield PolicyProblem(file, f"{prefix}{leaf}", control.reason)
        else:
            plain_typo = True
    if plain_typo:
        yield PolicyProblem(file, f"{prefix}{key}", _unknown_reason(key, section))


def _leaf_paths(key: str, value: Any) -> Iterator[str]:
    if isinstance(value, Mapping) and value:
        for name, inner in value.items():
            yield from _leaf_paths(f"{key}.{name}", inner)
    else:
        yield key


def _unknown_reason(key: str, section: str) -> str:
    known = [
        name
        for name in (*catalogue.settings(), *catalogue.sections())
        if name and name.rpartition(".")[0] == section
    ]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    what = "section" if section == "" else "key"
    if close:
        return f"unknown {what} (did you mean {close[0]}?)"
    return f"unknown {what}"


def explain(key: str, message: str, expected: Any) -> str:
    """msgspec's message in an admin's words, without the value (it may be sensitive)."""
    where = ""
    at = _AT.search(message)
    if at is not None:
        message = message[: at.start()]
        path = at.group("path")
        index = _INDEX.match(path)
        if path == "key":
            where = "a table key: "
        elif index is not None:
            where = f"item {index.group(1)}: "
        elif path.startswith("$["):
            where = "an entry: "
    if message.startswith("Invalid enum value"):
        return f"{where}expected one of {', '.join(_choices(expected))}"
    if "matching regex" in message:
        return where + FORMAT_HINTS.get(key, "has the wrong format")
    got = _GOT.match(message)
    if got is not None:
        want = _TYPE_NAMES.get(got.group("want"), got.group("want"))
        have = _TYPE_NAMES.get(got.group("got"), got.group("got"))
        return f"{where}expected {want}, got {have}"
    bound = _BOUND.match(message)
    if bound is not None:
        return where + _bound_reason(bound)
    return where + message


def _bound_reason(bound: re.Match[str]) -> str:
    number, at_least = bound.group("n"), bound.group("op") == ">="
    if not bound.group("len"):
        return f"must be at least {number}" if at_least else f"must be at most {number}"
    unit = {"str": "characters", "array": "items", "object": "entries"}.get(
        bound.group("what"), "items"
    )
    if at_least and number == "1":
        return "must not be empty"
    return (
        f"must have at least {number} {unit}" if at_least else f"must have at most {number} {unit}"
    )


def _choices(expected: Any) -> list[str]:
    """The literal values somewhere inside a setting's type (for enum messages)."""
    found: list[str] = []
    stack = [expected]
    while stack:
        current = stack.pop()
        if typing.get_origin(current) is typing.Literal:
            found.extend(str(arg) for arg in typing.get_args(current))
        else:
            stack.extend(
                arg for arg in typing.get_args(current) if not isinstance(arg, msgspec.Meta)
            )
    return found


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    for kind, name in (
        (int, "an integer"),
        (str, "a string"),
        (list, "a list"),
        (float, "a number"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__
