"""On-device redaction: pure functions from content to redacted content.

Public API (everything else is internal):

* :func:`redact_text` → :class:`TextRedaction` (``.text``, ``.findings``)
* :func:`redact_image` → :class:`ImageRedaction` (``.image``, ``.boxes``, ``.text``)
* :class:`ScreenRedactor` — successive frames of one display, re-reading only changes
* :func:`minimise` → :class:`MinimisedFrame` — downscale, greyscale, encode a redacted frame
* :class:`RedactionPolicy` — deny-list terms and kept types
* :class:`Finding`, :class:`RedactedBox`, :class:`RedactionError`, :class:`OcrUnavailable`
"""

from redaction.engine import redact_text
from redaction.image.analyse import RedactedBox
from redaction.image.incremental import ScreenRedactor
from redaction.image.minimise import MinimisedFrame, minimise
from redaction.image.ocr import OcrUnavailable
from redaction.image.redact import ImageRedaction, redact_image
from redaction.policy import RedactionPolicy
from redaction.types import Finding, RedactionError, Source, TextRedaction

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
