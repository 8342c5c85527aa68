"""The effective policy: every setting's value, where it came from, and whether
the employee may change it; plus everything wrong with the sources.

Precedence, lowest first: built-in defaults < recommended (managed defaults)
< the user's preferences < managed mandatory values. A mandatory value locks
its setting: the user's file cannot change it, and an attempt to is shown
(``user_override_ignored``) rather than applied. Lists and tables are replaced
whole by a higher source, never merged, so what IT wrote is what applies.

Fail closed: any problem in any source makes ``capture_allowed`` false, and
``stop_reasons`` says why, for the tray, the CLI and the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from agent.policy import catalogue
from agent.policy.checks import CROSS_CHECKS
from agent.policy.problems import PolicyError, PolicyProblem
from agent.policy.validate import LayerValues

if TYPE_CHECKING:
    from redaction import RedactionPolicy

Source = Literal["default", "recommended", "user", "managed"]
SOURCES: tuple[Source, ...] = ("default", "recommended", "user", "managed")

NOT_ENROLLED = "not enrolled in a study: study.id is empty"


@dataclass(frozen=True)
class Setting:
    key: str
    #: Lists are tuples and tables read-only mappings: a setting is a value.
    value: Any
    source: Source
    #: True when IT set the value as mandatory: the employee cannot change it.
    locked: bool
    #: The file (or registry key) the value came from.
    origin: str = ""
    #: The user's preferences tried to change this locked setting; it was not applied.
    user_override_ignored: bool = False

    def to_dict(self) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "value": thaw(self.value),
            "source": self.source,
            "locked": self.locked,
            "origin": self.origin,
        }
        if self.user_override_ignored:
            shape["note"] = "the user's value was ignored: this setting is locked by IT"
        return shape


@dataclass(frozen=True)
class Layers:
    """The checked sources, ready to merge (each may be empty)."""

    defaults: LayerValues
    mandatory: Sequence[LayerValues] = ()
    recommended: Sequence[LayerValues] = ()
    user: LayerValues | None = None
    #: Problems found before or outside the settings (unreadable files...).
    problems: Sequence[PolicyProblem] = ()
    #: Where each source was looked for, for display.
    locations: Mapping[str, str] = field(default_factory=dict)


class EffectivePolicy:
    """What the agent does, and whether it may capture at all."""

    def __init__(
        self,
        settings: Mapping[str, Setting],
        problems: Iterable[PolicyProblem],
        locations: Mapping[str, str] | None = None,
    ) -> None:
        self._settings = dict(settings)
        self.problems: tuple[PolicyProblem, ...] = tuple(dict.fromkeys(problems))
        self.locations: Mapping[str, str] = MappingProxyType(dict(locations or {}))

    def setting(self, key: str) -> Setting:
        try:
            return self._settings[key]
        except KeyError:
            raise KeyError(f"{key!r} is not a policy setting") from None

    def value(self, key: str) -> Any:
        return self.setting(key).value

    def locked(self, key: str) -> bool:
        return self.setting(key).locked

    def settings(self) -> tuple[Setting, ...]:
        return tuple(self._settings.values())

    @property
    def enrolled(self) -> bool:
        return bool(self._settings["study.id"].value) if "study.id" in self._settings else False

    @property
    def capture_allowed(self) -> bool:
        """False while any source has a problem (fail closed) or no study is set."""
        return not self.problems and self.enrolled

    @property
    def stop_reasons(self) -> tuple[str, ...]:
        """Why capture must stop, one line each (file, key, reason; never a value)."""
        reasons = [str(problem) for problem in self.problems]
        if not self.enrolled:
            reasons.append(NOT_ENROLLED)
        return tuple(reasons)

    @cached_property
    def redaction(self) -> RedactionPolicy:
        """The redactor's part (``redact_text(..., policy=effective)`` accepts this object)."""
        from redaction import RedactionPolicy

        return RedactionPolicy(
            deny_terms=tuple(self.value("redaction.deny_terms") or ()),
            keep_types=frozenset(self.value("redaction.keep_types") or ()),
        )

    def raise_for_problems(self) -> None:
        if self.problems:
            raise PolicyError(self.problems)

    def to_dict(self) -> dict[str, Any]:
        """The stable machine-readable shape of ``consentry policy show --json``."""
        return {
            "settings": {key: setting.to_dict() for key, setting in self._settings.items()},
            "problems": [problem.to_dict() for problem in self.problems],
            "capture_allowed": self.capture_allowed,
            "stop_reasons": list(self.stop_reasons),
            "sources": dict(self.locations),
        }


def merge(layers: Layers) -> EffectivePolicy:
    problems: list[PolicyProblem] = list(layers.problems)
    problems.extend(layers.defaults.problems)
    for layer in (*layers.mandatory, *layers.recommended):
        problems.extend(layer.problems)
    if layers.user is not None:
        problems.extend(layers.user.problems)

    settings: dict[str, Setting] = {}
    for key in catalogue.settings():
        setting = _resolve(key, layers)
        if setting is None:
            problems.append(
                PolicyProblem(layers.defaults.file, key, "the default policy does not set it")
            )
            setting = Setting(key, None, "default", False)
        settings[key] = setting

    values = {key: setting.value for key, setting in settings.items()}
    for key, check in CROSS_CHECKS:
        reason = check(values)
        if reason is not None:
            problems.append(PolicyProblem(settings[key].origin, key, reason))
    return EffectivePolicy(settings, problems, layers.locations)


def _resolve(key: str, layers: Layers) -> Setting | None:
    user_tried = layers.user is not None and key in layers.user.values
    for layer in reversed(layers.mandatory):
        if key in layer.values:
            return Setting(key, freeze(layer.values[key]), "managed", True, layer.file, user_tried)
    if layers.user is not None and user_tried:
        return Setting(key, freeze(layers.user.values[key]), "user", False, layers.user.file)
    for layer in reversed(layers.recommended):
        if key in layer.values:
            return Setting(key, freeze(layer.values[key]), "recommended", False, layer.file)
    if key in layers.defaults.values:
        return Setting(
            key, freeze(layers.defaults.values[key]), "default", False, layers.defaults.file
        )
    return None


def freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    if isinstance(value, dict):
        return MappingProxyType({name: freeze(item) for name, item in value.items()})
    return value


def thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    if isinstance(value, Mapping):
        return {name: thaw(item) for name, item in value.items()}
    return value
