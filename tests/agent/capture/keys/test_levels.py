"""The level keys are kept at once the secure-field answer is in (a table)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from agent.capture.keys import KeyContext, effective_level, keystrokes_allowed
from tests.agent.capture.keys.typing_helpers import SAFE


@pytest.mark.parametrize(
    ("level", "secure", "app_id", "kept"),
    [
        ("text", False, "org.example.Chat", "text"),
        ("classes", False, "org.example.Chat", "classes"),
        ("counts", False, "org.example.Chat", "counts"),
        ("off", False, "org.example.Chat", "off"),
        ("text", None, "org.example.Chat", "counts"),
        ("classes", None, "org.example.Chat", "counts"),
        ("counts", None, "org.example.Chat", "counts"),
        ("off", None, "org.example.Chat", "off"),
        ("text", True, "org.example.Chat", "off"),
        ("counts", True, "org.example.Chat", "off"),
        ("text", False, "KeePassXC", "off"),
        ("counts", None, "Bitwarden", "off"),
    ],
)
def test_effective_level(level: str, secure: bool | None, app_id: str, kept: str) -> None:
    context: KeyContext = replace(SAFE, level=level, secure=secure, app_id=app_id)  # type: ignore[arg-type]
    assert effective_level(context) == kept
    assert keystrokes_allowed(context) is (kept != "off")
