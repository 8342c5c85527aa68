"""The field types records are built from, each with its bounds and its reason.

A field type is an ``Annotated`` type with msgspec constraints, so a bound is
written once and checked on every decode (msgspec does not check constraints
when a record is constructed in Python; :func:`agent.wire.validate` does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta

from agent.wire import limits

#: The device pseudonym (:mod:`agent.identity`): a random UUID4, lower case. The
#: shape itself keeps user and host names out: nothing else fits.
UUID4_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

DeviceId = Annotated[
    str, Meta(pattern=UUID4_PATTERN, description="The device pseudonym (random UUID4).")
]
SessionId = Annotated[
    str, Meta(pattern=UUID4_PATTERN, description="One run of the agent (random UUID4).")
]
SchemaVersion = Annotated[int, Meta(ge=1, le=limits.SCHEMA_VERSION)]
MonotonicNs = Annotated[
    int,
    Meta(
        ge=0,
        description="time.monotonic_ns() on the device: orders records and measures "
        "intervals even when the wall clock jumps; meaningless across reboots.",
    ),
]
WallTime = Annotated[
    datetime, Meta(tz=True, description="Wall-clock time, UTC (checked on decode).")
]
Count = Annotated[int, Meta(ge=0, le=limits.MAX_COUNT)]
IntervalNs = Annotated[
    int,
    Meta(
        gt=0,
        le=limits.MAX_INTERVAL_NS,
        description="Length of the interval a record sums up; it ends at the record's timestamps.",
    ),
]
AppId = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=limits.MAX_APP_ID_LENGTH,
        description="WM_CLASS class (X11), bundle id (macOS) or executable name (Windows).",
    ),
]
Label = Annotated[str, Meta(min_length=1, max_length=limits.MAX_LABEL_LENGTH)]
StudyId = Annotated[
    str, Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=limits.MAX_LABEL_LENGTH)
]
#: Opaque per-field token made on the device (never the field's label or name).
FieldId = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]+$", max_length=limits.MAX_LABEL_LENGTH)]
RedactedTitle = Annotated[
    str,
    Meta(
        max_length=limits.MAX_TITLE_LENGTH,
        description="A window title already passed through redact_text(source='title').",
    ),
]
RedactedText = Annotated[
    str,
    Meta(
        max_length=limits.MAX_SEGMENT_LENGTH,
        description="Typed text already passed through redact_text(source='typed').",
    ),
]
#: A redaction or finding type (``EMAIL``, ``PASSWORD``, ``UNSURE``): a name, never a value.
REDACTION_TYPE_PATTERN = r"^[A-Z][A-Z0-9_]{0,31}$"
RedactionType = Annotated[str, Meta(pattern=REDACTION_TYPE_PATTERN)]
RedactionCounts = Annotated[dict[RedactionType, Count], Meta(max_length=limits.MAX_DISTINCT_ITEMS)]

#: Modifiers that make a shortcut. AltGr and macOS Option alone type characters
#: (AltGr+Q is "@" on a German layout), so they only ever follow one of these.
_MODIFIER = r"(?:Ctrl|Alt|Super|Meta|Cmd)"
_ANY_MODIFIER = r"(?:Ctrl|Alt|Shift|Super|Meta|Cmd|Option|Fn)"
_NAMED_KEY = (
    r"(?:F[1-9][0-9]?|Tab|Enter|Escape|Space|Backspace|Delete|Insert|Home|End|PageUp|"
    r"PageDown|Up|Down|Left|Right|PrintScreen)"
)
#: A shortcut: at least one modifier other than Shift, then one key. Shift+A is
#: typing, not a shortcut, so it can never be recorded as one; and a shortcut
#: names at most one character, so text cannot travel as a run of shortcuts.
SHORTCUT_PATTERN = (
    rf"^{_MODIFIER}\+(?:{_ANY_MODIFIER}\+)*(?:[A-Z0-9]|[!-/:-@\[-`{{-~]|{_NAMED_KEY})$"
)
Shortcut = Annotated[str, Meta(pattern=SHORTCUT_PATTERN, max_length=limits.MAX_SHORTCUT_LENGTH)]

KeystrokeLevel = Literal["counts", "classes"]
#: What a key is, never which key it is (except shortcuts, kept as shortcuts).
KeyClass = Literal[
    "letter",
    "digit",
    "punctuation",
    "whitespace",
    "modifier",
    "navigation",
    "editing",
    "function",
    "shortcut",
    "other",
]
FlushReason = Literal["enter", "focus_change", "pause", "length", "stop"]
MouseButton = Literal["left", "right", "middle", "other"]
ScrollDirection = Literal["up", "down", "left", "right"]
#: Row-major cell of the coarse click grid (limits.CLICK_GRID_SIZE squared).
ClickCell = Annotated[int, Meta(ge=0, lt=limits.CLICK_GRID_CELLS)]
Monitor = Annotated[int, Meta(ge=0, lt=limits.MAX_MONITORS)]
FrameWidth = Annotated[int, Meta(ge=1, le=limits.MAX_FRAME_WIDTH)]
FrameHeight = Annotated[int, Meta(ge=1, le=limits.MAX_FRAME_HEIGHT)]
FrameBytes = Annotated[int, Meta(ge=1, le=limits.MAX_FRAME_BYTES)]
ImageEncoding = Literal["webp", "png"]
ScreenTrigger = Literal["click", "focus_change", "typing_burst_end", "periodic"]
Sha256 = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]
Purpose = Literal["input_activity", "typed_text", "screen_content"]
ConsentAction = Literal["grant", "pause", "resume", "withdraw"]
IdleState = Literal["idle", "active"]
SessionEventName = Literal["start", "stop"]
StopReason = Literal["quit", "signal", "consent", "policy", "error"]
OsFamily = Literal["linux", "macos", "windows", "other"]
