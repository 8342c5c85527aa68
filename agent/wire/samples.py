"""One valid record of every kind, for tests, benchmarks and documentation.

The values are made up and carry no content: a fixed pseudonym, placeholder
titles as redaction leaves them, and a tiny stand-in for a frame's bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from msgspec.structs import replace

from agent.wire.records import (
    Blob,
    ConsentEvent,
    IdleTransition,
    KeyActivity,
    KeyStroke,
    MouseActivity,
    Record,
    RecordBatch,
    ScreenFrame,
    SessionEvent,
    TypedText,
    WindowFocus,
)

DEVICE = "3f2b8c1e-7d4a-4e9b-9c1d-2a6f5e8b7c90"
SESSION = "9b1d3c5e-2f4a-4b6c-8d0e-1a3b5c7d9e0f"
WALL = datetime(2026, 3, 2, 9, 30, 15, 250_000, tzinfo=UTC)
MONO = 5_000_000_000
#: Stands in for a redacted, encoded frame (the first bytes of a WebP file).
FRAME_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(range(64))
FRAME_BLOB = Blob.of(FRAME_BYTES)


def sample_records(device_id: str = DEVICE) -> list[Record]:
    """One record of each kind, in the order a short session would produce them."""
    start = SessionEvent(
        device_id=device_id,
        wall_time=WALL,
        mono_ns=MONO,
        event="start",
        session_id=SESSION,
        agent_version="0.1.0",
        os="linux",
    )
    return [
        start,
        ConsentEvent(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 1,
            action="grant",
            study_id="study-1",
            notice_version="3",
            purposes=("input_activity", "typed_text"),
        ),
        WindowFocus(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 2,
            app_id="Thunderbird",
            title_redacted="Re: invoice for [EMAIL] - Inbox",
            redactions={"EMAIL": 1},
        ),
        KeyActivity(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 3,
            app_id="Thunderbird",
            interval_ns=2_000_000_000,
            level="classes",
            keys=4,
            shortcuts={"Ctrl+C": 1},
            class_counts={"letter": 2, "punctuation": 1, "shortcut": 1},
            strokes=(
                KeyStroke(0, "letter"),
                KeyStroke(140, "letter"),
                KeyStroke(320, "punctuation"),
                KeyStroke(900, "shortcut"),
            ),
        ),
        TypedText(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 4,
            app_id="Thunderbird",
            field_id="f3",
            segment=0,
            text_redacted="please call me on [PHONE]",
            flush="enter",
            redactions={"PHONE": 1},
        ),
        MouseActivity(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 5,
            app_id="Thunderbird",
            interval_ns=2_000_000_000,
            clicks={"left": 3},
            scrolls={"down": 5},
            distance_px=1840,
            click_cells={17: 2, 40: 1},
        ),
        ScreenFrame(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 6,
            frame_id=0,
            monitor=0,
            width=1280,
            height=800,
            encoding="webp",
            greyscale=True,
            trigger="focus_change",
            blob=FRAME_BLOB.ref,
            redactions={"EMAIL": 2, "UNSURE": 1},
            masked_windows=1,
        ),
        IdleTransition(
            device_id=device_id,
            wall_time=WALL,
            mono_ns=MONO + 7,
            state="idle",
            since_input_ms=300_000,
            threshold_s=300,
        ),
        replace(start, mono_ns=MONO + 8, event="stop", stop_reason="consent"),
    ]


def sample_batch(device_id: str = DEVICE) -> RecordBatch:
    return RecordBatch(device_id=device_id, records=sample_records(device_id), blobs=[FRAME_BLOB])
