"""Every numeric bound a policy is held to, with the reason for it.

The bounds are part of the schema (``config/policy.schema.json`` is generated
from the model that uses them), so IT sees them before pushing a policy.
"""

from __future__ import annotations

from agent.wire import limits as wire_limits
from redaction.detectors.denylist import MAX_DENY_TERMS as REDACTOR_MAX_DENY_TERMS

#: Screens more often than this are close to a video recording of the employee,
#: and the on-device OCR redactor cannot keep up with them.
MIN_SCREEN_INTERVAL_SECONDS = 5

#: A "periodic" trigger rarer than once a day is no longer periodic; longer
#: waits are expressed by leaving the trigger out.
MAX_SCREEN_INTERVAL_SECONDS = 24 * 60 * 60

#: Below this width screen text is unreadable, so a screen would carry no
#: information worth its capture.
MIN_SCREEN_WIDTH = 320

#: Minimisation: no screen is kept at more than 4K width, whatever the display.
MAX_SCREEN_WIDTH = 3840

#: The device is a buffer for data waiting to be uploaded, not an archive.
MIN_DEVICE_DAYS = 1
MAX_DEVICE_DAYS = 30

#: Room for at least a few sealed batches; at most a bound an employee would
#: accept on their own disk.
MIN_DEVICE_MB = 16
MAX_DEVICE_MB = 4096

#: A batch never holds more than the wire format allows in one batch.
MAX_BATCH_RECORDS = wire_limits.MAX_BATCH_RECORDS
#: Smaller batches than this cost more in headers and requests than they carry;
#: larger ones than the wire format allows are refused by every reader.
MIN_BATCH_KB = 64
MAX_BATCH_KB = wire_limits.MAX_BATCH_BYTES // 1024
#: Sealing more often than this makes batches of a record or two; records
#: waiting longer than an hour in memory are too much to lose in a crash.
MIN_BATCH_SECONDS = 5
MAX_BATCH_SECONDS = 3600
#: A batch must fit the spool several times over, or one batch would evict the rest.
BATCHES_PER_SPOOL = 4

#: Below this a single screen takes minutes to send; above it there is no
#: limit worth the name (about 1 Gbit/s).
MIN_UPLOAD_KB_PER_SECOND = 16
MAX_UPLOAD_KB_PER_SECOND = 131_072

#: File paths (CA bundle, client certificate and key).
MAX_PATH_LENGTH = 4096
#: Pinned keys: the current key and the next, with room for a few more.
MAX_PINNED_KEYS = 16
#: A pin is "sha256/" and the base64 of a SHA-256 digest (44 characters).
PIN_PATTERN = r"^sha256/[A-Za-z0-9+/]{43}=$"

#: The redactor's own limit on deny-list terms (it refuses longer lists).
MAX_DENY_TERMS = REDACTOR_MAX_DENY_TERMS

#: A deny-list term longer than this is a paragraph, not a term.
MAX_DENY_TERM_LENGTH = 200

#: Allow/deny lists and per-application tables: enough for any real estate of
#: applications, small enough that a mistaken paste is caught.
MAX_APPLICATIONS = 2000

#: An application id (executable name, bundle id, AppUserModelID) is short.
MAX_APP_ID_LENGTH = 256

#: Window-title patterns run on every focus change; keep the list and each
#: pattern small enough to stay cheap (RE2 is linear, but not free).
MAX_TITLE_PATTERNS = 200
MAX_PATTERN_LENGTH = 500

#: The study's own words in the notice: a notice longer than this is not read.
MAX_NOTICE_TEXT_LENGTH = 8000

#: Identifiers (study id, notice version) are labels, not documents.
MAX_LABEL_LENGTH = 128

#: Study name and collector URL.
MAX_NAME_LENGTH = 200
MAX_URL_LENGTH = 2048

#: A policy file larger than this is not a policy (a mistaken path, a dump).
MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024
