"""Both tesseract back-ends read the same screen; the CLI one never uses a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redaction import OcrUnavailable, redact_image
from redaction.image.ocr import CliEngine, TesserocrEngine, build_word, new_engine
from redaction.image.redact import prepare
from tests.redaction.image.screens import plain, render

SCREEN = plain("Quarterly report attached", "Email jane.doe@example.com today")


def test_the_process_runs_tesseract_single_threaded() -> None:
    new_engine()
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_in_process_and_cli_engines_read_the_same_words() -> None:
    page, _ = prepare(render(SCREEN).image, [])
    fast = [w.text for w in TesserocrEngine().read(page)]
    cli = [w.text for w in CliEngine().read(page)]
    assert fast == cli
    assert "Quarterly" in fast


def test_cli_engine_reads_a_region_in_image_coordinates() -> None:
    rendered = render(SCREEN)
    page, _ = prepare(rendered.image, [])
    box = rendered.lines[1].box
    region = (box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4)
    words = CliEngine().read(page, region)
    assert words[0].text == "Email"
    assert abs(words[0].box[0] - box[0]) <= 2 and abs(words[0].box[1] - box[1]) <= 4


def test_cli_engine_redacts_without_glyph_boxes() -> None:
    rendered = render(SCREEN)
    result = redact_image(rendered.image, engine=CliEngine())
    assert [box.type for box in result.boxes] == ["EMAIL"]


def test_missing_binary_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(OcrUnavailable, match="not installed"):
        CliEngine()


def test_failing_binary_is_a_clear_error_without_content() -> None:
    page, _ = prepare(render(SCREEN).image, [])
    with pytest.raises(OcrUnavailable, match="exited with status 1") as caught:
        CliEngine(binary="/bin/false").read(page)
    assert "jane" not in str(caught.value)


def test_a_runaway_glyph_box_is_cut_back_so_the_word_ends_where_its_ink_does() -> None:
    """Tesseract sometimes gives a word's last glyph a box over the words after it
    ("config/app." reaching over "ini:12: password=x"); the word keeps its own width."""
    glyphs = [(10 + 7 * i, 10, 17 + 7 * i, 22) for i in range(10)] + [(80, 10, 400, 22)]
    word = build_word(list("config/app."), glyphs, (90.0, (10, 10, 400, 22)))
    assert word.box == (10, 10, 87, 22)
    assert word.glyphs[-1] == (80, 10, 87, 22)


def test_ordinary_glyph_boxes_and_rotated_readings_keep_tesseracts_box() -> None:
    glyphs = [(10 + 7 * i, 10, 17 + 7 * i, 22) for i in range(4)]
    assert build_word(list("text"), glyphs, (90.0, (9, 9, 39, 23))).box == (9, 9, 39, 23)
    # A column read sideways: glyph boxes lie off the word's box and say nothing.
    rotated = [(600 + 20 * i, 1080, 640 + 20 * i, 1080) for i in range(4)]
    assert build_word(list("OMNA"), rotated, (0.0, (35, 176, 45, 453))).box == (35, 176, 45, 453)
