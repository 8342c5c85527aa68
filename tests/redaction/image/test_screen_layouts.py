"""Layouts where a value's context is not on its own line, or its panel is coloured."""

from __future__ import annotations

from PIL import Image, ImageDraw

from redaction import redact_image
from tests.redaction.image.screens import Ink, draw

LEAK_SHARE = 0.25


def _leaks(image: Image.Image, values: list[Ink]) -> list[str]:
    result = redact_image(image)
    return [v.text for v in values if v.unchanged_share(image, result.image) > LEAK_SHARE]


def test_light_text_in_blue_chat_bubbles_on_a_dark_theme() -> None:
    image = Image.new("RGB", (900, 260), "#1e1e1e")
    paint = ImageDraw.Draw(image)
    values = []
    for row, (before, value) in enumerate(
        [
            ("password for the staging box: ", "Xsi=!VK6mHkO7C8"),
            ("her NHS number is ", "6972510368"),
        ]
    ):
        y = 30 + row * 60
        paint.rounded_rectangle((300, y - 10, 860, y + 30), radius=14, fill="#0b6fd0")
        label = draw(image, (320, y), before, fill="#ffffff", size=14)
        values.append(draw(image, (label.box[2] + 5, y), value, fill="#ffffff", size=14))
    assert _leaks(image, values) == []


def test_table_column_header_in_an_inverted_header_row() -> None:
    image = Image.new("RGB", (900, 220), "#ffffff")
    paint = ImageDraw.Draw(image)
    paint.rectangle((40, 20, 700, 48), fill="#6a3d9a")
    draw(image, (50, 26), "Name", fill="#ffffff")
    draw(image, (250, 26), "Account no.", fill="#ffffff")
    draw(image, (450, 26), "Sort code", fill="#ffffff")
    values = []
    for row, (name, account, sort_code) in enumerate(
        [("Wen Sandoval", "54677878", "58-91-22"), ("Ben Moreau", "88360394", "20 01 08")]
    ):
        y = 60 + row * 30
        draw(image, (50, y), name, fill="#202020")
        values.append(draw(image, (250, y), account, fill="#202020"))
        values.append(draw(image, (450, y), sort_code, fill="#202020"))
    assert _leaks(image, values) == []


def test_csv_rows_under_their_header_in_a_terminal() -> None:
    image = Image.new("RGB", (900, 140), "#000000")
    draw(image, (10, 10), "name,nino,sort_code,account", fill="#c0c0c0", font="mono", size=15)
    row = "Dev Blackwood,JK427626D,"
    start = draw(image, (10, 35), row, fill="#c0c0c0", font="mono", size=15)
    sort_code = draw(image, (start.box[2] + 2, 35), "59 70 07", fill="#c0c0c0", font="mono")
    comma = draw(image, (sort_code.box[2] + 1, 35), ",", fill="#c0c0c0", font="mono")
    account = draw(image, (comma.box[2] + 3, 35), "80427622", fill="#c0c0c0", font="mono")
    assert _leaks(image, [sort_code, account]) == []


def test_number_whose_label_ends_the_line_above() -> None:
    image = Image.new("RGB", (900, 120), "#ffffff")
    draw(
        image,
        (10, 10),
        "Please pay the deposit to sort code 27 82 74, account number",
        fill="#222222",
    )
    value = draw(image, (10, 34), "22427701", fill="#222222")
    draw(image, (90, 34), ". Thanks for sorting it out.", fill="#222222")
    assert _leaks(image, [value]) == []


def test_form_label_above_its_field() -> None:
    image = Image.new("RGB", (700, 140), "#f3effa")
    paint = ImageDraw.Draw(image)
    draw(image, (20, 10), "Wi-Fi password", fill="#555555", size=14)
    paint.rectangle((18, 32, 380, 62), fill="#ffffff", outline="#aaaaaa")
    value = draw(image, (28, 38), "tiger-autumn-football29", fill="#202020", size=15)
    draw(image, (420, 10), "Gateway", fill="#555555", size=14)
    ordinary = draw(image, (430, 38), "Office router", fill="#202020", size=15)
    result = redact_image(image)
    assert value.unchanged_share(image, result.image) <= LEAK_SHARE
    assert ordinary.unchanged_share(image, result.image) == 1.0


def test_strongly_coloured_text_on_a_black_terminal_is_read() -> None:
    # A terminal's pure blue and green: next to nothing in luminance against black.
    image = Image.new("RGB", (900, 200), "#000000")
    values = []
    for row, (key, value, colour) in enumerate(
        [
            ('"email": ', '"robin.ashdown@example.org",', "#0000ee"),
            ('"phone": ', '"07700 900461",', "#00cd00"),
            ('"iban": ', '"GB33BUKB20201555555555",', "#0000ee"),
        ]
    ):
        y = 30 + row * 40
        label = draw(image, (20, y), key, fill="#5c5cff", size=14, font="mono")
        values.append(draw(image, (label.box[2] + 8, y), value, fill=colour, size=14, font="mono"))
    assert _leaks(image, values) == []
