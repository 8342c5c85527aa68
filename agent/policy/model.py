"""The policy's settings: names, types, bounds and descriptions, defined once.

Each section is a msgspec ``Struct`` whose fields are the settings. Every field
may be left out (``UNSET``) because every source is partial: the managed policy
sets what IT cares about, the user file what the employee changed. Values
come from ``config/default-policy.toml``, never from here, so the file IT reads
is the one the agent uses.

The JSON Schema (``config/policy.schema.json``) is generated from these
structs (see :mod:`agent.policy.schema`) and the setting catalogue
(:mod:`agent.policy.catalogue`) is read off them, so names, types and bounds
cannot drift between the code, the schema and the checks.

What is *not* here is deliberate: nothing hides the capture indicator, skips
the notice, or removes pause, opt-out, withdrawal or deletion. Those are the
employee's and no policy can reach them (:mod:`agent.policy.forbidden`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from agent.policy import limits

Purpose = Literal["input_activity", "typed_text", "screen_content"]
KeystrokeLevel = Literal["off", "counts", "classes", "text"]
ScreenTrigger = Literal["click", "focus_change", "typing_burst_end", "periodic"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ImageFormat = Literal["webp", "png"]
KeepableType = Literal["IP_ADDRESS", "UK_POSTCODE"]
Kem = Literal["x25519", "mlkem768-x25519"]

AppId = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=limits.MAX_APP_ID_LENGTH,
        description=(
            "An application id: window class or executable name (Linux), executable name"
            " (Windows) or bundle id (macOS), matched case-insensitively."
        ),
    ),
]
AppList = Annotated[list[AppId], Meta(max_length=limits.MAX_APPLICATIONS)]
ClockTime = Annotated[
    str,
    Meta(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9])?$", description='"HH:MM" (24 h) or ""'),
]

# Keep field order meaningful: it is the order of `consentry policy show`.


class Study(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Which study this device takes part in."""

    id: (
        Annotated[
            str,
            Meta(
                pattern=r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$",
                max_length=limits.MAX_LABEL_LENGTH,
                description=(
                    'The study\'s identifier. "" means the device is not enrolled '
                    "in a study, and nothing is captured."
                ),
            ),
        ]
        | UnsetType
    ) = UNSET
    name: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_NAME_LENGTH,
                description="The study's name as the employee sees it in the notice.",
            ),
        ]
        | UnsetType
    ) = UNSET
    kem: (
        Annotated[
            Kem,
            Meta(
                description="The key encapsulation batches are sealed with: x25519, or "
                "mlkem768-x25519 (post-quantum hybrid ML-KEM-768 + X25519; the study must "
                "have a key of that kind)."
            ),
        ]
        | UnsetType
    ) = UNSET
    key_ids: (
        Annotated[
            list[Annotated[str, Meta(pattern=r"^[0-9a-f]{32}$")]],
            Meta(
                max_length=limits.MAX_PINNED_KEYS,
                description="The study's key ids (32 hex digits; envelope-v1.md says how an id "
                "is made from its key): batches are sealed only to one of these. [] = to the "
                "keys the collector names at enrolment.",
            ),
        ]
        | UnsetType
    ) = UNSET


class Collector(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Where sealed batches go, and how the device enrols."""

    url: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_URL_LENGTH,
                description="The collector's https URL (http only for loopback). Required "
                "when study.id is set.",
            ),
        ]
        | UnsetType
    ) = UNSET
    enrolment_secret_ref: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_URL_LENGTH,
                description="Where the enrolment secret is kept, never the secret itself: "
                "keyring:SERVICE/NAME, file:/absolute/path or env:VARIABLE.",
            ),
        ]
        | UnsetType
    ) = UNSET
    ca_file: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_PATH_LENGTH,
                description="An absolute path to a PEM file of the CA certificates that sign the "
                "collector's certificate (a private CA); \"\" = the system's trusted CAs.",
            ),
        ]
        | UnsetType
    ) = UNSET
    client_certificate: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_PATH_LENGTH,
                description="An absolute path to a PEM client certificate for mutual TLS "
                '(its key inside it, or in client_key); "" = none.',
            ),
        ]
        | UnsetType
    ) = UNSET
    client_key: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_PATH_LENGTH,
                description="An absolute path to the PEM private key of client_certificate, "
                'when it is a separate file; "" = inside the certificate file.',
            ),
        ]
        | UnsetType
    ) = UNSET
    pinned_keys: (
        Annotated[
            list[Annotated[str, Meta(pattern=limits.PIN_PATTERN)]],
            Meta(
                max_length=limits.MAX_PINNED_KEYS,
                description='"sha256/BASE64": the SHA-256 of the public key (SubjectPublicKeyInfo) '
                "of the collector's certificate; [] = no pinning. List the next key too "
                "before rotating.",
            ),
        ]
        | UnsetType
    ) = UNSET


class Purposes(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """What the employee is asked to agree to, purpose by purpose."""

    offered: (
        Annotated[
            list[Purpose],
            Meta(description="Purposes the notice offers; the employee opts in to each."),
        ]
        | UnsetType
    ) = UNSET
    preselected: (
        Annotated[
            list[Purpose],
            Meta(
                description="Purposes whose box is ticked when the notice opens (a subset of "
                "offered). Nothing is collected until the employee confirms."
            ),
        ]
        | UnsetType
    ) = UNSET


class Keystrokes(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """How much of typing is recorded: off, counts, key classes, or redacted text."""

    default_level: (
        Annotated[
            KeystrokeLevel,
            Meta(
                description="off: nothing; counts: keys per interval; classes: letter/digit/"
                "edit/navigation classes with timing; text: redacted text segments "
                "(needs the typed_text purpose)."
            ),
        ]
        | UnsetType
    ) = UNSET
    per_application: (
        Annotated[
            dict[AppId, KeystrokeLevel],
            Meta(
                max_length=limits.MAX_APPLICATIONS,
                description="Level per application id, overriding default_level.",
            ),
        ]
        | UnsetType
    ) = UNSET


class Applications(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Which applications are captured at all, and which of them on screen."""

    allow: (
        Annotated[AppList, Meta(description="Only these applications are captured; [] = all.")]
        | UnsetType
    ) = UNSET
    deny: (
        Annotated[
            AppList,
            Meta(description="Never captured, whatever allow says (password managers...)."),
        ]
        | UnsetType
    ) = UNSET
    deny_title_patterns: (
        Annotated[
            list[Annotated[str, Meta(min_length=1, max_length=limits.MAX_PATTERN_LENGTH)]],
            Meta(
                max_length=limits.MAX_TITLE_PATTERNS,
                description="RE2 patterns; a window whose title matches one is not captured "
                "(private browsing...).",
            ),
        ]
        | UnsetType
    ) = UNSET
    screen_capture: (
        Annotated[
            dict[AppId, bool],
            Meta(
                max_length=limits.MAX_APPLICATIONS,
                description="Per application id: false keeps its windows out of screens "
                "(they are filled, never read).",
            ),
        ]
        | UnsetType
    ) = UNSET


class ScreenOutput(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """How a redacted screen is minimised before it is sealed."""

    max_width: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_SCREEN_WIDTH,
                le=limits.MAX_SCREEN_WIDTH,
                description="Screens are scaled down to at most this width (pixels).",
            ),
        ]
        | UnsetType
    ) = UNSET
    greyscale: Annotated[bool, Meta(description="Keep screens in greyscale.")] | UnsetType = UNSET
    format: (
        Annotated[ImageFormat, Meta(description="Image encoding of kept screens.")] | UnsetType
    ) = UNSET


class Screen(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """When a screen is taken (only with the screen_content purpose)."""

    triggers: (
        Annotated[list[ScreenTrigger], Meta(description="Events that take a screen; [] = none.")]
        | UnsetType
    ) = UNSET
    interval_seconds: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_SCREEN_INTERVAL_SECONDS,
                le=limits.MAX_SCREEN_INTERVAL_SECONDS,
                description="At least this long between two screens, whatever the trigger.",
            ),
        ]
        | UnsetType
    ) = UNSET
    max_interval_seconds: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_SCREEN_INTERVAL_SECONDS,
                le=limits.MAX_SCREEN_INTERVAL_SECONDS,
                description="The periodic trigger's period (>= interval_seconds).",
            ),
        ]
        | UnsetType
    ) = UNSET
    output: ScreenOutput | UnsetType = UNSET


class Retention(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """How long sealed data may wait on the device for upload."""

    device_days: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_DEVICE_DAYS,
                le=limits.MAX_DEVICE_DAYS,
                description="Sealed batches older than this are deleted unsent.",
            ),
        ]
        | UnsetType
    ) = UNSET
    device_max_mb: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_DEVICE_MB,
                le=limits.MAX_DEVICE_MB,
                description="The spool never grows past this; the oldest batches go first.",
            ),
        ]
        | UnsetType
    ) = UNSET


class Batching(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """When records are cut into a batch and sealed (whichever limit comes first)."""

    max_records: (
        Annotated[
            int,
            Meta(
                ge=1,
                le=limits.MAX_BATCH_RECORDS,
                description="A batch is sealed once it holds this many records.",
            ),
        ]
        | UnsetType
    ) = UNSET
    max_kb: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_BATCH_KB,
                le=limits.MAX_BATCH_KB,
                description="A batch is sealed before it grows past this many KB (frames count).",
            ),
        ]
        | UnsetType
    ) = UNSET
    max_seconds: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_BATCH_SECONDS,
                le=limits.MAX_BATCH_SECONDS,
                description="A record waits in memory at most this long before its batch is "
                "sealed (what a crash can lose).",
            ),
        ]
        | UnsetType
    ) = UNSET


class Upload(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """How sealed batches are sent to the collector."""

    max_kb_per_second: (
        Annotated[
            int,
            Meta(
                ge=limits.MIN_UPLOAD_KB_PER_SECOND,
                le=limits.MAX_UPLOAD_KB_PER_SECOND,
                description="Send-rate limit: on average at most this many KB a second, so a "
                "backlog sent after a time offline does not fill the employee's network.",
            ),
        ]
        | UnsetType
    ) = UNSET


class Schedule(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Working hours: capture happens only inside them. Empty = always."""

    days: (
        Annotated[list[Weekday], Meta(description="Days capture may run; [] = every day.")]
        | UnsetType
    ) = UNSET
    start: (
        Annotated[ClockTime, Meta(description='Local start time "HH:MM"; "" = from midnight.')]
        | UnsetType
    ) = UNSET
    end: (
        Annotated[
            ClockTime,
            Meta(description='Local end time "HH:MM"; "" = to midnight; before start = overnight.'),
        ]
        | UnsetType
    ) = UNSET


class Redaction(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """The organisation's additions to on-device redaction."""

    deny_terms: (
        Annotated[
            list[Annotated[str, Meta(min_length=1, max_length=limits.MAX_DENY_TERM_LENGTH)]],
            Meta(
                max_length=limits.MAX_DENY_TERMS,
                description="Terms redacted wherever they appear (names, code names); "
                "case-insensitive, on word boundaries.",
            ),
        ]
        | UnsetType
    ) = UNSET
    keep_types: (
        Annotated[
            list[KeepableType],
            Meta(description="Finding types a study keeps instead of redacting."),
        ]
        | UnsetType
    ) = UNSET


class Notice(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """The study's part of the notice. The notice itself is always shown."""

    text: (
        Annotated[
            str,
            Meta(
                max_length=limits.MAX_NOTICE_TEXT_LENGTH,
                description="The study's own words, added to the notice generated from this "
                "policy.",
            ),
        ]
        | UnsetType
    ) = UNSET
    version: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=limits.MAX_LABEL_LENGTH,
                description="Changing it asks every employee for fresh consent.",
            ),
        ]
        | UnsetType
    ) = UNSET


class PolicyLayer(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """One source's settings: every section optional, every setting optional."""

    study: Study | UnsetType = UNSET
    collector: Collector | UnsetType = UNSET
    purposes: Purposes | UnsetType = UNSET
    keystrokes: Keystrokes | UnsetType = UNSET
    applications: Applications | UnsetType = UNSET
    screen: Screen | UnsetType = UNSET
    retention: Retention | UnsetType = UNSET
    batching: Batching | UnsetType = UNSET
    upload: Upload | UnsetType = UNSET
    schedule: Schedule | UnsetType = UNSET
    redaction: Redaction | UnsetType = UNSET
    notice: Notice | UnsetType = UNSET


class PolicyDocument(PolicyLayer, forbid_unknown_fields=True, omit_defaults=True):
    """A policy file: settings at the top level (mandatory, locked when managed) and
    under ``recommended`` (managed defaults the employee may change)."""

    recommended: PolicyLayer | UnsetType = UNSET


#: The table holding managed defaults inside a managed policy.
RECOMMENDED = "recommended"
