"""The engine's contract: placeholders, offsets, merging, policy, errors, purity."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from redaction import RedactionError, RedactionPolicy, redact_text


def test_findings_point_at_the_input_and_placeholders_replace_them() -> None:
    text = "write to jane.doe@example.com or call 020 7946 0958."
    result = redact_text(text)
    assert result.text == "write to [EMAIL] or call [PHONE]."
    spans = [text[f.start : f.end] for f in result.findings]
    assert spans == ["jane.doe@example.com", "020 7946 0958"]
    assert [f.type for f in result.findings] == ["EMAIL", "PHONE"]
    assert all(0 < f.confidence <= 1 for f in result.findings)


def test_offsets_are_character_offsets_in_non_ascii_text() -> None:
    text = "Grüße — naïve café: ring 07700 900123 ✓"
    result = redact_text(text)
    (finding,) = result.findings
    assert text[finding.start : finding.end] == "07700 900123"


def test_overlapping_findings_merge_into_one_span_that_covers_both() -> None:
    text = "postgres://app:pa55@word@db.example.com:5432/app"
    result = redact_text(text)
    assert "pa55" not in result.text and "word" not in result.text
    starts = [f.start for f in result.findings]
    ends = [f.end for f in result.findings]
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))


def test_empty_and_ordinary_text_return_no_findings() -> None:
    assert redact_text("").findings == ()
    assert redact_text("see you at 10").text == "see you at 10"


def test_deny_terms_match_case_insensitively_on_word_boundaries() -> None:
    policy = RedactionPolicy(deny_terms=("Priya Ramaswamy", "Bluefinch"))
    text = "PROJECT BLUEFINCH update from priya   ramaswamy; bluefinches are birds"
    result = redact_text(text, policy=policy)
    assert result.text == "PROJECT [DENY_TERM] update from [DENY_TERM]; bluefinches are birds"


def test_deny_terms_accept_a_mapping_as_decoded_from_toml() -> None:
    result = redact_text("ask Zoë O'Neil", policy={"deny_terms": ["Zoë O'Neil"]})
    assert result.text == "ask [DENY_TERM]"


def test_deny_terms_survive_ocr_misreads_on_ocr_text() -> None:
    result = redact_text(
        "Project B1uefinch roadmap", source="ocr", policy={"deny_terms": ["Bluefinch"]}
    )
    assert "B1uefinch" not in result.text


def test_policy_may_keep_ip_addresses_but_never_passwords() -> None:
    keep_ip = RedactionPolicy(keep_types=frozenset({"IP_ADDRESS"}))
    assert redact_text("host 10.1.2.3", policy=keep_ip).text == "host 10.1.2.3"
    with pytest.raises(RedactionError, match="keep_types"):
        RedactionPolicy(keep_types=frozenset({"PASSWORD"}))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": "keyboard"}, "source"),
        ({"policy": {"deny_terms": "not a list"}}, "deny_terms"),
        ({"policy": {"deny_terms": ["ok", 3]}}, r"deny_terms\[1\]"),
        ({"policy": 42}, "policy"),
    ],
)
def test_bad_arguments_raise_a_redaction_error_naming_the_argument(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(RedactionError, match=message):
        redact_text("hello", **kwargs)  # type: ignore[arg-type]


def test_non_string_input_is_refused_without_echoing_it() -> None:
    with pytest.raises(RedactionError) as caught:
        redact_text(b"password: hunter2")  # type: ignore[arg-type]
    assert "hunter2" not in str(caught.value)


def test_concurrent_calls_give_the_same_results_as_sequential_ones() -> None:
    texts = [f"user{i}@example.org paid with 4111 1111 1111 1111 at v1.{i}" for i in range(200)]
    expected = [redact_text(t).text for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda t: redact_text(t).text, texts)) == expected
