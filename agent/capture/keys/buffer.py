"""The edit buffer of the segment being typed: the only place raw typed characters live.

Keys are applied as a text field would apply them, within the segment: typing
inserts at the cursor, Backspace and Delete remove next to it, Left, Right,
Home and End move it. Home and End are taken to mean the segment's start and
end (a segment is a line's worth of typing). Anything whose effect on the text
cannot be known here — a selection (Shift+arrow), paste, undo, word moves and
deletes (shortcuts), Up/Down/PageUp/PageDown, Insert (overwrite mode), a key
the adapter could not name (:data:`~.events.UNKNOWN_KEY`), moving left out of
the segment — makes the state unknown, and the caller drops the segment: a
wrong text is worse than none.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from agent.capture.keys.classify import is_shortcut
from agent.capture.keys.events import UNKNOWN_KEY, KeyEvent

#: Shortcuts known to leave the text as it is (copy, save): typing goes on after them.
HARMLESS_SHORTCUTS = frozenset({"Ctrl+C", "Cmd+C", "Ctrl+S", "Cmd+S"})

_UNKNOWN_KEYS = frozenset({"Up", "Down", "PageUp", "PageDown", "Insert", UNKNOWN_KEY})


class Edit(Enum):
    """What a key did to the buffer."""

    APPLIED = "applied"
    ENTER = "enter"
    #: The key may have moved focus (Tab): what was typed so far is complete.
    FIELD_END = "field_end"
    UNKNOWN = "unknown"


class EditBuffer:
    """Characters of the current segment and a cursor; ``repr`` never shows them."""

    __slots__ = ("_chars", "_cursor")

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._cursor = 0

    def __repr__(self) -> str:
        return f"EditBuffer(length={len(self._chars)})"

    def __len__(self) -> int:
        return len(self._chars)

    def text(self) -> str:
        return "".join(self._chars)

    def clear(self) -> None:
        self._chars.clear()
        self._cursor = 0

    def apply(self, event: KeyEvent, shortcut: str | None = None) -> Edit:
        """Apply one key press; ``shortcut`` is its name when it is one (see :mod:`.classify`)."""
        key = event.key
        if is_shortcut(event):
            return Edit.APPLIED if shortcut in HARMLESS_SHORTCUTS else Edit.UNKNOWN
        if key == "Enter":
            return Edit.ENTER
        if key == "Tab":
            return Edit.FIELD_END
        if "Shift" in event.modifiers and key in ("Left", "Right", "Home", "End"):
            return Edit.UNKNOWN
        if key in _UNKNOWN_KEYS:
            return Edit.UNKNOWN
        if key == "Space":
            key = " "
        if len(key) == 1:
            if not (key.isprintable() or unicodedata.category(key) == "Zs"):
                return Edit.UNKNOWN
            self._chars.insert(self._cursor, key)
            self._cursor += 1
            return Edit.APPLIED
        return self._edit(key)  # other named keys (Shift, Escape, F5) change nothing

    def _edit(self, key: str) -> Edit:
        if key == "Backspace":
            if self._cursor > 0:  # at 0 it deletes text before the segment, not in it
                self._cursor -= 1
                del self._chars[self._cursor]
        elif key == "Delete":
            if self._cursor < len(self._chars):
                del self._chars[self._cursor]
        elif key == "Left":
            if self._cursor == 0:
                return Edit.UNKNOWN
            self._cursor -= 1
        elif key == "Right":
            self._cursor = min(self._cursor + 1, len(self._chars))
        elif key == "Home":
            self._cursor = 0
        elif key == "End":
            self._cursor = len(self._chars)
        return Edit.APPLIED
