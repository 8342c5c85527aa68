"""Tray icons: one per state, told apart by shape as well as colour."""

from __future__ import annotations

from itertools import combinations

import numpy
import pytest

from agent.tray.icon import SIZE, draw_icon

STATES = ("recording", "paused", "off", "error")


@pytest.mark.parametrize("state", STATES)
def test_is_a_square_transparent_image(state: str) -> None:
    image = draw_icon(state)  # type: ignore[arg-type]
    assert (image.mode, image.size) == ("RGBA", (SIZE, SIZE))
    assert image.getchannel("A").getpixel((0, 0)) == 0  # corners are see-through


@pytest.mark.parametrize(("a", "b"), list(combinations(STATES, 2)))
def test_states_differ_in_shape_not_only_colour(a: str, b: str) -> None:
    """Greyscale versions differ: someone who cannot tell the colours apart still can."""
    grey_a = numpy.asarray(draw_icon(a).convert("LA"))  # type: ignore[arg-type]
    grey_b = numpy.asarray(draw_icon(b).convert("LA"))  # type: ignore[arg-type]
    changed = int((grey_a != grey_b).any(axis=2).sum())
    assert changed > SIZE * SIZE // 20


def test_draws_at_any_size() -> None:
    assert draw_icon("paused", size=22).size == (22, 22)
