"""On-device redaction: pure functions from content to redacted content.

Public API (everything else is internal):

* :func:`redact_text` → :class:`TextRedaction` (``.text``, ``.findings``)
* :func:`redact_image` → :class:`ImageRedaction` (``.image``, ``.boxes``, ``.text``)
* :class:`ScreenRedactor` — successive frames of one display, re-reading only changes
* :func:`minimise` → :class:`MinimisedFrame` — downscale, greyscale, encode a redacted frame
* :class:`RedactionPolicy` — deny-list terms and kept types
* :class:`Finding`, :class:`RedactedBox`, :class:`RedactionError`, :class:`OcrUnavailable`

The image half needs Pillow and numpy (the ``agent`` extra); it is imported on
first use, so text redaction works with the core dependencies alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from redaction.engine import redact_text
from redaction.policy import RedactionPolicy
from redaction.types import Finding, RedactionError, Source, TextRedaction

if TYPE_CHECKING:
    from redaction.image.analyse import RedactedBox
    from redaction.image.incremental import ScreenRedactor
    from redaction.image.minimise import MinimisedFrame, minimise
    from redaction.image.ocr import OcrUnavailable
    from redaction.image.redact import ImageRedaction, redact_image

_IMAGE_API = {
    "RedactedBox": "redaction.image.analyse",
    "ScreenRedactor": "redaction.image.incremental",
    "MinimisedFrame": "redaction.image.minimise",
    "minimise": "redaction.image.minimise",
    "OcrUnavailable": "redaction.image.ocr",
    "ImageRedaction": "redaction.image.redact",
    "redact_image": "redaction.image.redact",
}


def __getattr__(name: str) -> Any:
    module = _IMAGE_API.get(name)
    if module is None:
        raise AttributeError(f"module 'redaction' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "Finding",
    "ImageRedaction",
    "MinimisedFrame",
    "OcrUnavailable",
    "RedactedBox",
    "RedactionError",
    "RedactionPolicy",
    "ScreenRedactor",
    "Source",
    "TextRedaction",
    "minimise",
    "redact_image",
    "redact_text",
]
