"""The consent controller: the one gate capture passes, and the employee's controls."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from agent.consent import ConsentController, ConsentError, ConsentStatus, ConsentTerms
from agent.consent.receipts import RECEIPTS_FILE
from agent.consent.state import STATE_FILE
from agent.paths import AgentPaths
from tests.agent.agent_process import run_module
from tests.agent.consent.conftest import T0, TERMS, Clock


def run_cli(paths: AgentPaths, *args: str) -> subprocess.CompletedProcess[str]:
    """``consentry`` in its own process, under the test study's fixed terms."""
    return run_module("tests.agent.consent.fixed_terms_cli", paths, *args)


# -- the gate ---------------------------------------------------------------------------


def test_nothing_is_allowed_before_consent(controller: ConsentController) -> None:
    assert not any(controller.allows(p) for p in TERMS.purposes_offered)


def test_grant_without_purposes_allows_every_offered_purpose(
    controller: ConsentController,
) -> None:
    controller.grant()
    assert all(controller.allows(p) for p in TERMS.purposes_offered)


def test_grant_allows_exactly_the_purposes_named(controller: ConsentController) -> None:
    controller.grant(["typed_text"])
    assert [p for p in TERMS.purposes_offered if controller.allows(p)] == ["typed_text"]


def test_a_later_grant_replaces_the_earlier_one(controller: ConsentController) -> None:
    controller.grant()
    controller.grant(["input_activity"])
    assert not controller.allows("screen_content")


@pytest.mark.parametrize(
    ("purposes", "message"),
    [
        (["everything"], "unknown purpose 'everything'"),
        (["screen_content"], "purpose 'screen_content' is not offered by this study"),
    ],
)
def test_grant_refuses_purposes_the_study_does_not_offer(
    paths: AgentPaths, clock: Clock, purposes: list[str], message: str
) -> None:
    terms = replace(TERMS, purposes_offered=("input_activity", "typed_text"))
    with pytest.raises(ConsentError, match=message):
        ConsentController(paths, terms, clock=clock).grant(purposes)


@pytest.mark.parametrize(
    "terms",
    [
        replace(TERMS, problems=("/etc/consentry/policy.toml: x: unknown key",)),
        replace(TERMS, study_id=""),
    ],
    ids=["policy problems", "no study"],
)
def test_grant_is_refused_under_terms_that_cannot_run(
    paths: AgentPaths, clock: Clock, terms: ConsentTerms
) -> None:
    with pytest.raises(ConsentError, match="cannot grant consent"):
        ConsentController(paths, terms, clock=clock).grant()


def test_policy_problems_close_the_gate_on_an_existing_grant(
    paths: AgentPaths, controller: ConsentController, clock: Clock
) -> None:
    controller.grant()
    broken = replace(TERMS, problems=("/etc/consentry/policy.toml: x: unknown key",))
    assert not ConsentController(paths, broken, clock=clock).allows("input_activity")


def test_a_new_notice_version_closes_the_gate_until_fresh_consent(
    paths: AgentPaths, controller: ConsentController, clock: Clock
) -> None:
    controller.grant()
    newer = ConsentController(paths, replace(TERMS, notice_version="4"), clock=clock)
    assert not newer.allows("input_activity")
    assert newer.status().notice_pending
    newer.grant()
    assert newer.allows("input_activity")


def test_a_damaged_state_file_closes_the_gate_and_granting_recovers(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    (paths.state_dir / STATE_FILE).write_text("{garbage")
    assert not controller.allows("input_activity")
    assert controller.status().mode == "error"
    controller.grant()
    assert controller.allows("input_activity")


# -- pause and resume -------------------------------------------------------------------


def test_pause_closes_the_gate_until_the_deadline(
    controller: ConsentController, clock: Clock
) -> None:
    controller.grant()
    controller.pause("15m")
    assert not controller.allows("input_activity")
    clock.advance(minutes=14, seconds=59)
    assert not controller.allows("input_activity")
    clock.advance(seconds=1)
    assert controller.allows("input_activity")


def test_pause_is_stored_as_an_absolute_utc_deadline(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    controller.pause("1h")
    stored = json.loads((paths.state_dir / STATE_FILE).read_text())
    assert stored["paused_until"] == "2026-11-29T11:00:00Z"


def test_a_pause_survives_a_new_controller(
    paths: AgentPaths, controller: ConsentController, clock: Clock
) -> None:
    controller.grant()
    controller.pause("1h")
    clock.advance(minutes=30)
    restarted = ConsentController(paths, TERMS, clock=clock)
    assert restarted.status().mode == "paused"
    assert restarted.status().paused_until == T0 + timedelta(hours=1)


def test_resume_opens_the_gate_at_once(controller: ConsentController) -> None:
    controller.grant()
    controller.pause("tomorrow")
    controller.resume()
    assert controller.allows("input_activity")


def test_pause_without_consent_is_refused(controller: ConsentController) -> None:
    with pytest.raises(ConsentError, match="nothing to pause"):
        controller.pause("15m")


def test_a_pause_in_another_controller_closes_this_gate_on_the_next_call(
    paths: AgentPaths, clock: Clock
) -> None:
    agent = ConsentController(paths, TERMS, clock=clock)
    agent.grant()
    assert agent.allows("input_activity")
    ConsentController(paths, TERMS, clock=clock).pause("15m")
    assert not agent.allows("input_activity")


def test_a_pause_in_another_process_closes_this_gate_on_the_next_call(
    paths: AgentPaths,
) -> None:
    agent = ConsentController(paths, TERMS)
    agent.grant()
    assert agent.allows("input_activity")
    done = run_cli(paths, "consent", "pause", "15m")
    assert done.returncode == 0, done.stderr
    assert not agent.allows("input_activity")


def test_a_withdrawal_in_another_process_closes_this_gate_on_the_next_call(
    paths: AgentPaths,
) -> None:
    agent = ConsentController(paths, TERMS)
    agent.grant()
    assert agent.allows("typed_text")
    assert run_cli(paths, "consent", "withdraw", "--yes").returncode == 0
    assert not agent.allows("typed_text")


# -- withdrawal -------------------------------------------------------------------------


def _fill_unsent(paths: AgentPaths) -> list[Path]:
    files = [
        paths.spool_dir / "batch-0001.sealed",
        paths.spool_dir / "2026" / "batch-0002.sealed",
        paths.data_dir / "staging" / "open-batch.part",
    ]
    for file in files:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(os.urandom(4096))
    return files


def test_withdraw_closes_the_gate(controller: ConsentController) -> None:
    controller.grant()
    controller.withdraw()
    assert not any(controller.allows(p) for p in TERMS.purposes_offered)
    assert controller.status().mode == "withdrawn"


def test_withdraw_deletes_everything_not_yet_uploaded(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    _fill_unsent(paths)
    outcome = controller.withdraw()
    assert outcome.erased.files == 3 and outcome.erased.failures == []
    assert [p for p in paths.data_dir.rglob("*")] == []


def test_withdraw_removes_links_without_following_them(
    tmp_path: Path, paths: AgentPaths, controller: ConsentController
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    paths.spool_dir.mkdir(parents=True)
    (paths.spool_dir / "link").symlink_to(outside)
    controller.withdraw()
    assert outside.read_text() == "not ours"
    assert not (paths.spool_dir / "link").exists()


def test_withdraw_keeps_consent_state_receipts_and_the_outbox(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    controller.withdraw()
    assert (paths.state_dir / STATE_FILE).exists()
    assert (paths.state_dir / RECEIPTS_FILE).exists()
    assert controller.outbox.pending()


@pytest.mark.parametrize("layout", ["one directory", "state inside data"])
def test_withdraw_keeps_the_state_where_data_and_state_share_a_directory(
    tmp_path: Path, clock: Clock, layout: str
) -> None:
    """An administrator may point both at one place (as macOS and Windows do by default)."""
    data = tmp_path / "consentry"
    state = data if layout == "one directory" else data / "state"
    paths = AgentPaths.resolve({"CONSENTRY_STATE_DIR": str(state), "CONSENTRY_DATA_DIR": str(data)})
    controller = ConsentController(paths, TERMS, clock=clock)
    controller.grant()
    device = controller.pseudonym()
    unsent = _fill_unsent(paths)
    outcome = controller.withdraw()
    assert outcome.erased.files == len(unsent) and outcome.erased.failures == []
    assert not any(file.exists() for file in unsent)
    assert ConsentController(paths, TERMS, clock=clock).status().mode == "withdrawn"
    assert controller.pseudonym() == device  # the deletion request names the same device
    queued = [json.loads(p.read_text()) for p in controller.outbox.pending()]
    assert sorted(message["kind"] for message in queued) == [
        "consent-receipt",
        "consent-receipt",
        "deletion-request",
    ]
    assert all(message["device"] == device for message in queued)


def test_the_default_data_directory_is_apart_from_the_state_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    same = str(tmp_path / "Application Support" / "consentry")
    monkeypatch.setattr(platformdirs, "user_state_dir", lambda name: same)  # as on macOS
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda name: same)
    paths = AgentPaths.resolve({})
    assert not paths.state_dir.is_relative_to(paths.data_dir)
    assert paths.data_dir == Path(same) / "unsent"


def test_withdraw_queues_a_deletion_request_without_content(
    controller: ConsentController,
) -> None:
    controller.grant()
    controller.withdraw()
    requests = [p for p in controller.outbox.pending() if "deletion-request" in p.name]
    assert len(requests) == 1
    assert json.loads(requests[0].read_text()) == {
        "kind": "deletion-request",
        "device": controller.pseudonym(),
        "study_id": TERMS.study_id,
        "requested_at": "2026-11-29T10:00:00Z",
    }


def test_withdraw_works_with_a_damaged_state_file(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    _fill_unsent(paths)
    (paths.state_dir / STATE_FILE).write_text("{garbage")
    controller.withdraw()
    assert controller.status().mode == "withdrawn"
    assert list(paths.data_dir.rglob("*")) == []


def test_withdraw_tells_listeners_before_deleting_anything(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    files = _fill_unsent(paths)
    seen: list[tuple[str, bool]] = []
    controller.subscribe(lambda status: seen.append((status.mode, files[0].exists())))
    controller.withdraw()
    assert seen == [("withdrawn", True)]


# -- receipts ---------------------------------------------------------------------------


def test_every_decision_leaves_a_receipt(controller: ConsentController, clock: Clock) -> None:
    controller.grant(["input_activity"])
    controller.pause("15m")
    clock.advance(minutes=1)
    controller.resume()
    controller.withdraw()
    receipts = list(controller.receipts.read())
    assert [(r.action, r.purposes) for r in receipts] == [
        ("grant", ("input_activity",)),
        ("pause", ("input_activity",)),
        ("resume", ("input_activity",)),
        ("withdraw", ("input_activity",)),
    ]
    assert {(r.device, r.study_id, r.notice_version) for r in receipts} == {
        (controller.pseudonym(), TERMS.study_id, "3")
    }
    assert receipts[1].paused_until == "2026-11-29T10:15:00Z"
    assert receipts[2].at == "2026-11-29T10:01:00Z"


def test_receipts_are_private_and_queued_for_upload(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    assert stat.S_IMODE((paths.state_dir / RECEIPTS_FILE).stat().st_mode) == 0o600
    queued = [json.loads(p.read_text()) for p in controller.outbox.pending()]
    assert [(q["kind"], q["action"]) for q in queued] == [("consent-receipt", "grant")]


def test_resume_without_a_pause_changes_nothing(controller: ConsentController) -> None:
    controller.grant()
    controller.resume()
    assert [r.action for r in controller.receipts.read()] == ["grant"]


# -- listeners --------------------------------------------------------------------------


def test_listeners_hear_each_change_once(controller: ConsentController) -> None:
    heard: list[str] = []
    controller.subscribe(lambda status: heard.append(status.mode))
    controller.grant()
    controller.poll()
    controller.pause("15m")
    controller.resume()
    assert heard == ["recording", "paused", "recording"]


def test_poll_notices_pause_expiry_and_changes_from_elsewhere(
    paths: AgentPaths, controller: ConsentController, clock: Clock
) -> None:
    controller.grant()
    heard: list[ConsentStatus] = []
    controller.subscribe(heard.append)
    ConsentController(paths, TERMS, clock=clock).pause("15m")
    controller.poll()
    clock.advance(minutes=15)
    controller.poll()
    assert [s.mode for s in heard] == ["paused", "recording"]


def test_unsubscribed_listeners_hear_nothing(controller: ConsentController) -> None:
    heard: list[str] = []
    unsubscribe = controller.subscribe(lambda status: heard.append(status.mode))
    unsubscribe()
    controller.grant()
    assert heard == []


def test_a_failing_listener_does_not_stop_the_others(controller: ConsentController) -> None:
    heard: list[str] = []

    def broken(status: ConsentStatus) -> None:
        raise RuntimeError("listener bug")

    controller.subscribe(broken)
    controller.subscribe(lambda status: heard.append(status.mode))
    controller.grant()
    assert heard == ["recording"]


def test_a_withdrawal_that_cannot_queue_its_deletion_request_still_stops_and_says_so(
    paths: AgentPaths, controller: ConsentController
) -> None:
    controller.grant()
    unsent = _fill_unsent(paths)
    (paths.state_dir / "device-id").write_text("not a uuid\n")
    with pytest.raises(ConsentError, match=r"^consent withdrawn and collection stopped \(3 "):
        controller.withdraw()
    assert controller.status().mode == "withdrawn"
    assert not any(file.exists() for file in unsent)


def test_the_outbox_lists_messages_in_the_order_they_were_made(
    controller: ConsentController,
) -> None:
    controller.grant()  # all within one second of the test clock
    controller.pause("15m")
    controller.withdraw()
    queued = [json.loads(p.read_text()) for p in controller.outbox.pending()]
    assert [q.get("action", q["kind"]) for q in queued] == [
        "grant",
        "pause",
        "withdraw",
        "deletion-request",
    ]
