"""The setting catalogue: every dotted key with its type, read off the model.

A *setting* is a leaf of the model (``screen.output.max_width``); a *section*
is a struct on the way to it (``screen``, ``screen.output``). Tables such as
``keystrokes.per_application`` are settings whose value is a whole table: a
source replaces them, it does not merge into them.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec

from agent.policy.model import PolicyLayer


@dataclass(frozen=True)
class SettingSpec:
    key: str
    #: The field's type without ``UnsetType``, as msgspec converts to it.
    type: Any
    description: str

    @property
    def is_table(self) -> bool:
        return typing.get_origin(_bare(self.type)) is dict

    @property
    def is_list(self) -> bool:
        return typing.get_origin(_bare(self.type)) is list

    @property
    def is_bool(self) -> bool:
        return _bare(self.type) is bool

    @property
    def table_values_are_bool(self) -> bool:
        return self.is_table and _bare(typing.get_args(_bare(self.type))[1]) is bool


def _bare(annotation: Any) -> Any:
    """The type under ``Annotated[...]``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _without_unset(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        kept = [arg for arg in typing.get_args(annotation) if arg is not msgspec.UnsetType]
        if len(kept) == 1:
            return kept[0]
        return typing.Union[tuple(kept)]  # noqa: UP007 - built at run time
    return annotation


def _description(annotation: Any) -> str:
    for extra in reversed(getattr(annotation, "__metadata__", ())):
        if isinstance(extra, msgspec.Meta) and extra.description:
            return extra.description
    return ""


def _is_struct(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, msgspec.Struct)


def _walk(struct: type[msgspec.Struct], prefix: str) -> list[SettingSpec]:
    hints = typing.get_type_hints(struct, include_extras=True)
    found: list[SettingSpec] = []
    for name in struct.__struct_fields__:
        field_type = _without_unset(hints[name])
        key = f"{prefix}{name}"
        if _is_struct(field_type):
            found.extend(_walk(field_type, f"{key}."))
        else:
            found.append(SettingSpec(key, field_type, _description(field_type)))
    return found


def _sections(struct: type[msgspec.Struct], prefix: str) -> dict[str, type[msgspec.Struct]]:
    hints = typing.get_type_hints(struct, include_extras=True)
    found: dict[str, type[msgspec.Struct]] = {}
    for name in struct.__struct_fields__:
        field_type = _without_unset(hints[name])
        if _is_struct(field_type):
            found[f"{prefix}{name}"] = field_type
            found.update(_sections(field_type, f"{prefix}{name}."))
    return found


@cache
def settings() -> dict[str, SettingSpec]:
    """Every setting, in the model's order (the order ``policy show`` prints)."""
    return {spec.key: spec for spec in _walk(PolicyLayer, "")}


@cache
def sections() -> dict[str, type[msgspec.Struct]]:
    """Every section's dotted path and its struct (``""`` is the whole layer)."""
    return {"": PolicyLayer, **_sections(PolicyLayer, "")}


def spec(key: str) -> SettingSpec:
    try:
        return settings()[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a policy setting") from None
