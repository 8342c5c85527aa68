"""Values announced by a label are masked even when OCR breaks their checksum or shape."""

from __future__ import annotations

import pytest

from redaction.image.labelled import label_kind, labelled_hits, labelled_run_hits
from redaction.image.layout import Line
from tests.redaction.image.lines import line_of, masked


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("SSN:", "US_SSN"), ("Sort code", "SORT_CODE"), ("con ort code con", "SORT_CODE"),
        ("7 count number .", "BANK_ACCOUNT"), ("IP address:", "IP_ADDRESS"),
        ("Postcode", "UK_POSTCODE"), ("NI number", "UK_NINO"), ("Mobile:", "PHONE"),
        ("To:", "EMAIL"), ("NHS No", "NHS_NUMBER"), ("IBAN", "IBAN"),
        ("Accountno.", "BANK_ACCOUNT"), ("Sortcode", "SORT_CODE"),  # the space lost
    ],
)  # fmt: skip
def test_labels_name_their_value_even_misread(label: str, kind: str) -> None:
    found = label_kind(label)
    assert found is not None and found.type == kind


@pytest.mark.parametrize(
    "label", ["Average:", "Total", "Paid to", "Deployed from", "Status", "Notes", "Zip it up"]
)
def test_other_words_are_not_labels(label: str) -> None:
    assert label_kind(label) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SSN: 73-59-2366", "73-59-2366"),  # a digit lost: no SSN shape left
        ("SSN: 52-20-1782 (start date 12 Jun 2024)", "52-20-1782"),
        ("IP address: 198.514.100.231", "198.514.100.231"),
        ("Postcode: B26 5SWP.", "B26 5SWP."),
        ("Sort code: 05-04-47", "05-04-47"),  # read as a date
        ("NI number: KH 76 57 39 B", "KH 76 57 39 B"),
        ("Mobile: O77OO 9OO486", "O77OO 9OO486"),
        ("my NI number is GM 09 44 974", "GM 09 44 974"),  # "A" read as "4"
        ("SUPPORT_EMATL=dpo@example", "dpo@example"),  # ".com" lost at the edge
        ("ACCOUNT_NUMBER=1OO61127", "1OO61127"),
        ('"email \ufffd joah_hollowayGeu.example.net",', 'joah_hollowayGeu.example.net",'),
        # A JSON key whose colon was read as ";", its quote curly; a snake_case key;
        # a capital W read as "ll".
        ('\u201cpostcode"; "NM? 4RE",', '"NM? 4RE",'),
        ('\u201cni_number"; "Ell 20 08 75 B",', '"Ell 20 08 75 B",'),
        ("EMAIL=salesgexanple. com", "salesgexanple. com"),  # the TLD read apart
        # No colon after the label: the "@" says it; a JSON key whose colon was lost.
        ("Billing email (saes@examplerg", "(saes@examplerg"),
        ('"email" SlapGexample,org",', 'SlapGexample,org",'),
    ],
)
def test_a_labelled_value_in_the_line_is_masked(text: str, value: str) -> None:
    line = line_of(text)
    assert masked(line, list(labelled_hits(line))) == [value]


@pytest.mark.parametrize(
    ("label", "cell"),
    [
        ("Sort code", "05-04-47"),
        ("7 count number .", "10061127"),
        ("Postcode", "Mis 9PP"),
        ("Postcode", "x8 BLU"),
        ("Postcode", "CF14 8)"),
        ("postcode", "OX? 2GA"),  # a bitmap "7" read as "?"
        ("postcode", "BSi¢ 4YL"),
        ("Sort code", "ST-LL-46"),
        ("Email", "m.larsengexample.com"),
        ("Postcode", "BE4YE"),  # B6 4YE, its halves read as one word
        ("Postcode", "SwW25 3DQ"),  # a glyph too many
        ("Postcode", "sw28 068"),  # SW28 0GB in lower case, its G and B as digits
    ],
)
def test_a_caption_or_header_announces_the_cell_below_it(label: str, cell: str) -> None:
    line = line_of(cell)
    assert masked(line, list(labelled_hits(line, (label,)))) == [cell]


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        ("Phone: see below", ()),
        ("Account: 3 users", ()),
        ("Card: expires 04/27", ()),
        ("Postcode: Leeds city centre", ()),
        ("Active", ("Account",)),
        ("Friday 12 March", ("Phone",)),
        ("Paid to: 3 suppliers", ()),
        ("the account is 3 users", ()),
        ("EMAIL_ENABLED=true", ()),
        ("PHONE_PREFIX=+44", ()),
        ("Northampton", ("Postcode",)),
        ("6 23:45745 CHANGELOG.md", ("account_no",)),  # a time in a listing
        ('"status"; "ok",', ()),
        ("Total: Ell 20 08", ()),
        ("Phone me@x", ()),  # an address after another label
        ('"name" "Ola",', ()),
        ("Cc: the team leads", ()),
    ],
)
def test_words_that_are_not_value_shaped_stay_readable(text: str, outside: tuple[str, ...]) -> None:
    assert list(labelled_hits(line_of(text), outside)) == []


def test_a_csv_field_is_read_under_its_column_name() -> None:
    row = "Fatima Eriksen,76 57 39 B,38-89-93"
    hits = list(labelled_run_hits("nino", "76 57 39 B", row.index("76")))
    assert [row[h.start : h.end] for h in hits] == ["76 57 39 B"]


def test_a_bar_read_as_a_glyph_between_cells_is_restored_for_analysis() -> None:
    from redaction.image.misreads import table_bars

    row = "773 196 67391Uma Larsen|1998-08-251BS23 2LB"
    assert table_bars(row) == "773 196 6739 Uma Larsen|1998-08-25 BS23 2LB"
    assert table_bars("Jablonskil GB44 | 1") is None  # nothing glued
    assert table_bars("JablonskilGB44 LOYD | 3334") == "Jablonski GB44 LOYD | 3334"
    assert table_bars("ghp_abc1Def without bars") is None  # only in a table drawn with bars
    # Bars read as "1" and "!" with no "|" left: two glued bars show the table.
    row = "435 515 57061Sam Pemberton!l1994-01-161NG21 6LIN"
    assert table_bars(row) == "435 515 5706 Sam Pemberton  1994-01-16 NG21 6LIN"
    # Two glyphs for one bar, and a bar between an address and a number.
    row = "Jane j, jablonski@corp,example,com|l020 7946 O938I1CB21 8BI"
    assert table_bars(row) == "Jane j, jablonski@corp,example,com  020 7946 O938  CB21 8BI"
    row = "10581 Jack jackm@example,netl+1 303 555 01311NE27 SEU"
    assert table_bars(row) == "10581 Jack jackm@example,net +1 303 555 0131 NE27 SEU"
    assert table_bars("level10 html5 Version 21Beta") is None
    # One glyph for the bar before an IBAN's country letters, not two.
    row = "10031Dev DimitrovlIE89 BOFI 1584 2021"
    assert table_bars(row) == "1003 Dev Dimitrov IE89 BOFI 1584 2021"
    # A bar read as "I" or "l" before an IBAN, alone in its row.
    row = "10601Noah Fairweather IBE42 4046 1266 981112526,87"
    assert table_bars(row) == "1060 Noah Fairweather  BE42 4046 1266 981112526,87"


def test_a_postcode_field_read_too_badly_for_its_shape_is_masked_when_weak() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    for text in ("4BL", "[ena opw"):
        clear = line_of(text)
        weak = group_lines([replace(w, confidence=40.0) for w in clear.words])[0]
        assert masked(weak, list(labelled_hits(weak, ("Postcode",)))) == [text]
    # Read clearly, half a postcode is still one (it has a digit: "20N" for L10
    # 2QN, the rest lost in the box's edge); letters alone are what they say.
    assert masked(line_of("20N"), list(labelled_hits(line_of("20N"), ("Postcode",)))) == ["20N"]
    for text in ("[ena opw", "see notes", "Leeds"):
        assert list(labelled_hits(line_of(text), ("Postcode",))) == []
    town = group_lines([replace(w, confidence=40.0) for w in line_of("Northampton").words])[0]
    assert list(labelled_hits(town, ("Postcode",))) == []  # too long for a postcode


def test_a_number_field_read_as_capitals_and_look_alikes_is_masked_when_weak() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    def weak(text: str) -> Line:
        return group_lines([replace(w, confidence=9.0) for w in line_of(text).words])[0]

    line = weak("\u2018BASO0SSEC")
    assert masked(line, list(labelled_hits(line, ("NI number",)))) == ["\u2018BASO0SSEC"]
    # Words, or too few characters for the value, stay even read weakly.
    for text, label in (("Active", "Account"), ("see notes", "NI number"), ("B2", "NI number")):
        assert list(labelled_hits(weak(text), (label,))) == []


def test_a_weak_postcode_after_its_json_key_is_masked() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    clear = line_of('"postcode"; "Gid 75K",')
    weak = group_lines([replace(w, confidence=55.0) for w in clear.words])[0]
    assert masked(weak, list(labelled_hits(weak))) == ['"Gid 75K",']
    # Read clearly, letters alone after the key are what they say.
    assert list(labelled_hits(line_of('"postcode"; "Leeds",'))) == []


def test_an_address_read_in_pieces_after_its_label_is_masked_when_weak() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    clear = line_of("Cc: accounts eran ple.com")
    words = [replace(w, confidence=20.0) if w.text == "eran" else w for w in clear.words]
    weak = group_lines(words)[0]
    assert masked(weak, list(labelled_hits(weak))) == ["accounts eran ple.com"]
    assert list(labelled_hits(clear)) == []  # read clearly, it is not an address


def test_disk_sizes_read_apart_from_their_file_system_are_restored() -> None:
    from redaction.image.misreads import undo_misreads

    line = line_of("392G 1836 2096 46% /dev")  # "udev" read as a line of its own
    assert undo_misreads(line).text == "392G 183G 209G 46% /dev"
    assert undo_misreads(line_of("392G 1836 2096 free")).text == "392G 1836 2096 free"


def test_an_iban_whose_first_group_reads_as_a_word_is_masked_when_weak() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    def weak(text: str) -> Line:
        return group_lines([replace(w, confidence=10.0) for w in line_of(text).words])[0]

    line = weak("Beez 3510 5541 2849")  # BE62 3510 …
    assert masked(line, list(labelled_hits(line, ("IBAN",)))) == ["Beez 3510 5541 2849"]
    assert list(labelled_hits(weak("Beez 3510"), ("IBAN",))) == []


def test_a_host_label_announces_an_address_not_a_date() -> None:
    line = line_of("192.0251")  # a dot lost
    assert masked(line, list(labelled_hits(line, ("DATABASE_HOST",)))) == ["192.0251"]
    assert list(labelled_hits(line_of("2023-06-16"), ("DATABASE_HOST",))) == []


def test_a_weak_postcode_read_into_its_label_line_is_masked_without_a_colon() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    words = [
        replace(w, confidence=0.0) if w.text == "[ena" else w
        for w in line_of("Postcode [ena opw").words
    ]
    line = group_lines(words)[0]
    assert masked(line, list(labelled_hits(line))) == ["[ena opw"]
    prose = [replace(w, confidence=40.0) for w in line_of("Postcode lookup service down").words]
    assert list(labelled_hits(group_lines(prose)[0])) == []


def test_a_number_field_read_weakly_or_in_part_is_masked() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    def weak(text: str) -> Line:
        return group_lines([replace(w, confidence=30.0) for w in line_of(text).words])[0]

    # Mostly digits, or as many digits as the value has, read weakly.
    line = weak("[4305-1332-4047-5e02")
    assert masked(line, list(labelled_hits(line, ("Card number",)))) == ["[4305-1332-4047-5e02"]
    line = weak("1O,74 115.2O6")
    assert masked(line, list(labelled_hits(line, ("IP",)))) == ["1O,74 115.2O6"]
    assert list(labelled_hits(weak("fora 118,206"), ("IP",))) == []  # a word is no part of it
    assert list(labelled_hits(weak("INV-2025-1849"), ("IP",))) == []  # no dots: no address
    # Half the digits of the value, read clearly, its first group in the box's edge.
    assert masked(
        line_of("428 1438"), list(labelled_hits(line_of("428 1438"), ("NHS number",)))
    ) == ["428 1438"]
    for text, label in (
        ("3 users", "Account"),
        ("12", "NHS number"),
        ("expired", "Card number"),
        ("4096", "account_no"),  # one group: a size in a listing under a far header
    ):
        assert list(labelled_hits(line_of(text), (label,))) == []


def test_an_ni_number_field_read_weakly_with_small_letters_is_masked() -> None:
    from dataclasses import replace

    from redaction.image.layout import group_lines

    weak = group_lines([replace(w, confidence=50.0) for w in line_of("cx 3178 20").words])[0]
    assert masked(weak, list(labelled_hits(weak, ("NI number:",)))) == ["cx 3178 20"]
