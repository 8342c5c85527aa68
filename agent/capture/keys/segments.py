"""Level ``text``: typed-text segments, edits applied, redacted, per field.

Key presses into the focused field go into an :class:`~.buffer.EditBuffer`.
The segment is flushed — redacted, then emitted as a ``typed_text`` record —
on Enter, on a focus change (another field or application, or Tab), after a
pause (:data:`PAUSE_NS`), at a length limit (:data:`SEGMENT_LENGTH_LIMIT`) and
at :meth:`SegmentBuilder.stop`. It is dropped, never emitted, when an edit
leaves its text unknown, when redaction fails, and when keys go to a field that
is or may be secure or to a credential application
(:func:`~.events.effective_level` is not ``text``). The buffer is cleared on every flush
and drop; per field, only the tail of what was already emitted is kept, so a
secret typed across two segments is still caught (:mod:`.window`).

Fields no OS signal can judge (``secure`` is ``None``: a Tk or Java window
on X11 without accessibility) give no text either — unless the builder is
made with ``unsure_text=True``. Then their segments are built as usual but
not returned: :meth:`SegmentBuilder.take_unconfirmed` hands each one, with its
raw text, to a check that keeps it only if that text can be read in clear on
screen (a password field never shows what is typed:
:mod:`agent.capture.input.visible`).

Pure: time comes in with the events (and :meth:`SegmentBuilder.tick`), wall
time from an injected clock; nothing is logged but the reason a segment was
dropped.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from agent.capture.keys.buffer import Edit, EditBuffer
from agent.capture.keys.classify import shortcut_name
from agent.capture.keys.events import KeyContext, KeyEvent, effective_level, keystrokes_allowed
from agent.capture.keys.window import next_tail, redact_segment, separators
from agent.wire import TypedText, WireError, validate
from agent.wire import limits as wire_limits
from agent.wire.fields import FlushReason
from redaction import RedactionError

log = logging.getLogger(__name__)

#: No key for this long ends a segment: a thought finished. Long enough not to
#: cut words of a slow typist, short enough that a record follows typing closely.
PAUSE_NS = 5 * 1_000_000_000

#: A segment this long is flushed (reason ``length``): a paragraph, never a
#: document. Well under the wire bound so that placeholders, which may be longer
#: than what they replace, cannot push redacted text over it.
SEGMENT_LENGTH_LIMIT = 1024

#: Fields whose tail is kept; the least recently used is forgotten beyond this.
MAX_TRACKED_FIELDS = 64

_FieldKey = tuple[str, str]


@dataclass(frozen=True)
class Unconfirmed:
    """A segment typed into a field no OS signal could judge, waiting for the visibility check.

    ``text`` is what was typed (edits applied, before redaction): the check
    compares it with the screen, in memory, and then forgets it.
    """

    record: TypedText = field(repr=False)
    text: str = field(repr=False)


@dataclass
class _Field:
    segments: int = 0
    tail: str = ""
    last_flush: FlushReason = "enter"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SegmentBuilder:
    """Typed-text segments of the focused field, for one device and one policy."""

    def __init__(
        self,
        *,
        device_id: str,
        policy: object = None,
        clock: Callable[[], datetime] = _utc_now,
        unsure_text: bool = False,
    ) -> None:
        self._device_id = device_id
        self._unsure_text = unsure_text
        self._segment_unsure = False
        self._unconfirmed: list[Unconfirmed] = []
        self._policy = policy
        self._clock = clock
        self._buffer = EditBuffer()
        self._current: tuple[str, str] | None = None
        self._last_ns = 0
        self._fields: OrderedDict[_FieldKey, _Field] = OrderedDict()

    def __repr__(self) -> str:
        return f"SegmentBuilder(buffered={len(self._buffer)}, fields={len(self._fields)})"

    def feed(self, event: KeyEvent, context: KeyContext) -> list[TypedText]:
        """Apply one key event; the records of any segment it completed."""
        if not event.pressed:
            return []
        key = (context.app_id, context.field_id)
        unsure = self._unsure_text_allowed(context)
        if effective_level(context) != "text" and not unsure:
            if key == self._current:
                self.drop()  # the field turned (or may have turned) secure
            return self._leave(event.mono_ns)
        out: list[TypedText] = []
        if self._current is not None and key != self._current:
            out += self._flush("focus_change", event.mono_ns)
        elif event.mono_ns - self._last_ns >= PAUSE_NS:
            out += self._flush("pause", event.mono_ns)
        self._segment_unsure = self._segment_unsure or unsure
        self._current = key
        self._last_ns = event.mono_ns
        edit = self._buffer.apply(event, shortcut_name(event))
        if edit is Edit.ENTER:
            out += self._flush("enter", event.mono_ns)
        elif edit is Edit.FIELD_END:
            out += self._flush("focus_change", event.mono_ns)
        elif edit is Edit.UNKNOWN:
            self._drop_segment("an edit left the text unknown")
        elif len(self._buffer) >= SEGMENT_LENGTH_LIMIT:
            out += self._flush("length", event.mono_ns)
        return out

    def tick(self, mono_ns: int) -> list[TypedText]:
        """Called by the adapter's timer: flushes a segment paused for :data:`PAUSE_NS`."""
        if len(self._buffer) and mono_ns - self._last_ns >= PAUSE_NS:
            return self._flush("pause", mono_ns)
        return []

    def focus_changed(self, mono_ns: int) -> list[TypedText]:
        """The OS reported a focus change: the segment so far is complete."""
        return self._leave(mono_ns)

    def stop(self, mono_ns: int) -> list[TypedText]:
        """Capture stops normally: the last segment is flushed (reason ``stop``)."""
        out = self._flush("stop", mono_ns)
        self._current = None
        return out

    def take_unconfirmed(self) -> list[Unconfirmed]:
        """Segments of unjudged fields completed since the last call (see the module docstring)."""
        taken, self._unconfirmed = self._unconfirmed, []
        return taken

    def _unsure_text_allowed(self, context: KeyContext) -> bool:
        """Text from a field no OS signal can judge, held for the visibility check."""
        return (
            self._unsure_text
            and context.secure is None
            and context.level == "text"
            and keystrokes_allowed(context)
        )

    def drop(self) -> None:
        """Forget the current segment unemitted (its field is, or may have turned, secure)."""
        self._buffer.clear()
        self._current = None
        self._segment_unsure = False

    def _leave(self, mono_ns: int) -> list[TypedText]:
        out = self._flush("focus_change", mono_ns)
        self._current = None
        return out

    def _drop_segment(self, reason: str) -> None:
        self._buffer.clear()
        self._segment_unsure = False
        log.info("a typed-text segment was dropped: %s", reason)

    def _flush(self, reason: FlushReason, mono_ns: int) -> list[TypedText]:
        text = self._buffer.text()
        self._buffer.clear()
        unsure, self._segment_unsure = self._segment_unsure, False
        if self._current is None or not text.strip():
            return []
        app_id, field_id = self._current
        state = self._field(self._current)
        joiners = separators(state.last_flush)
        try:
            redacted = redact_segment(text, tail=state.tail, joiners=joiners, policy=self._policy)
        except RedactionError:
            self._drop_segment("redaction failed")
            return []
        except Exception as error:  # a fault in the redactor itself: fail closed, say which
            self._drop_segment(f"the redactor failed ({type(error).__name__})")
            return []
        record = TypedText(
            device_id=self._device_id,
            mono_ns=mono_ns,
            wall_time=self._clock(),
            app_id=app_id[: wire_limits.MAX_APP_ID_LENGTH],
            field_id=field_id,
            segment=state.segments,
            text_redacted=redacted.text,
            flush=reason,
            redactions=redacted.redactions,
        )
        try:
            validate(record)
        except WireError as error:
            self._drop_segment(f"the record does not fit the wire format ({error.field})")
            return []
        state.segments += 1
        state.tail = next_tail(state.tail, joiners[0], redacted.text)
        state.last_flush = reason
        if unsure:
            self._unconfirmed.append(Unconfirmed(record, text))
            return []
        return [record]

    def _field(self, key: _FieldKey) -> _Field:
        state = self._fields.get(key)
        if state is None:
            state = self._fields[key] = _Field()
            while len(self._fields) > MAX_TRACKED_FIELDS:
                self._fields.popitem(last=False)
        self._fields.move_to_end(key)
        return state
