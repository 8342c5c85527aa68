"""Key classes and shortcut names: what a key is, never which key."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.capture.keys import classify, is_shortcut, key_class, shortcut_name
from agent.wire.fields import SHORTCUT_PATTERN
from tests.agent.capture.keys.typing_helpers import press


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("a", "letter"),
        ("Z", "letter"),
        ("é", "letter"),
        ("7", "digit"),
        ("!", "punctuation"),
        ("@", "punctuation"),
        ("€", "punctuation"),
        ("Space", "whitespace"),
        ("Tab", "whitespace"),
        ("Enter", "whitespace"),
        (" ", "whitespace"),
        ("Shift", "modifier"),
        ("Ctrl", "modifier"),
        ("AltGr", "modifier"),
        ("CapsLock", "modifier"),
        ("Left", "navigation"),
        ("PageDown", "navigation"),
        ("Home", "navigation"),
        ("Backspace", "editing"),
        ("Delete", "editing"),
        ("F5", "function"),
        ("F12", "function"),
        ("Escape", "other"),
        ("MediaPlay", "other"),
        ("\x07", "other"),
    ],
)
def test_a_key_is_classified_by_what_it_is(key: str, expected: str) -> None:
    assert key_class(key) == expected
    assert classify(press(key)) == expected


@pytest.mark.parametrize(
    ("key", "mods", "name"),
    [
        ("c", ("Ctrl",), "Ctrl+C"),
        ("\x03", ("Ctrl",), "Ctrl+C"),
        ("t", ("Ctrl", "Shift"), "Ctrl+Shift+T"),
        ("Tab", ("Alt",), "Alt+Tab"),
        ("v", ("Cmd",), "Cmd+V"),
        ("Left", ("Ctrl", "Shift"), "Ctrl+Shift+Left"),
        ("F4", ("Alt",), "Alt+F4"),
        ("/", ("Ctrl",), "Ctrl+/"),
        ("1", ("Super",), "Super+1"),
    ],
)
def test_a_shortcut_is_named_as_the_wire_format_expects(
    key: str, mods: tuple[str, ...], name: str
) -> None:
    event = press(key, 0, *mods)
    assert shortcut_name(event) == name
    assert classify(event) == "shortcut"
    assert re.match(SHORTCUT_PATTERN, name)


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        ("A", ("Shift",)),
        ("@", ("AltGr",)),
        ("å", ("Option",)),
        ("Ctrl", ("Ctrl",)),
        ("Shift", ("Ctrl", "Shift")),
        ("a", ()),
    ],
)
def test_typing_with_shift_altgr_or_option_is_not_a_shortcut(
    key: str, mods: tuple[str, ...]
) -> None:
    event = press(key, 0, *mods)
    assert not is_shortcut(event)
    assert shortcut_name(event) is None
    assert classify(event) != "shortcut"


def test_a_shortcut_on_a_key_the_pattern_cannot_name_has_no_name() -> None:
    event = press("é", 0, "Ctrl")
    assert is_shortcut(event)
    assert shortcut_name(event) is None


MODS = st.sets(st.sampled_from(["Ctrl", "Alt", "Shift", "Super", "Meta", "Cmd", "Option", "Fn"]))


@given(key=st.one_of(st.characters(), st.sampled_from(["Tab", "F3", "Up", "Menu"])), mods=MODS)
def test_every_shortcut_name_matches_the_wire_pattern(key: str, mods: set[str]) -> None:
    name = shortcut_name(press(key, 0, *mods))
    assert name is None or re.match(SHORTCUT_PATTERN, name)


def test_the_repr_of_an_event_does_not_show_its_key() -> None:
    assert "Ω" not in repr(press("Ω"))
