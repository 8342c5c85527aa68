"""The uploader's decisions, one table each: what an answer means, how long to wait, how fast."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.upload.client import MAX_RETRY_AFTER_SECONDS, Reply, retry_after_seconds
from agent.upload.outcome import MIN_RETRY_AFTER_SECONDS, Verdict, judge
from agent.upload.pacing import Backoff, TokenBucket
from agent.upload.secret_ref import SecretUnavailable, read_secret


@pytest.mark.parametrize(
    ("status", "retry_after", "error", "verdict"),
    [
        (200, None, None, Verdict.DONE),
        (201, None, None, Verdict.DONE),
        (204, None, None, Verdict.DONE),
        (408, 5.0, None, Verdict.RETRY_AFTER),
        (429, 5.0, None, Verdict.RETRY_AFTER),
        (503, 5.0, "unavailable", Verdict.RETRY_AFTER),
        (503, None, None, Verdict.BACK_OFF),
        (429, None, None, Verdict.BACK_OFF),
        (500, 5.0, None, Verdict.BACK_OFF),
        (502, None, None, Verdict.BACK_OFF),
        (504, None, None, Verdict.BACK_OFF),
        (301, None, None, Verdict.BACK_OFF),
        (401, None, "unknown_device", Verdict.ENROL_AGAIN),
        (401, None, None, Verdict.BACK_OFF),
        (401, None, "proxy_auth", Verdict.BACK_OFF),
        (400, None, "bad_envelope", Verdict.REFUSED),
        (403, None, "device_revoked", Verdict.REFUSED),
        (404, None, None, Verdict.REFUSED),
        (409, None, "batch_conflict", Verdict.REFUSED),
        (413, None, None, Verdict.REFUSED),
        (422, None, None, Verdict.REFUSED),
    ],
)
def test_what_an_answer_means(
    status: int, retry_after: float | None, error: str | None, verdict: Verdict
) -> None:
    outcome = judge(Reply(status=status, retry_after=retry_after, error=error))
    assert outcome.verdict is verdict
    if verdict is Verdict.RETRY_AFTER:
        assert outcome.wait == retry_after


@pytest.mark.parametrize("seconds", [0.0, 0.2])
def test_a_retry_after_of_now_still_waits_a_second(seconds: float) -> None:
    outcome = judge(Reply(status=503, retry_after=seconds))
    assert (outcome.verdict, outcome.wait) == (Verdict.RETRY_AFTER, MIN_RETRY_AFTER_SECONDS)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("  7 ", 7.0),
        ("999999", MAX_RETRY_AFTER_SECONDS),
        ("Fri, 04 Dec 2026 16:00:30 GMT", 30.0),
        ("Fri, 04 Dec 2026 15:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header: str | None, seconds: float | None) -> None:
    now = datetime(2026, 12, 4, 16, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == seconds


def test_backoff_doubles_its_ceiling_up_to_the_cap_with_full_jitter() -> None:
    ceilings = Backoff(base=1.0, cap=30.0, rng=lambda: 1.0)
    assert [ceilings.failed() for _ in range(7)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    jittered = Backoff(base=1.0, cap=30.0, rng=lambda: 0.25)
    assert [jittered.failed() for _ in range(3)] == [0.25, 0.5, 1.0]
    ceilings.succeeded()
    assert ceilings.failed() == 1.0


def test_the_rate_limit_lets_a_burst_through_then_paces_by_bytes() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=1000.0, clock=lambda: now[0])
    assert bucket.wait_for(600) == 0.0
    assert bucket.wait_for(600) == pytest.approx(0.2)
    now[0] += 0.2
    assert bucket.wait_for(1000) == pytest.approx(1.0)
    now[0] += 10.0
    assert (
        bucket.wait_for(5000) == 0.0
    )  # larger than the burst: let through once the bucket is full


def test_the_enrolment_secret_is_read_from_env_file_or_keyring(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("  abc-123\n")
    assert read_secret(f"file:{secret_file}") == "abc-123"
    assert read_secret("env:MY_SECRET", {"MY_SECRET": "xyz"}) == "xyz"


@pytest.mark.parametrize(
    "ref",
    ["env:UNSET_VARIABLE", "file:/nonexistent/secret", "nothing:here", ""],
)
def test_an_unavailable_secret_is_named_by_its_reference(ref: str) -> None:
    with pytest.raises(SecretUnavailable) as caught:
        read_secret(ref, {})
    assert (ref or "(empty)") in str(caught.value)


def test_a_secret_never_appears_in_an_error(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("hunter2-\x07-bell")
    with pytest.raises(SecretUnavailable) as caught:
        read_secret(f"file:{secret_file}")
    assert "hunter2" not in str(caught.value)
