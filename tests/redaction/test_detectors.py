"""Each detector, table-driven: what it must redact and what it must leave alone.

Token-shaped values are generated at run time from a fixed seed so that no
string in the repository looks like a live credential to a secret scanner.
"""

from __future__ import annotations

import random
import string

import pytest

from redaction import redact_text
from tests.redaction.coverage import covering_finding

_rng = random.Random(20261129)
_ALNUM = string.ascii_letters + string.digits


def _rand(n: int, alphabet: str = _ALNUM) -> str:
    return "".join(_rng.choice(alphabet) for _ in range(n))


GHP = "ghp_" + _rand(36)
GH_PAT = "github_pat_" + _rand(82, _ALNUM + "_")
SLACK = "xoxb-" + _rand(11, string.digits) + "-" + _rand(12, string.digits) + "-" + _rand(24)
STRIPE = "sk_live_" + _rand(24)
GOOGLE = "AIza" + _rand(35, _ALNUM + "_-")
AWS_ID = "AKIA" + _rand(16, string.ascii_uppercase + string.digits)
AWS_SECRET = _rand(40, _ALNUM + "/+")
JWT = "eyJhbGciOiJIUzI1NiJ9." + "eyJ" + _rand(30, _ALNUM + "_-") + "." + _rand(43, _ALNUM + "_-")
RANDOM_TOKEN = _rand(28)
PEM_BODY = "\n".join(_rand(64, _ALNUM + "+/") for _ in range(4))
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"

# (text, the sensitive value inside it, expected type)
MUST_REDACT: list[tuple[str, str, str]] = [
    # email
    ("mail jane.doe+work@example.co.uk today", "jane.doe+work@example.co.uk", "EMAIL"),
    ("From: ops-team@mail.example.io", "ops-team@mail.example.io", "EMAIL"),
    # phones: UK, US, international
    ("Call +44 (0)20 7946 0958 now", "+44 (0)20 7946 0958", "PHONE"),
    ("Call 020 7946 0958 now", "020 7946 0958", "PHONE"),
    ("mobile 07700 900123", "07700 900123", "PHONE"),
    ("ring 07700900123 later", "07700900123", "PHONE"),
    ("+447700900123 is mine", "+447700900123", "PHONE"),
    ("office (020) 7946 0958", "(020) 7946 0958", "PHONE"),
    ("Leeds 0113 496 0123", "0113 496 0123", "PHONE"),
    ("US (212) 555-0147 ok", "(212) 555-0147", "PHONE"),
    ("US 212-555-0147 ok", "212-555-0147", "PHONE"),
    ("US 212.555.0147 ok", "212.555.0147", "PHONE"),
    ("toll free 1-800-555-0199", "1-800-555-0199", "PHONE"),
    ("Paris +33 1 23 45 67 89", "+33 1 23 45 67 89", "PHONE"),
    ("Berlin +49 30 12345678", "+49 30 12345678", "PHONE"),
    ("Dublin +353 1 234 5678 ext. 204", "+353 1 234 5678 ext. 204", "PHONE"),
    # cards
    ("visa 4111 1111 1111 1111 thanks", "4111 1111 1111 1111", "CARD"),
    ("mc 5555-5555-5555-4444", "5555-5555-5555-4444", "CARD"),
    ("card 4012888888881881", "4012888888881881", "CARD"),
    ("amex 3782 822463 10005", "3782 822463 10005", "CARD"),
    ("discover 6011 1111 1111 1117 exp 12/27", "6011 1111 1111 1117", "CARD"),
    # IBAN, UK bank, SSN
    ("pay GB82 WEST 1234 5698 7654 32 today", "GB82 WEST 1234 5698 7654 32", "IBAN"),
    ("IBAN DE89370400440532013000.", "DE89370400440532013000", "IBAN"),
    ("sort code 20-00-00, account 12345678", "20-00-00", "SORT_CODE"),
    ("sort code 20-00-00, account 12345678", "12345678", "BANK_ACCOUNT"),
    ("Acc no: 31926819 sort 60-16-13", "31926819", "BANK_ACCOUNT"),
    ("SSN 123-45-6789", "123-45-6789", "US_SSN"),
    ("her social security number is 123456789", "123456789", "US_SSN"),
    # UK identifiers
    ("NI number AB123456C on file", "AB123456C", "UK_NINO"),
    ("NINO: JG 10 33 21 A", "JG 10 33 21 A", "UK_NINO"),
    ("NHS number 943 476 5919", "943 476 5919", "NHS_NUMBER"),
    ("patient 9434765919 seen", "9434765919", "NHS_NUMBER"),
    ("lives at SW1A 1AA", "SW1A 1AA", "UK_POSTCODE"),
    ("Manchester M1 1AE.", "M1 1AE", "UK_POSTCODE"),
    ("post to EC1A1BB please", "EC1A1BB", "UK_POSTCODE"),
    # network
    ("ssh deploy@10.20.30.40 -i key", "10.20.30.40", "IP_ADDRESS"),
    ("client 203.0.113.7 blocked", "203.0.113.7", "IP_ADDRESS"),
    ("route 192.168.1.0/24 via gw", "192.168.1.0/24", "IP_ADDRESS"),
    ("v6 2001:db8::8a2e:370:7334 up", "2001:db8::8a2e:370:7334", "IP_ADDRESS"),
    ("fe80::1ff:fe23:4567:890a%eth0 link", "fe80::1ff:fe23:4567:890a%eth0", "IP_ADDRESS"),
    # passwords by context
    ("password: Tr0ub4dor&3", "Tr0ub4dor&3", "PASSWORD"),
    ("Password=hunter2", "hunter2", "PASSWORD"),
    ("pwd=abc123!", "abc123!", "PASSWORD"),
    ("my password is sunshine2024", "sunshine2024", "PASSWORD"),
    ("the wifi password is purple-monkey-dishwasher", "purple-monkey-dishwasher", "PASSWORD"),
    ("the password for the staging box is Xy7#kqP2", "Xy7#kqP2", "PASSWORD"),
    # "is now" and not "is" then the word "now" as the value.
    ("the password is now Troubadour#2015", "Troubadour#2015", "PASSWORD"),
    ("Chloe: the wifi one is now udWWXp=Sx*H67", "udWWXp=Sx*H67", "PASSWORD"),
    ("the wifi is Liverpool-2000", "Liverpool-2000", "PASSWORD"),
    # Handed over in chat with no password word.
    ("use Teap0t_28 for the shared drive", "Teap0t_28", "PASSWORD"),
    ("use W=8*YuEcqcRdQ39 for the shared drive", "W=8*YuEcqcRdQ39", "PASSWORD"),
    ("use troubadour-harbour-liverpool40 to log in", "troubadour-harbour-liverpool40", "PASSWORD"),
    (
        "the wifi password is correct horse battery staple",
        "correct horse battery staple",
        "PASSWORD",
    ),
    ("login with --password=S3cure!pass now", "S3cure!pass", "PASSWORD"),
    ("mysql -u root -pS3cret! -h db", "S3cret!", "PASSWORD"),
    ("sshpass -p 'fluffy42' ssh admin@host", "fluffy42", "PASSWORD"),
    ("postgres://app:s3cr3t@db.internal:5432/app", "s3cr3t", "PASSWORD"),
    ("curl -u alice:Wonder1and https://api.example.com", "Wonder1and", "PASSWORD"),
    ("DB_PASSWORD=K8s!deploy", "K8s!deploy", "PASSWORD"),
    ('{"password": "pa55 word"}', "pa55 word", "PASSWORD"),
    ("<password>abc123</password>", "abc123", "PASSWORD"),
    ("contraseña: hola1234", "hola1234", "PASSWORD"),
    ("mot de passe : soleil99", "soleil99", "PASSWORD"),
    ("Passwort: Sommer2024", "Sommer2024", "PASSWORD"),
    ("senha: gato123", "gato123", "PASSWORD"),
    ("PIN: 4821", "4821", "PASSWORD"),
    ("echo Qwerty987 | sudo -S apt update", "Qwerty987", "PASSWORD"),
    ("htpasswd -b .htpasswd alice Sunny42day", "Sunny42day", "PASSWORD"),
    ("docker login -u bob -p Dck3rPass registry.example.com", "Dck3rPass", "PASSWORD"),
    ("redis-cli -h cache -a R3disPass ping", "R3disPass", "PASSWORD"),
    ("mongo admin -u root -p M0ngoPass", "M0ngoPass", "PASSWORD"),
    ("sqlcmd -S db -U sa -PSqlPa55word", "SqlPa55word", "PASSWORD"),
    ("zip -P Zipp3dUp archive.zip notes.txt", "Zipp3dUp", "PASSWORD"),
    ("Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "YWxhZGRpbjpvcGVuc2VzYW1l", "PASSWORD"),
    # secrets
    (f"export GITHUB_TOKEN={GHP}", GHP, "SECRET"),
    (f"token {GH_PAT}", GH_PAT, "SECRET"),
    (f"slack {SLACK} posted", SLACK, "SECRET"),
    (f"STRIPE_KEY={STRIPE}", STRIPE, "SECRET"),
    (f"maps key {GOOGLE}", GOOGLE, "SECRET"),
    (f"aws_access_key_id = {AWS_ID}", AWS_ID, "SECRET"),
    (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET, "SECRET"),
    (f"Authorization: Bearer {JWT}", JWT, "SECRET"),
    (f"jwt {JWT} expired", JWT, "SECRET"),
    (f"key file:\n{PEM}\nend", PEM, "SECRET"),
    (f'api_key = "{RANDOM_TOKEN}"', RANDOM_TOKEN, "SECRET"),
    (f"client_secret: {RANDOM_TOKEN}", RANDOM_TOKEN, "SECRET"),
    (f"use {RANDOM_TOKEN} to log in", RANDOM_TOKEN, "SECRET"),
    ("X-Api-Key: 7f3e9a21c4b84d0f", "7f3e9a21c4b84d0f", "SECRET"),
]


@pytest.mark.parametrize(("text", "value", "expected_type"), MUST_REDACT)
def test_sensitive_value_is_replaced_by_its_placeholder(
    text: str, value: str, expected_type: str
) -> None:
    result = redact_text(text)
    assert covering_finding(text, value, result).type == expected_type
    assert f"[{expected_type}]" in result.text


MUST_KEEP = [
    "use PostgreSQL16 for prod",
    "use ISO-8601 for dates",
    "use Python3.11 for the build",
    "use --force-with-lease for safety",
    "use /usr/bin/env for portability",
    "PUT /api/v2/users/404/settings",
    "the wifi is down again",
    "wifi is now working on floor 3",
    "the wifi network is slow",
    "The meeting moved to 3pm on 12 March; bring the v2.3 slides.",
    "Version 3.11.7 was released on 2023-12-04 and costs £1,299.99 (was $1,450.00).",
    "Chrome 120.0.6099.109 on Windows 10.0.19045.3803 crashed twice.",
    "Upgraded to v1.2.3.4 last night; build 4521 passed.",
    "Flight BA 283 departs 14:05 from gate 22 on 15/03/2024.",
    "Q3 2025 revenue rose 3.5% to €3.5m across 1,250,000 orders.",
    "ISBN 978-0-306-40615-7 is on page 214, chapter 3.",
    "Ticket ORD-2024-00123 and JIRA ABC-1234 are linked to #4521.",
    "Reset your password using the link we sent.",
    "The password must be at least 12 characters long.",
    "Your password is due to expire in 5 days.",
    "The password field is required.",
    "Never share your password with anyone.",
    "Password managers are great.",
    "Rotate the API key every 90 days; the token expires after 3600 seconds.",
    "max_tokens: 256",
    "token_ttl = 3600",
    "password_min_length: 12",
    "mkdir -p /tmp/build && ssh -p 2222 deploy",
    "fixed in commit 3f2c9a1 by getUserAccountInformation",
    "merged 9fceb02d0ae598e95dc970b74767f19372d61af8 into main",
    "request id 123e4567-e89b-12d3-a456-426614174000 failed",
    "See https://docs.example.com/guide/getting-started for the XMLHttpRequest notes.",
    "main.py - consentry - Visual Studio Code",
    "Score was 3-1 after 90 minutes; attendance 41,256.",
    "Room 4.12, extension block C, floor 3.",
    "Between 2019 and 2021 we shipped 14 releases.",
    "The server is at /srv/app/releases/2024-03-15T10-00-00/current.",
    "pip install requests==2.31.0 numpy>=1.26",
    "std::vector<int> v; v.push_back(42);",
    "Lunch is at 12:30:45 sharp.",
    "Population 67,081,234 (2021 census).",
    "PASS: 12 tests passed, 0 failed",
]


@pytest.mark.parametrize("text", MUST_KEEP)
def test_ordinary_text_comes_back_unchanged(text: str) -> None:
    result = redact_text(text)
    assert result.text == text, result.findings
    assert result.findings == ()


def test_a_keyword_inside_a_longer_keyword_does_not_split_it() -> None:
    # "pass" must not match inside "password" and leave "word:" as the value.
    assert redact_text("login: amartin  password: S3cret!x").text == (
        "login: amartin  password: [PASSWORD]"
    )
