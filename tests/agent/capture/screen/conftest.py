"""A small two-monitor display for screen-capture tests (tesseract time grows with pixels)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.agent.capture.screen.desktop import Box, split_into_monitors
from tests.desktop import Display, x_display

#: Two monitors of 400 x 600 side by side: small frames keep real OCR quick.
SIZE = (800, 600)


@pytest.fixture(scope="module")
def two_monitors() -> Iterator[tuple[Display, list[Box]]]:
    with x_display(*SIZE) as display:
        yield display, split_into_monitors(display)
