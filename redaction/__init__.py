"""On-device redaction: pure functions from content to redacted content.

Public API (everything else is internal):

* :func:`redact_text` → :class:`TextRedaction` (``.text``, ``.findings``)
* :class:`RedactionPolicy` — deny-list terms and kept types
* :class:`Finding`, :class:`RedactionError`
"""

from redaction.engine import redact_text
from redaction.policy import RedactionPolicy
from redaction.types import Finding, RedactionError, Source, TextRedaction

__all__ = [
    "Finding",
    "RedactionError",
    "RedactionPolicy",
    "Source",
    "TextRedaction",
    "redact_text",
]
