"""pynput key objects to our key names, modifiers held, and AltGr on Windows (a table)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agent.capture.input.keymap import KeyMapper, is_altgr_text, key_name
from agent.capture.keys import is_shortcut, shortcut_name


@dataclass(frozen=True)
class Key:
    """Shaped like a pynput ``Key`` member: a ``name`` (pynput itself needs a display)."""

    name: str


@dataclass(frozen=True)
class KeyCode:
    """Shaped like a pynput ``KeyCode``: a ``char``, or ``None`` with only a virtual key."""

    char: str | None
    vk: int | None = None


@pytest.mark.parametrize(
    ("key", "name"),
    [
        (KeyCode("a"), "a"),
        (KeyCode("A"), "A"),
        (KeyCode("@"), "@"),
        (KeyCode("é"), "é"),
        (KeyCode(None, vk=0xAD), "Unknown"),
        (KeyCode(None, vk=0xFF0A), "Enter"),  # X11 Linefeed: xdotool's newline, Ctrl+J
        (KeyCode(None, vk=0xFF8D), "Enter"),  # the keypad's Enter
        (KeyCode("ab"), "Unknown"),
        (Key("space"), "Space"),
        (Key("enter"), "Enter"),
        (Key("tab"), "Tab"),
        (Key("backspace"), "Backspace"),
        (Key("delete"), "Delete"),
        (Key("page_up"), "PageUp"),
        (Key("page_down"), "PageDown"),
        (Key("esc"), "Escape"),
        (Key("f5"), "F5"),
        (Key("f24"), "F24"),
        (Key("caps_lock"), "CapsLock"),
        (Key("print_screen"), "PrintScreen"),
        (Key("shift_r"), "Shift"),
        (Key("ctrl_l"), "Ctrl"),
        (Key("alt"), "Alt"),
        (Key("alt_gr"), "AltGr"),
        (Key("cmd"), "Super"),
        (Key("media_volume_up"), "Media"),
        (Key("some_new_key"), "SomeNewKey"),
    ],
)
def test_key_names(key: object, name: str) -> None:
    assert key_name(key) == name


@pytest.mark.parametrize(
    ("platform", "key", "name"),
    [
        ("darwin", Key("cmd"), "Cmd"),
        ("darwin", Key("alt_l"), "Option"),
        ("linux", Key("cmd"), "Super"),
        ("win32", Key("alt_l"), "Alt"),
    ],
)
def test_modifier_names_follow_the_platform(platform: str, key: Key, name: str) -> None:
    mapper = KeyMapper(platform)
    assert mapper.event(key, pressed=True, mono_ns=0).key == name
    assert mapper.modifiers() == {name}


def presses(mapper: KeyMapper, *keys: object) -> None:
    for key in keys:
        mapper.event(key, pressed=True, mono_ns=0)


def test_a_key_carries_the_modifiers_held_and_a_release_lets_go() -> None:
    mapper = KeyMapper("linux")
    presses(mapper, Key("ctrl_l"), Key("shift"))
    event = mapper.event(KeyCode("t"), pressed=True, mono_ns=5)
    assert event.modifiers == {"Ctrl", "Shift"}
    assert shortcut_name(event) == "Ctrl+Shift+T"
    mapper.event(Key("ctrl_l"), pressed=False, mono_ns=6)
    assert mapper.event(KeyCode("T"), pressed=True, mono_ns=7).modifiers == {"Shift"}


def test_releasing_one_side_keeps_the_other_side_held() -> None:
    mapper = KeyMapper("linux")
    presses(mapper, Key("shift_l"), Key("shift_r"))
    mapper.event(Key("shift_l"), pressed=False, mono_ns=1)
    assert mapper.modifiers() == {"Shift"}
    mapper.event(Key("shift_r"), pressed=False, mono_ns=2)
    assert mapper.modifiers() == frozenset()


def test_a_modifiers_own_event_carries_the_other_modifiers_not_itself() -> None:
    mapper = KeyMapper("linux")
    presses(mapper, Key("ctrl"))
    event = mapper.event(Key("shift"), pressed=True, mono_ns=1)
    assert event.key == "Shift"
    assert event.modifiers == {"Ctrl"}


def test_windows_ctrl_alt_with_a_printable_character_is_altgr_text_not_a_shortcut() -> None:
    mapper = KeyMapper("win32")
    presses(mapper, Key("ctrl_l"), Key("alt_gr"))  # how Windows reports AltGr
    event = mapper.event(KeyCode("@"), pressed=True, mono_ns=1)
    assert event.modifiers == {"AltGr"}
    assert not is_shortcut(event)


def test_windows_ctrl_alt_with_a_named_key_stays_a_shortcut() -> None:
    mapper = KeyMapper("win32")
    presses(mapper, Key("ctrl_l"), Key("alt_l"))
    event = mapper.event(Key("delete"), pressed=True, mono_ns=1)
    assert shortcut_name(event) == "Ctrl+Alt+Delete"


def test_ctrl_alt_with_a_character_on_linux_is_a_shortcut() -> None:
    mapper = KeyMapper("linux")
    presses(mapper, Key("ctrl_l"), Key("alt_l"))
    assert shortcut_name(mapper.event(KeyCode("t"), pressed=True, mono_ns=1)) == "Ctrl+Alt+T"


@pytest.mark.parametrize(
    ("key", "modifiers", "altgr"),
    [
        ("@", {"Ctrl", "Alt"}, True),
        ("€", {"Ctrl", "AltGr"}, True),
        ("@", {"Ctrl"}, False),
        ("@", {"Alt"}, False),
        ("\x03", {"Ctrl", "Alt"}, False),
        ("Delete", {"Ctrl", "Alt"}, False),
    ],
)
def test_altgr_text(key: str, modifiers: set[str], altgr: bool) -> None:
    assert is_altgr_text(key, frozenset(modifiers)) is altgr


def test_the_mapper_repr_shows_modifiers_only() -> None:
    mapper = KeyMapper("linux")
    presses(mapper, Key("shift"))
    mapper.event(KeyCode("x"), pressed=True, mono_ns=0)
    assert repr(mapper) == "KeyMapper(modifiers=['Shift'])"
