"""Screens drawn by real programs (Chromium, xterm, Tk) under Xvfb, labelled to the pixel.

The source modules each expose ``generate(count, seed, …) -> list[Screen]``
(``browser`` needs no display: Chromium runs headless); :func:`labels.label`
turns a known text box on a real rendering into the ink mask the scorer of
:mod:`benchmarks.corpora.screen_corpus` compares. :func:`real_screens` draws
from several sources at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.corpora.screen_corpus import Screen

SOURCES: tuple[str, ...] = ("chromium", "terminal", "tk")


def real_screens(count: int, seed: int, sources: Sequence[str] = SOURCES) -> list[Screen]:
    """``count`` frames from each of ``sources``, on one Xvfb display started here."""
    unknown = [source for source in sources if source not in SOURCES]
    if unknown:
        raise ValueError(f"unknown source {unknown[0]!r}; known: {', '.join(SOURCES)}")
    screens: list[Screen] = []
    if "chromium" in sources:
        from benchmarks.corpora.real import browser

        screens.extend(browser.generate(count, seed))
    desktop = [source for source in sources if source != "chromium"]
    if desktop:
        from tests.desktop import x_display

        with x_display(1280, 800) as display:
            if "terminal" in desktop:
                from benchmarks.corpora.real import terminal

                screens.extend(terminal.generate(count, seed, display))
            if "tk" in desktop:
                from benchmarks.corpora.real import widgets

                screens.extend(widgets.generate(count, seed, display))
    return screens
