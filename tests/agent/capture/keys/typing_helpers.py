"""Builders for key events: typing a string as a person would, one press per character."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.capture.keys import KeyContext, KeyEvent

MS = 1_000_000
#: The wall time every record in these tests is stamped with.
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SAFE = KeyContext(app_id="org.example.Chat", level="text", field_id="f1", secure=False)


def press(key: str, at_ms: int = 0, *mods: str) -> KeyEvent:
    return KeyEvent(mono_ns=at_ms * MS, key=key, modifiers=frozenset(mods))


def typed(text: str, start_ms: int = 0, step_ms: int = 100) -> list[KeyEvent]:
    """``text`` as presses ``step_ms`` apart (space, newline and tab as their keys)."""
    names = {" ": "Space", "\n": "Enter", "\t": "Tab"}
    return [press(names.get(char, char), start_ms + i * step_ms) for i, char in enumerate(text)]
