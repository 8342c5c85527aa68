"""What a key is (its class), and the name of a shortcut — never which key was typed.

A shortcut is a key pressed with at least one modifier other than Shift
(Ctrl, Alt, Super, Meta, Cmd); its name matches the wire format's pattern or
it is not named at all. Shift+A is typing, and so is AltGr/Option with a key
(AltGr+Q is ``@`` on a German layout).
"""

from __future__ import annotations

import re

from agent.capture.keys.events import (
    EDITING_KEYS,
    FUNCTION_KEYS,
    MODIFIER_KEYS,
    NAVIGATION_KEYS,
    WHITESPACE_KEYS,
    KeyEvent,
)
from agent.wire.fields import SHORTCUT_PATTERN, KeyClass

#: Modifiers that turn a key into a shortcut, in the order a name lists them.
SHORTCUT_MODIFIERS = ("Ctrl", "Alt", "Super", "Meta", "Cmd")
#: Modifiers that may follow them in a shortcut's name (Ctrl+Shift+T).
_EXTRA_MODIFIERS = ("Shift", "Option", "Fn")
_NAME_ORDER = SHORTCUT_MODIFIERS + _EXTRA_MODIFIERS

_SHORTCUT = re.compile(SHORTCUT_PATTERN)
#: Ctrl+letter arrives from some platforms as an ASCII control character (Ctrl+C as 0x03).
_CONTROL_A, _CONTROL_Z = 0x01, 0x1A


def is_shortcut(event: KeyEvent) -> bool:
    """A key other than a modifier, pressed with Ctrl, Alt, Super, Meta or Cmd held."""
    return event.key not in MODIFIER_KEYS and any(
        modifier in event.modifiers for modifier in SHORTCUT_MODIFIERS
    )


def shortcut_name(event: KeyEvent) -> str | None:
    """``"Ctrl+Shift+T"`` for a shortcut; ``None`` for typing or a key the pattern cannot name."""
    if not is_shortcut(event):
        return None
    key = event.key
    if len(key) == 1:
        if _CONTROL_A <= ord(key) <= _CONTROL_Z:
            key = chr(ord(key) + ord("A") - 1)
        if not key.isascii():
            return None
        key = key.upper()
    held = [m for m in _NAME_ORDER if m in event.modifiers]
    name = "+".join([*held, key])
    return name if _SHORTCUT.match(name) else None


def classify(event: KeyEvent) -> KeyClass:
    """The wire key class of ``event``: ``shortcut`` for a shortcut, else the key's own class."""
    if is_shortcut(event):
        return "shortcut"
    return key_class(event.key)


def key_class(key: str) -> KeyClass:
    """The class of one key by itself (modifiers held are not considered)."""
    if len(key) == 1:
        if key.isspace():
            return "whitespace"
        if key.isalpha():
            return "letter"
        if key.isdecimal():
            return "digit"
        if key.isprintable():
            return "punctuation"
        return "other"
    if key in MODIFIER_KEYS:
        return "modifier"
    if key in NAVIGATION_KEYS:
        return "navigation"
    if key in EDITING_KEYS:
        return "editing"
    if key in WHITESPACE_KEYS:
        return "whitespace"
    if key in FUNCTION_KEYS:
        return "function"
    return "other"
