"""The fault rules a test queues on the fault server: their fields, defaults and validation.

``fault_server``'s docstring says what each action does to a request.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.agent.upload.http_framing import Kind, Refusal

#: The longest ``seconds`` a fault rule may ask for.
MAX_FAULT_SECONDS = 3600.0
RULE_TARGETS = frozenset({"batch", "message", "enrol", "keys", "any"})
ACTIONS = frozenset({"status", "reset", "timeout", "truncate", "slow", "lost_after_store"})
#: Actions that take the place of processing: the request is read and nothing is stored.
INSTEAD_OF_PROCESSING = frozenset({"status", "reset", "timeout", "truncate"})
RULE_FIELDS = frozenset({"on", "action", "times", "status", "seconds", "retry_after", "error"})
DEFAULT_STATUS = {"status": 503, "truncate": 200}
DEFAULT_SECONDS = {"timeout": 30.0, "slow": 2.0}
#: The error code an injected status carries unless its rule names one.
DEFAULT_ERRORS = {
    400: "bad_request",
    401: "unknown_device",
    403: "device_revoked",
    404: "unknown_study",
    408: "request_timeout",
    409: "batch_conflict",
    413: "too_large",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "gateway_timeout",
}

_ERROR_CODE = re.compile(r"[a-z_]{1,64}")


@dataclass
class FaultRule:
    on: str
    action: str
    left: int
    status: int
    seconds: float
    retry_after: str | None
    error: str | None


def parse_rules(value: Any) -> list[FaultRule]:
    if not isinstance(value, list):
        raise Refusal(400, "bad_request", "the body is a JSON list of fault rules")
    return [_parse_rule(f"rule {index}", item) for index, item in enumerate(value)]


def _parse_rule(where: str, item: Any) -> FaultRule:
    if not isinstance(item, dict):
        raise Refusal(400, "bad_request", f"{where} is not an object")
    unknown = sorted(set(item) - RULE_FIELDS)
    if unknown:
        raise Refusal(400, "bad_request", f"{where}: unknown fields {unknown}")
    on, action = item.get("on"), item.get("action")
    if on not in RULE_TARGETS:
        raise Refusal(400, "bad_request", f"{where}: on is one of {sorted(RULE_TARGETS)}")
    if action not in ACTIONS:
        raise Refusal(400, "bad_request", f"{where}: action is one of {sorted(ACTIONS)}")
    times = item.get("times", 1)
    if not isinstance(times, int) or isinstance(times, bool) or times < 1:
        raise Refusal(400, "bad_request", f"{where}: times is a whole number from 1")
    status = item.get("status", DEFAULT_STATUS.get(action, 200))
    if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
        raise Refusal(400, "bad_request", f"{where}: status is from 200 to 599")
    seconds = item.get("seconds", DEFAULT_SECONDS.get(action, 0.0))
    if (
        not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or not math.isfinite(seconds)
        or not 0 <= seconds <= MAX_FAULT_SECONDS
    ):
        raise Refusal(400, "bad_request", f"{where}: seconds is from 0 to {MAX_FAULT_SECONDS}")
    retry_after = item.get("retry_after")
    if retry_after is not None and (
        not isinstance(retry_after, str) or not re.fullmatch(r"[\x20-\x7e]{1,64}", retry_after)
    ):
        raise Refusal(400, "bad_request", f"{where}: retry_after is a short printable string")
    error = item.get("error")
    if error is not None and (not isinstance(error, str) or not _ERROR_CODE.fullmatch(error)):
        raise Refusal(400, "bad_request", f"{where}: error is a code like bad_request")
    return FaultRule(on, action, times, status, float(seconds), retry_after, error)


class FaultQueue:
    """Rules in the order they were added; each request takes the first that matches it."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []

    def add(self, rules: Iterable[FaultRule]) -> None:
        self._rules.extend(rules)

    def clear(self) -> None:
        self._rules.clear()

    def take(self, kind: Kind) -> FaultRule | None:
        if kind == "control":
            return None
        for rule in self._rules:
            if rule.on in (kind, "any"):
                rule.left -= 1
                if rule.left == 0:
                    self._rules.remove(rule)
                return rule
        return None

    @property
    def left(self) -> int:
        return sum(rule.left for rule in self._rules)
