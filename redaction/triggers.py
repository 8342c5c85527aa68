"""Cheap necessary conditions ("triggers") that decide which detectors run.

One RE2 set match over the text tells which triggers occur; only those
detectors then run. A trigger must match whenever its detector *could* find
something — it is a pure speed device, never a filter on what is found — and
must stay small: the set's automaton grows with every counted repetition, and
the full detector patterns together made it 14 µs per call instead of ~2.
``tests/redaction/test_triggers.py`` checks the "necessary" property on the
labelled corpus.

Detectors without an entry here use their own patterns as the trigger.
OCR-only detectors never need one: OCR text skips the prefilter.
"""

from __future__ import annotations

from redaction.detectors.passwords import KEYWORD_ALTERNATION

_KEY_WORDS = "(?:" + KEYWORD_ALTERNATION + ")"
_SENTENCE_WORDS = (
    r"(?:passwords?|passwd|passwort|passphrase|passcode|pwd|pswd|pword|pw|pass|pin|"
    r"contraseña|contrasena|mot de passe|senha|wachtwoord|kennwort|key|login|code|wi-?f[il1])"
)

TRIGGERS: dict[str, str] = {
    "email": r"[@©®¢]",
    "phone": r"\d(?:\D{0,3}\d){7}",
    "phone_bare": r"\d{10}",
    "card": r"\d(?:[ \-]{0,2}\d){12}",
    "iban": r"(?i:[a-z]{2}\d\d)",
    "uk_sort_code": r"\d\d[\- ]?\d\d[\- ]?\d\d",
    "uk_account_number": r"\d{7}|\d{4} \d{4}",
    "us_ssn": r"\d{3}[\- ]?\d\d[\- ]?\d{4}",
    "uk_nino": r"(?i:[a-z]{2}[ ]?\d\d[ ]?\d\d)",
    "uk_nhs_number": r"\d{3}[ \-]?\d{3}[ \-]?\d{4}",
    "uk_postcode": r"(?i:[a-z]{1,2}\d[a-z\d]?[ ]?\d[a-z]{2})",
    "ipv4": r"\d\.\d{1,3}\.\d{1,3}\.\d",
    "ipv6": r"[0-9A-Fa-f]?:[0-9A-Fa-f]{0,4}:",
    "credential_assignment": r"(?i:"
    + _KEY_WORDS
    + r"[\w.\-]*[\"'`\]]*\s*(?::|=|->)|<[\w:.\-]*"
    + _KEY_WORDS
    + r")",
    "password_multiword_key": r"(?i:mot de passe|pass word|pass code|pin code|kata sandi|"
    r"parola d'ordine|pass phrase)",
    "password_sentence": r"(?i:\b" + _SENTENCE_WORDS + r"\b)",
    "password_use_for": r"(?i:\buse\s)",
    "password_adjacent": r"(?i:\b(?:password|passwd|passwort|passphrase|passcode|pwd|pswd|pass|pw"
    r"|pin)\s)",
    "password_after_username": r"(?i:(?:login|log-in|logon|creds|credentials|user|account|acct|"
    r"sign-in)[^\n]*(?:/|pass|pw))",
    "password_command_line": r"(?:^|\s)--?(?i:pass|pwd|token|secret|api|access|auth|client|db-|"
    r"admin-|root-|private|key|store|bearer)|(?i:mysql|mariadb|sshpass|mongo|sqlcmd|bcp|osql|"
    r"isql|zip|7z|rar|redis-cli|docker|htpasswd|echo)|(?:^|\s)-[uU]\s",
    "url_userinfo_password": r"://",
    "http_credential": r"(?i:authorization|api-key|x-auth|x-access|private-token|csrf|xsrf|"
    r"cookie|security-token|goog-api|apim|vault-token|figma|bearer)",
    "aws_access_key_id": r"A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|IPA|NPA|NVA|PKA)",
    "aws_secret_access_key": r"[A-Za-z0-9/+]{40}",
    "github_token": r"gh[pousr]_|github_pat_",
    "gitlab_token": r"gl(?:pat|dt|ptt|rt|soat|cbt)-",
    "slack_token": r"xox[abposrec]-|xapp-|hooks\.slack\.com",
    "stripe_key": r"_(?:live|test)_|whsec_",
    "google_api_key": r"AIza|GOCSPX-|ya29\.",
    "sk_token": r"sk-",
    "package_registry_token": r"npm_|pypi-",
    "sendgrid_key": r"SG\.",
    "twilio_key": r"(?:SK|AC)[0-9a-fA-F]{32}",
    "mailgun_key": r"key-",
    "azure_key": r"(?i:accountkey|sharedaccesskey|sig)=",
    "jwt": r"eyJ",
    "private_key_block": r"PRIVATE KEY|PuTTY-User-Key",
    "hex_secret_in_context": r"[0-9a-fA-F]{16}",
    "high_entropy_token": r"[A-Za-z0-9+/_\-~.]{20}",
}
