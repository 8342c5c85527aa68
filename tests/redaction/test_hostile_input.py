"""Linear time on hostile input: 1 MB strings built to trip backtracking engines.

Every pattern runs on RE2, so the time grows with the input's length. The test
measures that growth, not a wall-clock figure that a shared, noisy CI box
would make flaky: each input is redacted at a quarter of its size and at full
size, in the same run, and four times the input may take at most
:data:`MAX_GROWTH` times as long (linear is 4, quadratic 16). A loose absolute
bound also holds: a quadratic path on 1 MB takes minutes to hours.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from redaction import redact_text

ONE_MB = 1_000_000
#: Seconds allowed per 1 MB input: far below what a quadratic path takes.
BOUND_SECONDS = 90.0
#: Four times the input may take at most this many times as long.
MAX_GROWTH = 8.0
#: Below this, an input is fast whatever its growth (timer noise dominates).
FAST_SECONDS = 2.0

#: Each input by its size in characters.
HOSTILE: dict[str, Callable[[int], str]] = {
    "letters": lambda n: "a" * n,
    "at_signs": lambda n: "a@" * (n // 2),
    "dotted_local_part": lambda n: "a.b.c.d." * (n // 8) + "@",
    "digits": lambda n: "1" * n,
    "spaced_digits": lambda n: "1 " * (n // 2),
    "dashed_digits": lambda n: "1-" * (n // 2),
    "dotted_numbers": lambda n: "0." * (n // 2),
    "colons": lambda n: ":" * n,
    "hex_colons": lambda n: "ab:" * (n // 3),
    "keywords": lambda n: "password: " * (n // 10),
    "keyword_sentences": lambda n: "password is " * (n // 12),
    "unterminated_key_block": lambda n: "-----BEGIN RSA PRIVATE KEY-----" + "A" * n,
    "url_userinfo": lambda n: "https://" + "a:" * (n // 2),
    "bearer_run": lambda n: "Authorization: Bearer " + "a" * n,
    "one_long_line_of_assignments": lambda n: "key=value;" * (n // 10),
}


def _seconds(text: str, source: str) -> float:
    started = time.perf_counter()
    result = redact_text(text, source=source)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    assert isinstance(result.text, str)
    return elapsed


@pytest.mark.parametrize("source", ["typed", "ocr"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_one_megabyte_of_hostile_input_is_handled_in_linear_time(name: str, source: str) -> None:
    quarter = _seconds(HOSTILE[name](ONE_MB // 4), source)
    full = _seconds(HOSTILE[name](ONE_MB), source)
    assert full < BOUND_SECONDS, f"{name}/{source}: {full:.1f}s"
    if full > FAST_SECONDS:
        growth = full / max(quarter, 1e-3)
        assert growth < MAX_GROWTH, f"{name}/{source}: x4 input took x{growth:.1f} time"


def test_an_unterminated_private_key_block_is_masked_to_the_end() -> None:
    text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + "b3BlbnNzaC1rZXktdjEAAAAA\n" * 3
    result = redact_text(text)
    assert result.text == "key:\n[SECRET]"
