"""Loading the effective policy from its three places: the effects at the edge.

* built-in defaults: ``config/default-policy.toml`` next to the ``agent``
  package (the repository's, or an install's), or ``CONSENTRY_DEFAULT_POLICY``;
* the managed policy: per OS (:func:`agent.policy.sources.managed_source`), or
  ``CONSENTRY_MANAGED_POLICY``;
* the user's preferences: ``preferences.toml`` in the agent's config directory
  (:class:`agent.paths.AgentPaths`, moved by ``CONSENTRY_CONFIG_DIR``).

:func:`load_policy` never raises for a bad source: problems are recorded on the
result, which then refuses capture. It does not print or log them: the caller
reports them once, where its user will see them (the CLI's output, the agent's
log and stderr, the tray's status).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import agent
from agent.paths import AgentPaths
from agent.policy.effective import EffectivePolicy, Layers, merge
from agent.policy.files import RawPolicy, read_policy_file
from agent.policy.problems import PolicyProblem
from agent.policy.sources import FileSource, ManagedSource, NoManagedPolicy, managed_source
from agent.policy.validate import LayerValues, parse_document

DEFAULT_POLICY_VARIABLE = "CONSENTRY_DEFAULT_POLICY"


def default_policy_path(environ: Mapping[str, str] | None = None) -> Path:
    """The built-in defaults: ``config/default-policy.toml`` beside the ``agent`` package."""
    env = os.environ if environ is None else environ
    override = env.get(DEFAULT_POLICY_VARIABLE, "")
    if override:
        return Path(override).expanduser()
    return Path(agent.__file__).resolve().parent.parent / "config" / "default-policy.toml"


def load_policy(
    *,
    defaults: Path | str | None = None,
    managed: ManagedSource | Path | str | None = None,
    user: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
) -> EffectivePolicy:
    """defaults < managed (recommended < user < mandatory); never raises for bad files.

    ``managed`` is a source, or a policy file's path; ``None`` picks this OS's
    source. ``defaults`` and ``user`` default to their usual locations.
    """
    defaults_path = Path(defaults) if defaults is not None else default_policy_path(environ)
    if managed is None:
        source: ManagedSource = managed_source(environ=environ)
    elif isinstance(managed, str | Path):
        source = FileSource(Path(managed))
    else:
        source = managed
    user_path = Path(user) if user is not None else AgentPaths.resolve(environ).user_preferences
    return evaluate(
        read_policy_file(defaults_path),
        source.read(),
        read_policy_file(user_path),
        locations={
            "default": str(defaults_path),
            "managed": source.describe(),
            "user": str(user_path),
        },
    )


def check_policy_file(path: Path, *, defaults: Path | str | None = None) -> EffectivePolicy:
    """A policy file as IT would deploy it: over the defaults, with no user file."""
    defaults_path = Path(defaults) if defaults is not None else default_policy_path()
    return evaluate(
        read_policy_file(defaults_path),
        FileSource(path).read() or (_absent(path),),
        None,
        locations={"default": str(defaults_path), "managed": str(path)},
    )


def evaluate(
    defaults: RawPolicy,
    managed: tuple[RawPolicy, ...],
    user: RawPolicy | None,
    *,
    locations: Mapping[str, str] | None = None,
) -> EffectivePolicy:
    """Check every source and merge them: pure, given the decoded documents."""
    problems: list[PolicyProblem] = []
    if defaults.data is None and not defaults.problems:
        problems.append(PolicyProblem(defaults.origin, "", "the default policy is missing"))
    default_layer, _ = _parse(defaults, managed=False, into=problems)
    mandatory: list[LayerValues] = []
    recommended: list[LayerValues] = []
    for raw in managed:
        top, advised = _parse(raw, managed=True, into=problems)
        mandatory.append(top)
        recommended.append(advised)
    user_layer = _parse(user, managed=False, into=problems)[0] if user is not None else None
    return merge(
        Layers(
            defaults=default_layer,
            mandatory=mandatory,
            recommended=recommended,
            user=user_layer,
            problems=problems,
            locations=dict(locations or {}),
        )
    )


def _parse(
    raw: RawPolicy, *, managed: bool, into: list[PolicyProblem]
) -> tuple[LayerValues, LayerValues]:
    into.extend(raw.problems)
    if raw.data is None:
        return LayerValues(raw.origin), LayerValues(raw.origin)
    return parse_document(raw.data, raw.origin, managed=managed)


def _absent(path: Path) -> RawPolicy:
    return RawPolicy(str(path), None, (PolicyProblem(str(path), "", "no such file"),))


__all__ = [
    "DEFAULT_POLICY_VARIABLE",
    "NoManagedPolicy",
    "check_policy_file",
    "default_policy_path",
    "evaluate",
    "load_policy",
]
