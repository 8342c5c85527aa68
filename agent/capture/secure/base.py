"""The password-field interface every OS module implements.

A :class:`FieldProbe` is opened on each focus change (:func:`open_probe` in
:mod:`agent.capture.secure`; it may be slow-ish — a /proc scan, an
accessibility query) and asked :meth:`FieldProbe.secure` on every key press,
which must be cheap (microseconds): a password prompt can appear in a focused
terminal between two keys without any focus change.

Answers: ``True`` — a password field, a secure input mode or a credential
prompt; ``False`` — the probe is sure it is not; ``None`` — it cannot tell.
Typed text is kept only on ``False`` (:func:`agent.capture.keys.effective_level`).
"""

from __future__ import annotations

from typing import Protocol


class FieldProbe(Protocol):
    """Whether the focused field is secure, asked per key press; closed on focus change."""

    def secure(self) -> bool | None: ...

    def close(self) -> None: ...


class FixedProbe:
    """A probe whose answer was settled when it was opened (a heuristic, or no signal)."""

    __slots__ = ("_answer",)

    def __init__(self, answer: bool | None) -> None:
        self._answer = answer

    def __repr__(self) -> str:
        return f"FixedProbe({self._answer})"

    def secure(self) -> bool | None:
        return self._answer

    def close(self) -> None:
        pass
