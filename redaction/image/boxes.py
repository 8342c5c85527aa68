"""Rectangle arithmetic on ``(x0, y0, x1, y1)`` boxes (x1 and y1 exclusive)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def intersection(box: Box, bounds: Box) -> Box | None:
    """The part of ``box`` inside ``bounds``; None when they do not overlap."""
    x0, y0 = max(box[0], bounds[0]), max(box[1], bounds[1])
    x1, y1 = min(box[2], bounds[2]), min(box[3], bounds[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1)


def clip(box: Box, size: tuple[int, int]) -> Box | None:
    """``box`` clipped to an image of ``size``; None when nothing is left."""
    return intersection(box, (0, 0, *size))


def shifted(box: Box, dx: int, dy: int) -> Box:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def merge_overlapping(regions: Iterable[Box]) -> list[Box]:
    """Regions with overlapping ones merged, until none overlap (each pixel is read once)."""
    pending = sorted(regions)
    merged: list[Box] = []
    while pending:
        region = pending.pop()
        for index, other in enumerate(merged):
            if intersects(region, other):
                del merged[index]
                pending.append(union((region, other)))
                break
        else:
            merged.append(region)
    return sorted(merged, key=lambda box: (box[1], box[0]))


def cover_whole(regions: Iterable[Box], boxes: Sequence[Box]) -> list[Box]:
    """``regions`` grown until no box of ``boxes`` is cut by one, and merged.

    A region that cuts a word would re-read only part of it; growing one region
    can make it overlap another, so growing and merging repeat until stable.
    """
    current = merge_overlapping(regions)
    while True:
        grown = []
        for region in current:
            for box in boxes:
                if intersects(box, region) and not inside(box, region):
                    region = union((region, box))
            grown.append(region)
        merged = merge_overlapping(grown)
        if merged == current:
            return merged
        current = merged
