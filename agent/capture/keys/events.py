"""The platform-neutral key event and the context it was typed in.

The pynput adapter (not here) turns each OS key press into a :class:`KeyEvent`
and pairs it with the :class:`KeyContext` of the focused field; everything in
this package is a pure function of those two values. ``KeyEvent.key`` is the
only place a raw character exists outside the current segment's edit buffer,
so it is left out of the event's ``repr``: an event that reaches a log or a
traceback does not carry what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.capture.credential_apps import is_credential_app
from agent.capture.rules import KeystrokeLevel

#: Modifier names a :class:`KeyEvent` may carry. ``AltGr`` and ``Option`` type
#: characters on some layouts; only the shortcut modifiers below make a shortcut.
MODIFIERS = frozenset({"Ctrl", "Alt", "Shift", "Super", "Meta", "Cmd", "Option", "Fn", "AltGr"})

#: Named keys (everything that is not a single character). Names follow the
#: wire format's shortcut vocabulary (:data:`agent.wire.fields.SHORTCUT_PATTERN`)
#: so a shortcut name is built without translation; the adapter maps OS names
#: to these and anything else to its own name (classified ``other``).
NAVIGATION_KEYS = frozenset({"Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown"})
EDITING_KEYS = frozenset({"Backspace", "Delete", "Insert"})
WHITESPACE_KEYS = frozenset({"Space", "Tab", "Enter"})
MODIFIER_KEYS = MODIFIERS | {"CapsLock", "NumLock"}
FUNCTION_KEYS = frozenset(f"F{n}" for n in range(1, 25))
#: A key the adapter could not name (an OS key code with no character and no
#: known name: a keypad or vendor key, the Linefeed keysym). What it did to the
#: text is unknown, so a text segment it lands in is dropped.
UNKNOWN_KEY = "Unknown"


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """One key going down or up.

    ``key`` is one character (``"a"``, ``"A"``, ``"@"``: what the layout
    produced) or a named key (``"Backspace"``, ``"F5"``, ``"Shift"``).
    ``modifiers`` are the modifiers held at the time, by name (:data:`MODIFIERS`).
    """

    mono_ns: int
    key: str = field(repr=False)
    pressed: bool = True
    modifiers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class KeyContext:
    """Where keys are going: the focused application and field, as the OS reports them.

    ``level`` comes from :func:`agent.capture.rules.keystroke_level` for the
    focused window. ``field_id`` is an opaque token for the focused text field
    (never its label), made by the adapter. ``secure`` is the OS password-field
    detector's answer: ``True`` for a password field or secure input mode,
    ``False`` only when the detector is sure it is not, ``None`` when it cannot
    tell — and an unsure answer keeps counts at most (:func:`effective_level`).
    """

    app_id: str
    level: KeystrokeLevel
    field_id: str = "0"
    process_name: str | None = None
    secure: bool | None = None


def keystrokes_allowed(context: KeyContext) -> bool:
    """Whether keys typed in ``context`` may count for anything at all.

    No for level ``off``, a field that is secure (``secure`` is ``True``), and
    a credential application (password manager, passphrase prompt): their keys
    are dropped whole — no text, no count, no timing, since even a count tells
    how long a password was. A field the detector cannot judge (``secure`` is
    ``None``) is allowed counts only: see :func:`effective_level`.
    """
    if context.level == "off" or context.secure is True:
        return False
    return not is_credential_app(context.app_id, context.process_name)


def effective_level(context: KeyContext) -> KeystrokeLevel:
    """The level keys in ``context`` are actually kept at, after the secure-field check.

    * secure (``True``), credential application, or level ``off``: ``off`` —
      nothing at all, not even a count;
    * unsure (``None``: no accessibility signal, e.g. a Tk or Java window on
      X11 without AT-SPI): ``counts`` at most — the number of keys in an
      interval, no classes, no per-press timing. A count over an interval
      says little; per-press timing could give away a password's length and
      rhythm. Text from such a field is never returned as such: at most it is
      held for the visibility check (``SegmentBuilder(unsure_text=True)``,
      :mod:`agent.capture.input.visible`), which keeps it only if it is shown
      in clear on screen — a password field never shows what is typed;
    * known not secure (``False``): the level the policy and consent set.
    """
    if not keystrokes_allowed(context):
        return "off"
    if context.secure is None:
        return "counts"
    return context.level
