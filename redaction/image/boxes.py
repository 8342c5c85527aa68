"""Rectangle arithmetic on ``(x0, y0, x1, y1)`` boxes (x1 and y1 exclusive)."""

from __future__ import annotations

from collections.abc import Iterable

Box = tuple[int, int, int, int]


def intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: Box, region: Box) -> bool:
    x0, y0, x1, y1 = region
    return box[0] >= x0 and box[1] >= y0 and box[2] <= x1 and box[3] <= y1


def union(boxes: Iterable[Box]) -> Box:
    """The smallest box holding all of ``boxes`` (at least one)."""
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return (min(x0s), min(y0s), max(x1s), max(y1s))
