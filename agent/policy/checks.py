"""Checks the types cannot express, as named predicates.

``VALUE_CHECKS`` run on one setting's value, already of the right type, as
soon as a source sets it. ``cross_checks`` run on the effective policy, where
two settings meet (``purposes.preselected`` must be a subset of
``purposes.offered`` whichever source set each). Every check returns a reason
or ``None``; no reason contains the value itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import re2

from agent.policy.limits import BATCHES_PER_SPOOL

Check = Callable[[Any], str | None]

SECRET_REF_FORMS = "keyring:SERVICE/NAME, file:/absolute/path or env:VARIABLE"
_ENV_NAME = re2.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEYRING_REF = re2.compile(r"^[^/\s]+/[^/\s]+$")


def _quiet_options() -> re2.Options:
    """RE2 logs a pattern it cannot parse to stderr; a pattern may be sensitive."""
    options = re2.Options()
    options.log_errors = False
    return options


_QUIET = _quiet_options()


def url_is_https_or_loopback(url: str) -> str | None:
    """A collector URL: https anywhere, http only to this machine (tests, a local relay)."""
    if url == "":
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("https", "http") or not host:
        return "must be an https:// URL with a host name"
    if parts.username or parts.password:
        return "must not contain a user name or password (use enrolment_secret_ref)"
    if parts.scheme == "http" and not is_loopback(host):
        return "must use https (http is allowed only for a loopback address)"
    return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_secret_reference(ref: str) -> str | None:
    """The enrolment secret is named, never written into the policy."""
    if ref == "":
        return None
    scheme, _, rest = ref.partition(":")
    valid = (
        (scheme == "keyring" and _KEYRING_REF.match(rest) is not None)
        or (scheme == "file" and rest.startswith("/") and len(rest) > 1)
        or (scheme == "env" and _ENV_NAME.match(rest) is not None)
    )
    if valid:
        return None
    return f"must be a reference to the secret ({SECRET_REF_FORMS}), never the secret itself"


def is_absolute_path(path: str) -> str | None:
    """Files the agent reads at start-up are named absolutely: its working directory is not IT's."""
    if path == "" or PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute():
        return None
    return "must be an absolute path"


def patterns_compile(patterns: list[str]) -> str | None:
    """Window-title patterns are RE2 (linear time): each one must compile there."""
    for index, pattern in enumerate(patterns):
        try:
            re2.compile(pattern, _QUIET)
        except re2.error:
            return f"item {index} is not a valid RE2 regular expression"
    return None


def no_repeats(items: list[Any]) -> str | None:
    seen: set[Any] = set()
    for index, item in enumerate(items):
        if item in seen:
            return f"item {index} repeats an earlier item"
        seen.add(item)
    return None


#: Per-setting checks beyond the type, applied to every source's value.
VALUE_CHECKS: Mapping[str, tuple[Check, ...]] = {
    "collector.url": (url_is_https_or_loopback,),
    "collector.enrolment_secret_ref": (is_secret_reference,),
    "collector.ca_file": (is_absolute_path,),
    "collector.client_certificate": (is_absolute_path,),
    "collector.client_key": (is_absolute_path,),
    "collector.pinned_keys": (no_repeats,),
    "study.key_ids": (no_repeats,),
    "purposes.offered": (no_repeats,),
    "purposes.preselected": (no_repeats,),
    "applications.allow": (no_repeats,),
    "applications.deny": (no_repeats,),
    "applications.deny_title_patterns": (patterns_compile,),
    "screen.triggers": (no_repeats,),
    "schedule.days": (no_repeats,),
    "redaction.keep_types": (no_repeats,),
}


def check_value(key: str, value: Any) -> str | None:
    for check in VALUE_CHECKS.get(key, ()):
        reason = check(value)
        if reason is not None:
            return reason
    return None


# Cross-setting checks: each names the setting it blames and gets the effective values.
CrossCheck = Callable[[Mapping[str, Any]], str | None]


def preselected_within_offered(values: Mapping[str, Any]) -> str | None:
    offered = set(values.get("purposes.offered") or ())
    extra = [p for p in values.get("purposes.preselected") or () if p not in offered]
    if extra:
        return f"preselects {', '.join(extra)}, which purposes.offered does not offer"
    return None


def interval_within_max(values: Mapping[str, Any]) -> str | None:
    interval, longest = (
        values.get("screen.interval_seconds"),
        values.get("screen.max_interval_seconds"),
    )
    if isinstance(interval, int) and isinstance(longest, int) and interval > longest:
        return "must not be larger than screen.max_interval_seconds"
    return None


def enrolled_study_has_collector(values: Mapping[str, Any]) -> str | None:
    if values.get("study.id") and not values.get("collector.url"):
        return "required when study.id is set (where would the data go?)"
    return None


def typed_text_needs_purpose(values: Mapping[str, Any]) -> str | None:
    levels = [values.get("keystrokes.default_level")]
    levels.extend((values.get("keystrokes.per_application") or {}).values())
    if "text" in levels and "typed_text" not in (values.get("purposes.offered") or ()):
        return 'level "text" needs the typed_text purpose in purposes.offered'
    return None


def schedule_bounds_paired(values: Mapping[str, Any]) -> str | None:
    start, end = values.get("schedule.start"), values.get("schedule.end")
    if start and start == end:
        return "schedule.start and schedule.end are equal: the window would be empty"
    return None


def client_key_has_certificate(values: Mapping[str, Any]) -> str | None:
    if values.get("collector.client_key") and not values.get("collector.client_certificate"):
        return "is set without collector.client_certificate"
    return None


def batch_fits_spool(values: Mapping[str, Any]) -> str | None:
    """A batch larger than a share of the spool would evict the rest to make room for itself."""
    batch_kb, spool_mb = values.get("batching.max_kb"), values.get("retention.device_max_mb")
    if (
        isinstance(batch_kb, int)
        and isinstance(spool_mb, int)
        and batch_kb * BATCHES_PER_SPOOL > spool_mb * 1024
    ):
        return (
            f"must be at most a {BATCHES_PER_SPOOL}th of retention.device_max_mb "
            f"({spool_mb * 1024 // BATCHES_PER_SPOOL} KB)"
        )
    return None


#: (blamed setting, check) pairs run on the effective policy.
CROSS_CHECKS: tuple[tuple[str, CrossCheck], ...] = (
    ("purposes.preselected", preselected_within_offered),
    ("screen.interval_seconds", interval_within_max),
    ("collector.url", enrolled_study_has_collector),
    ("keystrokes.default_level", typed_text_needs_purpose),
    ("schedule.end", schedule_bounds_paired),
    ("collector.client_key", client_key_has_certificate),
    ("batching.max_kb", batch_fits_spool),
)
