"""From the focused window to a ``window_focus`` record: rules, then redaction, then bounds.

This is the one place a window title turns into something that may leave the
device, in this order:

1. the application rules (:mod:`agent.capture.rules`): an excluded
   application, or a window whose title matches a deny pattern (private and
   incognito windows), yields a record with no application and no title —
   the time is accounted for, nothing about the window is kept;
2. the title goes through ``redact_text(title, source="title")`` with the
   policy's deny-list; if redaction fails in any way, the title is dropped
   (fail closed);
3. the redacted title and the application id are clipped to the wire
   format's bounds (after redaction, so clipping can never cut a value in
   half and let its other half escape a detector).

Pure: no I/O, no logging of titles. The watcher that produced ``info`` and the
clock that produced the timestamps are the caller's.
"""

from __future__ import annotations

import logging
from datetime import datetime

from agent.capture.redaction_counts import redaction_counts
from agent.capture.rules import should_capture_window
from agent.capture.window import WindowInfo
from agent.policy import EffectivePolicy
from agent.wire import WindowFocus
from agent.wire import limits as wire_limits
from redaction import redact_text

log = logging.getLogger(__name__)


def focus_record(
    info: WindowInfo | None,
    policy: EffectivePolicy,
    *,
    device_id: str,
    mono_ns: int,
    wall_time: datetime,
) -> WindowFocus | None:
    """The record for a focus change to ``info``; ``None`` when no window has focus."""
    if info is None:
        return None

    def record(
        app_id: str | None, title: str | None = None, redactions: dict[str, int] | None = None
    ) -> WindowFocus:
        return WindowFocus(
            device_id=device_id,
            mono_ns=mono_ns,
            wall_time=wall_time,
            app_id=app_id,
            title_redacted=title,
            redactions=redactions or {},
        )

    process = info.process_name
    if not should_capture_window(info.app_id, info.title, policy, process_name=process):
        return record(None)
    app_id = info.app_id[: wire_limits.MAX_APP_ID_LENGTH]
    redacted = _redacted_title(info.title, policy) if info.title is not None else None
    if redacted is None:
        return record(app_id)
    text, counts = redacted
    return record(app_id, text[: wire_limits.MAX_TITLE_LENGTH], counts)


def _redacted_title(title: str, policy: EffectivePolicy) -> tuple[str, dict[str, int]] | None:
    try:
        result = redact_text(title, source="title", policy=policy)
    except Exception as error:  # RedactionError, or a fault inside a detector: fail closed
        log.warning(
            "a window title could not be redacted and was dropped: %s", type(error).__name__
        )
        return None
    return result.text, redaction_counts(finding.type for finding in result.findings)
