"""config/policy.schema.json is the model's schema, and refuses what policy cannot do."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.policy.catalogue import settings
from agent.policy.forbidden import FORBIDDEN_SECTION_NAMES
from agent.policy.schema import policy_schema, render
from tests.agent.policy import schema_subset
from tests.agent.policy.conftest import DEFAULTS, EXAMPLES, REPOSITORY
from tests.agent.policy.test_forbidden_controls import ATTEMPTS, IDS

SCHEMA_FILE = REPOSITORY / "config" / "policy.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def test_the_checked_in_schema_is_the_generated_one() -> None:
    """Drift guard: regenerate with `python -m agent.policy.schema > config/policy.schema.json`."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render()


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_every_section_refuses_keys_it_does_not_define(schema: dict[str, Any]) -> None:
    sections = list(_objects(schema))
    assert len(sections) >= 12
    assert all(section["additionalProperties"] is False for section in sections)


def _properties(schema: dict[str, Any], definition: str, prefix: str) -> Iterator[str]:
    for name, value in schema["$defs"][definition]["properties"].items():
        ref = value.get("$ref", "")
        if ref:
            yield from _properties(schema, ref.rsplit("/", 1)[1], f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


def test_the_schema_defines_exactly_the_catalogue_settings(schema: dict[str, Any]) -> None:
    assert list(_properties(schema, "PolicyLayer", "")) == list(settings())


def test_a_managed_file_may_hold_recommended_settings_of_the_same_shape(
    schema: dict[str, Any],
) -> None:
    root = schema["$defs"]["PolicyDocument"]
    assert root["properties"]["recommended"] == {"$ref": "#/$defs/PolicyLayer"}


@pytest.mark.parametrize("definition", ["PolicyDocument", "PolicyLayer"])
def test_sections_for_the_employee_s_controls_are_refused_with_a_reason(
    schema: dict[str, Any], definition: str
) -> None:
    names = schema["$defs"][definition]["propertyNames"]
    assert set(names["not"]["enum"]) == set(FORBIDDEN_SECTION_NAMES)
    assert {"controls", "ui", "indicator", "consent", "pause"} <= set(names["not"]["enum"])
    assert "never hide the capture indicator" in names["description"]


def test_the_notice_section_refuses_ways_to_skip_it(schema: dict[str, Any]) -> None:
    notice = schema["$defs"]["Notice"]
    assert set(notice["properties"]) == {"text", "version"}
    assert {"skip", "required"} <= set(notice["propertyNames"]["not"]["enum"])
    assert notice["properties"]["version"]["minLength"] == 1


@pytest.mark.parametrize(
    ("definition", "field", "bound", "value"),
    [
        ("Screen", "interval_seconds", "minimum", 5),
        ("ScreenOutput", "max_width", "maximum", 3840),
        ("Retention", "device_days", "maximum", 30),
    ],
)
def test_named_bounds_reach_the_schema(
    schema: dict[str, Any], definition: str, field: str, bound: str, value: int
) -> None:
    assert schema["$defs"][definition]["properties"][field][bound] == value


def test_the_generated_schema_is_draft_2020_12_with_an_id() -> None:
    generated = policy_schema()
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["$ref"] == "#/$defs/PolicyDocument"


# The checked-in schema file itself, run over real policies (see schema_subset.py).


@pytest.mark.parametrize("policy", [DEFAULTS, *EXAMPLES], ids=lambda path: path.name)
def test_the_default_and_example_policies_satisfy_the_schema_file(
    schema: dict[str, Any], policy: Path
) -> None:
    assert schema_subset.errors(schema, tomllib.loads(policy.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(("section", "name", "value", "reason"), ATTEMPTS, ids=IDS)
def test_the_schema_file_refuses_every_forbidden_attempt(
    schema: dict[str, Any], section: str, name: str, value: Any, reason: str
) -> None:
    assert schema_subset.errors(schema, {section: {name: value}})
    assert schema_subset.errors(schema, {"recommended": {section: {name: value}}})


@pytest.mark.parametrize(
    "document",
    [
        {"screen": {"interval_seconds": 2}},
        {"screen": {"interval_seconds": "30"}},
        {"screen": {"output": {"greyscale": 1}}},
        {"keystrokes": {"default_level": "everything"}},
        {"keystrokes": {"per_application": {"code": "everything"}}},
        {"schedule": {"start": "25:00"}},
        {"study": {"id": "has spaces"}},
        {"notice": {"version": ""}},
        {"screens": {}},
        {"recommended": {"recommended": {}}},
    ],
    ids=lambda document: json.dumps(document),
)
def test_the_schema_file_refuses_what_the_loader_refuses(
    schema: dict[str, Any], document: dict[str, Any]
) -> None:
    assert schema_subset.errors(schema, document)
