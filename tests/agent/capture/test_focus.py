"""Focus records: rules first, then title redaction, then the wire format's bounds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.capture.focus import focus_record
from agent.capture.window import WindowInfo
from agent.capture.window.x11 import X11Watcher
from agent.policy import EffectivePolicy, check_policy_file
from agent.wire import WindowFocus, encode_json, limits, validate
from agent.wire.samples import DEVICE
from tests.desktop import Display, wait_for_window

DEFAULTS = Path(__file__).resolve().parents[3] / "config" / "default-policy.toml"
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
EMAIL = "jane.doe@example.com"


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> EffectivePolicy:
    path = tmp_path_factory.mktemp("policy") / "policy.toml"
    path.write_text('[redaction]\ndeny_terms = ["Project Nightjar"]\n')
    loaded = check_policy_file(path, defaults=DEFAULTS)
    assert not loaded.problems
    return loaded


def record_for(info: WindowInfo | None, policy: EffectivePolicy) -> WindowFocus | None:
    return focus_record(info, policy, device_id=DEVICE, mono_ns=1, wall_time=WHEN)


def window(app_id: str, title: str | None, process: str | None = None) -> WindowInfo:
    return WindowInfo(app_id=app_id, title=title, pid=42, process_name=process)


# (case, window, app id kept, title kept, redaction counts)
CASES = [
    ("plain", window("XTerm", "make test", "xterm"), "XTerm", "make test", {}),
    (
        "e-mail in the title",
        window("Thunderbird", f"Re: invoice from {EMAIL}"),
        "Thunderbird",
        "Re: invoice from [EMAIL]",
        {"EMAIL": 1},
    ),
    (
        "deny-listed term",
        window("Code", "Project Nightjar - plan.md"),
        "Code",
        "[DENY_TERM] - plan.md",
        {"DENY_TERM": 1},
    ),
    ("no title", window("XTerm", None), "XTerm", None, {}),
    ("ordinary browser window", window("firefox", "Payroll", "firefox"), "firefox", "Payroll", {}),
    ("password manager", window("KeePassXC", "Passwords.kdbx", "keepassxc"), None, None, {}),
    ("private window", window("firefox", "Private Browsing — Mozilla Firefox"), None, None, {}),
    ("credential prompt", window("Gcr-prompter", "Unlock keyring"), None, None, {}),
]


@pytest.mark.parametrize(
    ("info", "app_id", "title", "redactions"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_focus_records(
    policy: EffectivePolicy,
    info: WindowInfo,
    app_id: str | None,
    title: str | None,
    redactions: dict[str, int],
) -> None:
    record = record_for(info, policy)
    assert record is not None
    assert validate(record) == record
    assert record.app_id == app_id
    assert record.title_redacted == title
    assert record.redactions == redactions
    assert EMAIL not in encode_json(record).decode()
    assert "Nightjar" not in encode_json(record).decode()


def test_a_fault_inside_the_redactor_drops_the_title_and_keeps_the_record(
    policy: EffectivePolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a detector pattern the regex engine rejects")

    monkeypatch.setattr("agent.capture.focus.redact_text", broken)
    record = record_for(window("XTerm", f"mail {EMAIL}"), policy)
    assert record is not None
    assert (record.app_id, record.title_redacted) == ("XTerm", None)


def test_no_focused_window_is_no_record(policy: EffectivePolicy) -> None:
    assert record_for(None, policy) is None


def test_long_titles_and_ids_are_clipped_to_the_wire_bounds_after_redaction(
    policy: EffectivePolicy,
) -> None:
    info = window("A" * 1000, f"{EMAIL} " + "word " * 1000)
    record = record_for(info, policy)
    assert record is not None
    assert validate(record) == record
    assert record.title_redacted is not None
    assert record.title_redacted.startswith("[EMAIL] ")
    assert len(record.title_redacted) == limits.MAX_TITLE_LENGTH
    assert record.app_id is not None and len(record.app_id) == limits.MAX_APP_ID_LENGTH


@pytest.fixture
def xterm(display: Display) -> Iterator[tuple[str, str]]:
    """An xterm posing as a given class, with a sensitive title: (window id, title)."""
    title = f"Invoice for {EMAIL} - draft"
    process = display.spawn(
        ["xterm", "-class", "Consentry-focus", "-T", title, "-e", "sleep", "60"]
    )
    try:
        yield wait_for_window(display, "Invoice for"), title
    finally:
        process.kill()
        process.wait(timeout=10)


def test_a_real_window_title_is_redacted_before_it_becomes_a_record(
    display: Display, xterm: tuple[str, str], policy: EffectivePolicy
) -> None:
    window_id, _ = xterm
    display.run("xdotool", "windowactivate", "--sync", window_id)
    with X11Watcher(display.name) as watcher:
        record = record_for(watcher.active_window(), policy)
    assert record is not None
    assert record.app_id == "Consentry-focus"
    assert record.title_redacted == "Invoice for [EMAIL] - draft"
    assert EMAIL not in encode_json(record).decode()
