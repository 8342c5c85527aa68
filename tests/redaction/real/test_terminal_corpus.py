"""The xterm corpus: real terminal renderings whose labels sit on the cells they name.

Four frames cover X core bitmap fonts and FreeType fonts in the light, reverse
and dark themes. No skip when xterm or a font is missing: the error names what
to install.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from itertools import combinations

import pytest

from benchmarks.corpora.real import terminal
from benchmarks.corpora.real.labels import ink
from benchmarks.corpora.real.terminal import FONTS, Frame, TermFont, TerminalCorpusError, render
from benchmarks.corpora.screen_corpus import InkRegion, Screen
from tests.desktop import Display

SEED = 23
CASES = (("fixed", "light"), ("9x15", "reverse"), ("DejaVu Sans Mono 11", "dark"),
         ("Liberation Mono 10", "reverse"))  # fmt: skip
_BY_NAME = {font.name: font for font in FONTS}


@pytest.fixture(scope="module")
def frames(display: Display) -> list[Frame]:
    return [
        render(display, SEED + k, font=_BY_NAME[font], theme=theme, index=k)
        for k, (font, theme) in enumerate(CASES)
    ]


def _regions(screen: Screen) -> Iterator[InkRegion]:
    yield from screen.values
    yield from screen.ordinary


def _overlap(a: InkRegion, b: InkRegion) -> bool:
    return (
        a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]
    )


def _labels(screen: Screen) -> list[tuple[str, str | None, tuple[int, int, int, int]]]:
    return [(r.text, getattr(r, "type", None), r.box) for r in _regions(screen)]


def test_frames_are_busy(frames: list[Frame]) -> None:
    for frame in frames:
        assert len(frame.screen.values) >= 10, frame.screen.name
        assert len(frame.screen.ordinary) >= 10, frame.screen.name


def test_every_label_lies_inside_the_image_and_covers_ink(frames: list[Frame]) -> None:
    for frame in frames:
        screen = frame.screen
        width, height = screen.image.size
        for region in _regions(screen):
            x0, y0, x1, y1 = region.box
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (screen.name, region)
            assert region.ink.shape == (y1 - y0, x1 - x0)
            assert region.ink.any(), (screen.name, region.text)
            assert ink(screen.image, region.box) is not None, (screen.name, region.text)


def test_values_do_not_overlap_ordinary_lines_or_each_other(frames: list[Frame]) -> None:
    for frame in frames:
        screen = frame.screen
        clashes = [
            (v.text, o.text) for v in screen.values for o in screen.ordinary if _overlap(v, o)
        ]
        clashes += [(a.text, b.text) for a, b in combinations(screen.values, 2) if _overlap(a, b)]
        assert not clashes, (screen.name, clashes[:3])


def test_bitmap_values_start_in_their_first_cell(frames: list[Frame]) -> None:
    """Ink starts in the value's first cell, within a glyph's left bearing of its edge."""
    bitmap = [f for f in frames if f.screen.source == "xterm-bitmap"]
    assert bitmap
    for frame in bitmap:
        grid = frame.grid
        offsets = []
        for value, (row, col, length) in zip(frame.screen.values, frame.cells, strict=True):
            cells = grid.box(row, col, length)
            x0, y0, x1, y1 = value.box
            assert cells[0] <= x0 and cells[1] <= y0 and x1 <= cells[2] and y1 <= cells[3], value
            offsets.append(x0 - cells[0])
        assert max(offsets) < grid.cell_w // 2, frame.screen.name
        assert min(offsets) <= 1, frame.screen.name  # the font's smallest left bearing


def test_bitmap_cells_are_the_fonts_nominal_size(frames: list[Frame]) -> None:
    sizes = {f.screen.font: (f.grid.cell_w, f.grid.cell_h) for f in frames}
    assert sizes["fixed"] == (6, 13)
    assert sizes["9x15"] == (9, 15)


def test_the_terminal_fills_most_of_the_screen(frames: list[Frame], display: Display) -> None:
    width, height = display.size
    for frame in frames:
        grid = frame.grid
        assert grid.cols * grid.cell_w > 0.95 * width, frame.screen.name
        assert grid.rows * grid.cell_h > 0.9 * height, frame.screen.name


def test_sources_and_themes_are_tagged(frames: list[Frame]) -> None:
    tags = {(f.screen.source, f.screen.theme) for f in frames}
    assert tags == {("xterm-bitmap", "light"), ("xterm-bitmap", "reverse"),
                    ("xterm-ttf", "dark"), ("xterm-ttf", "reverse")}  # fmt: skip


def test_same_seed_gives_same_labels(frames: list[Frame], display: Display) -> None:
    font, theme = CASES[2]
    again = render(display, SEED + 2, font=_BY_NAME[font], theme=theme, index=2)
    assert again.screen.name == frames[2].screen.name
    assert _labels(again.screen) == _labels(frames[2].screen)


def test_a_shifted_grid_fails_the_ink_check(frames: list[Frame]) -> None:
    """The check that guards every label: cells hold ink exactly where there is text."""
    for frame in frames:
        terminal._check_grid(frame.screen.image, frame.grid, frame.lines, "as drawn")
        shifted = dataclasses.replace(frame.grid, x=frame.grid.x + 2)
        with pytest.raises(TerminalCorpusError, match="disagree"):
            terminal._check_grid(frame.screen.image, shifted, frame.lines, "shifted")


@pytest.mark.parametrize(
    ("font", "match"),
    [
        (TermFont("nosuch9x9", ("-fn", "nosuch9x9"), "xterm-bitmap"), "xfonts-base"),
        (TermFont("No Such Mono 10", ("-fa", "No Such Mono", "-fs", "10"), "xterm-ttf"), "install"),
    ],
)
def test_a_missing_font_is_a_clear_error(display: Display, font: TermFont, match: str) -> None:
    with pytest.raises(TerminalCorpusError, match=match):
        render(display, SEED, font=font, theme="light")
