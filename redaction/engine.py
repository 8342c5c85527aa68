"""``redact_text``: run the detectors, merge what they found, write placeholders.

Cost model: one RE2 set match over the text, of each detector's cheap trigger
(:mod:`redaction.triggers`), tells which detectors can match at all, so a short
ordinary record pays for one linear scan plus the few detectors it triggers.
Every pattern is RE2 (linear in the input); the Python around it touches each
match a bounded number of times.

Overlapping findings are merged into one span covering both (fail closed: the
union is masked) and typed after the most confident of them.
"""

from __future__ import annotations

from collections.abc import Iterable

import re2

from redaction.detector import Detector, Hit, ScanContext
from redaction.detectors import REGISTRY
from redaction.detectors.denylist import find_terms
from redaction.policy import coerce_policy
from redaction.triggers import TRIGGERS
from redaction.types import SOURCES, Finding, RedactionError, Source, TextRedaction

#: Texts up to this length use the set prefilter; longer ones run every
#: detector. The bound keeps the prefilter's lazily built DFA far inside its
#: memory budget (an exhausted budget must never read as "no match").
PREFILTER_MAX_CHARS = 16_384


def _build_prefilter(detectors: tuple[Detector, ...]) -> tuple[re2.Set, list[int]]:
    """One RE2 set of every detector's trigger, and for each set entry its detector's index."""
    options = re2.Options()
    options.max_mem = 128 << 20
    prefilter = re2.Set.SearchSet(options)
    owners: list[int] = []
    for position, detector in enumerate(detectors):
        if detector.ocr_only:
            continue
        trigger = TRIGGERS.get(detector.name)
        for pattern in (trigger,) if trigger is not None else detector.patterns:
            prefilter.Add(pattern)
            owners.append(position)
    prefilter.Compile()
    return prefilter, owners


_PREFILTER, _PREFILTER_OWNERS = _build_prefilter(REGISTRY)


def _candidate_detectors(ctx: ScanContext) -> Iterable[Detector]:
    if ctx.ocr or len(ctx.text) > PREFILTER_MAX_CHARS:
        return REGISTRY
    matched = _PREFILTER.Match(ctx.text)
    if not matched:
        return ()
    return [REGISTRY[position] for position in sorted({_PREFILTER_OWNERS[i] for i in matched})]


#: When findings overlap, the more specific type names the span: a validated
#: NHS number written 3-3-4 is also shaped like a US phone number.
TYPE_PRIORITY = {
    "PASSWORD": 9, "SECRET": 8, "CARD": 7, "IBAN": 7, "NHS_NUMBER": 7, "UK_NINO": 7,
    "US_SSN": 6, "EMAIL": 6, "DENY_TERM": 6, "BANK_ACCOUNT": 5, "SORT_CODE": 5,
    "PHONE": 4, "IP_ADDRESS": 4, "UK_POSTCODE": 3,
}  # fmt: skip


def _rank(hit: Hit) -> tuple[float, int, int]:
    return round(hit.confidence, 1), TYPE_PRIORITY.get(hit.type, 0), hit.end - hit.start


def merge_hits(hits: list[Hit]) -> list[Finding]:
    """Overlapping hits become one finding over their union, typed after the strongest."""
    if not hits:
        return []
    hits.sort(key=lambda hit: (hit.start, -hit.end))
    merged: list[Finding] = []
    group_start, group_end = hits[0].start, hits[0].end
    best = hits[0]
    for hit in hits[1:]:
        if hit.start < group_end:
            group_end = max(group_end, hit.end)
            if _rank(hit) > _rank(best):
                best = hit
            continue
        merged.append(Finding(best.type, group_start, group_end, best.detector, best.confidence))
        group_start, group_end, best = hit.start, hit.end, hit
    merged.append(Finding(best.type, group_start, group_end, best.detector, best.confidence))
    return merged


def placeholder(entity_type: str) -> str:
    return f"[{entity_type}]"


def render_placeholders(text: str, findings: list[Finding]) -> str:
    """``text`` with each (sorted, disjoint) finding replaced by its placeholder."""
    pieces: list[str] = []
    cursor = 0
    for finding in findings:
        pieces.append(text[cursor : finding.start])
        pieces.append(placeholder(finding.type))
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def redact_text(text: str, *, source: Source = "typed", policy: object = None) -> TextRedaction:
    """Replace every sensitive value in ``text`` with a typed placeholder.

    ``source`` says where the text came from: ``"typed"`` (keyboard), ``"title"``
    (window titles) or ``"ocr"`` (read off a screen: misread characters are
    tolerated and near-miss checksums still redact). ``policy`` adds deny-list
    terms (see :mod:`redaction.policy`). Pure and thread-safe.
    """
    if not isinstance(text, str):
        raise RedactionError(f"text: expected str, got {type(text).__name__}")
    if source not in SOURCES:
        raise RedactionError(f"source: expected one of {', '.join(SOURCES)}")
    settings = coerce_policy(policy)
    if not text:
        return TextRedaction(text, ())
    ctx = ScanContext(text, source)
    hits: list[Hit] = []
    for detector in _candidate_detectors(ctx):
        hits.extend(detector.find(ctx))
    if settings.deny_terms:
        hits.extend(find_terms(ctx, settings.deny_pattern(ctx.ocr)))
    if settings.keep_types:
        hits = [hit for hit in hits if hit.type not in settings.keep_types]
    findings = merge_hits(hits)
    if not findings:
        return TextRedaction(text, ())
    return TextRedaction(render_placeholders(text, findings), tuple(findings))
