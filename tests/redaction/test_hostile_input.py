"""Linear time on hostile input: 1 MB strings built to trip backtracking engines.

Every pattern runs on RE2, so these finish in about a second each on this
machine. The bound is loose on purpose (a shared, noisy CI box) but a
quadratic path would take minutes to hours on 1 MB and fail it by far.
"""

from __future__ import annotations

import time

import pytest

from redaction import redact_text

ONE_MB = 1_000_000
#: Seconds allowed per 1 MB input: ~10x the measured time, far below quadratic.
BOUND_SECONDS = 20.0

HOSTILE = {
    "letters": "a" * ONE_MB,
    "at_signs": "a@" * (ONE_MB // 2),
    "dotted_local_part": "a.b.c.d." * (ONE_MB // 8) + "@",
    "digits": "1" * ONE_MB,
    "spaced_digits": "1 " * (ONE_MB // 2),
    "dashed_digits": "1-" * (ONE_MB // 2),
    "dotted_numbers": "0." * (ONE_MB // 2),
    "colons": ":" * ONE_MB,
    "hex_colons": "ab:" * (ONE_MB // 3),
    "keywords": "password: " * (ONE_MB // 10),
    "keyword_sentences": "password is " * (ONE_MB // 12),
    "unterminated_key_block": "-----BEGIN RSA PRIVATE KEY-----" + "A" * ONE_MB,
    "url_userinfo": "https://" + "a:" * (ONE_MB // 2),
    "bearer_run": "Authorization: Bearer " + "a" * ONE_MB,
    "one_long_line_of_assignments": "key=value;" * (ONE_MB // 10),
}


@pytest.mark.parametrize("source", ["typed", "ocr"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_one_megabyte_of_hostile_input_is_handled_in_bounded_time(name: str, source: str) -> None:
    text = HOSTILE[name]
    started = time.perf_counter()
    result = redact_text(text, source=source)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_SECONDS, f"{name}/{source}: {elapsed:.1f}s"
    assert isinstance(result.text, str)


def test_an_unterminated_private_key_block_is_masked_to_the_end() -> None:
    text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + "b3BlbnNzaC1rZXktdjEAAAAA\n" * 3
    result = redact_text(text)
    assert result.text == "key:\n[SECRET]"
