"""Values OCR split into pieces are covered whole: credentials forward, addresses back."""

from __future__ import annotations

import pytest

from redaction.detector import Hit
from redaction.image.layout import Line, group_lines
from redaction.image.ocr import OcrWord
from redaction.image.split import continued_on_row, extend_split_values
from tests.redaction.image.lines import line_of, masked


@pytest.mark.parametrize(
    ("text", "first", "value"),
    [
        ("DB_PASSWORD=Saturn .44", "Saturn", "Saturn .44"),
        ("DB_PASSWORD=i. Xyv: DNIS+5", "i.", "i. Xyv: DNIS+5"),
        ("here's the token: hp_keOURrq8 6nVRO3g}vkbxw", "hp_keOURrq8", "hp_keOURrq8 6nVRO3g}vkbxw"),
        ("password=pPIMnF4/'y4V-p7im4 at the end", "pPIMnF4/", "pPIMnF4/'y4V-p7im4"),
        ("password: hunter2 Show", "hunter2", "hunter2"),
        ("password: x7Gh2kQ tomorrow", "x7Gh2kQ", "x7Gh2kQ"),
        ("DB_PASSWORD=Saturn44 # rotated", "Saturn44", "Saturn44"),
        ("password=fr8V3HFF . iq@sus", "fr8V3HFF", "fr8V3HFF . iq@sus"),
        ("DB_PASSWORD-orbit -elephant-raspberry70", "orbit", "orbit-elephant-raspberry70"),
    ],
)
def test_a_credential_covers_the_pieces_ocr_split_it_into(
    text: str, first: str, value: str
) -> None:
    line = line_of(text)
    start = line.text.index(first)
    hit = Hit(start, start + len(first), "PASSWORD", "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == [value]


def test_a_distant_word_is_not_part_of_the_credential() -> None:
    line = line_of("token: x7GhJk2PqLm9 7Jun", gap=20)
    start = line.text.index("x7G")
    hit = Hit(start, start + len("x7GhJk2PqLm9"), "SECRET", "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == ["x7GhJk2PqLm9"]


def weak_line(parts: list[tuple[str, float]]) -> Line:
    words, x = [], 0
    for text, confidence in parts:
        words.append(OcrWord(text, confidence, (x, 0, x + 8 * len(text), 12)))
        x += 8 * len(text) + 8
    return group_lines(words)[0]


@pytest.mark.parametrize(
    ("parts", "found", "value"),
    [
        (
            [("islarossil", 40.0), ("5@example.com", 40.0)],
            "5@example.com",
            "islarossil 5@example.com",
        ),
        (
            [
                ("Lindqvist", 80.0),
                ("ben.", 82.0),
                ("lindq", 40.0),
                ("vistS0@mail.example.com", 25.0),
            ],
            "vistS0@mail.example.com",
            "ben. lindq vistS0@mail.example.com",
        ),
        ([("Contact:", 95.0), ("sam@example.com", 95.0)], "sam@example.com", "sam@example.com"),
        (
            [("write", 40.0), ("to", 40.0), ("sam@example.com", 95.0)],
            "sam@example.com",
            "sam@example.com",
        ),
    ],
)
def test_an_address_covers_the_start_of_its_local_part_split_off_by_ocr(
    parts: list[tuple[str, float]], found: str, value: str
) -> None:
    line = weak_line(parts)
    start = line.text.index(found)
    hit = Hit(start, start + len(found), "EMAIL", "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == [value]


def _row(text: str, y: int) -> list[OcrWord]:
    words, x = [], 10
    for part in text.split(" "):
        words.append(OcrWord(part, 90.0, (x, y, x + 7 * len(part), y + 12)))
        x += 7 * len(part) + 4
    return words


def test_a_token_wrapped_onto_the_next_line_is_masked_there_too() -> None:
    from redaction import RedactionPolicy
    from redaction.image.analyse import analyse_words

    # The token's end on the next line is too short to look like anything alone.
    cut = "ghp" + "_OQpRv2AP1gGkFKpnCnXALMF3x5Ju"  # fake, built at run time (secret scanners)
    words = _row(f"the CI job: {cut}", 10) + _row("Yk7Dq ok", 28)
    boxes, text = analyse_words(words, RedactionPolicy())
    assert text.splitlines() == ["the CI job: [SECRET]", "[SECRET] ok"]
    assert "ocr_wrapped_value" in {box.detector for box in boxes}


def test_prose_under_a_line_ending_in_a_token_stays_readable() -> None:
    from redaction import RedactionPolicy
    from redaction.image.analyse import analyse_words

    token = "ghp_" + "OQpRv2AP1gGkFKpnCnXALMF3x5JuYNnkjGCD"
    words = _row(f"the CI job: {token}", 10) + _row("please rotate it today", 28)
    _, text = analyse_words(words, RedactionPolicy())
    assert text.splitlines()[-1] == "please rotate it today"


def test_a_hash_closer_than_a_space_is_the_rest_of_the_credential_not_a_comment() -> None:
    """ "Butt3rfly" "#38" split by OCR inside the token; "Saturn44 # rotated" (a space
    and more before the "#") stays a comment (see the cases above)."""
    words = [
        OcrWord("Butt3rfly", 72.0, (0, 0, 72, 12)),
        OcrWord("#38", 72.0, (76, 0, 100, 12)),
        OcrWord("Fatima", 95.0, (140, 0, 188, 12)),
    ]
    line = group_lines(words)[0]
    start = line.text.index("Butt3rfly")
    hit = Hit(start, start + len("Butt3rfly"), "PASSWORD", "test", 0.9)
    (grown,) = extend_split_values(line, [hit])
    assert line.text[grown.start : grown.end].replace(" ", "") == "Butt3rfly#38"


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("To: taylor.vasquez 16@example.com", "16@example.com", "taylor.vasquez 16@example.com"),
        ("To: keiko9 1@example.net", "1@example.net", "keiko9 1@example.net"),
        (
            "Novak oliver .novak57@example.net",
            ".novak57@example.net",
            "oliver .novak57@example.net",
        ),
        ("email sam@example.com", "sam@example.com", "sam@example.com"),
        ("Order 12345 sam@example.com", "sam@example.com", "sam@example.com"),
    ],
)
def test_a_local_part_split_by_a_space_is_covered_but_not_the_words_before_it(
    text: str, found: str, value: str
) -> None:
    line = line_of(text)
    start = line.text.index(found)
    hit = Hit(start, start + len(found), "EMAIL", "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == [value]


def test_a_colon_closer_than_a_space_inside_an_assignment_is_part_of_the_value() -> None:
    """ "DB_PASSWORD=tE" "\ufffd" ":" "3TdqmkK%QF4": OCR broke "tE:3TdqmK%QF4" at its colon."""
    words = [
        OcrWord("DB_PASSWORD=tE", 85.0, (15, 296, 137, 310)),
        OcrWord("\ufffd", 0.0, (130, 296, 147, 307)),
        OcrWord(":", 91.0, (149, 296, 154, 307)),
        OcrWord("3TdqmkK%QF4", 39.0, (159, 295, 253, 310)),
    ]
    line = group_lines(words)[0]
    start = line.text.index("tE")
    (grown,) = extend_split_values(line, [Hit(start, start + 2, "PASSWORD", "test", 0.9)])
    assert line.text[grown.end - len("3TdqmkK%QF4") : grown.end] == "3TdqmkK%QF4"


def test_a_credential_ending_its_line_goes_on_in_the_next_line_of_its_row() -> None:
    """OCR boxed "h8=Lu:" and "Oko3TEhz+2" two lines apart; prose after a value does not
    continue it, nor does a piece too far to the right."""
    left = group_lines([OcrWord("DB_PASSWORD=h8=Lu:", 87.0, (266, 574, 409, 590))])[0]
    spans = ((12, 18, "PASSWORD", "test"),)
    piece = group_lines([OcrWord("Oko3TEhz+2", 73.0, (450, 574, 534, 586))])[0]
    prose = group_lines([OcrWord("rotated", 95.0, (450, 574, 510, 586))])[0]
    far = group_lines([OcrWord("Oko3TEhz+2", 73.0, (900, 574, 984, 586))])[0]
    assert continued_on_row(left, spans, piece) == "PASSWORD"
    assert continued_on_row(left, spans, prose) == ""
    assert continued_on_row(left, spans, far) == ""


def _read(*pieces: tuple[str, float, int, int]) -> Line:
    """A line of (text, confidence, x0, x1) words, 12 px high."""
    return group_lines([OcrWord(text, conf, (x0, 0, x1, 12)) for text, conf, x0, x1 in pieces])[0]


def _unsure_from(line: Line, piece: str) -> list[str]:
    hit = Hit(line.text.index(piece), len(line.text), "UNSURE", "test", 0.5)
    return masked(line, extend_split_values(line, [hit]))


def test_a_barely_read_piece_before_a_weak_value_is_covered_too() -> None:
    line = _read(
        ("10.49.70.27:5432:*:ro:", 80.0, 0, 176),
        ("bNO7!", 0.0, 184, 224),
        ("!CxDtMhM2VO", 21.0, 232, 320),
    )
    assert _unsure_from(line, "!Cx") == ["bNO7! !CxDtMhM2VO"]


def test_a_confident_word_before_a_weak_value_is_not_covered() -> None:
    line = _read(("secret", 96.0, 0, 48), ("Xk9!pQ2#mZ7w", 21.0, 56, 152))
    assert _unsure_from(line, "Xk9") == ["Xk9!pQ2#mZ7w"]


@pytest.mark.parametrize(
    ("parts", "kind", "value"),
    [
        # The first group of a number garbled with the border of its input box.
        ([("Recovery", 96), ("phone", 97), ("[e700", 1), ("900232", 89)], "PHONE", "[e700 900232"),
        ([("NHS", 96), ("number", 97), ("(saa", 52), ("797", 90), ("4476", 64)], "NHS_NUMBER",
         "(saa 797 4476"),
    ],
)  # fmt: skip
def test_a_number_covers_its_garbled_first_group(
    parts: list[tuple[str, float]], kind: str, value: str
) -> None:
    line = weak_line(parts)
    first = value.split()[1]
    start = line.text.index(first)
    hit = Hit(start, line.text.index(value) + len(value), kind, "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == [value]


@pytest.mark.parametrize(
    "parts",
    [
        [("Recovery", 96), ("phone", 97), ("07700", 95), ("900232", 89)],  # read well
        [("Recovery", 96), ("phone:", 40), ("900232", 89)],  # its label
        [("call", 96), ("the", 45), ("900232", 89)],  # a word of the sentence
    ],
)
def test_a_number_does_not_grow_over_words_read_well_or_labels(
    parts: list[tuple[str, float]],
) -> None:
    line = weak_line(parts)
    start = line.text.index("900232")
    hit = Hit(start, start + 6, "PHONE", "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == ["900232"]


@pytest.mark.parametrize("label", ["email", "E-mail:"])
def test_a_word_between_an_address_label_and_the_address_is_its_start(label: str) -> None:
    # "george_patel@…" with its "_" lost; the labels were read with no confidence.
    line = weak_line([("Work", 0), (label, 0), ("george", 76), ("patel@example.org", 86)])
    start = line.text.index("patel")
    hit = Hit(start, len(line.text), "EMAIL", "test", 0.9)
    assert masked(line, extend_split_values(line, [hit])) == ["george patel@example.org"]
