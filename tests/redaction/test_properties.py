"""Property-based: an inserted secret never survives, whatever surrounds it."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from redaction import redact_text
from redaction.validators import iban_ok, luhn_ok

# Surrounding text: words, numbers and punctuation, but no separators that
# would glue onto the value (the value is set off by spaces).
_filler_word = st.text(
    alphabet=string.ascii_letters + string.digits + ".,;!?()'", min_size=1, max_size=12
)
filler = st.lists(_filler_word, max_size=12).map(" ".join)


def _luhn_complete(body: str) -> str:
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("unreachable")


cards = (
    st.builds(
        lambda prefix, rest: _luhn_complete(prefix + rest),
        st.sampled_from(["4", "51", "52", "55", "2221", "6011"]),
        st.text(alphabet=string.digits, min_size=10, max_size=10),
    )
    .map(lambda d: d[: 16 - 1] if len(d) > 16 else d)
    .filter(lambda d: luhn_ok(d) and len(d) >= 13)
)


def _grouped(digits: str, sep: str) -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _gb_iban(bank: str, sort: str, account: str) -> str:
    bban = bank + sort + account
    for check in range(100):
        candidate = f"GB{check:02d}{bban}"
        if iban_ok(candidate):
            return candidate
    raise AssertionError("unreachable")


ibans = st.builds(
    _gb_iban,
    st.text(alphabet=string.ascii_uppercase, min_size=4, max_size=4),
    st.text(alphabet=string.digits, min_size=6, max_size=6),
    st.text(alphabet=string.digits, min_size=8, max_size=8),
)
emails = st.builds(
    lambda user, domain, tld: f"{user}@{domain}.{tld}",
    st.from_regex(r"[a-z][a-z0-9._+-]{0,14}[a-z0-9]", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
    st.sampled_from(["com", "org", "co.uk", "io", "dev"]),
)
tokens = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(["ghp_", "gho_", "ghs_", "sk_live_", "xoxb-1234567890-", "AIza"]),
    st.text(alphabet=string.ascii_letters + string.digits, min_size=36, max_size=36),
)
passwords = st.text(
    alphabet=string.ascii_letters + string.digits + "!#$%^*-_+", min_size=6, max_size=20
)
password_context = st.sampled_from(
    [
        "password: {}",
        "Password={}",
        "pwd={}",
        "my password is {}",
        "--password={}",
        'DB_PASSWORD="{}"',
        "postgres://app:{}@db.example.com/app",
        "the wifi password is {}",
    ]
)

FAST = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(before=filler, after=filler, card=cards, sep=st.sampled_from([" ", "-", ""]))
def test_inserted_card_never_survives(before: str, after: str, card: str, sep: str) -> None:
    value = _grouped(card, sep)
    assume(card not in before + after)
    text = f"{before} {value} {after}"
    assert card not in "".join(ch for ch in redact_text(text).text if ch.isdigit())


@FAST
@given(before=filler, after=filler, iban=ibans, spaced=st.booleans())
def test_inserted_iban_never_survives(before: str, after: str, iban: str, spaced: bool) -> None:
    value = _grouped(iban, " ") if spaced else iban
    assert value not in redact_text(f"{before} {value} {after}").text


@FAST
@given(before=filler, after=filler, email=emails)
def test_inserted_email_never_survives(before: str, after: str, email: str) -> None:
    assert email not in redact_text(f"{before} {email} {after}").text


@FAST
@given(before=filler, after=filler, token=tokens)
def test_inserted_token_never_survives(before: str, after: str, token: str) -> None:
    assert token not in redact_text(f"{before} {token} {after}").text


@FAST
@given(before=filler, password=passwords, context=password_context)
def test_password_in_context_never_survives(before: str, password: str, context: str) -> None:
    assume(password not in before)
    text = f"{before} {context.format(password)}"
    assert password not in redact_text(text).text


@FAST
@given(text=st.text(max_size=300), source=st.sampled_from(["typed", "ocr", "title"]))
def test_findings_are_ordered_disjoint_spans_inside_the_input(text: str, source: str) -> None:
    result = redact_text(text, source=source)  # type: ignore[arg-type]
    previous_end = 0
    for finding in result.findings:
        assert previous_end <= finding.start < finding.end <= len(text)
        previous_end = finding.end
    if not result.findings:
        assert result.text == text
