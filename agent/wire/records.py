"""Wire format v1: every record the agent sends, defined once.

The agent builds these, ``consentry preview`` prints them, the collector
decodes them and the export tool writes them out; all four import this module
and nothing else defines a record. Each record is a frozen msgspec ``Struct``
in one tagged union (``kind`` names the record), and every kind carries:

* ``schema`` — the wire format version (:data:`agent.wire.limits.SCHEMA_VERSION`);
* ``device_id`` — the device pseudonym, a random UUID4 (never a user or host
  name: the field only accepts a UUID4);
* ``mono_ns`` — the device's monotonic clock, to order records and measure
  intervals when the wall clock jumps;
* ``wall_time`` — wall-clock time in UTC.

Minimisation is part of the schema, not only of the producer: there is no field
for a raw key, an unredacted title, a pointer position or a screenshot's text,
and a ``counts`` key record cannot carry key classes or timing. Every field has
a reason, given where it is defined.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Annotated, get_args

from msgspec import Meta, Struct, field

from agent.wire import limits
from agent.wire.fields import (
    AppId,
    ClickCell,
    ConsentAction,
    Count,
    DeviceId,
    FieldId,
    FlushReason,
    FrameBytes,
    FrameHeight,
    FrameWidth,
    IdleState,
    ImageEncoding,
    IntervalNs,
    KeyClass,
    KeystrokeLevel,
    Label,
    Monitor,
    MonotonicNs,
    MouseButton,
    OsFamily,
    Purpose,
    RedactedText,
    RedactedTitle,
    RedactionCounts,
    SchemaVersion,
    ScreenTrigger,
    ScrollDirection,
    SessionEventName,
    SessionId,
    Sha256,
    Shortcut,
    StopReason,
    StudyId,
    WallTime,
)

_UTC = timedelta(0)

# Reasons raised in __post_init__ reach WireError as they are: they name fields,
# never values, and hold no single quote (the codec cuts msgspec's quoted values
# off at the first one).


class _Record(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, tag_field="kind"):
    """The fields every record carries (see the module docstring)."""

    schema: SchemaVersion = limits.SCHEMA_VERSION
    device_id: DeviceId
    mono_ns: MonotonicNs
    wall_time: WallTime

    def __post_init__(self) -> None:
        if self.wall_time.utcoffset() != _UTC:
            raise ValueError("wall_time must be in UTC")


class WindowFocus(_Record, frozen=True, tag="window_focus", kw_only=True):
    """The focused window changed (emitted on change, not polled).

    ``app_id`` is ``None`` for an application the policy excludes: the time is
    accounted for, nothing about the application is kept. ``title_redacted`` is
    the title after on-device redaction, ``None`` when it is not kept (excluded
    window, deny title pattern, or no title).
    """

    app_id: AppId | None
    title_redacted: RedactedTitle | None = None
    #: What redaction removed from the title, by type: lets a study see how much
    #: was withheld without any of it.
    redactions: RedactionCounts = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.app_id is None and (self.title_redacted is not None or self.redactions):
            raise ValueError("a window of an excluded application keeps no title")


class KeyStroke(Struct, frozen=True, forbid_unknown_fields=True, array_like=True):
    """One key press at the ``classes`` level: when (ms into the interval) and what class.

    Press times only: hold times are a stronger biometric and no study asked
    for them. Encoded as a two-item array, since a record may carry hundreds.
    """

    at_ms: Annotated[int, Meta(ge=0, le=limits.MAX_INTERVAL_NS // 1_000_000)]
    key_class: KeyClass


class KeyActivity(_Record, frozen=True, tag="key_activity", kw_only=True):
    """Typing in one application over one interval, at the policy's level.

    ``counts``: ``keys`` and ``shortcuts`` only. ``classes``: also key counts by
    class and each press's class and time (``strokes``). Never which key was
    pressed, except shortcuts such as ``Ctrl+C``, kept as shortcuts.
    """

    #: Never ``None``: an excluded application has keystroke level ``off``, and
    #: even a count would tell how long a password typed there was.
    app_id: AppId
    interval_ns: IntervalNs
    level: KeystrokeLevel
    keys: Count
    shortcuts: Annotated[dict[Shortcut, Count], Meta(max_length=limits.MAX_DISTINCT_ITEMS)] = field(
        default_factory=dict
    )
    class_counts: Annotated[dict[KeyClass, Count], Meta(max_length=limits.MAX_DISTINCT_ITEMS)] = (
        field(default_factory=dict)
    )
    strokes: Annotated[tuple[KeyStroke, ...], Meta(max_length=limits.MAX_STROKES_PER_RECORD)] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.level == "counts" and (self.class_counts or self.strokes):
            raise ValueError("a counts-level record carries no key classes or timing")
        if len(self.strokes) > self.keys:
            raise ValueError("more strokes than keys")
        if self.strokes:
            offsets = [stroke.at_ms for stroke in self.strokes]
            if offsets != sorted(offsets):
                raise ValueError("strokes are not in time order")
            if offsets[-1] * 1_000_000 > self.interval_ns:
                raise ValueError("a stroke lies outside the interval")


class TypedText(_Record, frozen=True, tag="typed_text", kw_only=True):
    """A segment of typed text, edits applied, after on-device redaction.

    Only at the ``text`` keystroke level with the ``typed_text`` purpose, and
    never from a password field or secure input (dropped, not redacted).
    ``field_id`` is an opaque token for the text field within this session, so
    segments of one field can be read in order (``segment``) without naming it.
    """

    app_id: AppId
    field_id: FieldId
    segment: Count
    text_redacted: RedactedText
    flush: FlushReason
    redactions: RedactionCounts = field(default_factory=dict)


class MouseActivity(_Record, frozen=True, tag="mouse_activity", kw_only=True):
    """Clicks, scrolls and movement in one application over one interval.

    Counts and coarse buckets only: ``distance_px`` is the length of the path,
    not the path; ``click_cells`` (when the policy asks for it) counts clicks
    per cell of a coarse grid over the whole desktop, never a position.
    """

    #: Never ``None``: nothing is recorded from an excluded application.
    app_id: AppId
    interval_ns: IntervalNs
    clicks: Annotated[dict[MouseButton, Count], Meta(max_length=4)] = field(default_factory=dict)
    scrolls: Annotated[dict[ScrollDirection, Count], Meta(max_length=4)] = field(
        default_factory=dict
    )
    distance_px: Count = 0
    click_cells: Annotated[dict[ClickCell, Count], Meta(max_length=limits.CLICK_GRID_CELLS)] = (
        field(default_factory=dict)
    )


class BlobRef(Struct, frozen=True, forbid_unknown_fields=True):
    """Where a frame's encoded bytes are: a blob carried beside the records.

    Frames are referenced, not inlined, so records stay small and fast to
    decode, the bytes are never base64-inflated in JSON, and ``consentry
    preview --frames-dir`` can write each frame as a file named by its hash.
    """

    sha256: Sha256
    size: FrameBytes


class ScreenFrame(_Record, frozen=True, tag="screen_frame", kw_only=True):
    """One monitor's screen, redacted, then downscaled and encoded per policy.

    ``redactions`` counts the filled boxes by type (never their text);
    ``masked_windows`` counts windows of excluded applications filled unread.
    """

    frame_id: Count
    monitor: Monitor
    width: FrameWidth
    height: FrameHeight
    encoding: ImageEncoding
    greyscale: bool
    trigger: ScreenTrigger
    blob: BlobRef
    redactions: RedactionCounts = field(default_factory=dict)
    masked_windows: Count = 0


class IdleTransition(_Record, frozen=True, tag="idle", kw_only=True):
    """The person became idle (no input for ``threshold_s``) or active again."""

    state: IdleState
    #: Time without input when the change was seen (ms precision is enough).
    since_input_ms: Annotated[int, Meta(ge=0, le=limits.MAX_IDLE_MS)]
    threshold_s: Annotated[int, Meta(ge=1, le=limits.MAX_IDLE_THRESHOLD_S)]


class SessionEvent(_Record, frozen=True, tag="session", kw_only=True):
    """The agent started or stopped capturing (one session per run of the agent)."""

    event: SessionEventName
    session_id: SessionId
    agent_version: Label
    os: OsFamily
    stop_reason: StopReason | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if (self.event == "stop") != (self.stop_reason is not None):
            raise ValueError("stop_reason is given for a stop, and only for a stop")


class ConsentEvent(_Record, frozen=True, tag="consent", kw_only=True):
    """The employee granted, paused, resumed or withdrew consent (the receipt, on the wire)."""

    action: ConsentAction
    study_id: StudyId
    notice_version: Label
    purposes: Annotated[tuple[Purpose, ...], Meta(max_length=3)] = ()
    paused_until: WallTime | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(set(self.purposes)) != len(self.purposes):
            raise ValueError("a purpose is repeated")
        if (self.action == "pause") != (self.paused_until is not None):
            raise ValueError("paused_until is given for a pause, and only for a pause")
        if self.paused_until is not None and self.paused_until.utcoffset() != _UTC:
            raise ValueError("paused_until must be in UTC")


#: Every record kind, as one tagged union (``kind`` says which).
Record = (
    WindowFocus
    | KeyActivity
    | TypedText
    | MouseActivity
    | ScreenFrame
    | IdleTransition
    | SessionEvent
    | ConsentEvent
)

#: The kinds of :data:`Record`, in its order (read off the union, not listed twice).
RECORD_TYPES: tuple[type[_Record], ...] = get_args(Record)


def record_kind(record: Record) -> str:
    """The record's ``kind`` tag (``"window_focus"``, ``"typed_text"``, …), as on the wire."""
    return str(type(record).__struct_config__.tag)


class Blob(Struct, frozen=True, forbid_unknown_fields=True):
    """A frame's encoded, redacted bytes inside a batch, with their SHA-256."""

    sha256: Sha256
    data: Annotated[bytes, Meta(min_length=1, max_length=limits.MAX_FRAME_BYTES)]

    @classmethod
    def of(cls, data: bytes) -> Blob:
        return cls(sha256=hashlib.sha256(data).hexdigest(), data=data)

    @property
    def ref(self) -> BlobRef:
        return BlobRef(sha256=self.sha256, size=len(self.data))


class RecordBatch(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The plaintext of one sealed batch: one device's records and the frames they name.

    Compression, encryption and signing wrap this (the batch header and
    envelope); this is what a study's key holder gets back after decrypting.
    Decoding checks that every frame's blob is here with the right hash and
    size, and that nothing else is.
    """

    schema: SchemaVersion = limits.SCHEMA_VERSION
    device_id: DeviceId
    records: Annotated[list[Record], Meta(max_length=limits.MAX_BATCH_RECORDS)]
    blobs: Annotated[list[Blob], Meta(max_length=limits.MAX_BATCH_BLOBS)] = field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        for record in self.records:
            if record.device_id != self.device_id:
                raise ValueError("a record comes from another device than the batch")
        carried = {blob.sha256: blob for blob in self.blobs}
        if len(carried) != len(self.blobs):
            raise ValueError("a blob is repeated")
        named = {r.blob.sha256: r.blob for r in self.records if isinstance(r, ScreenFrame)}
        if named.keys() != carried.keys():
            raise ValueError("blobs and the frames that name them do not match")
        for sha, ref in named.items():
            data = carried[sha].data
            if len(data) != ref.size or hashlib.sha256(data).hexdigest() != sha:
                raise ValueError("the size or hash of a blob does not match its frame")
