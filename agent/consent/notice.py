"""The plain-language notice shown before anyone is asked to consent.

Generated from the consent terms so that what the notice says and what the
agent does cannot drift apart: the purposes it lists are exactly those a
grant can name, and the facts it states (keystroke level, screen interval,
retention) are the policy's values. The study's own text is added after.
"""

from __future__ import annotations

import textwrap

from agent.consent.terms import INPUT_ACTIVITY, SCREEN_CONTENT, TYPED_TEXT, ConsentTerms

WIDTH = 78

_KEYSTROKE_WORDS = {
    "off": "no keystroke information at all",
    "counts": "how many keys you press per minute, not which keys",
    "classes": "when keys are pressed and what kind of key (letter, digit, space, "
    "editing key), never which letter",
    "text": "the text you type, after passwords and personal details are removed",
}


def _purpose_lines(terms: ConsentTerms) -> dict[str, str]:
    level = terms.keystroke_level
    keys = _KEYSTROKE_WORDS.get(level, f"keystroke information at level {level!r}")
    return {
        INPUT_ACTIVITY: (
            "Input activity: which application is in front, whether you are active or "
            f"idle, counts of clicks and scrolls, and {keys}."
        ),
        TYPED_TEXT: (
            "Typed text: short segments of what you type, with passwords, card numbers, "
            "addresses, phone numbers and other personal details replaced on this device "
            "before anything is stored. Individual raw key presses are never kept."
        ),
        SCREEN_CONTENT: (
            f"Screen content: a picture of the screen at most every "
            f"{terms.screen_interval_seconds} seconds, with text that looks personal or "
            "secret masked on this device, and reduced in size."
        ),
    }


def render_notice(terms: ConsentTerms) -> str:
    """The notice for ``terms`` as wrapped plain text."""
    study = terms.study_name or terms.study_id or "(no study configured)"
    lines = _purpose_lines(terms)
    paragraphs: list[str] = [
        f"CONSENTRY NOTICE — {study} (notice version {terms.notice_version or '—'})",
        f'This computer runs Consentry for the study "{study}"'
        + (f" (id {terms.study_id})." if terms.study_id else ".")
        + " Nothing is collected unless you agree, and you can agree to each part separately.",
        "What you can agree to:",
    ]
    for purpose in terms.purposes_offered:
        marker = " (suggested by the study)" if purpose in terms.purposes_preselected else ""
        paragraphs.append("  * " + lines[purpose] + marker)
    if not terms.purposes_offered:
        paragraphs.append("  * Nothing: this study currently asks for no data.")
    paragraphs += [
        "What is never collected: passwords or anything typed in a password field, "
        "the content of applications your organisation has excluded, and anything "
        "you do while paused or after you withdraw.",
        "Where it is processed: redaction happens on this computer. What is kept is "
        "encrypted on this computer before it is stored, and only the study's key "
        "holder can read it; every read is recorded.",
        f"How long: data waiting to be sent is kept on this computer for at most "
        f"{terms.device_retention_days} days.",
        "Your controls, at any time: pause for 15 minutes, 1 hour or until tomorrow "
        "(tray menu or `consentry consent pause 15m`); resume; withdraw consent "
        "(`consentry consent withdraw`), which stops collection at once, deletes "
        "everything not yet sent, and asks the study to delete what it already "
        "received from this device. Your organisation cannot remove these controls.",
    ]
    if terms.notice_text.strip():
        paragraphs.append("From the study:")
    wrapped = [
        textwrap.fill(p, WIDTH, subsequent_indent="    " if p.startswith("  *") else "")
        for p in paragraphs
    ]
    if terms.notice_text.strip():
        wrapped.append(terms.notice_text.strip())  # the study's own layout is kept
    return "\n\n".join(wrapped) + "\n"
