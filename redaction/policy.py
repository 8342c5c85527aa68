"""What the redactor needs from a policy, and how it accepts one.

The agent's full policy (issue: policy from MDM) carries much more; the
redactor only needs the deny-list and the types a study has chosen to keep.
``redact_text`` accepts this dataclass, a mapping with the same keys (as
decoded from TOML/JSON), or any object with a ``redaction`` attribute holding
either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import re2

from redaction.detectors.denylist import MAX_DENY_TERMS, compile_terms
from redaction.types import RedactionError

#: Types a policy may ask to keep. Passwords and secrets are not among them:
#: no study needs them and no policy can ask for them.
KEEPABLE_TYPES = frozenset({"IP_ADDRESS", "UK_POSTCODE"})

_DENY_KEYS = ("deny_terms", "deny_list", "denylist", "terms")


@dataclass(frozen=True, slots=True)
class RedactionPolicy:
    deny_terms: tuple[str, ...] = ()
    keep_types: frozenset[str] = frozenset()
    #: Compiled deny-list per OCR flag, built on first use. Held by the instance so
    #: that a long-lived policy does not re-hash thousands of terms on every call.
    _deny_patterns: dict[bool, re2._Regexp | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def deny_pattern(self, ocr: bool) -> re2._Regexp | None:
        if ocr not in self._deny_patterns:
            self._deny_patterns[ocr] = compile_terms(self.deny_terms, ocr)
        return self._deny_patterns[ocr]

    def __post_init__(self) -> None:
        if len(self.deny_terms) > MAX_DENY_TERMS:
            raise RedactionError(
                f"deny_terms: {len(self.deny_terms)} terms, at most {MAX_DENY_TERMS} allowed"
            )
        unknown = set(self.keep_types) - KEEPABLE_TYPES
        if unknown:
            raise RedactionError(
                "keep_types: cannot keep "
                + ", ".join(sorted(unknown))
                + f" (only {', '.join(sorted(KEEPABLE_TYPES))} may be kept)"
            )


DEFAULT_POLICY = RedactionPolicy()


def _terms(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise RedactionError(f"{key}: expected a list of strings")
    terms = []
    for index, term in enumerate(value):
        if not isinstance(term, str):
            raise RedactionError(f"{key}[{index}]: expected a string")
        if term.strip():
            terms.append(" ".join(term.split()))
    return tuple(dict.fromkeys(terms))


def coerce_policy(policy: object) -> RedactionPolicy:
    """Accept ``None``, a :class:`RedactionPolicy`, a mapping, or an object with ``.redaction``."""
    if policy is None:
        return DEFAULT_POLICY
    if isinstance(policy, RedactionPolicy):
        return policy
    if isinstance(policy, Mapping):
        nested = policy.get("redaction")
        if isinstance(nested, Mapping):
            return coerce_policy(nested)
        deny: tuple[str, ...] = ()
        for key in _DENY_KEYS:
            if key in policy:
                deny = _terms(policy[key], key)
                break
        keep = policy.get("keep_types", ())
        return RedactionPolicy(deny_terms=deny, keep_types=frozenset(_terms(keep, "keep_types")))
    nested_attr = getattr(policy, "redaction", None)
    if nested_attr is not None:
        return coerce_policy(nested_attr)
    for key in _DENY_KEYS:
        if hasattr(policy, key):
            return RedactionPolicy(deny_terms=_terms(getattr(policy, key), key))
    raise RedactionError(f"policy: unsupported type {type(policy).__name__}")
