"""Result and option types of the text redactor.

Values only: frozen dataclasses that can be shared between threads. A finding
records *where* something sensitive was and what kind it was, never the value
itself, so a finding can be logged or shown without re-leaking the secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Source = Literal["typed", "ocr", "title"]
SOURCES: tuple[Source, ...] = ("typed", "ocr", "title")


@dataclass(frozen=True, slots=True)
class Finding:
    """One sensitive span of the input: ``text[start:end]`` was of ``type``."""

    type: str
    start: int
    end: int
    detector: str
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "detector": self.detector,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class TextRedaction:
    """The redacted text and the findings (offsets refer to the *input*)."""

    text: str
    findings: tuple[Finding, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return bool(self.findings)


class RedactionError(ValueError):
    """Raised for unusable arguments (unknown source, bad policy). Never carries content."""
