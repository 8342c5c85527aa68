"""The tray icon for each state: a distinct colour *and* shape, so colour is never the only cue.

* recording — a filled red disc (the usual "recording" dot);
* paused — an amber disc with two white pause bars;
* off — a hollow grey ring;
* error — an orange triangle with an exclamation mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.tray.menu import IconState

if TYPE_CHECKING:
    from PIL.Image import Image

#: Drawn at this size; the tray host scales it down.
SIZE = 64

COLOURS: dict[IconState, tuple[int, int, int, int]] = {
    "recording": (204, 32, 32, 255),
    "paused": (230, 160, 0, 255),
    "off": (128, 128, 128, 255),
    "error": (230, 90, 0, 255),
}


def draw_icon(state: IconState, size: int = SIZE) -> Image:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = COLOURS[state]
    margin = size // 8
    box = (margin, margin, size - margin - 1, size - margin - 1)
    unit = size / 64
    if state == "recording":
        draw.ellipse(box, fill=colour)
    elif state == "paused":
        draw.ellipse(box, fill=colour)
        bar_w, bar_h = round(8 * unit), round(26 * unit)
        top = (size - bar_h) // 2
        for left in (round(22 * unit), round(34 * unit)):
            draw.rectangle((left, top, left + bar_w - 1, top + bar_h - 1), fill="white")
    elif state == "off":
        draw.ellipse(box, outline=colour, width=max(2, round(8 * unit)))
    else:
        low = size - margin - 1
        draw.polygon([(size / 2, margin), (low, low), (margin, low)], fill=colour)
        half, middle = round(3 * unit), size // 2
        for top, bottom in ((24, 42), (46, 51)):  # the bar and the dot of "!"
            draw.rectangle(
                (middle - half, round(top * unit), middle + half, round(bottom * unit)),
                fill="white",
            )
    return image
