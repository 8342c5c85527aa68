"""What is wrong with a policy, said so that IT can fix it: file, key, reason.

A problem never carries the offending value: a deny-list term, a secret
reference or a window-title pattern may itself be sensitive, and problems are
logged and shown in the tray.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class PolicyProblem:
    #: Where the policy came from: a path, or a registry key for Windows.
    file: str
    #: The dotted setting key (``screen.interval_seconds``); ``""`` for the whole file.
    key: str
    reason: str

    def __str__(self) -> str:
        if self.key:
            return f"{self.file}: {self.key}: {self.reason}"
        return f"{self.file}: {self.reason}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "key": self.key, "reason": self.reason}


class PolicyError(Exception):
    """A policy that does not validate; capture must stop until it is fixed."""

    def __init__(self, problems: Iterable[PolicyProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))
