"""Which windows are filled unread, and where on each monitor (pure, synthetic layouts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.capture.screen.masks import masked_rects, monitor_masks, on_monitor, should_mask_window
from agent.capture.screen.monitors import Monitor, monitors_from_mss
from agent.capture.window import UNKNOWN_APP_ID, Rect, VisibleWindow, WindowInfo
from agent.policy import EffectivePolicy, check_policy_file

DEFAULTS = Path(__file__).resolve().parents[4] / "config" / "default-policy.toml"
STUDY = """
[applications]
deny = ["Slack"]
deny_title_patterns = ['(?i)\\bincognito\\b', '(?i)private browsing']
screen_capture = { "thunderbird" = false, "Code" = true }

[screen]
triggers = ["click"]
"""
ALLOW_LIST = STUDY.replace('deny = ["Slack"]', 'deny = ["Slack"]\nallow = ["firefox", "XTerm"]')


def load(tmp_path: Path, text: str) -> EffectivePolicy:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    policy = check_policy_file(path, defaults=DEFAULTS)
    return policy


@pytest.fixture
def study(tmp_path: Path) -> EffectivePolicy:
    policy = load(tmp_path, STUDY)
    assert not policy.problems, policy.problems
    return policy


def info(app_id: str, title: str | None = "A window", process: str | None = None) -> WindowInfo:
    return WindowInfo(app_id=app_id, title=title, pid=7, process_name=process)


# (window, masked?)
WINDOW_CASES = [
    (info("XTerm"), False),
    (info("firefox", "News - Mozilla Firefox"), False),
    (info("Slack"), True),  # denied by this policy
    (info("whatever", process="slack"), True),  # denied by its process name
    (info("KeePassXC"), True),  # a password manager: never captured
    (info("Keepassxc"), True),  # Tk's capitalisation of keepassxc
    (info("Polkit-gnome-authentication-agent-1"), True),  # a credential prompt
    (info("firefox", "Bank (Private Browsing) - Mozilla Firefox"), True),
    (info("Google-chrome", "New Incognito tab"), True),
    (info("Thunderbird"), True),  # screen capture off for this application
    (info("Code"), False),  # screen capture on for this application
    (info("firefox", None), False),  # no title: judged by its application
    (info(UNKNOWN_APP_ID, None), False),  # unreadable: follows the default rules
]


@pytest.mark.parametrize(("window", "masked"), WINDOW_CASES, ids=lambda v: getattr(v, "app_id", v))
def test_should_mask_window(window: WindowInfo, masked: bool, study: EffectivePolicy) -> None:
    assert should_mask_window(window, study) is masked


def test_with_an_allow_list_an_unreadable_application_is_masked(tmp_path: Path) -> None:
    policy = load(tmp_path, ALLOW_LIST)
    assert not policy.problems
    assert should_mask_window(info(UNKNOWN_APP_ID, None), policy)
    assert not should_mask_window(info("XTerm"), policy)


def test_a_policy_with_problems_masks_every_window(tmp_path: Path) -> None:
    broken = load(tmp_path, "[applications]\nallow = 7\n")
    assert broken.problems
    assert should_mask_window(info("XTerm"), broken)


def test_a_policy_without_screen_triggers_masks_unlisted_applications(tmp_path: Path) -> None:
    no_screens = load(tmp_path, "")
    assert should_mask_window(info("XTerm"), no_screens)


def window(app_id: str, rect: Rect, title: str = "A window") -> VisibleWindow:
    return VisibleWindow(info=info(app_id, title), rect=rect)


def test_masked_rects_keep_only_masked_windows_once_each(study: EffectivePolicy) -> None:
    shown = [
        window("XTerm", (0, 0, 100, 100)),
        window("KeePassXC", (50, 50, 300, 200)),
        window("firefox", (10, 10, 20, 20), "Private Browsing"),
        window("KeePassXC", (50, 50, 300, 200)),  # listed twice (before and after a grab)
        window("Slack", (5, 5, 5, 50)),  # empty: nothing to fill
    ]
    assert masked_rects(shown, study) == [(50, 50, 300, 200), (10, 10, 20, 20)]


def test_a_masked_window_is_masked_whole_even_under_a_captured_window(
    study: EffectivePolicy,
) -> None:
    shown = [
        window("KeePassXC", (100, 100, 400, 300)),  # bottom of the stack
        window("XTerm", (0, 0, 1000, 1000)),  # on top, covering it entirely
    ]
    assert masked_rects(shown, study) == [(100, 100, 400, 300)]


# Two monitors side by side, the right one lower and taller; a third left of the origin.
LAYOUT = [
    Monitor(0, 0, 0, 1920, 1080),
    Monitor(1, 1920, 200, 1200, 1920),
    Monitor(2, -1280, 0, 1280, 1024),
]

# (desktop rect, expected local box on each monitor)
RECT_CASES = [
    ((100, 100, 400, 300), [(100, 100, 400, 300), None, None]),
    ((2000, 300, 2100, 400), [None, (80, 100, 180, 200), None]),
    # straddles monitors 0 and 1: each gets its own part
    ((1800, 500, 2000, 700), [(1800, 500, 1920, 700), (0, 300, 80, 500), None]),
    # on the monitor left of the origin (negative desktop coordinates)
    ((-300, 10, 50, 60), [(0, 10, 50, 60), None, (980, 10, 1280, 60)]),
    # above monitor 1's top edge only: not on it
    ((2000, 0, 2100, 150), [None, None, None]),
    # larger than everything: fills each monitor whole
    ((-5000, -5000, 9000, 9000), [(0, 0, 1920, 1080), (0, 0, 1200, 1920), (0, 0, 1280, 1024)]),
    # touching an edge is not overlapping
    ((1920, 0, 1930, 100), [None, None, None]),
]


@pytest.mark.parametrize(("rect", "expected"), RECT_CASES)
def test_a_masked_window_is_masked_on_every_monitor_it_covers(
    rect: Rect, expected: list[Rect | None]
) -> None:
    assert [on_monitor(rect, monitor) for monitor in LAYOUT] == expected


def test_monitor_masks_collect_the_parts_on_one_monitor() -> None:
    rects = [(100, 100, 200, 200), (1900, 250, 2000, 300), (5000, 5000, 5100, 5100)]
    assert monitor_masks(rects, LAYOUT[0]) == ((100, 100, 200, 200), (1900, 250, 1920, 300))
    assert monitor_masks(rects, LAYOUT[1]) == ((0, 50, 80, 100),)
    assert monitor_masks(rects, LAYOUT[2]) == ()


def test_monitors_from_mss_skip_the_whole_desktop_and_number_from_zero() -> None:
    entries = [
        {"left": -1280, "top": 0, "width": 4400, "height": 2120},
        {"left": 0, "top": 0, "width": 1920, "height": 1080},
        {"left": -1280, "top": 0, "width": 1280, "height": 1024},
        {"left": 0, "top": 0, "width": 0, "height": 0},  # a disconnected output
    ]
    assert monitors_from_mss(entries) == [
        Monitor(0, 0, 0, 1920, 1080),
        Monitor(1, -1280, 0, 1280, 1024),
    ]


def test_masks_are_scaled_outward_to_a_grab_with_more_pixels_than_desktop_units() -> None:
    retina = Monitor(0, 0, 0, 1440, 900)  # points; the grab is 2880 x 1800 pixels
    rects = [(100, 50, 201, 75), (1400, 880, 1500, 1000)]
    assert monitor_masks(rects, retina, (2880, 1800)) == (
        (200, 100, 402, 150),
        (2800, 1760, 2880, 1800),
    )
    uneven = Monitor(0, 0, 0, 3, 3)
    assert monitor_masks([(1, 1, 2, 2)], uneven, (4, 4)) == ((1, 1, 3, 3),)  # floor, ceil
    assert monitor_masks(rects, retina, (1440, 900)) == monitor_masks(rects, retina)
