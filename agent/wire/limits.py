"""Every bound the wire format holds a record to, with the reason for it.

The collector decodes data from devices it does not control, so every string,
list, map and number a record carries is bounded here: a record that breaks a
bound is refused whole (:class:`agent.wire.WireError`), never truncated on
the way in. Producers on the device fit their data to these bounds first.

This module imports nothing from the rest of the agent: the collector and the
export tool import :mod:`agent.wire` alone. Where a bound mirrors a policy
limit (application ids), a test keeps the two equal.
"""

from __future__ import annotations

#: The wire format version this code writes and the only one it reads. A reader
#: refuses a newer version rather than guess at fields it does not know.
SCHEMA_VERSION = 1

#: An application id (WM_CLASS class, executable name, bundle id, AppUserModelID)
#: is short; the same bound as the policy's application lists.
MAX_APP_ID_LENGTH = 256

#: A redacted window title. Real titles are well under this; a longer one is
#: clipped on the device before redaction's output is recorded.
MAX_TITLE_LENGTH = 1024

#: A typed-text segment is flushed on Enter, a focus change or a pause; one
#: longer than this is flushed early (flush reason ``length``), so a segment is
#: a sentence or a paragraph, never a whole document.
MAX_SEGMENT_LENGTH = 4096

#: Identifiers made on the device (study id, notice version, agent version,
#: field ids): labels, not documents.
MAX_LABEL_LENGTH = 128

#: A shortcut name such as ``Ctrl+Shift+Page_Down``.
MAX_SHORTCUT_LENGTH = 48

#: Distinct shortcuts, key classes or redaction types counted in one record.
MAX_DISTINCT_ITEMS = 256

#: Key strokes with timing in one ``classes`` record: about 25 keys/s for a
#: minute, beyond any human typist; the producer cuts intervals shorter first.
MAX_STROKES_PER_RECORD = 1500

#: No count in a record can exceed this: well above any real interval (a
#: billion events), small enough that sums over a study stay exact in int64.
MAX_COUNT = 1_000_000_000

#: An activity interval longer than an hour is not "an interval"; records are
#: made far more often than this.
MAX_INTERVAL_NS = 3600 * 1_000_000_000

#: Idle time as reported by the OS: a machine left for a month is still a
#: plausible reading; more is a broken clock.
MAX_IDLE_MS = 31 * 24 * 3600 * 1000
#: "Idle" means no input for a while; a threshold beyond a day means never.
MAX_IDLE_THRESHOLD_S = 24 * 3600

#: Mouse clicks are bucketed into a coarse grid over the whole virtual desktop
#: (never exact positions): 16 x 16 cells.
CLICK_GRID_SIZE = 16
CLICK_GRID_CELLS = CLICK_GRID_SIZE * CLICK_GRID_SIZE

#: Monitors attached to one device.
MAX_MONITORS = 16

#: A kept screen is at most 4K wide (the policy's own maximum width) and at most
#: this tall, however tall the monitor (portrait 4K is 3840 x 2160 turned).
MAX_FRAME_WIDTH = 3840
MAX_FRAME_HEIGHT = 3840

#: One encoded, redacted, downscaled frame. A 1280-wide greyscale WebP is
#: typically 30-150 kB; 4K PNG of a busy screen stays under this.
MAX_FRAME_BYTES = 8 * 1024 * 1024

#: A batch is what is compressed, sealed and uploaded in one request. Records
#: are small (tens to hundreds of bytes); frames are carried beside them as
#: blobs so that one batch stays a size a flaky network uploads in seconds.
MAX_BATCH_RECORDS = 10_000
MAX_BATCH_BLOBS = 64
MAX_BATCH_BYTES = 32 * 1024 * 1024

#: Field names quoted in a :class:`WireError` come from untrusted input; only
#: short identifier-shaped names are quoted, anything else is described.
MAX_QUOTED_FIELD_NAME = 64
