"""The redactor against the labelled synthetic corpus (seeds not used for tuning).

The same measurement as ``benchmarks/text_redaction.py``, as a regression gate:
typed and title text must leak nothing; OCR text, with the corpus' deliberately
heavy damage (up to two misread glyphs and stray spaces inside one value), may
leak at most 1 % of values; at most 1 % of ordinary records may change.
"""

from __future__ import annotations

from benchmarks.corpora.text_corpus import generate
from redaction import redact_text

RECORDS = generate(1500, seed=201)


def _output(record_text: str, source: str, deny_terms: tuple[str, ...]) -> str:
    return redact_text(record_text, source=source, policy={"deny_terms": list(deny_terms)}).text  # type: ignore[arg-type]


def test_no_typed_or_title_value_leaks() -> None:
    leaked = [
        (value.type, record.style)
        for record in RECORDS
        if record.source != "ocr"
        for value in record.values
        if value.value in _output(record.text, record.source, record.deny_terms)
    ]
    assert leaked == []


def test_ocr_values_leak_at_most_one_percent() -> None:
    values = leaked = 0
    for record in RECORDS:
        if record.source != "ocr":
            continue
        output = _output(record.text, record.source, record.deny_terms)
        for value in record.values:
            values += 1
            leaked += value.value in output
    assert values > 100
    assert leaked / values <= 0.01, f"{leaked}/{values}"


def test_at_most_one_percent_of_ordinary_records_change() -> None:
    ordinary = [r for r in RECORDS if r.ordinary]
    changed = [r.style for r in ordinary if _output(r.text, r.source, r.deny_terms) != r.text]
    assert len(ordinary) > 400
    assert len(changed) / len(ordinary) <= 0.01, changed
