"""The one error type commands raise for problems the user can fix."""

from __future__ import annotations


class CommandError(Exception):
    """A message for the user (file, key, reason — never content) and an exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
