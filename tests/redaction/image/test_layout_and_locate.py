"""Grouping words into lines and mapping spans back to pixels (no OCR involved)."""

from __future__ import annotations

import pytest

from redaction import RedactionPolicy
from redaction.image.analyse import analyse_words
from redaction.image.layout import captions, cells, group_lines, row_neighbours
from redaction.image.locate import reach_back, span_box
from redaction.image.ocr import OcrWord, parse_tsv


def word(text: str, x: int, y: int, *, height: int = 12, char: int = 7) -> OcrWord:
    return OcrWord(text, 95.0, (x, y, x + char * len(text), y + height))


def test_words_on_one_baseline_form_one_line_in_reading_order() -> None:
    words = [
        word("7946", 120, 10),
        word("020", 90, 11),
        word("Phone:", 40, 10),
        word("0321", 160, 9),
    ]
    lines = group_lines(words)
    assert [line.text for line in lines] == ["Phone: 020 7946 0321"]
    assert lines[0].starts == (0, 7, 11, 16)


def test_a_wide_gap_starts_a_new_line_and_rows_are_ordered_top_down() -> None:
    words = [word("Inbox", 10, 40), word("Subject", 400, 40), word("Drafts", 10, 60)]
    texts = [line.text for line in group_lines(words)]
    assert texts == ["Inbox", "Subject", "Drafts"]


def test_lines_above_each_other_stay_apart() -> None:
    words = [word("first", 10, 10), word("second", 10, 24)]
    assert [line.text for line in group_lines(words)] == ["first", "second"]


def test_row_neighbour_is_the_next_field_to_the_right_within_reach() -> None:
    lines = group_lines(
        [word("Password", 10, 10), word("sunflower", 200, 10), word("far", 2000, 10)]
    )
    neighbours = row_neighbours(lines)
    assert lines[neighbours[0]].text == "sunflower"
    assert 1 not in neighbours  # "far" is beyond the field gap


def test_span_of_whole_words_is_their_union() -> None:
    line = group_lines([word("Card", 10, 10), word("4111", 50, 10), word("1111", 90, 10)])[0]
    assert span_box(line, 5, 14) == (50, 10, 118, 22)


def test_span_inside_a_word_uses_glyph_boxes() -> None:
    glyphs = tuple((10 + 7 * i, 10, 17 + 7 * i, 22) for i in range(len("pwd=secret")))
    joined = OcrWord("pwd=secret", 90.0, (10, 10, 80, 22), glyphs)
    line = group_lines([joined])[0]
    assert span_box(line, 4, 10) == (38, 10, 80, 22)


def test_span_inside_a_word_without_glyphs_widens_by_a_character() -> None:
    line = group_lines([OcrWord("pwd=secret", 90.0, (10, 10, 80, 22))])[0]
    x0, _, x1, _ = span_box(line, 4, 10) or (0, 0, 0, 0)
    assert x0 <= 10 + 7 * 4 - 7 and x1 == 80


def test_tsv_rows_become_words_in_image_coordinates() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t3\t4\t30\t12\t96.5\tHello\n"
        "5\t1\t1\t1\t1\t2\t40\t4\t20\t12\t91\t \n"
    )
    assert parse_tsv(tsv, (100, 200)) == [OcrWord("Hello", 96.5, (103, 204, 133, 216))]


def test_column_header_is_found_over_the_rows_of_other_cells() -> None:
    lines = group_lines(
        [
            word("Sort", 300, 10), word("code", 336, 10),
            word("58-91-82", 300, 30), word("90-01-08", 300, 50), word("79-65-45", 300, 70),
        ]
    )  # fmt: skip
    found = captions(lines)
    assert found.header[3] == "Sort code"
    assert found.above[3] == 2  # the row right above, not the header


@pytest.mark.parametrize("header_x", [70, 400])
def test_a_number_in_a_table_row_takes_its_column_header_as_context(header_x: int) -> None:
    words = [
        word("Name", 10, 10), word("Account", header_x, 10),
        word("Wen", 10, 30), word("Lee", 36, 30), word("54677878", header_x - 8, 30, char=15),
    ]  # fmt: skip
    boxes, text = analyse_words(words, RedactionPolicy())
    assert [box.type for box in boxes] == ["BANK_ACCOUNT"]
    assert "[BANK_ACCOUNT]" in text


def test_without_a_header_the_same_number_is_left() -> None:
    boxes, _ = analyse_words([word("Wen", 10, 30), word("54677878", 62, 30)], RedactionPolicy())
    assert boxes == []


def test_a_caption_too_far_above_is_not_the_line_above() -> None:
    lines = group_lines([word("Password", 10, 10), word("sunflower", 10, 200)])
    assert captions(lines).above == {}


def test_a_spaced_sort_code_in_a_table_row_takes_its_column_header() -> None:
    words = [
        word("Name", 10, 10), word("Sort", 120, 10), word("code", 156, 10),
        word("George", 10, 30), word("Lee", 62, 30),
        word("47", 120, 30), word("36", 140, 30), word("91", 160, 30),
    ]  # fmt: skip
    boxes, text = analyse_words(words, RedactionPolicy())
    assert [box.type for box in boxes] == ["SORT_CODE"]
    assert text.endswith("[SORT_CODE]")


def test_text_of_a_word_under_another_lines_box_is_masked_too() -> None:
    tall = OcrWord("x7GhJk2PqLm9ZtQw", 90.0, (60, 10, 200, 40))
    words = [word("token", 10, 20), tall, OcrWord("3u3vwoQ", 90.0, (120, 30, 170, 38))]
    boxes, text = analyse_words(words, RedactionPolicy())
    assert boxes and "3u3vwoQ" not in text


def test_a_row_read_as_one_line_is_split_into_cells_at_wide_gaps() -> None:
    line = group_lines(
        [word("4784", 10, 30), word("5638", 45, 30), word("Mis", 95, 30), word("9PP", 121, 30)]
    )[0]
    assert cells(line) == [(0, 2), (2, 2)]


def test_a_misread_postcode_cell_under_its_header_is_masked_even_below_other_postcodes() -> None:
    words = [
        word("Card", 10, 10), word("number", 45, 10), word("Postcode", 120, 10),
        word("5540", 10, 30), word("2359", 45, 30), word("Wls", 100, 30), word("5NJ", 128, 30),
        word("4784", 10, 50), word("5638", 45, 50), word("Mis", 100, 50), word("9PP", 128, 50),
    ]  # fmt: skip
    _, text = analyse_words(words, RedactionPolicy())
    assert text.splitlines()[-1].endswith("[UK_POSTCODE]")


def test_a_cell_under_an_ordinary_header_is_left() -> None:
    words = [
        word("Item", 10, 10), word("Qty", 160, 10),
        word("Laptop", 10, 30), word("stand", 60, 30), word("12", 160, 30),
    ]  # fmt: skip
    boxes, _ = analyse_words(words, RedactionPolicy())
    assert boxes == []


def test_a_number_and_a_short_code_after_it_are_not_glued_across_a_lost_column_rule() -> None:
    line = group_lines([word("6576293755", 10, 30), word("0X3", 82, 30), word("7ED", 110, 30)])[0]
    assert line.text == "6576293755 0X3 7ED"


def test_a_column_rule_read_as_text_separates_cells_and_is_no_cell() -> None:
    line = group_lines(
        [word("Ben", 10, 30), word("|", 40, 30), word("KY", 52, 30), word("3488184", 70, 30),
         word("|", 124, 30), word("NL83", 136, 30)]
    )[0]  # fmt: skip
    assert cells(line) == [(0, 1), (2, 2), (5, 1)]


def test_two_readings_of_the_same_ink_are_not_glued_into_one_token() -> None:
    words = [word("6396440989", 10, 30), word("|NG22", 84, 30), word("NG22", 91, 30),
             word("OHF", 126, 30)]  # fmt: skip
    assert group_lines(words)[0].text.endswith("|NG22 NG22 OHF")


def test_weak_capitals_beside_digits_stay_in_the_line_other_scraps_do_not() -> None:
    """A NINO's letters or a postcode's inward code read weakly are part of a value;
    a weak scrap of letters away from any number is an icon or a border."""
    weak = OcrWord("GW", 7.0, (100, 10, 114, 22))
    inward = OcrWord("ONX", 30.0, (200, 40, 221, 52))
    scrap = OcrWord("ee", 20.0, (10, 70, 24, 82))
    capitals_alone = OcrWord("AZ", 20.0, (10, 100, 24, 112))
    words = [
        weak, word("66", 122, 10), word("16", 144, 10), word("94", 166, 10), word("D", 188, 10),
        word("7778|EH26", 130, 40), inward,
        scrap, word("Inbox", 200, 70),
        capitals_alone, word("Drafts", 200, 100),
    ]  # fmt: skip
    texts = [line.text for line in group_lines(words)]
    assert texts == ["GW 66 16 94 D", "7778|EH26 ONX", "Inbox", "Drafts"]


def test_capitals_and_digits_alone_do_not_make_a_line_monospaced() -> None:
    """The words "IBANis", "GB15", "MIDL" are about as wide per glyph in a proportional font; a
    gap of most of a glyph between them is a space, not a split inside one token."""
    words = [
        OcrWord("my", 93.0, (287, 1024, 306, 1034)),
        OcrWord("IBANis", 81.0, (311, 1021, 360, 1031)),
        OcrWord("GB15", 79.0, (365, 1021, 399, 1031)),
        OcrWord("MIDL", 93.0, (405, 1021, 441, 1031)),
        OcrWord("1974", 96.0, (446, 1021, 475, 1031)),
    ]
    assert group_lines(words)[0].text == "my IBANis GB15 MIDL 1974"


def test_a_credential_box_reaches_back_over_the_blank_before_it_not_over_the_label() -> None:
    """Tesseract boxed "e6G!…" from its seventh glyph; the fill starts after the "/"."""
    line = group_lines(
        [word("admin", 397, 725), OcrWord("/", 89.0, (439, 716, 444, 744)), word("e6G!", 493, 725)]
    )[0]
    start = line.text.index("e6G!")
    box = span_box(line, start, start + 4)
    assert box is not None
    assert reach_back(line, start, box, 52, 4) == (448, 725, 521, 737)
    assert reach_back(line, start, box, 20, 4) == (473, 725, 521, 737)  # at most the limit


def test_a_word_boxed_over_many_rows_is_a_line_of_its_own() -> None:
    """A column of row numbers read sideways ("OMIT" boxed over ten rows) must not
    start one row's line and so hide that row's cells from their column headers."""
    sideways = tuple((600 + 20 * i, 1080, 620 + 20 * i, 1080) for i in range(4))
    rotated = OcrWord("OMIT", 0.0, (34, 168, 44, 437), sideways)
    words = [rotated, word("Jordan", 58, 296), word("26817372", 110, 296)]
    words += [word(f"row{i}", 58, 200 + 20 * i) for i in range(3)]
    lines = group_lines(words)
    assert "Jordan 26817372" in [line.text for line in lines]
    assert "OMIT" in [line.text for line in lines]
    # Boxed over two rows but read upright: still a word of its row.
    upright = OcrWord("Thornbury", 46.0, (87, 320, 144, 350))
    rows = group_lines([word("Robin", 49, 331), upright, word("BN21", 174, 331), *words[3:]])
    assert "Robin Thornbury BN21" in [line.text for line in rows]


def test_weak_capitals_inside_punctuation_beside_digits_are_kept() -> None:
    words = [
        word("Lindqvist", 10, 10),
        OcrWord(",MM", 25.0, (80, 10, 101, 22)),
        word("87", 108, 10),
    ]
    assert group_lines(words)[0].text == "Lindqvist ,MM 87"


def test_a_capitals_cell_read_badly_takes_the_known_caption_further_up() -> None:
    """ "RGO SAY" (RG9 5AY) and the cell above it look like captions themselves; the
    column's real caption, one that names a value, is preferred to them."""
    lines = group_lines(
        [
            word("Postcode", 347, 190),
            word("RG7", 347, 245), word("ODP", 380, 245),
            word("RGO", 347, 272), word("SAY", 380, 272),
        ]
    )  # fmt: skip
    texts = [line.text for line in lines]
    known = captions(lines, known=lambda caption: caption == "Postcode")
    assert known.header[texts.index("RGO SAY")] == "Postcode"
    # Without knowing which captions name values, the nearest one is taken.
    assert captions(lines).header.get(texts.index("RGO SAY"), "") != "Postcode"


def test_headers_split_by_drawn_column_rules_lend_only_their_own_caption() -> None:
    # A toolkit's table header: "|Account" over the number, "|Sort code" just right of it.
    words = [
        word("Name", 10, 10), word("|Account", 120, 10), word("|Sort", 186, 10),
        word("code", 228, 10),
        word("Rosa", 10, 30), word("Thornbury", 44, 30), word("75387221", 120, 30),
    ]  # fmt: skip
    boxes, text = analyse_words(words, RedactionPolicy())
    assert [box.type for box in boxes] == ["BANK_ACCOUNT"]
    assert "[BANK_ACCOUNT]" in text


def test_a_setting_name_labels_its_value_across_a_wide_settings_page() -> None:
    # Names in one column, values far to the right in another, one under the next.
    words = [
        word("SMTP_HOST", 40, 10, height=20, char=14),
        word("mail.example.org", 600, 10, height=20, char=14),
        word("SMTP_PASSWORD", 40, 50, height=20, char=14),
        word("orbit-lemon-canyon42", 600, 50, height=20, char=14),
        word("SMTP_PORT", 40, 90, height=20, char=14),
        word("587", 600, 90, height=20, char=14),
    ]
    boxes, text = analyse_words(words, RedactionPolicy())
    assert [box.type for box in boxes] == ["PASSWORD"]
    assert "mail.example.org" in text and "587" in text


def test_a_settings_name_reaches_its_value_across_a_wide_settings_page() -> None:
    # Height 9: a field gap of 24 heights is 216 px; the value column is 330 px on.
    words = [
        OcrWord("SMTP_PASSWORD", 69.0, (155, 306, 255, 315)),
        OcrWord("Lem0n_19", 56.0, (587, 306, 633, 315)),
    ]
    boxes, _ = analyse_words(words, RedactionPolicy())
    assert any(box.box[0] <= 587 and box.box[2] >= 633 for box in boxes)
    # An ordinary name that far away labels nothing.
    plain = [OcrWord("LOG_LEVEL", 90.0, (155, 306, 230, 315)), words[1]]
    assert analyse_words(plain, RedactionPolicy())[0] == []


def test_a_fill_is_not_padded_into_the_line_below_it() -> None:
    # A 7x14 terminal: lines 14 px apart; the e-mail's last word boxed 2 px taller.
    author = [word("Author:", 3, 190, height=10), word("<jack@example.com>", 60, 190, height=14)]
    date = [word("Date:", 3, 204, height=10), word("21:06:00", 60, 204, height=10)]
    boxes, _ = analyse_words([*author, *date], RedactionPolicy())
    (fill,) = boxes
    assert fill.type == "EMAIL"
    assert fill.box[3] == 204  # up to the next line's ink, not the 2 px padding into it
    assert fill.box[1] == 190 - 2  # padded where nothing is above


def test_a_setting_name_read_in_two_at_its_underscore_still_labels_its_value() -> None:
    words = [
        OcrWord("SMTP_", 60.0, (421, 1242, 505, 1271)),
        OcrWord("PASSWORD", 60.0, (520, 1242, 652, 1271)),
        OcrWord("Marble.", 60.0, (1290, 1237, 1410, 1276)),
        OcrWord("87", 60.0, (1420, 1237, 1452, 1276)),
    ]
    boxes, text = analyse_words(words, RedactionPolicy())
    assert any(box.box[0] <= 1290 and box.box[2] >= 1452 for box in boxes)
    assert "PASSWORD" in text and "Marble" not in text


def test_a_top_level_domain_read_weakly_apart_from_its_address_is_kept() -> None:
    # Tesseract boxed the address over its ".org" and read "org" again, weakly.
    words = [
        OcrWord("username", 96.0, (3, 363, 58, 370)),
        OcrWord("=", 93.0, (66, 363, 72, 367)),
        OcrWord("accounts@example", 91.0, (80, 360, 219, 372)),
        OcrWord("ore", 24.0, (198, 358, 221, 374)),
    ]
    boxes, _ = analyse_words(words, RedactionPolicy())
    assert [box.type for box in boxes] == ["EMAIL"]
    assert boxes[0].box[0] <= 80 and boxes[0].box[2] >= 219
    # A weak scrap of letters elsewhere is still noise.
    scrap = [words[0], OcrWord("ore", 24.0, (120, 358, 143, 374))]
    assert [line.text for line in group_lines(scrap)] == ["username"]


def test_a_csv_row_is_matched_from_the_right_when_the_header_lost_a_comma() -> None:
    # "nhs_number,surname,postcode,gp_practice" with its first comma read as a space.
    header = [
        word("nhs_number", 3, 273, char=6),
        word("surname", 69, 273, char=6),
        word(",postcode,gp_practice", 111, 273, char=6),
    ]
    row = [
        word("987", 3, 293, char=6), word("509", 27, 293, char=6),
        word("2304,Underwood,OX21", 51, 293, char=6), word("ORO,B86174", 171, 293, char=6),
    ]  # fmt: skip
    boxes, text = analyse_words([*header, *row], RedactionPolicy())
    assert "[UK_POSTCODE]" in text or "[NHS_NUMBER]" in text
    # "OX21 ORO" (x 135 to 189) is under a fill.
    assert any(box.box[0] <= 135 and box.box[2] >= 189 for box in boxes)


def test_a_value_glued_to_the_next_cell_by_a_misread_bar_is_masked() -> None:
    # "773 196 6739|Uma Larsen|…" with the bar read as "1": the NHS number no
    # longer ends a word as read, but does once the bar is restored.
    texts = ["773", "196", "67391Uma", "Larsen|1998-08-25|x"]
    x = 4
    words = []
    for text in texts:
        words.append(word(text, x, 219, height=9))
        x += 7 * len(text) + 7
    boxes, text = analyse_words(words, RedactionPolicy())
    assert boxes and boxes[0].box[0] <= 4 and boxes[0].box[2] >= 60 + 7 * 4  # to "6739"
    assert "773" not in text and "6739" not in text


def test_a_setting_name_whose_colon_was_read_as_an_underscore_labels_its_value() -> None:
    words = [OcrWord("SMTP_PASSWORD_", 8.0, (155, 365, 259, 376)), word("Cobalt:55", 632, 365)]
    boxes, text = analyse_words(words, RedactionPolicy())
    assert any(box.box[0] <= 632 and box.box[2] >= 632 + 7 * 9 for box in boxes)
    assert "Cobalt" not in text


def test_a_weakly_read_piece_of_a_password_goes_on_across_dropped_glyphs() -> None:
    # "DB_PASSWORD=IG4T.+UNfiiFy9M5": the "ii" were read as a noise word and
    # dropped, leaving a gap of three advances before the last piece.
    words = [
        OcrWord("DB_PASSWORD=1G4T", 64.0, (3, 346, 115, 358)),
        OcrWord("+UNF", 77.0, (122, 343, 150, 361)),
        OcrWord("Y9MS", 10.0, (173, 343, 200, 361)),
    ]
    boxes, text = analyse_words(words, RedactionPolicy())
    assert "Y9MS" not in text and "UNF" not in text
    assert max(box.box[2] for box in boxes) >= 200


def test_a_setting_that_names_a_value_labels_it_across_a_settings_page() -> None:
    # "DATABASE_HOST" in one column, its value (a dot lost) far to the right.
    words = [word("DATABASE_HOST", 183, 471, height=10), word("192.0251", 600, 471, height=8)]
    boxes, text = analyse_words(words, RedactionPolicy())
    assert [box.type for box in boxes] == ["IP_ADDRESS"]
    assert "192.0251" not in text
