"""``redact_image`` on rendered screens, read by the real tesseract."""

from __future__ import annotations

import sys

import pytest
from PIL import Image

from redaction import ImageRedaction, RedactionError, redact_image
from tests.redaction.image.screens import THEMES, Rendered, plain, render

LEAK_SHARE = 0.25  # a value leaks when more than this share of its ink is unchanged


def _leaked(rendered: Rendered, result: ImageRedaction) -> list[str]:
    return [
        text
        for text, ink in rendered.values.items()
        if ink.unchanged_share(rendered.image, result.image) > LEAK_SHARE
    ]


def _touched_lines(rendered: Rendered, result: ImageRedaction) -> list[str]:
    return [
        ink.text
        for ink in rendered.lines
        if ink.unchanged_share(rendered.image, result.image) < 0.95
    ]


FORM = [
    [("Name on account: ", False), ("example user", False)],
    [("Email: ", False), ("jane.doe@example.com", True)],
    [("Phone: ", False), ("020 7946 0321", True)],
    [("Card number ", False), ("4111 1111 1111 1111", True), (" expires 12/27", False)],
    [("IBAN ", False), ("GB82 WEST 1234 5698 7654 32", True)],
    [("Password: ", False), ("Tr0ub4dor&3x", True)],
    [("the wifi password is ", False), ("bluefish42", True)],
    [("NI number ", False), ("QQ 12 34 56 C", True)],
]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_values_are_filled_in_every_theme(theme: str) -> None:
    rendered = render(FORM, theme=theme, font="mono" if theme == "terminal" else "sans")
    result = redact_image(rendered.image)
    assert _leaked(rendered, result) == []


@pytest.mark.parametrize(("font", "size"), [("sans", 13), ("serif", 16), ("mono", 20)])
def test_values_are_filled_in_fonts_and_sizes(font: str, size: int) -> None:
    rendered = render(FORM, font=font, size=size)
    assert _leaked(rendered, redact_image(rendered.image)) == []


def test_ordinary_text_and_prose_about_passwords_stay_readable() -> None:
    rendered = render(
        plain(
            "Reset your password using the link below.",
            "Password must be at least 12 characters long",
            "Meeting moved to 14:30 on 2025-03-12, build v2.14.3",
            "Invoice INC-20441 total 1,249.00 GBP due in 30 days",
            "Quarterly report attached, see page 4 for the summary",
        )
    )
    result = redact_image(rendered.image)
    assert result.boxes == ()
    assert _touched_lines(rendered, result) == []
    assert "Reset your password" in result.text


def test_misread_keyword_still_masks_the_value() -> None:
    rendered = render(
        [[("Pasword: ", False), ("kittens99x", True)], [("token ", False), ("x7GhJk2PqLm9", True)]]
    )
    assert _leaked(rendered, redact_image(rendered.image)) == []


def test_label_in_a_separate_form_column_gives_context() -> None:
    rendered = render([[("Password", False), (" " * 30, False), ("sunflower", True)]])
    result = redact_image(rendered.image)
    assert _leaked(rendered, result) == []


def test_result_has_the_same_size_and_the_text_has_placeholders() -> None:
    rendered = render(FORM)
    result = redact_image(rendered.image)
    assert result.image.size == rendered.image.size
    assert result.image is not rendered.image
    assert "[EMAIL]" in result.text and "jane.doe" not in result.text
    assert {box.type for box in result.boxes} >= {"EMAIL", "PHONE", "CARD", "IBAN", "PASSWORD"}


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L"])
def test_image_mode_is_kept(mode: str) -> None:
    rendered = render(FORM[:3])
    result = redact_image(rendered.image.convert(mode))
    assert result.image.mode == mode
    assert _leaked(rendered, ImageRedaction(result.image.convert("RGB"), (), "")) == []


def test_fill_changes_every_ink_pixel_even_over_black_text() -> None:
    rendered = render([[("Email ", False), ("jo.bloggs@example.org", True)]], theme="light")
    black = rendered.image.point(lambda v: 0 if v < 128 else 255)
    result = redact_image(black)
    ink = rendered.values["jo.bloggs@example.org"]
    assert ink.unchanged_share(black, result.image) == 0.0


def test_exclusion_is_filled_and_not_read() -> None:
    rendered = render(plain("Quarterly report attached", "Budget meeting on Friday"))
    first = rendered.lines[0].box
    result = redact_image(rendered.image, exclude=[first])
    assert result.boxes[0].type == "EXCLUDED"
    assert "Quarterly" not in result.text
    assert "Budget" in result.text
    assert rendered.lines[0].unchanged_share(rendered.image, result.image) == 0.0


def test_exclusions_outside_the_image_are_ignored() -> None:
    rendered = render(plain("Budget meeting on Friday"))
    result = redact_image(rendered.image, exclude=[(5000, 5000, 6000, 6000)])
    assert result.boxes == ()


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("not an image", "expected a PIL image"),
        (Image.new("RGB", (0, 10)), "empty"),
    ],
)
def test_bad_input_is_refused_with_the_reason(image: object, message: str) -> None:
    with pytest.raises(RedactionError, match=message):
        redact_image(image)  # type: ignore[arg-type]


def test_bad_exclusion_is_refused() -> None:
    with pytest.raises(RedactionError, match=r"exclude\[0\]"):
        redact_image(Image.new("RGB", (10, 10)), exclude=[(1, 2, 3)])


def test_blank_image_has_nothing_to_redact() -> None:
    result = redact_image(Image.new("RGB", (400, 300), "white"))
    assert result.boxes == () and result.text == ""


_WRITES: list[str] = []
_WATCHING = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING and event == "open" and len(args) >= 2:
        mode, flags = args[1], args[2] if len(args) > 2 else 0
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & 0o3
        ):
            _WRITES.append(str(args[0]))


sys.addaudithook(_audit)


def test_nothing_is_written_to_disk() -> None:
    global _WATCHING
    rendered = render(FORM)
    _WRITES.clear()
    _WATCHING = True
    try:
        redact_image(rendered.image)
    finally:
        _WATCHING = False
    assert _WRITES == []


def test_tiny_images_are_handled() -> None:
    assert redact_image(Image.new("RGB", (5, 3), "white")).boxes == ()


def test_metadata_of_the_original_is_not_copied() -> None:
    rendered = render(FORM[:2])
    original = rendered.image.copy()
    original.info["comment"] = b"Password: Tr0ub4dor&3x"
    assert redact_image(original).image.info == {}


@pytest.mark.parametrize("box", [(10, 10, 5, 20), (10, 10, 20, 10), (0, 0, float("nan"), 5)])
def test_an_empty_or_inverted_exclusion_is_refused_not_ignored(box: tuple[float, ...]) -> None:
    with pytest.raises(RedactionError, match=r"exclude\[0\]"):
        redact_image(Image.new("RGB", (40, 40)), exclude=[box])


def test_fractional_exclusion_edges_are_widened_to_whole_pixels() -> None:
    result = redact_image(Image.new("RGB", (40, 40), "white"), exclude=[(2.5, 3.2, 10.1, 12.9)])
    assert result.boxes[0].box == (2, 3, 11, 13)


def test_white_text_on_a_mid_grey_button_is_read() -> None:
    rendered = render([[("Email ", False), ("jo.bloggs@example.org", True)]], theme="light")
    image = rendered.image.copy()
    pixels = image.load()
    x0, y0, x1, y1 = rendered.lines[0].box
    for y in range(y0 - 6, y1 + 6):
        for x in range(x0 - 8, x1 + 8):
            dark = sum(pixels[x, y]) < 380  # type: ignore[index]
            pixels[x, y] = (255, 255, 255) if dark else (230, 120, 40)  # type: ignore[index]
    ink = rendered.values["jo.bloggs@example.org"]
    result = redact_image(image)
    assert ink.unchanged_share(image, result.image) <= LEAK_SHARE
