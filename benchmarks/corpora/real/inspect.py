"""What the real-rendering sources write for a person to look at: JSON labels and
a copy of the frame with every label's box drawn on it."""

from __future__ import annotations

from PIL import Image, ImageDraw

from benchmarks.corpora.screen_corpus import Screen


def sidecar(screen: Screen, **extra: object) -> dict[str, object]:
    """The frame's labels (and ``extra`` facts of its source) as JSON-ready data."""
    return {
        "name": screen.name, "source": screen.source, "theme": screen.theme,
        "font": screen.font, "size": screen.size, **extra,
        "values": [{"type": v.type, "text": v.text, "box": list(v.box)} for v in screen.values],
        "ordinary": [{"text": o.text, "box": list(o.box)} for o in screen.ordinary],
    }  # fmt: skip


def with_boxes(screen: Screen) -> Image.Image:
    """A copy with value boxes in red and ordinary boxes in green, one pixel outside."""
    copy = screen.image.copy()
    draw = ImageDraw.Draw(copy)
    labelled = [(v, (255, 0, 0)) for v in screen.values] + [
        (o, (0, 200, 0)) for o in screen.ordinary
    ]
    for region, colour in labelled:
        x0, y0, x1, y1 = region.box
        draw.rectangle((x0 - 1, y0 - 1, x1, y1), outline=colour)
    return copy
