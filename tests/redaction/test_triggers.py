"""The prefilter's triggers are necessary conditions: they never hide a finding."""

from __future__ import annotations

import re2

from benchmarks.corpora.text_corpus import generate, short_records
from redaction.detector import ScanContext
from redaction.detectors import REGISTRY
from redaction.engine import redact_text
from redaction.triggers import TRIGGERS


def test_every_trigger_names_a_registered_detector() -> None:
    names = {detector.name for detector in REGISTRY}
    assert set(TRIGGERS) <= names


def test_a_detector_that_finds_something_always_has_its_trigger_in_the_text() -> None:
    texts = [r.text for r in generate(600, seed=101) if r.source != "ocr"]
    texts += short_records(600, seed=101)
    compiled = {name: re2.compile(pattern) for name, pattern in TRIGGERS.items()}
    missed = []
    for text in texts:
        ctx = ScanContext(text, "typed")
        for detector in REGISTRY:
            trigger = compiled.get(detector.name)
            if trigger is None or detector.ocr_only:
                continue
            if any(True for _ in detector.find(ctx)) and trigger.search(text) is None:
                missed.append(detector.name)
    assert missed == []


def test_prefiltered_and_exhaustive_runs_agree() -> None:
    """Long texts skip the prefilter; the same content must redact the same either way."""
    records = [r for r in generate(300, seed=102) if r.source != "ocr"]
    padding = "\n" + "lorem ipsum dolor sit amet " * 700
    for record in records:
        short = redact_text(record.text).text
        long = redact_text(record.text + padding).text
        assert long.startswith(short), record.style
