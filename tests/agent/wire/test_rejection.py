"""Bad input is refused whole, with a WireError naming the field and never the value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from agent.wire import WireError, decode_json, decode_msgpack, limits, validate
from agent.wire.samples import sample_records

#: A value no error message may ever contain.
CANARY = "Canary-Secret-4471"


def sample(kind: str) -> dict[str, Any]:
    for record in sample_records():
        data: dict[str, Any] = msgspec.to_builtins(record)
        if data["kind"] == kind:
            return data
    raise KeyError(kind)


def changed(record_kind: str, **changes: Any) -> dict[str, Any]:
    return {**sample(record_kind), **changes}


# (case, input, the field the error must name, words the reason must contain)
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown field", changed("idle", extra_field=CANARY), "$", "unknown field `extra_field`"),
    ("unknown kind", changed("idle", kind=CANARY), "$.kind", "not a record kind"),
    ("missing kind", {k: v for k, v in sample("idle").items() if k != "kind"}, "$", "kind"),
    ("negative count", changed("key_activity", keys=-1), "$.keys", ">= 0"),
    ("count too large", changed("key_activity", keys=limits.MAX_COUNT + 1), "$.keys", "<="),
    ("negative monotonic time", changed("idle", mono_ns=-5), "$.mono_ns", ">= 0"),
    ("zero interval", changed("mouse_activity", interval_ns=0), "$.interval_ns", ">= 1"),
    (
        "title too long",
        changed("window_focus", title_redacted=CANARY * 200),
        "$.title_redacted",
        f"length <= {limits.MAX_TITLE_LENGTH}",
    ),
    (
        "segment too long",
        changed("typed_text", text_redacted=CANARY * 500),
        "$.text_redacted",
        f"length <= {limits.MAX_SEGMENT_LENGTH}",
    ),
    ("empty app id", changed("window_focus", app_id=""), "$.app_id", "length >= 1"),
    ("keys from an excluded app", changed("key_activity", app_id=None), "$.app_id", "`str`"),
    ("clicks in an excluded app", changed("mouse_activity", app_id=None), "$.app_id", "`str`"),
    ("device id not a pseudonym", changed("idle", device_id=CANARY), "$.device_id", "regex"),
    ("wrong type", changed("idle", threshold_s=CANARY), "$.threshold_s", "expected `int`"),
    ("bad enum", changed("typed_text", flush=CANARY), "$.flush", "invalid enum value"),
    ("bad dict key", changed("mouse_activity", clicks={CANARY: 1}), "$.clicks (a key)", "enum"),
    (
        "click cell off the grid",
        changed("mouse_activity", click_cells={256: 1}),
        "$.click_cells (a key)",
        "<",
    ),
    (
        "typing smuggled as a shortcut",
        changed("key_activity", shortcuts={"Shift+A": 1}),
        "$.shortcuts (a key)",
        "regex",
    ),
    (
        "a word smuggled as a shortcut",
        changed("key_activity", shortcuts={f"Ctrl+{CANARY}": 1}),
        "$.shortcuts (a key)",
        "regex",
    ),
    (
        "timing at the counts level",
        changed("key_activity", level="counts"),
        "$",
        "counts-level record carries no key classes",
    ),
    (
        "more strokes than keys",
        changed("key_activity", keys=1),
        "$",
        "more strokes than keys",
    ),
    (
        "a stroke after the interval",
        changed("key_activity", interval_ns=100_000_000),
        "$",
        "outside the interval",
    ),
    (
        "strokes out of order",
        changed("key_activity", strokes=[[140, "letter"], [0, "letter"]]),
        "$",
        "time order",
    ),
    (
        "an excluded application with a title",
        changed("window_focus", app_id=None),
        "$",
        "keeps no title",
    ),
    ("local wall time", changed("idle", wall_time="2026-03-02T10:30:15+01:00"), "$", "UTC"),
    (
        "naive wall time",
        changed("idle", wall_time="2026-03-02T10:30:15"),
        "$.wall_time",
        "timezone",
    ),
    ("stop without reason", changed("session", event="stop"), "$", "stop_reason"),
    ("pause without deadline", changed("consent", action="pause"), "$", "paused_until"),
    (
        "repeated purpose",
        changed("consent", purposes=["typed_text", "typed_text"]),
        "$",
        "repeated",
    ),
    ("unknown purpose", changed("consent", purposes=[CANARY]), "$.purposes[0]", "enum"),
    ("negative monitor", changed("screen_frame", monitor=-1), "$.monitor", ">= 0"),
    ("frame too wide", changed("screen_frame", width=10_000), "$.width", "<="),
    (
        "bad frame hash",
        changed("screen_frame", blob={"sha256": CANARY, "size": 3}),
        "$.blob.sha256",
        "regex",
    ),
]


@pytest.mark.parametrize(
    ("data", "field", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
@pytest.mark.parametrize("form", ["json", "msgpack"])
def test_bad_records_are_refused_naming_the_field_never_the_value(
    form: str, data: dict[str, Any], field: str, reason: str
) -> None:
    decode: Callable[[bytes], object] = decode_json if form == "json" else decode_msgpack
    encoded = msgspec.json.encode(data) if form == "json" else msgspec.msgpack.encode(data)
    with pytest.raises(WireError) as caught:
        decode(encoded)
    assert caught.value.field == field
    assert reason.lower() in caught.value.reason.lower()
    assert CANARY.lower() not in str(caught.value).lower()


def test_an_unknown_field_with_a_name_that_is_not_an_identifier_is_not_quoted() -> None:
    with pytest.raises(WireError) as caught:
        decode_json(msgspec.json.encode(changed("idle", **{f"my {CANARY}": 1})))
    assert caught.value.reason == "an unknown field"


@pytest.mark.parametrize("data", [b"", b"{", b"\xff\xfe", b"[]", b"null", b'"text"'], ids=repr)
def test_input_that_is_not_a_record_at_all_is_a_wire_error(data: bytes) -> None:
    with pytest.raises(WireError) as caught:
        decode_json(data)
    assert caught.value.field == "$"


def test_validate_finds_a_bound_broken_by_a_producer_before_it_leaves_the_device() -> None:
    record = sample_records()[2]
    too_long = msgspec.structs.replace(record, title_redacted="x" * (limits.MAX_TITLE_LENGTH + 1))
    with pytest.raises(WireError) as caught:
        validate(too_long)
    assert caught.value.field == "$.title_redacted"


def test_encoding_something_that_is_not_a_record_is_a_wire_error() -> None:
    from agent.wire import encode_json

    with pytest.raises(WireError):
        encode_json(object())  # type: ignore[arg-type]
