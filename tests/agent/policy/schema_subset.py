"""A validator for the part of JSON Schema that config/policy.schema.json uses.

``jsonschema`` is not a dependency; this is enough to run the checked-in schema
file itself over the example policies and the forbidden attempts, so that the
file IT's editors use agrees with the agent, not only with the generator.
Keywords it does not know make it fail loudly rather than pass silently.
"""

from __future__ import annotations

import re
from typing import Any

KNOWN = {
    "$schema", "$id", "$ref", "$defs", "title", "description", "type", "properties",
    "required", "additionalProperties", "propertyNames", "items", "enum", "not",
    "minimum", "maximum", "minLength", "maxLength", "maxItems", "maxProperties", "pattern",
}  # fmt: skip
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
}


def errors(schema: dict[str, Any], value: Any) -> list[str]:
    found: list[str] = []
    _check(schema, schema, value, "$", found)
    return found


def _check(root: dict[str, Any], node: dict[str, Any], value: Any, at: str, out: list[str]) -> None:
    unknown = set(node) - KNOWN
    if unknown:
        raise AssertionError(f"schema keyword(s) {sorted(unknown)} at {at} not supported")
    if "$ref" in node:
        _check(root, _resolve(root, node["$ref"]), value, at, out)
    kind = node.get("type")
    if kind is not None:
        wanted = TYPES[kind]
        is_bool = isinstance(value, bool)
        if not isinstance(value, wanted) or (is_bool and kind == "integer"):
            out.append(f"{at}: expected {kind}")
            return
    if "enum" in node and value not in node["enum"]:
        out.append(f"{at}: not one of {node['enum']}")
    if "not" in node and not _errors_in(root, node["not"], value, at):
        out.append(f"{at}: matches a forbidden schema")
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if "minimum" in node and value < node["minimum"]:
            out.append(f"{at}: below {node['minimum']}")
        if "maximum" in node and value > node["maximum"]:
            out.append(f"{at}: above {node['maximum']}")
    if isinstance(value, str):
        if len(value) < node.get("minLength", 0) or len(value) > node.get("maxLength", 1 << 30):
            out.append(f"{at}: length out of bounds")
        if "pattern" in node and re.search(node["pattern"], value) is None:
            out.append(f"{at}: does not match {node['pattern']}")
    if isinstance(value, list):
        if len(value) > node.get("maxItems", 1 << 30):
            out.append(f"{at}: too many items")
        for index, item in enumerate(value):
            if "items" in node:
                _check(root, node["items"], item, f"{at}[{index}]", out)
    if isinstance(value, dict):
        _check_object(root, node, value, at, out)


def _check_object(
    root: dict[str, Any], node: dict[str, Any], value: dict[str, Any], at: str, out: list[str]
) -> None:
    if len(value) > node.get("maxProperties", 1 << 30):
        out.append(f"{at}: too many entries")
    properties = node.get("properties", {})
    for name in node.get("required", []):
        if name not in value:
            out.append(f"{at}.{name}: required")
    for name, item in value.items():
        if "propertyNames" in node:
            _check(root, node["propertyNames"], name, f"{at}.{name} (name)", out)
        if name in properties:
            _check(root, properties[name], item, f"{at}.{name}", out)
        elif node.get("additionalProperties") is False:
            out.append(f"{at}.{name}: not allowed")
        elif isinstance(node.get("additionalProperties"), dict):
            _check(root, node["additionalProperties"], item, f"{at}.{name}", out)


def _errors_in(root: dict[str, Any], node: dict[str, Any], value: Any, at: str) -> list[str]:
    found: list[str] = []
    _check(root, node, value, at, found)
    return found


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/$defs/"), ref
    resolved: dict[str, Any] = root["$defs"][ref.removeprefix("#/$defs/")]
    return resolved
