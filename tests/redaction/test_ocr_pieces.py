"""Values OCR read in pieces or with one glyph swapped for a symbol are still masked.

Each rule is paired with a look-alike ordinary line that must stay readable, so a
rule that masks too much fails here as surely as one that masks too little.
"""

from __future__ import annotations

import pytest

from redaction import redact_text
from tests.redaction.coverage import covering_finding


def _ocr(line: str) -> str:
    return redact_text(line, source="ocr").text


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("105.40.213 192.0.2.237 04/29", "105.40.213"),  # 10.5.40.213, first dot lost
        ("Address 10223.2.29 110.164.131.144", "10223.2.29"),  # 10.223.2.29
        ("host 10.2232.29 down", "10.2232.29"),  # the middle dot lost
    ],
)
def test_an_address_with_any_one_dot_lost_is_masked(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


@pytest.mark.parametrize(
    "line",
    [
        "dated 12.03.2024 ok",
        "filed 2024.03.12 ok",
        "Build 10.0.1904",
        "see section 3.2.1 of the spec",
        "total 1.250.000 EUR",
        "Revenue 12.345.678",
    ],
)
def test_dotted_dates_versions_and_thousands_are_not_addresses(line: str) -> None:
    assert _ocr(line) == line


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("config/app.ini:12:password=thunder - biscuit -shadow51", "thunder - biscuit -shadow51"),
        ("config/app. ini: 12:password=elephant -monkey - falcon70", "elephant -monkey - falcon70"),
        # the "-" read so faintly it was dropped: the last word keeps its digits
        ("config/app. ini: 12:password=elephant-monkey falcon70", "elephant-monkey falcon70"),
        # a piece ending in the hyphen it was split at
        ("config/app. ini: 12:password=aut umn- pirate-monkey70", "aut umn- pirate-monkey70"),
        # split at its punctuation: "Meadow.1987" read as "Meadow. : 1987"
        ("DB_PASSWORD=Meadow. : 1987", "Meadow. : 1987"),
    ],
)
def test_a_passphrase_split_at_its_hyphens_is_masked_whole(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


def test_a_value_followed_by_a_dash_and_prose_is_not_extended_in_typed_text() -> None:
    line = "password=tiger42 - see the wiki"
    assert redact_text(line).text == "password=[PASSWORD] - see the wiki"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("password=tiger42. Then go home", "password=[PASSWORD]. Then go home"),
        ("Your password: tiger42 . ok", "Your password: [PASSWORD] . ok"),
    ],
)
def test_a_sentence_after_a_value_is_not_a_piece_of_it(line: str, expected: str) -> None:
    assert _ocr(line) == expected


def test_a_short_word_read_twice_does_not_hide_the_password() -> None:
    line = "Your temporary password is is orbit-lemon-welcome80 and must be changed"
    covering_finding(line, "orbit-lemon-welcome80", redact_text(line, source="ocr"))


@pytest.mark.parametrize(
    "line",
    [
        "the password is is not valid",  # prose, word doubled
        "Reset your password using the link below",
    ],
)
def test_prose_about_passwords_with_a_doubled_word_stays_readable(line: str) -> None:
    assert _ocr(line) == line


def test_a_dollar_read_for_a_five_inside_an_iban_is_masked() -> None:
    line = "IBAN GB68 HBUK 0749 $423 5128 27 if it has expired"
    covering_finding(line, "GB68 HBUK 0749 $423 5128 27", redact_text(line, source="ocr"))


def test_a_dollar_read_for_a_digit_before_two_more_groups_is_masked() -> None:
    line = "The applicant listed $06 02 4949 as their social security number."
    covering_finding(line, "$06 02 4949", redact_text(line, source="ocr"))


@pytest.mark.parametrize(
    "line",
    [
        "$100 20 30",
        "spent $423 in 2024",
        "paid $423 each",
        "items 12 $423 total",
        "costs $423 5128 things",
    ],
)
def test_prices_stay_readable(line: str) -> None:
    assert _ocr(line) == line


def test_an_access_key_id_with_a_glyph_read_as_a_bracket_is_masked() -> None:
    line = "Details Access key ID: AKIAT3)X3Y4JBIGWR2IM"
    covering_finding(line, "AKIAT3)X3Y4JBIGWR2IM", redact_text(line, source="ocr"))


@pytest.mark.parametrize(
    "line", ["the AKIA(IMPORTANTNOTE) is", "ASIA PACIFIC (REGION) 2024", "AKIA[SEEBELOW]NOTES"]
)
def test_capitals_in_brackets_are_not_access_keys(line: str) -> None:
    assert _ocr(line) == line


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("SUPPORT_EMAIL=it � -suppor t@example.com", "-suppor t@example.com"),
        ("mail to tom. pember_ton47@example.com today", "tom. pember_ton47@example.com"),
        ("07700 900725 keiko91@example", "keiko91@example"),  # its ".com" read as another line
        ("To: liam_lindqvist@example", "liam_lindqvist@example"),
    ],
)
def test_an_email_read_in_pieces_is_masked_whole(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


@pytest.mark.parametrize(
    "line",
    [
        "ping @alice today",
        "ssh admin@web",
        "marco.zeller@bastion",  # a shell prompt cut from its path
        "Inbox (23) - Drafts - Mail",
        "dev@cabinet:~$ make",
    ],
)
def test_mentions_prompts_and_icons_are_not_emails(line: str) -> None:
    assert _ocr(line) == line


def test_words_before_a_whole_address_are_not_joined_to_it() -> None:
    line = "Inbox (23) - jordan_blackwood@eu.example.net - Mail"
    assert _ocr(line) == "Inbox (23) - [EMAIL] - Mail"
    assert _ocr("Owner Maya Patel maya.patel@example.com") == "Owner Maya Patel [EMAIL]"


def test_a_fixed_length_token_goes_on_over_short_pieces_to_its_length() -> None:
    line = "who has the key to room 6.08? ghp_77pAEL478m2BEi f qbEt bk4tpmBhiaxsyKVHA"
    covering_finding(
        line, "ghp_77pAEL478m2BEi f qbEt bk4tpmBhiaxsyKVHA", redact_text(line, source="ocr")
    )


def test_the_sentence_after_a_short_token_piece_stays_readable() -> None:
    assert _ocr("the CI job: ghp_OQpR2 v2AP7 is on the wiki page").endswith(" is on the wiki page")
    # a piece that would make the token longer than 36 characters is not its own
    line = "ghp_77pAEL478m2BEifqbEtbK4tpmBhiaxsyKVHA Zq"
    assert _ocr(line) == "[SECRET] Zq"


@pytest.mark.parametrize(
    "line",
    [
        "$ ssh -p 2222 depl0y@runner-7",  # a login whose "o" was read as "0"
        "OPS-2001: Login page tirnes out - Jira",  # judged as read, not as grown
    ],
)
def test_look_alikes_of_cut_addresses_and_split_values_stay_readable(line: str) -> None:
    assert _ocr(line) == line
