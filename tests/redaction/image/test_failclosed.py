"""The fail-closed rules: misread credential keywords and weak readings of values."""

from __future__ import annotations

import pytest

from redaction import RedactionPolicy
from redaction.image.analyse import analyse_words
from redaction.image.failclosed import (
    is_credential_keyword,
    is_unsure_value,
    keyword_value_hits,
    label_words,
)
from redaction.image.layout import group_lines
from redaction.image.ocr import OcrWord


def line_of(text: str, confidence: float = 95.0):  # type: ignore[no-untyped-def]
    words, x = [], 0
    for part in text.split(" "):
        words.append(OcrWord(part, confidence, (x, 0, x + 8 * len(part), 12)))
        x += 8 * len(part) + 5
    return group_lines(words)[0]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Password:", True), ("Pasword", True), ("passwerd", True), ("Passw0rd", True),
        ("PASSWORD", True), ("token", True), ("t0ken", True), ("secret=", True), ("pwd", True),
        ("PIN", True), ("passed", False), ("tokens", False), ("passport", False),
        ("pwn", False), ("pun", False), ("broken", False), ("secrets", False), ("pa", False),
    ],
)  # fmt: skip
def test_credential_keyword_tolerates_misreads_not_other_words(word: str, expected: bool) -> None:
    assert is_credential_keyword(word) is expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Pasword: kittens99x", "kittens99x"),
        ("passwerd is bluefish42", "bluefish42"),
        ("token x7GhJk2PqLm9", "x7GhJk2PqLm9"),
        ("Passwod = sunflower", "sunflower"),
        ("wifi pasword: Summer2024!", "Summer2024!"),
        ("assword for the staging box: cheddar#1995", "cheddar#1995"),
        ("% PGPASSWORD=(( tFOEto HL@KXT9-8 psql -h", "tFOEto"),
        ("needs passwor \ufffd @SLcy7mT3 at the end", "@SLcy7mT3"),  # unread ink between
        ("DB_PASSWORD-orbit -elephant-raspberry70", "orbit"),  # "=" read as "-"
        ("pwa: liverpool-autumn-orbit28", "liverpool-autumn-orbit28"),  # "pwd:" misread
        ('19 DB_PASSWORD "EBQMI4E* at', '"EBQMI4E*'),  # the ":" of a setting lost
        ("wifi password s otter-marmalade-canyon45", "otter-marmalade-canyon45"),  # "is"
    ],
)
def test_value_after_a_misread_keyword_is_masked(text: str, value: str) -> None:
    line = line_of(text)
    spans = [line.text[h.start : h.end] for h in keyword_value_hits(line)]
    assert spans == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Reset your password using the link below",
        "Password must be at least 12 characters",
        "Tests passed: 42",
        "Pasword: required",
        "the password is incorrect",
        "token expired yesterday",
        "Password Cancel",
        "Forgot password?",
        "Password: ********",
        "pod: worker-5c7d8b9f4-m8zrt",
        "pwn the box",
        "see DB_PASSWORD in the docs",
        "the ACCESS_TOKEN variable is read",
    ],
)
def test_prose_and_ui_words_after_keywords_are_left(text: str) -> None:
    assert list(keyword_value_hits(line_of(text))) == []


def test_label_in_the_column_to_the_left_counts_as_separated() -> None:
    line = line_of("sunflower")
    assert [line.text[h.start : h.end] for h in keyword_value_hits(line, ("Password",))] == [
        "sunflower"
    ]


def test_label_words_only_for_lines_ending_in_a_keyword() -> None:
    assert label_words(["Wi-Fi", "Password:"]) == ("Wi-Fi", "Password:")
    assert label_words("your temporary password is".split()) == ("temporary", "password", "is")
    assert label_words("Change your password now".split()) == ()
    # A speck after the sentence's last word read as a full stop.
    assert label_words("the guest wifi password is.".split()) == ("wifi", "password", "is.")


@pytest.mark.parametrize(
    ("text", "confidence", "expected"),
    [
        ("4l11", 40.0, True),
        ("[olao@build-01", 30.0, False),
        ("5698-7654", 30.0, True),
        ("x7GhJk2PqLm9Zt", 20.0, True),
        ("4111", 95.0, False),
        ("meeting", 20.0, False),
        ("12", 20.0, False),
        ("Room", 30.0, False),
        ("P-@VMsIVLO%R@w8", 9.0, True),
        ("h.quinlangexample.org", 51.0, True),  # "@" read as "g"
        ("P-@VMsIVLO%R@w8", 85.0, False),
        ("Q3-Report.pdf", 30.0, False),
    ],
)
def test_weak_readings_of_value_shaped_words_are_unsure(
    text: str, confidence: float, expected: bool
) -> None:
    assert is_unsure_value(text, confidence) is expected


@pytest.mark.parametrize(
    "text", ["£1,249.00", "2025-03-12", "14:30", "INC-20441", "v2.14.3", "85%"]
)
def test_weak_readings_of_ordinary_number_shapes_stay_readable(text: str) -> None:
    assert is_unsure_value(text, 20.0) is False


def _words(text: str, y: int) -> list[OcrWord]:
    words, x = [], 10
    for part in text.split(" "):
        words.append(OcrWord(part, 95.0, (x, y, x + 7 * len(part), y + 12)))
        x += 7 * len(part) + 4
    return words


@pytest.mark.parametrize(
    ("upper", "lower", "value"),
    [
        ("The guest wifi password", "is thunder-otter-teapot68", "thunder-otter-teapot68"),
        ("your temporary password", "is Canyon+1973 and must be changed", "Canyon+1973"),
    ],
)
def test_a_value_on_the_line_after_its_keyword_is_masked(
    upper: str, lower: str, value: str
) -> None:
    _, text = analyse_words(_words(upper, 10) + _words(lower, 28), RedactionPolicy())
    assert value not in text and "[PASSWORD]" in text.splitlines()[-1]


def test_a_sentence_after_a_keyword_line_stays_readable() -> None:
    _, text = analyse_words(
        _words("Reset your password", 10) + _words("is what the link below does", 28),
        RedactionPolicy(),
    )
    assert text.splitlines()[-1] == "is what the link below does"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("config/app.ini:12:password-Marna14de@91 ini", "Marna14de@91"),  # grep output
        ("25 SMTP_PASS. Harbour#1985", "Harbour#1985"),  # a setting ending in PASS
    ],
)
def test_settings_in_grep_output_and_short_setting_names_announce_a_value(
    text: str, value: str
) -> None:
    line = line_of(text)
    assert [line.text[h.start : h.end] for h in keyword_value_hits(line)] == [value]


@pytest.mark.parametrize(
    "text",
    ["config/app.ini:12:password=changeme", "see SMTP_PASS in docs", "the boarding pass 12A"],
)
def test_placeholders_and_mentions_of_settings_stay_readable(text: str) -> None:
    assert list(keyword_value_hits(line_of(text))) == []


def test_four_weak_digits_alone_are_a_size_but_beside_other_groups_a_value() -> None:
    from redaction.image.failclosed import unsure_hits

    alone = line_of("drwxr-xr-x 2 alice staff 4096 Mar 12 config", confidence=30.0)
    assert [hit for hit in unsure_hits(alone) if hit.type == "UNSURE"] == []
    card = line_of("Card 4111 1l11 IlII 1111", confidence=30.0)
    covered = {card.text[hit.start : hit.end] for hit in unsure_hits(card)}
    assert {"4111", "1l11", "1111"} <= covered


def test_a_misread_hex_id_starting_a_line_is_an_id_digits_there_stay_unsure() -> None:
    from redaction.image.failclosed import unsure_hits

    for text in (
        "Sf1d95S7a2Fo redis:7-alpine Up 42 minutes",  # docker ps, 5s read as S
        "ch0280e (HEAD -> main) Use UTC everywhere",  # git log, a bitmap b read as h
    ):
        assert list(unsure_hits(line_of(text, confidence=20.0))) == []
    digits = line_of("2510398 Speed up payroll export", confidence=20.0)
    assert [digits.text[h.start : h.end] for h in unsure_hits(digits)] == ["2510398"]
    inside = line_of("note Sf1d95S7a2Fo", confidence=20.0)
    assert [inside.text[h.start : h.end] for h in unsure_hits(inside)] == ["Sf1d95S7a2Fo"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("AWS_SECRET_ACCESS_KEY", True), ("STRIPE_API_KEY", True), ("JWT_SIGNING_KEY", True),
        ("DB_PASSWORD", True), ("CACHE_KEY", False), ("SORT_KEY", False),
        ("AWS_ACCESS_KEY_ID", False), ("PASSWORD", False),
    ],
)  # fmt: skip
def test_settings_named_for_a_secret_key_announce_a_value(word: str, expected: bool) -> None:
    from redaction.image.failclosed import is_setting_keyword

    assert is_setting_keyword(word) is expected


def test_a_prompts_user_at_host_is_no_bare_password() -> None:
    from redaction.image.failclosed import is_bare_password

    assert not is_bare_password("Caisha@api-prod-1")  # "[aisha@api-prod-1", "[" read as C
    assert is_bare_password("Tr0ub4dor@x-9")
    assert is_bare_password("Summer@2024-x")


def test_a_weak_reading_of_an_address_with_its_dots_lost_is_unsure() -> None:
    for word in ("19202.235", "192.02167"):  # 192.0.2.235, 192.0.2.167
        assert is_unsure_value(word, 43.0)
        assert not is_unsure_value(word, 90.0)  # read clearly, a number is a number
    for word in ("3.12.1", "2.14.0", "1234.56"):  # too few digits for four octets
        assert not is_unsure_value(word, 43.0)
