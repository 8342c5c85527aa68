"""Records name the device by its pseudonym only, and the wire format stands alone."""

from __future__ import annotations

import getpass
import json
import socket
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import msgspec
import pytest

from agent.identity import device_pseudonym
from agent.wire import RecordBatch, WireError, decode_batch, decode_json, encode_batch, limits
from agent.wire.fields import ImageEncoding, KeystrokeLevel, Purpose, ScreenTrigger
from agent.wire.samples import sample_records


def identifying_names() -> list[str]:
    names = {getpass.getuser(), socket.gethostname(), socket.getfqdn()}
    names |= {name.split(".")[0] for name in names}
    return sorted(name.casefold() for name in names if name and name != "localhost")


def strings_in(value: Any) -> list[str]:
    """Every field name, key and string value in a decoded record, recursively."""
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (str(key), *strings_in(item))]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def mentions(text: str, name: str) -> bool:
    """Short names (a host called "vm") are matched as whole words, longer ones anywhere."""
    folded = text.casefold()
    if len(name) >= 4:
        return name in folded
    return name in folded.replace("_", " ").replace("-", " ").replace(".", " ").split()


def test_no_field_name_or_value_of_any_record_names_the_user_or_the_host(tmp_path: Path) -> None:
    device = device_pseudonym(tmp_path)
    for record in sample_records(device):
        data = msgspec.json.encode(record)
        assert decode_json(data) == record
        found = strings_in(msgspec.json.decode(data))
        for name in identifying_names():
            leaks = [text for text in found if mentions(text, name)]
            assert not leaks, f"{type(record).__name__} mentions {name!r}"


def test_the_real_device_pseudonym_is_accepted_as_a_device_id(tmp_path: Path) -> None:
    device = device_pseudonym(tmp_path)
    batch = RecordBatch(device_id=device, records=sample_records(device)[:2])
    assert decode_batch(encode_batch(batch)).device_id == device


@pytest.mark.parametrize("name", [getpass.getuser(), socket.gethostname(), "alice@laptop-42"])
def test_a_user_or_host_name_cannot_stand_in_for_the_device_id(name: str) -> None:
    data: dict[str, Any] = msgspec.to_builtins(sample_records()[7])
    with pytest.raises(WireError) as caught:
        decode_json(msgspec.json.encode({**data, "device_id": name}))
    assert caught.value.field == "$.device_id"


def test_the_wire_format_imports_nothing_else_from_the_agent() -> None:
    """The collector imports agent.wire alone: it must not pull in policy, consent or redaction."""
    probe = (
        "import json, sys, agent.wire; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('agent', 'redaction')))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    assert all(name == "agent" or name.startswith("agent.wire") for name in loaded), loaded


# -- the wire format and the policy agree where they meet ----------------------------


def literal_values(annotation: Any) -> set[str]:
    return set(typing.get_args(annotation))


def test_application_ids_have_the_policy_bound() -> None:
    from agent.policy import limits as policy_limits

    assert limits.MAX_APP_ID_LENGTH == policy_limits.MAX_APP_ID_LENGTH
    assert limits.MAX_FRAME_WIDTH == policy_limits.MAX_SCREEN_WIDTH


def test_purposes_triggers_and_encodings_match_the_policy() -> None:
    from agent.consent.terms import PURPOSES
    from agent.policy import model

    assert literal_values(Purpose) == set(PURPOSES)
    assert literal_values(ScreenTrigger) == literal_values(model.ScreenTrigger)
    assert literal_values(ImageEncoding) == literal_values(model.ImageFormat)
    # "off" sends nothing and "text" sends TypedText: key records are the other two.
    assert literal_values(KeystrokeLevel) == literal_values(model.KeystrokeLevel) - {"off", "text"}
