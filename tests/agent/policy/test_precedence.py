"""defaults < recommended < user < managed (mandatory), and what "locked" means."""

from __future__ import annotations

import pytest

from tests.agent.policy.conftest import Load

RECOMMENDED_60 = """
[recommended.screen]
interval_seconds = 60
"""
MANDATORY_30 = """
[screen]
interval_seconds = 30
"""
USER_90 = """
[screen]
interval_seconds = 90
"""


@pytest.mark.parametrize(
    ("managed", "user", "value", "source", "locked"),
    [
        (None, None, 60, "default", False),
        (None, USER_90, 90, "user", False),
        (RECOMMENDED_60.replace("60", "45"), None, 45, "recommended", False),
        (RECOMMENDED_60.replace("60", "45"), USER_90, 90, "user", False),
        (MANDATORY_30, None, 30, "managed", True),
        (MANDATORY_30, USER_90, 30, "managed", True),
        (MANDATORY_30 + RECOMMENDED_60, USER_90, 30, "managed", True),
    ],
    ids=[
        "default",
        "user-over-default",
        "recommended-over-default",
        "user-over-recommended",
        "mandatory-over-default",
        "mandatory-over-user",
        "mandatory-over-recommended-and-user",
    ],
)
def test_precedence(
    load: Load, managed: str | None, user: str | None, value: int, source: str, locked: bool
) -> None:
    setting = load(managed=managed, user=user).setting("screen.interval_seconds")
    assert (setting.value, setting.source, setting.locked) == (value, source, locked)


def test_a_user_value_for_a_locked_setting_is_ignored_and_reported(load: Load) -> None:
    policy = load(managed=MANDATORY_30, user=USER_90)
    setting = policy.setting("screen.interval_seconds")
    assert setting.value == 30
    assert setting.user_override_ignored
    assert "ignored" in setting.to_dict()["note"]


def test_an_ignored_user_value_is_not_a_problem(load: Load) -> None:
    policy = load(managed=MANDATORY_30, user=USER_90)
    assert policy.problems == ()


def test_a_user_value_for_a_recommended_setting_is_applied_and_not_flagged(load: Load) -> None:
    setting = load(managed=RECOMMENDED_60, user=USER_90).setting("screen.interval_seconds")
    assert setting.value == 90 and not setting.user_override_ignored


def test_locking_one_setting_leaves_its_neighbours_to_the_user(load: Load) -> None:
    policy = load(managed=MANDATORY_30, user="[screen]\nmax_interval_seconds = 1200\n")
    assert policy.locked("screen.interval_seconds")
    assert not policy.locked("screen.max_interval_seconds")
    assert policy.value("screen.max_interval_seconds") == 1200


def test_lists_are_replaced_whole_not_merged(load: Load) -> None:
    policy = load(managed='[applications]\ndeny = ["slack"]\n')
    assert policy.value("applications.deny") == ("slack",)


def test_tables_are_replaced_whole_not_merged(load: Load) -> None:
    policy = load(
        managed='[recommended.keystrokes]\nper_application = { "code" = "classes" }\n',
        user='[keystrokes]\nper_application = { "vim" = "off" }\n',
    )
    assert dict(policy.value("keystrokes.per_application")) == {"vim": "off"}


def test_each_setting_names_the_file_it_came_from(load: Load) -> None:
    policy = load(managed=MANDATORY_30, user="[retention]\ndevice_days = 3\n")
    assert policy.setting("screen.interval_seconds").origin.endswith("managed.toml")
    assert policy.setting("retention.device_days").origin.endswith("user-preferences.toml")
    assert policy.setting("notice.version").origin.endswith("default-policy.toml")


def test_settings_are_listed_in_a_stable_order(load: Load) -> None:
    first = [setting.key for setting in load().settings()]
    second = [setting.key for setting in load(managed=MANDATORY_30).settings()]
    assert first == second
    assert first[0] == "study.id" and first[-1] == "notice.version"


def test_values_cannot_be_changed_through_the_policy(load: Load) -> None:
    policy = load(managed='[keystrokes]\nper_application = { "code" = "classes" }\n')
    with pytest.raises(TypeError):
        policy.value("keystrokes.per_application")["code"] = "text"
    assert isinstance(policy.value("applications.deny"), tuple)
