"""One monitor's grab turned into a redacted, minimised frame — or into nothing.

In this order, and nothing is written anywhere:

1. the change check: a digest of the raw grab and of the masks, compared
   with the last frame kept for this monitor — identical means no OCR and no
   record (a digest collision could only skip a frame, never pass one
   unredacted);
2. :class:`redaction.ScreenRedactor` for this monitor (kept across frames:
   it re-reads only what changed), with the masked windows filled before
   OCR, so their pixels are never read;
3. :func:`redaction.image.minimise.minimise` per ``[screen.output]``.

Any failure in 2 or 3 drops the frame (fail closed) and forgets the
redactor's state; the error's type is all that is reported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import cast

from agent.capture.redaction_counts import redaction_counts
from agent.capture.screen.grab import Grab
from agent.capture.window import Rect
from agent.policy import EffectivePolicy
from redaction import ScreenRedactor
from redaction.image.minimise import ImageFormat, MinimisedFrame, minimise
from redaction.image.ocr import OcrEngine
from redaction.image.redact import EXCLUDED

#: Digest size of the change check (bytes): a collision only ever skips a frame.
DIGEST_BYTES = 16


@dataclass(frozen=True)
class OutputSettings:
    """``[screen.output]``: how small a kept frame is made."""

    max_width: int
    greyscale: bool
    format: ImageFormat

    @classmethod
    def from_policy(cls, policy: EffectivePolicy) -> OutputSettings:
        return cls(
            max_width=int(policy.value("screen.output.max_width")),
            greyscale=bool(policy.value("screen.output.greyscale")),
            format=cast(ImageFormat, policy.value("screen.output.format")),
        )


@dataclass(frozen=True)
class Frame:
    """A redacted, minimised frame ready to become a record (no pixels in ``repr``)."""

    encoded: MinimisedFrame = field(repr=False)
    #: Filled values by type (the masked windows are counted apart).
    redactions: dict[str, int]
    masked_windows: int


class FrameDropped(Exception):
    """Redaction or encoding failed; the frame is dropped. ``kind`` is the error's type name."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"the frame was dropped: {kind}")
        self.kind = kind


def fingerprint(grab: Grab, masks: tuple[Rect, ...]) -> bytes:
    """A digest of what a frame would be made from: the pixels, their size and the masks."""
    digest = hashlib.blake2b(grab.bgra, digest_size=DIGEST_BYTES)
    digest.update(repr((grab.size, masks)).encode())
    return digest.digest()


class MonitorFrames:
    """The state kept for one monitor between shots: its redactor and the last frame's digest.

    Used from the capture thread only (the redactor is not thread-safe).
    """

    def __init__(self, policy: EffectivePolicy, engine: OcrEngine, output: OutputSettings) -> None:
        self._redactor = ScreenRedactor(policy=policy, engine=engine)
        self._output = output
        self._last: bytes | None = None

    def next_frame(self, grab: Grab, masks: tuple[Rect, ...]) -> Frame | None:
        """The frame for ``grab``; None when it is the same as the last frame kept.

        Raises :class:`FrameDropped` when it cannot be redacted or encoded.
        """
        digest = fingerprint(grab, masks)
        if digest == self._last:
            return None
        try:
            redacted = self._redactor.redact(grab.image(), exclude=masks)
            encoded = minimise(
                redacted.image,
                max_width=self._output.max_width,
                greyscale=self._output.greyscale,
                format=self._output.format,
            )
        except Exception as error:  # OCR, Pillow or a bug: never pass the frame
            self.reset()
            raise FrameDropped(type(error).__name__) from None
        self._last = digest
        found = (box.type for box in redacted.boxes if box.type != EXCLUDED)
        return Frame(encoded, redaction_counts(found), masked_windows=len(masks))

    def reset(self) -> None:
        """Forget the previous frame (the next one is read in full and always kept)."""
        self._redactor.reset()
        self._last = None
