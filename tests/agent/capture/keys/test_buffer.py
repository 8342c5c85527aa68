"""The edit buffer applies edits as a text field would, or says it cannot know."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.capture.keys.buffer import Edit, EditBuffer
from agent.capture.keys.classify import shortcut_name
from agent.capture.keys.events import KeyEvent
from tests.agent.capture.keys.typing_helpers import press


def apply_all(events: list[KeyEvent]) -> tuple[str, list[Edit]]:
    buffer = EditBuffer()
    edits = [buffer.apply(event, shortcut_name(event)) for event in events]
    return buffer.text(), edits


def keys(*names: str) -> list[KeyEvent]:
    return [press(name) for name in names]


@pytest.mark.parametrize(
    ("events", "text"),
    [
        (keys("a", "b", "c"), "abc"),
        (keys("a", "Space", "b"), "a b"),
        (keys("a", "b", "Backspace", "c"), "ac"),
        (keys("Backspace", "a"), "a"),
        (keys("a", "b", "Left", "Backspace", "c"), "cb"),
        (keys("a", "b", "Left", "Delete"), "a"),
        (keys("a", "b", "Delete"), "ab"),
        (keys("a", "b", "Home", "c"), "cab"),
        (keys("a", "b", "Home", "End", "c"), "abc"),
        (keys("a", "b", "Left", "Right", "Right", "c"), "abc"),
        (keys("a", "Shift", "F5", "Escape", "b"), "ab"),
        ([press("a"), press("c", 0, "Ctrl"), press("b")], "ab"),
    ],
)
def test_edits_are_applied_within_the_segment(events: list[KeyEvent], text: str) -> None:
    assert apply_all(events)[0] == text


@pytest.mark.parametrize(
    ("why", "event"),
    [
        ("selection", press("Left", 0, "Shift")),
        ("select to start", press("Home", 0, "Shift")),
        ("paste", press("v", 0, "Ctrl")),
        ("undo", press("z", 0, "Cmd")),
        ("word delete", press("Backspace", 0, "Ctrl")),
        ("another line", press("Up")),
        ("another page", press("PageDown")),
        ("overwrite mode", press("Insert")),
        ("a key the adapter could not name", press("Unknown")),
        ("control character", press("\x1b")),
    ],
)
def test_an_edit_whose_effect_is_unknown_is_reported(why: str, event: KeyEvent) -> None:
    assert apply_all([press("a"), event])[1][-1] is Edit.UNKNOWN, why


def test_moving_left_out_of_the_segment_is_unknown() -> None:
    assert apply_all(keys("a", "Left", "Left"))[1][-1] is Edit.UNKNOWN


@pytest.mark.parametrize(("key", "edit"), [("Enter", Edit.ENTER), ("Tab", Edit.FIELD_END)])
def test_enter_and_tab_end_the_segment(key: str, edit: Edit) -> None:
    assert apply_all(keys("a", key)) == ("a", [Edit.APPLIED, edit])


def test_the_buffer_repr_does_not_show_its_text() -> None:
    buffer = EditBuffer()
    buffer.apply(press("Ω"))
    assert "Ω" not in repr(buffer)


PRINTABLE = st.characters(categories=("L", "N", "P", "S", "Zs"))


@given(st.lists(st.one_of(PRINTABLE, st.just("Backspace"))))
def test_typing_and_backspace_give_the_text_a_list_would(keys_typed: list[str]) -> None:
    model: list[str] = []
    for key in keys_typed:
        if key == "Backspace":
            if model:
                model.pop()
        else:
            model.append(key)
    assert apply_all([press(key) for key in keys_typed])[0] == "".join(model)


@given(st.lists(st.one_of(PRINTABLE, st.sampled_from(["Backspace", "Delete", "Left", "Right"]))))
def test_cursor_edits_give_the_text_a_list_with_a_cursor_would(keys_typed: list[str]) -> None:
    model: list[str] = []
    cursor = 0
    known = True
    for key in keys_typed:
        if key == "Backspace" and cursor:
            cursor -= 1
            del model[cursor]
        elif key == "Delete" and cursor < len(model):
            del model[cursor]
        elif key == "Left":
            if cursor == 0:
                known = False
                break
            cursor -= 1
        elif key == "Right":
            cursor = min(cursor + 1, len(model))
        elif len(key) == 1:
            model.insert(cursor, key)
            cursor += 1
    text, edits = apply_all([press(key) for key in keys_typed])
    if known:
        assert text == "".join(model)
    else:
        assert Edit.UNKNOWN in edits
