"""Terminal tables and listings read badly: cells under a value's column header,
scraps of a cell OCR barely read, and the records of a credentials file."""

from __future__ import annotations

from redaction.image.analyse import analyse_words
from redaction.image.layout import drop_noise
from redaction.image.ocr import OcrWord
from redaction.policy import RedactionPolicy

ADVANCE = 8
HEIGHT = 12


def row(text: str, x: int, y: int, confidence: float = 95.0) -> list[OcrWord]:
    """The words of ``text`` as a monospaced line from (x, y): 8 px a character."""
    words: list[OcrWord] = []
    for part in text.split(" "):
        if part:
            box = (x, y, x + ADVANCE * len(part), y + HEIGHT)
            words.append(OcrWord(part, confidence, box))
        x += ADVANCE * (len(part) + 1)
    return words


def masked_texts(words: list[OcrWord]) -> tuple[list[str], str]:
    """The redacted text of ``words``, one line per row, and the whole of it."""
    _, text = analyse_words(words, RedactionPolicy())
    return text.splitlines(), text


def test_cells_between_rules_under_a_postcode_header_are_masked() -> None:
    # psql output as xterm's 9x15 font reads it: each row in two segments, the
    # postcode cell read badly ("NES OUF" for NE5 0UF, "Ls6 ans" for LS6 8NS,
    # "NGS" alone for NG5 0QF), the border under the header read as letters.
    words = row("| name", 0, 0) + row("| postcode", 160, 0)
    words += row("--------- poanan-------- +", 0, 16, confidence=0.0)
    cells = ["| NES OUF", "| Ls6 ans", "| NGS", "| BNO OLR"]
    for index, cell in enumerate(cells):
        y = 32 + 16 * index
        words += row("| Noah Underwood", 0, y)
        words += row(cell, 160, y, confidence=70.0)
    lines, text = masked_texts(words)
    for cell in cells:
        assert cell[2:] not in text
    assert lines[3::2] == ["| Noah Underwood"] * len(cells)
    assert lines[4::2] == ["| [UK_POSTCODE]"] * len(cells)
    assert lines[:2] == ["| name", "| postcode"]


def test_weak_scraps_of_a_cell_after_a_column_rule_are_kept_for_analysis() -> None:
    # "L7 9XY" read as "L¥" and "OXY" with little confidence: noise elsewhere, a
    # cell's content after a column rule.
    scraps = [
        OcrWord("|", 91.0, (448, 443, 449, 455)),
        OcrWord("L¥", 37.0, (463, 444, 479, 454)),
        OcrWord("OXY", 26.0, (490, 444, 515, 454)),
    ]
    assert [w.text for w in drop_noise(scraps)] == ["|", "L¥", "OXY"]
    # Away from a rule, the same scraps are noise (an icon's fragments).
    alone = [OcrWord("L¥", 37.0, (463, 444, 479, 454)), OcrWord("xy", 26.0, (490, 444, 515, 454))]
    assert drop_noise(alone) == []
    header = row("| postcode", 440, 420)
    _, text = masked_texts(header + scraps)
    assert "OXY" not in text and "L¥" not in text


def test_a_csv_header_names_its_columns_however_long() -> None:
    header = "employee_id,name,sort_code,account_number,net_pay"
    words = row(header, 0, 0)
    # The first row's line above is the header; a later row's is another row.
    for index, line in enumerate(
        ["E4000,Fatima O'Hara,11-12-13,84590910,1314.65", "E4003,Alex Holloway,12-01-67,3861197"]
    ):
        words += row(line, 0, 16 + 16 * index)
    lines, _ = masked_texts(words)
    assert "12-01-67" not in lines[2] and "E4003" in lines[2]
    assert lines[0] == header


def test_the_records_of_a_credentials_file_are_masked_whole() -> None:
    words = row("jane@laptop:~$ cat ~/.pgpass", 0, 0)
    records = [
        "10,13 ,231 4125432:reporting app tpumpk in-shadow-Liverpool26",
        "db-2, internal :5432 treporting tro: football-pumpkin-welcomel4",
    ]
    for index, record in enumerate(records):
        words += row(record, 0, 16 + 16 * index, confidence=50.0)
    words += row("jane@laptop:~$ cat notes.txt", 0, 48)
    words += row("Meeting moved to Thursday", 0, 64)
    lines, text = masked_texts(words)
    assert "pumpk" not in text and "reporting" not in text
    assert lines[0] == "jane@laptop:~$ cat ~/.pgpass"
    assert lines[-2:] == ["jane@laptop:~$ cat notes.txt", "Meeting moved to Thursday"]


def test_other_files_and_public_keys_are_listed_as_they_are() -> None:
    for command in ("cat notes.txt", "cat ~/.ssh/id_ed25519.pub", "less README.md"):
        words = row(f"jane@laptop:~$ {command}", 0, 0)
        words += row("Meeting moved to Thursday", 0, 16)
        lines, _ = masked_texts(words)
        assert lines[1] == "Meeting moved to Thursday"


def test_a_label_to_the_left_lets_a_partly_read_field_be_filled_back_to_it() -> None:
    # A Tk form: "Sort code" beside an entry whose first group OCR lost in the
    # box's edge ("68 16" for 02 68 16).
    words = row("Sort code", 651, 101)
    words += [OcrWord("68", 96.0, (815, 102, 831, 112)), OcrWord("16", 97.0, (842, 102, 858, 112))]
    boxes, _ = analyse_words(words, RedactionPolicy())
    field = [b for b in boxes if b.type == "SORT_CODE"]
    assert field and min(b.box[0] for b in field) <= 790
    assert all(b.box[0] > 651 + 9 * ADVANCE for b in field)  # the label stays readable


def test_a_value_found_once_is_masked_where_the_screen_shows_it_garbled() -> None:
    # The address read well in ping's error and badly in the command before it
    # ("@" as "G", ".net" lost): the garbled copy holds its local part.
    words = row("ubuntu@build-01:~$ ping robin_castilloGexample", 0, 0)
    words += row("ping: robin_castillo@example.net: Name or service not known", 0, 16)
    lines, _ = masked_texts(words)
    assert "robin_castillo" not in "\n".join(lines)
    assert lines[0].startswith("ubuntu@build-01:~$ ping ") and "Name or service" in lines[1]


def test_a_local_part_that_is_a_plain_word_marks_no_other_copy() -> None:
    words = row("ubuntu@web-3:~$ mail deploy@example.org", 0, 0)
    words += row("deploy finished in 3 s", 0, 16)
    lines, _ = masked_texts(words)
    assert lines[1] == "deploy finished in 3 s"


def test_a_csv_header_with_a_comma_lost_to_a_space_names_its_columns() -> None:
    words = row("nhs_number surname, postcode, gp_practice", 0, 0)
    words += row("476 338 4651,Cheung,0X10 0JA,B89656", 0, 16)
    last = row("945 744 9835,Pemberton,BS24 OVW ,N82453", 0, 32)
    words += [OcrWord(w.text, 16.0 if w.text == "OVW" else w.confidence, w.box) for w in last]
    lines, _ = masked_texts(words)
    assert "BS24" not in lines[2] and "Pemberton" in lines[2], lines


def test_punctuation_boxed_over_two_rows_stays_in_its_own() -> None:
    # Tesseract boxed each "=" of a config file over its row and the one above.
    words = [
        OcrWord("username", 60.0, (4, 192, 66, 199)),
        OcrWord("=", 89.0, (74, 180, 83, 209)),
        OcrWord("billing@example.com", 86.0, (92, 189, 242, 202)),
        OcrWord("password", 92.0, (4, 204, 65, 217)),
        OcrWord("=", 93.0, (74, 195, 83, 224)),
        OcrWord("Falcon=2005", 93.0, (92, 204, 178, 214)),
        OcrWord("use_tls", 65.0, (4, 219, 57, 232)),
        OcrWord("=", 97.0, (67, 210, 75, 239)),
        OcrWord("true", 97.0, (84, 220, 114, 229)),
    ]
    lines, text = masked_texts(words)
    assert "Falcon" not in text
    assert lines[-1] == "use_tls = true"


def test_weak_address_cells_under_an_email_header_are_masked() -> None:
    # psql's e-mail column in a 7x14 bitmap font: the "@" read as "G", dots as
    # commas or lost; each cell read weakly.
    words = row("email", 192, 120)
    words += row("rosaGcorp example ,com", 192, 150, confidence=42.0)
    words += row("Jane. thornburyGexample", 192, 164, confidence=49.0)
    words += row("Status", 192, 200) + row("Active", 192, 214)
    lines, text = masked_texts(words)
    assert "rosaG" not in text and "thornbury" not in text
    assert lines[-2:] == ["Status", "Active"]


def test_an_address_split_at_its_lost_middle_is_masked_from_its_start() -> None:
    # '"email": "sofia_dimitrov@example.net"' with "_dimi" lost: the row is read
    # as two segments, the second one an address.
    words = row('"email": "sofia', 20, 482, confidence=59.0) + row('trov@example.net"', 180, 483)
    _, text = masked_texts(words)
    assert "sofia" not in text and "trov" not in text


def test_a_postcode_read_in_half_is_filled_over_where_its_other_half_is() -> None:
    # "BN9 8QY" at a row's end read as "BNI": the inward code was never read.
    words = row("| postcode", 440, 400)
    words += [OcrWord("|", 91.0, (449, 440, 450, 449)), OcrWord("BNI", 25.0, (456, 440, 476, 449))]
    boxes, _ = analyse_words(words, RedactionPolicy())
    postcode = [b.box for b in boxes if b.type == "UK_POSTCODE"]
    assert postcode and max(b[2] for b in postcode) >= 500  # the unread "8QY" too
    assert min(b[0] for b in postcode) > 450  # not over the column rule


def test_a_credentials_listing_ends_at_the_next_prompt_however_garbled() -> None:
    words = row("(.venv) admin@worker-7:~$ cat ~/.pgpass", 0, 0)
    words += row("db-2.internal:5432:reporting:app:Meadow+1977", 0, 16, confidence=47.0)
    # The next prompt with its "(" read as "{" and its host's digit as "?".
    words += row("{,venv) admin@uorker-?:~$ git log --oneline -3", 0, 32)
    words += row("0d177d4 Add NINO detector tests", 0, 48)
    lines, text = masked_texts(words)
    assert "Meadow" not in text
    assert lines[-1] == "0d177d4 Add NINO detector tests"


def test_a_weak_cell_inside_a_row_is_masked_under_its_column_header() -> None:
    # "EH14 6ZF" read as "EHid 62F" in the postcode cell of a psql row.
    words = row("| phone", 329, 232) + row("| postcode", 452, 232)
    cells = [
        *row("| 0141 496 0902", 329, 284),
        OcrWord("|", 90.0, (452, 284, 453, 296)),
        OcrWord("EHid", 20.0, (460, 284, 484, 296)),
        OcrWord("62F", 90.0, (490, 284, 507, 296)),
    ]
    _, text = masked_texts(words + cells)
    assert "EHid" not in text and "62F" not in text


def test_a_phone_number_split_at_a_speck_is_masked_to_its_last_group() -> None:
    # "SUPPORT_PHONE=020 7946 0882": a speck read as "i" before the last group,
    # which OCR set apart as a segment of its own.
    words = row("SUPPORT_PHONE=020 7946", 4, 279)
    words += [OcrWord("i", 96.0, (190, 281, 200, 289)), OcrWord("0882", 96.0, (211, 279, 245, 289))]
    _, text = masked_texts(words)
    assert "0882" not in text and "7946" not in text
    # Farther off, OCR makes the last group a segment of its own on the row.
    words = row("SUPPORT_PHONE=020 7946", 4, 279)
    words += [OcrWord("i", 96.0, (190, 281, 192, 289)), OcrWord("0882", 96.0, (225, 279, 257, 291))]
    lines, text = masked_texts(words)
    assert "0882" not in text and lines[-1] == "[PHONE]"
