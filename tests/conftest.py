"""Shared fixtures: a real X display (Xvfb + openbox) for desktop tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.desktop import Display, x_display


@pytest.fixture(scope="session")
def display() -> Iterator[Display]:
    with x_display() as started:
        yield started
