"""What a policy can never do, and the message an admin gets for trying.

The capture indicator, the notice, and the employee's pause, opt-out,
withdrawal and deletion controls are not settings: no source can reach them.
A key that reaches for them is therefore already unknown to the model, but an
admin who writes ``controls.allow_pause = false`` deserves to hear *why* it is
refused rather than "unknown key". This module recognises such keys by the
words in them, whatever the section or spelling (``ui.hide_indicator``,
``Indicator.Visible``, ``notice.skip``, ``consent.required``,
``controls.allow-opt-out``...).

It is only consulted for keys the model does not know, so a real setting can
never be refused by it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CONTROLS_FIXED = "the employee's controls are not configurable"


@dataclass(frozen=True)
class ForbiddenControl:
    """A family of keys no policy may set: the words that identify it and why not."""

    name: str
    #: Fragments of a normalised key segment (lower case, letters and digits only).
    words: tuple[str, ...]
    reason: str
    #: When set, the key must also contain one of these (``notice.skip`` is refused,
    #: ``notice.txt`` is a typo).
    qualifiers: tuple[str, ...] = ()


#: Most specific first: ``consent.allow_withdraw`` is about withdrawal, not consent.
FORBIDDEN_CONTROLS: tuple[ForbiddenControl, ...] = (
    ForbiddenControl(
        "pause",
        ("pause", "snooze"),
        f"policy cannot disable pause: {_CONTROLS_FIXED}",
    ),
    ForbiddenControl(
        "opt_out",
        ("optout", "optsout", "decline", "refuse"),
        f"policy cannot remove opt-out: {_CONTROLS_FIXED}",
    ),
    ForbiddenControl(
        "withdrawal",
        ("withdraw", "revoke"),
        f"policy cannot remove withdrawal of consent: {_CONTROLS_FIXED}",
    ),
    ForbiddenControl(
        "deletion",
        ("delet", "erase", "erasure", "purge", "wipe", "forget"),
        f"policy cannot remove deletion of the employee's data: {_CONTROLS_FIXED}",
    ),
    ForbiddenControl(
        "indicator",
        ("indicator", "icon", "stealth", "invisible", "hidden", "hide", "visible", "silent"),
        "policy cannot hide the capture indicator: it is always shown while capture is on",
    ),
    ForbiddenControl(
        "notice",
        ("notice", "notify", "notification", "disclos", "banner"),
        "policy cannot skip the notice: it is always shown before capture "
        "(only notice.text and notice.version can be set)",
        qualifiers=(
            "skip",
            "requir",
            "show",
            "display",
            "enabl",
            "disabl",
            "bypass",
            "suppress",
            "mandatory",
            "never",
            "always",
            "off",
            "silent",
            "hide",
            "auto",
        ),
    ),
    ForbiddenControl(
        "consent",
        ("consent", "optin", "agree", "accept", "autogrant", "grant"),
        "policy cannot give or require consent: only the employee opts in, purpose by purpose",
    ),
    ForbiddenControl(
        "controls",
        ("control", "tray", "menu", "ui", "quit", "exit"),
        f"policy cannot change the employee's controls: {_CONTROLS_FIXED}",
    ),
)

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _normalise(segment: str) -> str:
    return _NOT_ALNUM.sub("", segment.lower())


def forbidden_control(path: Sequence[str]) -> ForbiddenControl | None:
    """The forbidden family an unknown key belongs to, or ``None`` for a plain typo."""
    segments = [_normalise(segment) for segment in path]
    joined = "".join(segments)
    for control in FORBIDDEN_CONTROLS:
        if _mentions(control.words, segments, joined) and (
            not control.qualifiers or _mentions(control.qualifiers, segments, joined)
        ):
            return control
    return None


def _mentions(words: tuple[str, ...], segments: list[str], joined: str) -> bool:
    # Short words ("ui", "off") only count as a whole segment: "build" is no "ui".
    return any(word in segments if len(word) <= 3 else word in joined for word in words)


#: Top-level names the JSON Schema refuses with an explanation (the schema cannot
#: run this module's matching, so it lists the sections an admin would reach for).
FORBIDDEN_SECTION_NAMES: tuple[str, ...] = (
    "consent",
    "controls",
    "indicator",
    "opt_out",
    "pause",
    "privacy_controls",
    "tray",
    "ui",
    "withdrawal",
    "deletion",
)
