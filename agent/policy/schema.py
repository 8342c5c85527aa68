"""The JSON Schema of a policy file, generated from the model.

``config/policy.schema.json`` is this function's output, checked in for IT's
editors and pipelines; a test fails when the two differ. Regenerate with::

    .venv/bin/python -m agent.policy.schema > config/policy.schema.json

Every object already refuses unknown keys (``additionalProperties: false``).
On top of that the root refuses, with a description saying why, the sections
an admin would reach for to hide the indicator or remove the employee's
controls, and the notice section refuses the usual ways to skip it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import msgspec

from agent.policy.forbidden import FORBIDDEN_SECTION_NAMES
from agent.policy.model import PolicyDocument

SCHEMA_ID = "https://consentry.org/schemas/policy.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

FORBIDDEN_DESCRIPTION = (
    "A policy can narrow what is captured; it can never hide the capture indicator, "
    "skip the notice, or remove the employee's pause, opt-out, withdrawal or deletion. "
    "There are no such settings, and the agent refuses a policy that tries."
)

#: Keys an admin might add to [notice] to skip it; refused with the reason.
FORBIDDEN_NOTICE_KEYS = ("skip", "required", "show", "enabled", "disabled", "bypass", "hidden")


def policy_schema() -> dict[str, Any]:
    schema: dict[str, Any] = msgspec.json.schema(PolicyDocument)
    defs = schema["$defs"]
    root = defs["PolicyDocument"]
    root["title"] = "Consentry policy"
    root["propertyNames"] = {
        "not": {"enum": list(FORBIDDEN_SECTION_NAMES)},
        "description": FORBIDDEN_DESCRIPTION,
    }
    defs["PolicyLayer"]["propertyNames"] = root["propertyNames"]
    defs["Notice"]["propertyNames"] = {
        "not": {"enum": list(FORBIDDEN_NOTICE_KEYS)},
        "description": "The notice is always shown before capture; only its text and "
        "version can be set.",
    }
    return {"$schema": DRAFT, "$id": SCHEMA_ID, **schema}


def render() -> str:
    return json.dumps(policy_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
