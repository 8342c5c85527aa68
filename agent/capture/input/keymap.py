"""From pynput's key objects to :class:`~agent.capture.keys.KeyEvent` names: a pure table.

pynput hands the listener a ``Key`` enum member (``Key.shift_l``, ``Key.enter``)
or a ``KeyCode`` (``char="a"``, or ``char=None`` with only a virtual key code).
This module turns either into the names of :mod:`agent.capture.keys.events`
and tracks which modifiers are held (pynput reports presses and releases, not
a modifier state). It never imports pynput — on Linux importing pynput needs a
display — so it reads the objects by shape: a ``KeyCode`` has ``char``, a
``Key`` member has ``name``.

Platform differences, chosen once by the ``platform`` argument:

* macOS: the Alt key is ``Option`` (it types characters, like AltGr), the
  Command key is ``Cmd``; elsewhere they are ``Alt`` and ``Super``.
* Windows: the OS sends AltGr as a left Ctrl press followed by right Alt, so
  pynput reports Ctrl and Alt(Gr) held. A printable character typed with Ctrl
  and Alt held is AltGr text (``@`` on a German layout), not a Ctrl+Alt
  shortcut: the modifiers become ``AltGr``.
"""

from __future__ import annotations

import sys
import unicodedata

from agent.capture.keys import KeyEvent
from agent.capture.keys.events import UNKNOWN_KEY

#: pynput ``Key`` names of keys that are not modifiers, and our names for them.
NAMED_KEYS: dict[str, str] = {
    "space": "Space", "enter": "Enter", "tab": "Tab",
    "backspace": "Backspace", "delete": "Delete", "insert": "Insert",
    "up": "Up", "down": "Down", "left": "Left", "right": "Right",
    "home": "Home", "end": "End", "page_up": "PageUp", "page_down": "PageDown",
    "esc": "Escape", "caps_lock": "CapsLock", "num_lock": "NumLock",
    "print_screen": "PrintScreen", "menu": "Menu", "pause": "Pause",
    "scroll_lock": "ScrollLock",
    **{f"f{n}": f"F{n}" for n in range(1, 25)},
}  # fmt: skip

#: pynput ``Key`` names of modifiers, and our names for them (not macOS).
MODIFIER_KEYS: dict[str, str] = {
    "shift": "Shift", "shift_l": "Shift", "shift_r": "Shift",
    "ctrl": "Ctrl", "ctrl_l": "Ctrl", "ctrl_r": "Ctrl",
    "alt": "Alt", "alt_l": "Alt", "alt_r": "Alt", "alt_gr": "AltGr",
    "cmd": "Super", "cmd_l": "Super", "cmd_r": "Super",
}  # fmt: skip

#: On macOS, Alt is Option (a character modifier) and cmd is the Command key.
MACOS_MODIFIER_KEYS: dict[str, str] = {
    **MODIFIER_KEYS,
    "alt": "Option", "alt_l": "Option", "alt_r": "Option", "alt_gr": "Option",
    "cmd": "Cmd", "cmd_l": "Cmd", "cmd_r": "Cmd",
}  # fmt: skip

#: The name of any ``media_*`` key (volume, play): kept apart from ``Unknown``.
MEDIA_KEY = "Media"

#: Modifiers that Windows reports for AltGr (a left Ctrl press, then right Alt).
_WINDOWS_ALTGR_CHORD = frozenset({"Ctrl", "Alt"})

#: X11 keysyms that pynput reports as a bare key code but that end a line as
#: Enter does: Linefeed (what ``xdotool type`` sends for a newline, and Ctrl+J
#: in a terminal) and the keypad's Enter.
LINE_END_KEYSYMS: dict[object, str] = {0xFF0A: "Enter", 0xFF8D: "Enter"}


def key_name(key: object, modifier_names: dict[str, str] = MODIFIER_KEYS) -> str:
    """Our name for a pynput key object: one character or a named key."""
    if hasattr(key, "char"):  # a KeyCode
        char = key.char
        if isinstance(char, str) and len(char) == 1:
            return char
        return LINE_END_KEYSYMS.get(getattr(key, "vk", None), UNKNOWN_KEY)
    name = getattr(key, "name", None)
    if not isinstance(name, str):
        return UNKNOWN_KEY
    if name in modifier_names:
        return modifier_names[name]
    if name in NAMED_KEYS:
        return NAMED_KEYS[name]
    if name.startswith("media_"):
        return MEDIA_KEY
    return "".join(part.capitalize() for part in name.split("_")) or UNKNOWN_KEY


class KeyMapper:
    """Turns pynput presses and releases into :class:`KeyEvent` with the modifiers held.

    Not thread-safe: one mapper per worker thread (the input pipeline's).
    Modifiers are held per physical key (left and right Shift are two), so
    releasing one side while the other is held keeps the modifier.
    """

    def __init__(self, platform: str = sys.platform) -> None:
        self._windows = platform.startswith("win32")
        self._names = MACOS_MODIFIER_KEYS if platform.startswith("darwin") else MODIFIER_KEYS
        self._held: set[str] = set()  # pynput names of the modifier keys down

    def __repr__(self) -> str:
        return f"KeyMapper(modifiers={sorted(self.modifiers())})"

    def modifiers(self) -> frozenset[str]:
        return frozenset(self._names[raw] for raw in self._held)

    def event(self, key: object, *, pressed: bool, mono_ns: int) -> KeyEvent:
        """The event for one press or release, updating the modifiers held."""
        name = key_name(key, self._names)
        raw = getattr(key, "name", None) if not hasattr(key, "char") else None
        if isinstance(raw, str) and raw in self._names:
            held = self.modifiers()  # a modifier's own event: the others held with it
            if pressed:
                self._held.add(raw)
            else:
                self._held.discard(raw)
            return KeyEvent(mono_ns=mono_ns, key=name, pressed=pressed, modifiers=held)
        modifiers = self.modifiers()
        if self._windows and is_altgr_text(name, modifiers):
            modifiers = (modifiers - _WINDOWS_ALTGR_CHORD - {"AltGr"}) | {"AltGr"}
        return KeyEvent(mono_ns=mono_ns, key=name, pressed=pressed, modifiers=modifiers)

    def reset(self) -> None:
        """Forget held modifiers (a release may have been missed, e.g. across a secure desktop)."""
        self._held.clear()


def is_altgr_text(key: str, modifiers: frozenset[str]) -> bool:
    """Windows: a printable character with Ctrl and Alt (or AltGr) held was typed with AltGr."""
    if len(key) != 1 or not _printable(key):
        return False
    return "Ctrl" in modifiers and ("Alt" in modifiers or "AltGr" in modifiers)


def _printable(char: str) -> bool:
    return char.isprintable() and unicodedata.category(char) != "Cc"
