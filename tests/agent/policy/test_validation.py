"""A broken policy fails closed and says file, key and reason — never the value."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent.policy import PolicyError, PolicyProblem, load_policy
from agent.policy.limits import MIN_SCREEN_INTERVAL_SECONDS
from tests.agent.policy.conftest import DEFAULTS, ENROLLED, Load, reasons, write

CASES = [
    # (managed policy text, key named in the problem, reason)
    (
        "[screen]\nintervl = 30\n",
        "screen.intervl",
        "unknown key (did you mean screen.interval_seconds?)",
    ),
    ("[screens]\ninterval_seconds = 30\n", "screens", "unknown section (did you mean screen?)"),
    ("colour = 'blue'\n", "colour", "unknown section"),
    (
        "[screen]\ninterval_seconds = '30'\n",
        "screen.interval_seconds",
        "expected an integer, got a string",
    ),
    (
        "[screen]\ninterval_seconds = 30.5\n",
        "screen.interval_seconds",
        "expected an integer, got a number with a fraction",
    ),
    (
        "[screen.output]\ngreyscale = 1\n",
        "screen.output.greyscale",
        "expected true or false, got an integer",
    ),
    ("screen = 5\n", "screen", "expected a table of settings, got an integer"),
    (
        "[screen]\ninterval_seconds = 2\n",
        "screen.interval_seconds",
        f"must be at least {MIN_SCREEN_INTERVAL_SECONDS}",
    ),
    ("[retention]\ndevice_days = 365\n", "retention.device_days", "must be at most 30"),
    ("[screen.output]\nmax_width = 100\n", "screen.output.max_width", "must be at least 320"),
    (
        "[keystrokes]\ndefault_level = 'everything'\n",
        "keystrokes.default_level",
        "expected one of off, counts, classes, text",
    ),
    (
        "[screen]\ntriggers = ['click', 'keystroke']\n",
        "screen.triggers",
        "item 1: expected one of click, focus_change, typing_burst_end, periodic",
    ),
    (
        "[screen]\ntriggers = ['click', 'click']\n",
        "screen.triggers",
        "item 1 repeats an earlier item",
    ),
    ("[purposes]\noffered = 'typed_text'\n", "purposes.offered", "expected a list, got a string"),
    (
        "[applications]\ndeny_title_patterns = ['(?i)ok', '(unclosed']\n",
        "applications.deny_title_patterns",
        "item 1 is not a valid RE2 regular expression",
    ),
    ("[applications]\ndeny = ['']\n", "applications.deny", "item 0: must not be empty"),
    (
        "[applications]\nscreen_capture = { 'mail' = 'no' }\n",
        "applications.screen_capture",
        "an entry: expected true or false, got a string",
    ),
    (
        "[schedule]\nstart = '25:00'\n",
        "schedule.start",
        'must be a time "HH:MM" (00:00 to 23:59) or ""',
    ),
    (
        "[schedule]\ndays = ['monday']\n",
        "schedule.days",
        "item 0: expected one of mon, tue, wed, thu, fri, sat, sun",
    ),
    (
        "[study]\nid = 'has spaces'\n",
        "study.id",
        "must be letters, digits, '.', '_' or '-', starting with a letter or digit",
    ),
    ("[notice]\nversion = ''\n", "notice.version", "must not be empty"),
    (
        "[collector]\nurl = 'http://collector.example.org'\n",
        "collector.url",
        "must use https (http is allowed only for a loopback address)",
    ),
    (
        "[collector]\nurl = 'ftp://collector.example.org'\n",
        "collector.url",
        "must be an https:// URL with a host name",
    ),
    (
        "[collector]\nurl = 'https://me:pw@collector.example.org'\n",
        "collector.url",
        "must not contain a user name or password (use enrolment_secret_ref)",
    ),
    (
        "[redaction]\nkeep_types = ['PASSWORD']\n",
        "redaction.keep_types",
        "item 0: expected one of IP_ADDRESS, UK_POSTCODE",
    ),
    (
        "[collector]\nca_file = 'certs/ca.pem'\n",
        "collector.ca_file",
        "must be an absolute path",
    ),
    (
        "[collector]\nclient_key = '/etc/consentry/client.key'\n",
        "collector.client_key",
        "is set without collector.client_certificate",
    ),
    (
        "[collector]\npinned_keys = ['sha1/abc']\n",
        "collector.pinned_keys",
        'item 0: must be "sha256/" and the base64 SHA-256 of a public key',
    ),
    ("[study]\nkem = 'rsa'\n", "study.kem", "expected one of x25519, mlkem768-x25519"),
    (
        "[study]\nkey_ids = ['ABC']\n",
        "study.key_ids",
        "item 0: must be a key id: 32 lower-case hex digits",
    ),
    ("[batching]\nmax_records = 20000\n", "batching.max_records", "must be at most 10000"),
    ("[batching]\nmax_kb = 8\n", "batching.max_kb", "must be at least 64"),
    (
        "[retention]\ndevice_max_mb = 16\n[batching]\nmax_kb = 8192\n",
        "batching.max_kb",
        "must be at most a 4th of retention.device_max_mb (4096 KB)",
    ),
    ("[upload]\nmax_kb_per_second = 1\n", "upload.max_kb_per_second", "must be at least 16"),
    (
        "[schedule]\nstart = 2024-01-01T09:00:00\n",
        "schedule.start",
        "expected a string, got a date and time",
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "reason"), CASES, ids=[case[1] + ":" + case[2][:30] for case in CASES]
)
def test_a_bad_setting_is_named_with_its_file_key_and_reason(
    load: Load, tmp_path: Path, text: str, key: str, reason: str
) -> None:
    policy = load(managed=text)
    assert PolicyProblem(str(tmp_path / "managed.toml"), key, reason) in policy.problems


@pytest.mark.parametrize(("text", "key", "reason"), CASES[:5], ids=[case[1] for case in CASES[:5]])
def test_any_problem_stops_capture(load: Load, text: str, key: str, reason: str) -> None:
    assert load(managed=ENROLLED).capture_allowed
    assert not load(managed=text + ENROLLED).capture_allowed


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://collector.example.org/v1", True),
        ("http://127.0.0.1:8443/ingest", True),
        ("http://localhost:8443", True),
        ("http://[::1]:8443", True),
        ("http://10.0.0.5", False),
        ("https://", False),
        ("https://collector.example.org:notaport", False),
    ],
)
def test_collector_url_is_https_or_loopback_http(load: Load, url: str, allowed: bool) -> None:
    policy = load(managed=f"[collector]\nurl = '{url}'\n")
    assert ("collector.url" not in reasons(policy)) is allowed


@pytest.mark.parametrize(
    ("ref", "allowed"),
    [
        ("keyring:consentry/study-1", True),
        ("file:/etc/consentry/enrolment.secret", True),
        ("env:CONSENTRY_SECRET", True),
        ("", True),
        ("s3cr3t-Hunter2-value", False),
        ("file:relative/path", False),
        ("env:NOT A NAME", False),
        ("keyring:no-slash", False),
    ],
)
def test_the_enrolment_secret_is_only_ever_a_reference(load: Load, ref: str, allowed: bool) -> None:
    policy = load(managed=f"[collector]\nenrolment_secret_ref = '{ref}'\n")
    assert ("collector.enrolment_secret_ref" not in reasons(policy)) is allowed


def test_a_problem_never_repeats_the_offending_value(load: Load) -> None:
    secret = "s3cr3t-Hunter2-value"
    policy = load(
        managed=f"""
[collector]
enrolment_secret_ref = '{secret}'
[applications]
deny_title_patterns = ['({secret}']
[keystrokes]
default_level = '{secret}'
[redaction]
deny_terms = ['{secret}', '{secret}', '']
"""
    )
    assert len(policy.problems) >= 3
    assert all(secret not in str(problem) for problem in policy.problems)


def test_every_problem_in_a_file_is_reported_at_once(load: Load) -> None:
    policy = load(managed="[screen]\ninterval_seconds = 1\nintervl = 3\n[notice]\nversion = ''\n")
    assert set(reasons(policy)) == {"screen.interval_seconds", "screen.intervl", "notice.version"}


def test_a_bad_setting_falls_back_for_display_but_capture_stays_stopped(load: Load) -> None:
    policy = load(managed=ENROLLED + "[screen]\ninterval_seconds = 1\n")
    assert policy.setting("screen.interval_seconds").source == "default"
    assert not policy.capture_allowed


@pytest.mark.parametrize(
    ("managed", "user", "key", "reason"),
    [
        (
            "[purposes]\noffered = ['input_activity']\npreselected = ['typed_text']\n",
            None,
            "purposes.preselected",
            "preselects typed_text, which purposes.offered does not offer",
        ),
        (
            "[screen]\ninterval_seconds = 900\nmax_interval_seconds = 600\n",
            None,
            "screen.interval_seconds",
            "must not be larger than screen.max_interval_seconds",
        ),
        (
            "[study]\nid = 'study-1'\n",
            None,
            "collector.url",
            "required when study.id is set (where would the data go?)",
        ),
        (
            "[keystrokes]\nper_application = { 'code' = 'text' }\n",
            None,
            "keystrokes.default_level",
            'level "text" needs the typed_text purpose in purposes.offered',
        ),
        (
            "[schedule]\nstart = '09:00'\n",
            "[schedule]\nend = '09:00'\n",
            "schedule.end",
            "schedule.start and schedule.end are equal: the window would be empty",
        ),
    ],
    ids=[
        "preselected-not-offered",
        "interval-over-max",
        "study-without-collector",
        "text-without-purpose",
        "empty-schedule",
    ],
)
def test_settings_that_contradict_each_other_are_refused(
    load: Load, managed: str, user: str | None, key: str, reason: str
) -> None:
    assert reasons(load(managed=managed, user=user)).get(key) == reason


def test_a_contradiction_is_blamed_on_the_file_that_set_the_named_setting(
    load: Load, tmp_path: Path
) -> None:
    policy = load(
        managed="[screen]\nmax_interval_seconds = 30\n", user="[screen]\ninterval_seconds = 60\n"
    )
    assert policy.problems == (
        PolicyProblem(
            str(tmp_path / "user-preferences.toml"),
            "screen.interval_seconds",
            "must not be larger than screen.max_interval_seconds",
        ),
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"[screen\ninterval_seconds = 30\n",
            "not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 8)",
        ),
        (b"interval_seconds = \n", "not valid TOML: Invalid value (at line 1, column 20)"),
        (b"[study]\nname = '\xff'\n", "not UTF-8 text (invalid byte at offset 16)"),
    ],
    ids=["unclosed-table", "missing-value", "not-utf8"],
)
def test_a_malformed_file_is_one_problem_naming_the_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    managed = tmp_path / "policy.toml"
    managed.write_bytes(content)
    policy = load_policy(defaults=DEFAULTS, managed=managed, user=tmp_path / "none.toml")
    assert policy.problems == (PolicyProblem(str(managed), "", reason),)
    assert not policy.capture_allowed


def test_a_directory_where_the_policy_should_be_is_a_problem(tmp_path: Path) -> None:
    managed = tmp_path / "policy.toml"
    managed.mkdir()
    policy = load_policy(defaults=DEFAULTS, managed=managed, user=tmp_path / "none.toml")
    assert policy.problems == (PolicyProblem(str(managed), "", "cannot read: it is a directory"),)


def test_a_path_through_a_file_is_an_unreadable_policy(tmp_path: Path) -> None:
    blocker = write(tmp_path / "etc", "not a directory")
    managed = blocker / "policy.toml"
    policy = load_policy(defaults=DEFAULTS, managed=managed, user=tmp_path / "none.toml")
    assert policy.problems == (PolicyProblem(str(managed), "", "cannot read: Not a directory"),)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_policy_the_agent_may_not_read_is_a_problem(tmp_path: Path) -> None:
    managed = write(tmp_path / "policy.toml", "[screen]\ninterval_seconds = 30\n")
    managed.chmod(0)
    policy = load_policy(defaults=DEFAULTS, managed=managed, user=tmp_path / "none.toml")
    assert policy.problems == (PolicyProblem(str(managed), "", "cannot read: Permission denied"),)


def test_an_absent_managed_policy_means_an_unmanaged_device(load: Load, tmp_path: Path) -> None:
    policy = load(managed=tmp_path / "absent.toml")
    assert policy.problems == ()


def test_a_broken_user_file_stops_capture_too(load: Load) -> None:
    policy = load(managed=ENROLLED, user="[screen]\ninterval_seconds = 'often'\n")
    assert "screen.interval_seconds" in reasons(policy)
    assert not policy.capture_allowed


def test_only_a_managed_policy_has_recommended_settings(load: Load) -> None:
    policy = load(user="[recommended.screen]\ninterval_seconds = 30\n")
    assert reasons(policy) == {"recommended": "only a managed policy has recommended settings"}


def test_recommended_settings_are_checked_like_mandatory_ones(load: Load) -> None:
    policy = load(managed="[recommended.screen]\ninterval_seconds = 1\n")
    assert reasons(policy) == {"recommended.screen.interval_seconds": "must be at least 5"}


def test_missing_defaults_stop_capture(tmp_path: Path) -> None:
    managed = write(tmp_path / "policy.toml", ENROLLED)
    policy = load_policy(defaults=tmp_path / "absent.toml", managed=managed, user=tmp_path / "u")
    assert PolicyProblem(str(tmp_path / "absent.toml"), "", "the default policy is missing") in (
        policy.problems
    )
    assert not policy.capture_allowed


def test_defaults_that_leave_out_a_setting_are_a_problem(tmp_path: Path) -> None:
    text = DEFAULTS.read_text(encoding="utf-8").replace('version = "1"\n', "")
    defaults = write(tmp_path / "defaults.toml", text)
    policy = load_policy(defaults=defaults, managed=tmp_path / "none", user=tmp_path / "none")
    assert policy.problems == (
        PolicyProblem(str(defaults), "notice.version", "the default policy does not set it"),
    )


def test_raise_for_problems_carries_every_problem(load: Load) -> None:
    policy = load(managed="[screen]\ninterval_seconds = 1\nintervl = 3\n")
    with pytest.raises(PolicyError) as raised:
        policy.raise_for_problems()
    assert raised.value.problems == policy.problems
    assert "screen.intervl" in str(raised.value)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/etc/consentry/ca.pem", True),
        ("C:\\ProgramData\\Consentry\\ca.pem", True),
        ("\\\\server\\share\\ca.pem", True),
        ("", True),
        ("certs/ca.pem", False),
        ("C:ca.pem", False),
    ],
)
def test_tls_files_are_named_by_absolute_paths(load: Load, path: str, allowed: bool) -> None:
    policy = load(managed=f"[collector]\nca_file = '{path}'\n")
    assert ("collector.ca_file" not in reasons(policy)) is allowed
