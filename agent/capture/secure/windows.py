"""Windows: UI Automation's ``IsPassword`` of the focused element.

``IUIAutomation::GetFocusedElement`` → ``CurrentIsPassword`` (comtypes, UIA
COM interface). A cross-process COM call takes longer than a /proc read, so
the answer is cached for :data:`CACHE_NS`: a key typed within that time of the
last query reuses it (the caret cannot move from one field to another faster
than a person presses Tab and a key).

Only the logic is tested, with an injected query standing in for UI
Automation (a fake); verification on a real Windows machine is owed.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any

#: How long one ``IsPassword`` answer is reused: shorter than a Tab then a key press.
CACHE_NS = 20 * 1_000_000

#: Answers whether the focused element is a password field; ``None`` when there is none.
PasswordQuery = Callable[[], bool | None]


def load_password_query() -> PasswordQuery | None:
    """A UI Automation query for the focused element's ``IsPassword``; ``None`` without comtypes."""
    try:
        client: Any = importlib.import_module("comtypes.client")
        client.GetModule("UIAutomationCore.dll")
        uia: Any = importlib.import_module("comtypes.gen.UIAutomationClient")
        automation = client.CreateObject(uia.CUIAutomation, interface=uia.IUIAutomation)
    except (ImportError, OSError, AttributeError):
        return None

    def query() -> bool | None:
        try:
            element = automation.GetFocusedElement()
            return None if element is None else bool(element.CurrentIsPassword)
        except Exception:  # COMError (no focused element, a vanished window): unknown
            return None

    return query


class UiaPasswordProbe:
    """Per key: is the focused element a password field (cached for :data:`CACHE_NS`)?"""

    __slots__ = ("_answer", "_at_ns", "_clock", "_query")

    def __init__(
        self, query: PasswordQuery | None, clock: Callable[[], int] = time.monotonic_ns
    ) -> None:
        self._query = query
        self._clock = clock
        self._answer: bool | None = None
        self._at_ns: int | None = None

    def secure(self) -> bool | None:
        if self._query is None:
            return None
        now = self._clock()
        if self._at_ns is None or now - self._at_ns >= CACHE_NS:
            try:
                self._answer = self._query()
            except Exception:  # whatever the OS call raised, the answer is unknown
                self._answer = None
            self._at_ns = now
        return self._answer

    def close(self) -> None:
        pass
