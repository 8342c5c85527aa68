"""The Chromium corpus: real renderings whose labels sit on the ink they name.

Four frames cover mail, HR, CRM and form pages in light and dark at device
scales 1 and 2; they are rendered once per module because Chromium is slow to
start. No skip when Chromium is missing: the error names what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest

from benchmarks.corpora.real import browser
from benchmarks.corpora.real.browser import BrowserMissing, generate
from benchmarks.corpora.real.labels import ink
from benchmarks.corpora.screen_corpus import InkRegion, Screen

SEED = 11


@pytest.fixture(scope="module")
def screens() -> list[Screen]:
    return generate(4, seed=SEED)


def _regions(screen: Screen) -> Iterator[InkRegion]:
    yield from screen.values
    yield from screen.ordinary


def _overlap(a: InkRegion, b: InkRegion) -> bool:
    return (
        a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]
    )


def test_frames_are_busy(screens: list[Screen]) -> None:
    for screen in screens:
        assert len(screen.values) >= 10, screen.name
        assert len(screen.ordinary) >= 10, screen.name


def test_every_label_lies_inside_the_image_and_covers_ink(screens: list[Screen]) -> None:
    for screen in screens:
        width, height = screen.image.size
        for region in _regions(screen):
            x0, y0, x1, y1 = region.box
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (screen.name, region)
            assert region.ink.shape == (y1 - y0, x1 - x0)
            assert region.ink.any(), (screen.name, region.text)
            assert ink(screen.image, region.box) is not None, (screen.name, region.text)


def test_values_do_not_overlap_ordinary_lines(screens: list[Screen]) -> None:
    for screen in screens:
        clashes = [
            (v.text, o.text) for v in screen.values for o in screen.ordinary if _overlap(v, o)
        ]
        assert not clashes, (screen.name, clashes[:3])


def test_values_do_not_overlap_each_other(screens: list[Screen]) -> None:
    for screen in screens:
        clashes = [(a.text, b.text) for a, b in combinations(screen.values, 2) if _overlap(a, b)]
        assert not clashes, (screen.name, clashes[:3])


def test_a_scale_two_frame_is_twice_its_css_viewport(screens: list[Screen]) -> None:
    doubled = [s for s in screens if s.name.endswith("-x2")]
    assert doubled
    for screen in doubled:
        assert tuple(d // 2 for d in screen.image.size) in browser.VIEWPORTS, screen.name
        px = int(screen.name.split("-")[-2].removesuffix("px"))
        assert screen.size == 2 * px


def test_themes_scales_and_kinds_vary(screens: list[Screen]) -> None:
    assert {s.theme for s in screens} == {"light", "dark"}
    assert {s.name.rsplit("-", 1)[1] for s in screens} == {"x1", "x2"}
    assert len({s.name.split("-")[1] for s in screens}) == 4
    assert all(s.source == "chromium" for s in screens)


def test_same_seed_gives_same_labels_and_frame_does_not_depend_on_count(
    screens: list[Screen],
) -> None:
    again = generate(2, seed=SEED)

    def labels(screen: Screen) -> list[tuple[str, tuple[int, int, int, int]]]:
        return [(r.text, r.box) for r in _regions(screen)]

    for first, second in zip(screens[:2], again, strict=True):
        assert first.name == second.name
        assert labels(first) == labels(second)


def test_missing_chromium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(BrowserMissing, match="/nonexistent/chromium"):
        generate(1, seed=SEED)
