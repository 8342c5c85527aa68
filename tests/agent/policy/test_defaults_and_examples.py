"""The built-in defaults and the example policies IT starts from are valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent.policy import check_policy_file, load_policy
from agent.policy.catalogue import settings
from agent.policy.files import read_policy_file
from agent.policy.loader import default_policy_path
from agent.policy.validate import parse_document
from tests.agent.policy.conftest import DEFAULTS, EXAMPLES, REPOSITORY


def test_the_defaults_are_found_beside_the_agent_package() -> None:
    assert default_policy_path({}) == DEFAULTS


def test_the_defaults_location_can_be_moved_by_environment(tmp_path: Path) -> None:
    moved = tmp_path / "defaults.toml"
    assert default_policy_path({"CONSENTRY_DEFAULT_POLICY": str(moved)}) == moved


def test_the_default_policy_sets_every_setting_and_nothing_else() -> None:
    raw = read_policy_file(DEFAULTS)
    assert raw.data is not None
    top, recommended = parse_document(raw.data, str(DEFAULTS), managed=False)
    assert top.problems == [] and recommended.values == {}
    assert list(top.values) == list(settings())


def test_the_default_policy_alone_is_valid_but_captures_nothing(tmp_path: Path) -> None:
    policy = load_policy(defaults=DEFAULTS, managed=tmp_path / "none", user=tmp_path / "none")
    assert policy.problems == ()
    assert policy.capture_allowed is False  # no study: not enrolled
    assert {setting.source for setting in policy.settings()} == {"default"}


def test_every_setting_of_the_default_policy_is_commented() -> None:
    """Each ``key = value`` line has a comment in the block of lines above it."""
    lines = DEFAULTS.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not re.match(r"^[a-z_]+ = ", line):
            continue
        above = index - 1
        while above >= 0 and lines[above].strip() and not lines[above].startswith(("#", "[")):
            above -= 1
        assert above >= 0 and lines[above].startswith("#"), f"{line!r} has no comment above it"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_policy_checks_clean(example: Path) -> None:
    policy = check_policy_file(example)
    assert policy.problems == ()
    assert policy.capture_allowed  # each example enrols the device in its study


def test_the_three_promised_examples_exist() -> None:
    names = {path.stem for path in EXAMPLES}
    assert {"counts-only-productivity", "typed-text-research", "strict-minimal"} <= names


def test_the_typed_text_example_offers_text_and_screens() -> None:
    policy = check_policy_file(REPOSITORY / "config" / "examples" / "typed-text-research.toml")
    assert set(policy.value("purposes.offered")) == {
        "input_activity",
        "typed_text",
        "screen_content",
    }
    assert policy.value("screen.triggers")
    assert "text" in policy.value("keystrokes.per_application").values()


def test_the_counts_only_example_never_takes_screens_or_text() -> None:
    policy = check_policy_file(REPOSITORY / "config" / "examples" / "counts-only-productivity.toml")
    assert policy.value("purposes.offered") == ("input_activity",)
    assert policy.value("keystrokes.default_level") == "counts"
    assert policy.value("screen.triggers") == ()
    assert policy.locked("screen.triggers")
