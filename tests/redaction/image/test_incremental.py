"""``ScreenRedactor``: successive frames, only changed regions read again."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from redaction import ScreenRedactor, redact_image
from tests.redaction.image.screens import FONTS, plain, render

SCREEN = plain(*(f"Line {n} of the weekly planning notes for the team" for n in range(1, 25)))


def _area(box: tuple[int, int, int, int]) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _write_line(image: Image.Image, y: int, text: str) -> Image.Image:
    frame = image.copy()
    draw = ImageDraw.Draw(frame)
    draw.rectangle((0, y - 2, frame.width, y + 20), fill="white")
    draw.text((12, y), text, font=ImageFont.truetype(FONTS["sans"], 15), fill="#1f1f1f")
    return frame


def test_first_frame_is_read_in_full_and_an_identical_one_not_at_all() -> None:
    rendered = render(SCREEN)
    redactor = ScreenRedactor()
    first = redactor.redact(rendered.image)
    assert redactor.last_regions == ((0, 0, *rendered.image.size),)
    again = redactor.redact(rendered.image.copy())
    assert redactor.last_regions == ()
    assert again.text == first.text


def test_one_changed_line_is_read_in_a_small_region_and_redacted() -> None:
    rendered = render(SCREEN)
    redactor = ScreenRedactor()
    redactor.redact(rendered.image)
    y = rendered.lines[10].box[1]
    changed = _write_line(rendered.image, y, "Password: Tr0ub4dor&3x and 4111 1111 1111 1111")
    result = redactor.redact(changed)
    whole = _area((0, 0, *changed.size))
    assert sum(_area(r) for r in redactor.last_regions) < 0.1 * whole
    assert {box.type for box in result.boxes} == {"PASSWORD", "CARD"}
    assert result.text == redact_image(changed).text


def test_typing_next_to_an_existing_word_rereads_the_word() -> None:
    base = render(plain("Password: hun"))
    redactor = ScreenRedactor()
    redactor.redact(base.image)
    typed = render(plain("Password: hunter2x!"))
    result = redactor.redact(typed.image)
    assert [box.type for box in result.boxes] == ["PASSWORD"]
    assert "hun" not in result.text


def test_a_removed_value_no_longer_leaves_a_box() -> None:
    rendered = render(SCREEN)
    redactor = ScreenRedactor()
    y = rendered.lines[3].box[1]
    with_value = _write_line(rendered.image, y, "Email jane.doe@example.com")
    assert [b.type for b in redactor.redact(with_value).boxes] == ["EMAIL"]
    assert redactor.redact(rendered.image).boxes == ()


def test_a_new_size_or_theme_is_read_in_full() -> None:
    redactor = ScreenRedactor()
    light = render(SCREEN[:5])
    redactor.redact(light.image)
    dark = render(SCREEN[:5], theme="dark")
    redactor.redact(dark.image)
    assert redactor.last_regions == ((0, 0, *dark.image.size),)
    small = render(SCREEN[:3])
    redactor.redact(small.image)
    assert redactor.last_regions == ((0, 0, *small.image.size),)


def test_moved_exclusion_uncovers_content_only_after_reading_it() -> None:
    rendered = render(SCREEN[:6])
    redactor = ScreenRedactor()
    first_box = rendered.lines[0].box
    redactor.redact(rendered.image, exclude=[first_box])
    result = redactor.redact(rendered.image, exclude=[rendered.lines[1].box])
    assert "Line 1 of" in result.text and "Line 2 of" not in result.text
