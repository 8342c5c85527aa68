"""The registry: every built-in detector, in one tuple.

Adding a detector is adding a unit to one of these modules and its tests; the
engine needs no change.
"""

from __future__ import annotations

from redaction.detector import Detector
from redaction.detectors import (
    contact,
    entropy,
    financial,
    network,
    ocr_numbers,
    passwords,
    secrets,
    uk,
)

REGISTRY: tuple[Detector, ...] = (
    *contact.DETECTORS,
    *financial.DETECTORS,
    *uk.DETECTORS,
    *network.DETECTORS,
    *passwords.DETECTORS,
    *secrets.DETECTORS,
    *entropy.DETECTORS,
    *ocr_numbers.DETECTORS,
)

__all__ = ["REGISTRY"]
