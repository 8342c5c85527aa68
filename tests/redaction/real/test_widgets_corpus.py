"""The Tk widget corpus: real Tk/ttk renderings whose labels hold exactly their text.

Four frames (CRM table light, form dark, chat light, log dark) are drawn once
per module on the session's Xvfb display; a second run of the first two checks
that the seed alone decides the labels. No skip when tkinter is missing: the
error names what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import numpy as np
import pytest

from benchmarks.corpora.real.labels import ink
from benchmarks.corpora.real.widgets import generate
from benchmarks.corpora.screen_corpus import VALUE_TYPES, InkRegion, Screen
from tests.desktop import Display

SEED = 5
FRAMES = 4


@pytest.fixture(scope="module")
def screens(display: Display) -> list[Screen]:
    return generate(FRAMES, SEED, display)


def _regions(screen: Screen) -> Iterator[InkRegion]:
    yield from screen.values
    yield from screen.ordinary


def _overlap(a: InkRegion, b: InkRegion) -> bool:
    return (
        a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]
    )


def _labels(screen: Screen) -> list[tuple[str | None, str, tuple[int, int, int, int], bytes]]:
    return [
        (getattr(r, "type", None), r.text, r.box, np.packbits(r.ink).tobytes())
        for r in _regions(screen)
    ]


def test_frames_cover_light_and_dark_and_several_kinds(screens: list[Screen]) -> None:
    assert {s.theme for s in screens} == {"light", "dark"}
    assert len({s.name.split("-")[1] for s in screens}) == FRAMES
    assert {s.source for s in screens} == {"tk"}


def test_frames_are_busy(screens: list[Screen]) -> None:
    for screen in screens:
        assert 10 <= len(screen.values) <= 25, screen.name
        assert len(screen.ordinary) >= 10, screen.name
        assert {v.type for v in screen.values} <= set(VALUE_TYPES)


def test_every_label_lies_inside_the_image_and_holds_ink(screens: list[Screen]) -> None:
    for screen in screens:
        width, height = screen.image.size
        for region in _regions(screen):
            x0, y0, x1, y1 = region.box
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (screen.name, region)
            assert region.ink.shape == (y1 - y0, x1 - x0)
            assert region.ink.any(), (screen.name, region.text)
            assert ink(screen.image, region.box) is not None, (screen.name, region.text)


def test_labels_are_one_line_high(screens: list[Screen]) -> None:
    """A box that took in a widget border or the next line would be taller than a line."""
    for screen in screens:
        tall = [r.text for r in _regions(screen) if r.box[3] - r.box[1] > screen.size + 2]
        assert tall == [], screen.name


def test_values_do_not_overlap_ordinary_lines(screens: list[Screen]) -> None:
    for screen in screens:
        clashes = [
            (v.text, o.text) for v in screen.values for o in screen.ordinary if _overlap(v, o)
        ]
        assert clashes == [], screen.name


def test_values_do_not_overlap_each_other(screens: list[Screen]) -> None:
    for screen in screens:
        clashes = [(a.text, b.text) for a, b in combinations(screen.values, 2) if _overlap(a, b)]
        assert clashes == [], screen.name


def test_chat_holds_a_password_with_no_caption(screens: list[Screen]) -> None:
    chat = next(s for s in screens if "-chat-" in s.name)
    assert "PASSWORD" in {v.type for v in chat.values}


def test_same_seed_gives_the_same_labels(screens: list[Screen], display: Display) -> None:
    again = generate(2, SEED, display)
    assert [s.name for s in again] == [s.name for s in screens[:2]]
    for first, second in zip(screens, again, strict=False):
        assert _labels(first) == _labels(second), first.name
