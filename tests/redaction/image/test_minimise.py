"""Minimised output: downscale, greyscale, WebP/PNG encoding."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from redaction import RedactionError, minimise
from redaction.image.minimise import downscale


def test_downscale_keeps_aspect_and_never_enlarges() -> None:
    image = Image.new("RGB", (1920, 1080), "white")
    assert downscale(image, 960).size == (960, 540)
    assert downscale(image, 4000).size == (1920, 1080)


@pytest.mark.parametrize("fmt", ["webp", "png"])
def test_encoded_frame_decodes_to_the_minimised_size_and_mode(fmt: str) -> None:
    frame = minimise(
        Image.new("RGB", (1280, 800), "navy"), max_width=640, greyscale=True, format=fmt
    )  # type: ignore[arg-type]
    decoded = Image.open(io.BytesIO(frame.data))
    assert decoded.format == fmt.upper()
    assert decoded.size == frame.size == (640, 400)
    assert decoded.mode == "L" or len(set(decoded.convert("RGB").getpixel((5, 5)))) == 1


def test_colour_frame_stays_colour() -> None:
    frame = minimise(Image.new("RGBA", (320, 200), (200, 10, 10, 255)), format="png")
    assert Image.open(io.BytesIO(frame.data)).mode == "RGB"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_width": 10}, "max_width"),
        ({"format": "gif"}, "format"),
        ({"quality": 0}, "quality"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(RedactionError, match=message):
        minimise(Image.new("RGB", (320, 200)), **kwargs)  # type: ignore[arg-type]
