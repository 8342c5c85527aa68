"""The notice says, in plain words, what the terms allow and what the employee can do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.consent.notice import render_notice
from tests.agent.consent.conftest import TERMS


def test_names_the_study_and_the_notice_version() -> None:
    text = render_notice(TERMS)
    assert "Wellbeing at work 2026" in text and "notice version 3" in text


@pytest.mark.parametrize(
    ("purpose", "words"),
    [
        ("input_activity", "Input activity:"),
        ("typed_text", "Typed text:"),
        ("screen_content", "Screen content:"),
    ],
)
def test_describes_a_purpose_only_when_it_is_offered(purpose: str, words: str) -> None:
    assert words in render_notice(TERMS)
    others = tuple(p for p in TERMS.purposes_offered if p != purpose)
    assert words not in render_notice(replace(TERMS, purposes_offered=others))


@pytest.mark.parametrize(
    "fact",
    [
        "never collected: passwords",
        "applications your organisation has excluded",
        "redaction happens on this computer",
        "at most 7 days",
        "at most every 60 seconds",
        "pause for 15 minutes, 1 hour or until tomorrow",
        "withdraw consent",
        "deletes everything not yet sent",
        "cannot remove these controls",
    ],
)
def test_states_the_facts_and_the_controls(fact: str) -> None:
    assert fact in " ".join(render_notice(TERMS).split())


def test_states_the_keystroke_level_in_plain_words() -> None:
    text = " ".join(render_notice(replace(TERMS, keystroke_level="counts")).split())
    assert "how many keys you press per minute, not which keys" in text


def test_ends_with_the_studys_own_text_unchanged() -> None:
    terms = replace(TERMS, notice_text="Line one.\n\nLine two.")
    assert render_notice(terms).endswith("Line one.\n\nLine two.\n")


def test_marks_the_purposes_the_study_suggests() -> None:
    text = " ".join(render_notice(TERMS).split())
    assert "Input activity:" in text and "(suggested by the study)" in text
    assert text.count("(suggested by the study)") == 1
