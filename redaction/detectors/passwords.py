"""Passwords and credentials identified by the words around them.

A password has no shape; it is recognised by what precedes it. Each detector
here is a pattern with a ``k`` group (the keyword or key) and a ``v`` group (the
value), and a judge that decides whether ``v`` is really a value:

* assignments — ``password: x``, ``DB_PASSWORD=x``, ``"password": "x"``,
  ``<password>x</password>``, including several languages' words;
* sentences — ``my password is x``, ``the password for the vpn is x``;
* a keyword followed directly by something that looks made up — ``pwd Hunter2!``;
* command lines — ``--password=x``, ``mysql -px``, ``sshpass -p x``,
  ``curl -u user:x``, ``echo x | sudo -S``;
* URL user-info — ``scheme://user:x@host``, and a ``.pgpass`` line
  (``host:port:db:user:x``);
* HTTP credentials — ``Authorization: Basic x``, ``X-Api-Key: x``, ``Bearer x``.

Key names are classified as password-like, secret-like or neither; the
assignment detector therefore covers generic ``*token*`` / ``*secret*`` /
``*key*`` assignments too (typed ``SECRET``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from redaction.detector import LETTERS, RAW, Detector, Hit, ScanContext
from redaction.detectors.values import (
    BENIGN_KEY_SEGMENTS,
    is_code_expression,
    is_non_value,
    is_passphrase,
    is_path,
    is_prose_word,
    looks_password_like,
    looks_random,
    value_span,
)
from redaction.ocr_views import TO_LETTER

# Words meaning "password" that are safe to match anywhere inside a key name.
STRONG_PASSWORD_WORDS = (
    "password", "passwd", "passwort", "passphrase", "passcode", "pwd", "pswd", "pword",
    "kennwort", "contraseña", "contrasena", "senha", "wachtwoord", "hasło", "haslo",
    "lösenord", "losenord", "passord", "salasana", "heslo", "jelszó", "jelszo", "şifre",
    "sifre", "lozinka", "пароль", "密码", "密碼", "パスワード", "비밀번호", "mot_de_passe",
    "motdepasse",
)  # fmt: skip
# Words that mean "password" only as a whole segment ("pass" but not "bypass").
WEAK_PASSWORD_SEGMENTS = frozenset(
    {"pass", "pw", "pin", "p1n", "p|n", "mdp", "clave", "parola", "passw", "pincode"}
)
STRONG_SECRET_WORDS = (
    "secret", "token", "apikey", "api_key", "api-key", "accesskey", "access_key",
    "access-key", "privatekey", "private_key", "private-key", "credential", "signingkey",
    "signing_key", "encryptionkey", "encryption_key", "masterkey", "master_key", "authkey",
    "auth_key", "sessionkey", "session_key", "clientkey", "client_key", "sharedkey",
    "shared_key", "accountkey", "account_key", "connectionstring", "connection_string",
)  # fmt: skip
WEAK_SECRET_SEGMENTS = frozenset(
    {"key", "auth", "cred", "creds", "session", "cookie", "sig", "signature", "salt", "pat", "sas"}
)

KEYWORD_ALTERNATION = (
    r"pass|pwd|pw|p[i1|]n|secret|token|key|auth|cred|session|cookie|sig|salt|pat|sas|"
    r"contrase|clave|senha|wachtwoord|parola|has[lł]o|l[oö]senord|passord|salasana|heslo|"
    r"kennwort|jelsz|[sş]ifre|lozinka|mdp|пароль|密码|密碼|パスワード|비밀번호"
)
# A curly quote right before a straight one is one quote read twice off a screen
# ("-p ‘'velvet-…'"): the straight quotes still delimit the value.
# Unquoted, a value may hold an apostrophe between its glyphs (a small "*" read
# as one: "XafjhWo'P@I7").
_VALUE = r"""(?P<v>[‘’“”]?"[^"\n]*"|[‘’“”]?'[^'\n]*'|[‘’“”]?`[^`\n]*`|[^\s"'`]+(?:'[^\s"'`]+)*)"""
_SPACE = r"[^\S\n]"

_SEGMENT_SPLIT = re.compile(r"[_.\-\s]+|(?<=[a-z])(?=[A-Z])")


def key_segments(key: str) -> list[str]:
    return [segment.lower() for segment in _SEGMENT_SPLIT.split(key) if segment]


KeyKind = str  # "PASSWORD" | "SECRET" | ""


def classify_key(key: str) -> tuple[KeyKind, bool]:
    """What a key names, and whether the match was *weak* (a short segment like ``key``).

    Returns ``("", False)`` for keys that are settings *about* secrets
    (``password_min_length``, ``token_ttl``).
    """
    segments = key_segments(key)
    if not segments or "public" in segments or "pub" in segments:
        return "", False
    if segments[-1] in BENIGN_KEY_SEGMENTS and len(segments) > 1:
        return "", False
    lowered = key.lower()
    if any(word in lowered for word in STRONG_PASSWORD_WORDS):
        return "PASSWORD", False
    if any(segment in WEAK_PASSWORD_SEGMENTS for segment in segments):
        return "PASSWORD", True
    if any(word in lowered for word in STRONG_SECRET_WORDS):
        return "SECRET", False
    if any(segment in WEAK_SECRET_SEGMENTS for segment in segments):
        return "SECRET", True
    return "", False


Judge = Callable[[str, str, int, int, ScanContext], "tuple[str, float] | None"]


@dataclass(frozen=True)
class KeyedValueDetector(Detector):
    """Pattern with ``k`` and ``v`` groups; ``judge(key, value, start, end, ctx)`` decides."""

    judge: Judge | None = None
    #: An unquoted value may continue as a short lower-case passphrase to the line end.
    passphrase: bool = False

    def find(self, ctx: ScanContext) -> Iterator[Hit]:
        judge = self.judge
        assert judge is not None, f"{self.name}: a keyed detector needs a judge"
        seen: set[tuple[int, int]] = set()
        for text in self.texts_for(ctx):
            for regex, (value_group, key_group) in zip(self.compiled, self.groups, strict=True):
                for match in regex.finditer(text):
                    raw_start, raw_end = match.span(value_group)
                    if raw_start < 0 or raw_end <= raw_start:
                        continue
                    start, end = value_span(ctx.text, raw_start, raw_end)
                    if ctx.ocr:
                        end = _ocr_number_continues(ctx, start, end)
                    if end <= start or (start, end) in seen:
                        continue
                    key = match.group(key_group) if key_group >= 0 else ""
                    verdict = judge(key or "", ctx.text[start:end], start, end, ctx)
                    if verdict is None:
                        continue
                    seen.add((start, end))
                    kind, confidence = verdict
                    if ctx.ocr:
                        # Judged as read; then grown over the pieces OCR split it into.
                        end = _ocr_dashed_pieces_continue(ctx, start, end)
                    if (
                        self.passphrase
                        and not _quoted(ctx, start)
                        and _rest_of_line_is_value(ctx, end)
                    ):
                        end = _extend_to_line_end(ctx, end)
                    yield Hit(start, end, kind, self.name, confidence)


_SPLIT_DIGITS = re.compile(r"(?: \d{1,4})+")


def _ocr_number_continues(ctx: ScanContext, start: int, end: int) -> int:
    """On OCR text a numeric value may be split by stray spaces ("is 25 38")."""
    if not ctx.digits[start:end].isdigit():
        return end
    more = _SPLIT_DIGITS.match(ctx.digits, end)
    if more is None or end - start + len(more.group().replace(" ", "")) > 8:
        return end
    return more.end()


# OCR splits a hyphenated passphrase at its hyphens ("password=thunder - biscuit
# -shadow51", "aut umn- pirate-monkey70") and a value at its punctuation
# ("Meadow. : 1987"). A following piece belongs to the value while a hyphen or
# underscore borders the gap, or the gap is between bits of punctuation.
_JOINERS = "-_"
_PUNCTUATION = frozenset("-_.:")
#: At most this many pieces are joined on.
MAX_VALUE_PIECES = 4


def _piece_joins(previous: str, piece: str) -> bool:
    return (
        previous[-1] in _JOINERS
        or piece[0] in _JOINERS
        or piece[-1] in _JOINERS
        or set(previous) <= _PUNCTUATION
        or (set(piece) <= _PUNCTUATION and previous[-1] in _PUNCTUATION)
    )


def _ocr_dashed_pieces_continue(ctx: ScanContext, start: int, end: int) -> int:
    """On OCR text an unquoted value continues over pieces its hyphens were split at."""
    if _quoted(ctx, start):
        return end
    text = ctx.text
    # The value's own trailing stop ("Meadow.") was trimmed as punctuation.
    tail = end
    while tail < len(text) and text[tail] in ".:":
        tail += 1
    words = text[start:tail].split()
    if not words:
        return end  # a value of white space only (a quote-less "" read as such)
    previous = words[-1]
    joined = tail
    for _ in range(MAX_VALUE_PIECES):
        if joined >= len(text) or text[joined] != " ":
            break
        match = _NEXT_WORD.match(text, joined + 1)
        if match is None or not _piece_joins(previous, match.group()):
            break
        previous = match.group()
        joined = match.end()
    return joined if joined > tail else end


_NEXT_WORD = re.compile(r"[^\s\"'`]+")


#: How far past a value the passphrase checks look; a longer line is no passphrase.
_LINE_LOOKAHEAD = 120


def _rest_of_line(ctx: ScanContext, end: int) -> tuple[str, int] | None:
    """The text from ``end`` to the end of its line, if the line ends within reach."""
    window = ctx.text[end : end + _LINE_LOOKAHEAD + 1]
    cut = window.find("\n")
    if cut < 0:
        if end + len(window) < len(ctx.text):
            return None
        cut = len(window)
    return window[:cut], end + cut


_PLAIN_WORD = re.compile(r"[^\W\d_A-Z]+")
# Off a screen a passphrase's hyphen may be lost with its last word's digits
# kept ("password=elephant-monkey falcon70").
_OCR_PLAIN_WORD = re.compile(r"[^\W\d_A-Z]+\d{0,4}")


def _plain_words_after(ctx: ScanContext, end: int) -> list[str] | None:
    """The rest of the line after ``end`` if it is only lower-case words, else ``None``."""
    rest = _rest_of_line(ctx, end)
    if rest is None:
        return None
    words = rest[0].split()
    plain = _OCR_PLAIN_WORD if ctx.ocr else _PLAIN_WORD
    return words if all(plain.fullmatch(word) for word in words) else None


def _rest_of_line_is_value(ctx: ScanContext, end: int) -> bool:
    """After ``password: correct horse`` the unquoted passphrase may run to the line end."""
    words = _plain_words_after(ctx, end)
    return words is not None and 0 < len(words) <= 4


def _passphrase_follows(ctx: ScanContext, end: int) -> bool:
    """``password is correct horse battery staple``: more plain words, none of them prose."""
    words = _plain_words_after(ctx, end)
    return words is not None and 2 <= len(words) <= 4 and not any(map(is_prose_word, words))


def _prose(value: str, ctx: ScanContext) -> bool:
    """A prose word, also once OCR digit-for-letter misreads are undone ("l0cked")."""
    return is_prose_word(value) or (ctx.ocr and is_prose_word(value.translate(TO_LETTER)))


def _quoted(ctx: ScanContext, start: int) -> bool:
    return start > 0 and ctx.text[start - 1] in "\"'`"


def _extend_to_line_end(ctx: ScanContext, end: int) -> int:
    rest = _rest_of_line(ctx, end)
    if rest is None:
        return end
    stop = rest[1]
    while stop > end and ctx.text[stop - 1].isspace():
        stop -= 1
    return stop


def _followed_by_words(ctx: ScanContext, end: int) -> bool:
    rest = ctx.text[end : end + 40].split("\n", 1)[0]
    return any(char.isalpha() for char in rest)


def _is_reference(value: str, start: int, ctx: ScanContext) -> bool:
    """Not a literal: a setting, a mask, a variable, a call or a path."""
    if is_non_value(value) or (ctx.ocr and is_non_value(value.translate(TO_LETTER))):
        return True
    return not _quoted(ctx, start) and (is_code_expression(value) or is_path(value))


def _classify_read_key(key: str, ctx: ScanContext) -> tuple[KeyKind, bool]:
    """``classify_key`` on a key as read; on OCR text also as its garbled words.

    The letter view turns "PASSW0RD_RESET_TIME0UT" into "PASSWoRD_RESET_TIMEoUT",
    whose odd case splits into false segments; upper-casing the repaired key
    reads it as "PASSWORD_RESET_TIMEOUT" — a setting, not a password.
    """
    kind, weak = classify_key(key)
    if kind and ctx.ocr:
        repaired = key.translate(TO_LETTER).upper()
        if repaired != key.upper() or any(char.islower() for char in key[1:]):
            segments = key_segments(repaired)
            if len(segments) > 1 and segments[-1] in BENIGN_KEY_SEGMENTS:
                return "", False
    return kind, weak


# Values that are the keyword itself, mentioned rather than assigned.
_KEYWORD_VALUES = frozenset({"password", "passwords", "passwd", "passphrase", "token", "secret"})


def _names_the_keyword(value: str) -> bool:
    """The value starts with the keyword itself: "passwd: password updated successfully"."""
    words = value.split(maxsplit=1)
    return bool(words) and words[0].lower().rstrip(".,;:!") in _KEYWORD_VALUES


def _judge_assignment(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    kind, weak = _classify_read_key(key, ctx)
    if not kind or _is_reference(value, start, ctx):
        return None
    if _names_the_keyword(value):
        return None
    quoted = _quoted(ctx, start)
    glued = start > 0 and ctx.text[start - 1] == "="  # "password=but…": config, not prose
    if not quoted and not glued and _prose(value, ctx) and _followed_by_words(ctx, end):
        return None
    if not quoted and _counts_something(ctx, value, end):
        return None
    if kind == "SECRET":
        if value.isdigit() and len(value) <= 6:
            return None
        if weak and not (looks_random(value, min_length=8) or (quoted and len(value) >= 12)):
            return None
    elif weak and not quoted and value.isalpha() and value.islower() and len(value) < 4:
        return None
    return kind, 0.85 if weak else 0.95


_KEY = r"(?P<k>[A-Za-z0-9_.\-]*(?i:" + KEYWORD_ALTERNATION + r")[A-Za-z0-9_.\-]*)"
_ASSIGN = r"[\"'`]?\]?" + _SPACE + r"*(?::=|=>|->|==|=|:)" + _SPACE + r"*"

ASSIGNMENT = KeyedValueDetector(
    name="credential_assignment",
    type="PASSWORD",
    patterns=(
        _KEY + _ASSIGN + _VALUE,
        # XML: <password>x</password>
        r"<" + _KEY + r"(?:\s[^>\n]*)?>(?P<v>[^<\n]{1,512})</",
    ),
    judge=_judge_assignment,
    views=(RAW, LETTERS),
    passphrase=True,
)


_MULTIWORD_KEYS = (
    r"(?P<k>mot de passe|pass word|pass code|pin code|kata sandi|parola d'ordine|pass phrase)"
)


def _judge_multiword(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if _is_reference(value, start, ctx):
        return None
    if _prose(value, ctx) and _followed_by_words(ctx, end):
        return None
    return "PASSWORD", 0.9


MULTIWORD_ASSIGNMENT = KeyedValueDetector(
    name="password_multiword_key",
    type="PASSWORD",
    patterns=(r"(?i)\b" + _MULTIWORD_KEYS + _SPACE + r"*[:=]" + _SPACE + r"*" + _VALUE,),
    judge=_judge_multiword,
    views=(RAW, LETTERS),
    passphrase=True,
)

_PASSWORD_WORD = (
    r"(?P<k>passwords?|passwd|passwort|passphrase|passcode|pwd|pswd|pword|pw|pass|pin|pin code|"
    r"pin number|contraseña|contrasena|mot de passe|senha|wachtwoord|kennwort|"
    r"wifi key|wi-fi key|network key|wpa key|login|code)"
)
# Longest first: the first alternative that matches is kept, so "is" before "is
# now" would make "now" the value and lose the password after it.
_SENTENCE_VERBS = (
    r"(?:has been changed to|has been set to|is set to|will be|changed to|set to|"
    r"reset to|is now|is still|remains|is|was|=|:|es|est|ist|é)"
)


_WIFI = re.compile(r"wi-?f[il1]")


def _judge_sentence(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if _is_reference(value, start, ctx):
        return None
    if _names_the_keyword(value):
        return None
    if _prose(value, ctx) and not _passphrase_follows(ctx, end):
        return None
    lowered_key = key.lower()
    named = lowered_key == "login" or _WIFI.fullmatch(lowered_key) is not None
    if named and not looks_password_like(value):
        return None
    if lowered_key == "code" and not _is_access_code(value, start, ctx):
        return None
    if _counts_something(ctx, value, end):
        return None
    if value.isdigit() and lowered_key.startswith("pass") and len(value) < 4:
        return None
    return "PASSWORD", 0.9


# "<word> code is 1234": these words make it a code that is not a secret.
_PUBLIC_CODES = frozenset(
    """
    zip area status error exit return response country post postal dial promo discount
    product source qr bar sort tax iso currency language colour color reference ref http
    """.split()
)


def _is_access_code(value: str, start: int, ctx: ScanContext) -> bool:
    """ "door code is 8889", "the code for the safe is 4711" — but not "zip code is 94103"."""
    if looks_password_like(value):
        return True
    if ctx.ocr:
        value = ctx.digits[start : start + len(value)].replace(" ", "")
    if not (value.isdigit() and 4 <= len(value) <= 8):
        return False
    words = ctx.text[max(0, start - 60) : start].lower().split()
    try:
        code_at = max(i for i, word in enumerate(words) if word.startswith("code"))
    except ValueError:
        return True
    return code_at == 0 or words[code_at - 1] not in _PUBLIC_CODES


# A number followed by one of these counts something ("12 characters",
# "PASS: 12 tests") rather than being a PIN.
_NUMBER_UNITS = frozenset(
    """
    characters chars character letters digits days day hours hour minutes minute months month
    weeks week years year times attempts tries symbols words tests test checks cases files
    items errors warnings failures passed failed skipped points marks runs steps seconds secs
    mins hrs users people of out
    """.split()
)


def _counts_something(ctx: ScanContext, value: str, end: int) -> bool:
    """A number of units ("12 characters", "12+ characters)"), not a password."""
    if not value.rstrip("+").isdigit():
        return False
    following = ctx.text[end : end + 24].lower().split()
    return bool(following) and following[0].rstrip(".,;:)") in _NUMBER_UNITS


SENTENCE = KeyedValueDetector(
    name="password_sentence",
    type="PASSWORD",
    patterns=(
        r"(?i)\b"
        + _PASSWORD_WORD
        + r"(?:"
        + _SPACE
        + r"+[^\s:=]{1,30}){0,6}?"
        + _SPACE
        + r"*"
        + _SENTENCE_VERBS
        + _SPACE
        + r"*:?"
        + _SPACE
        + r"+"
        # OCR reads a short word twice ("password is is x").
        + r"(?:(?:is|was)"
        + _SPACE
        + r"+)?"
        + _VALUE,
        # "the wifi one is now X": the network named, the password word left out
        # (its last "i" read as "l" or "1" in a small font).
        r"(?i)\b(?P<k>wi-?f[il1])(?:"
        + _SPACE
        + r"+(?:one|code|network))?"
        + _SPACE
        + r"+"
        + _SENTENCE_VERBS
        + _SPACE
        + r"+"
        + _VALUE,
    ),
    judge=_judge_sentence,
    views=(RAW, LETTERS),
    passphrase=True,
)


# "Pin numpy<2", "pin requests==2.31": a package name and a version bound.
_PINNED_PACKAGE = re.compile(r"^[a-z][a-z0-9_.\-]{2,}(?:[<>=!~]=?|==)v?\d")


def _judge_adjacent(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if _is_reference(value, start, ctx) or not looks_password_like(value):
        return None
    if key.lower() == "pin" and _PINNED_PACKAGE.match(value):
        return None  # "Pin numpy<2": a package pinned to a version, not a PIN
    return "PASSWORD", 0.8


ADJACENT = KeyedValueDetector(
    name="password_adjacent",
    type="PASSWORD",
    patterns=(
        r"(?i)\b(?P<k>password|passwd|passwort|passphrase|passcode|pwd|pswd|pass|pw|pin)"
        + _SPACE
        + r"+"
        + _VALUE,
    ),
    judge=_judge_adjacent,
    views=(RAW, LETTERS),
)


def _in_url(ctx: ScanContext, start: int) -> bool:
    """The value at ``start`` is part of a URL ("https://account.example.com/search/…")."""
    token_start = max(ctx.text.rfind(" ", 0, start), ctx.text.rfind("\n", 0, start)) + 1
    token = ctx.text[token_start:start]
    return "://" in token or token.lower().startswith("www.")


def _judge_login_pair(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if _is_reference(value, start, ctx) or _prose(value, ctx) or len(value) < 3:
        return None
    if _in_url(ctx, start):
        return None
    return "PASSWORD", 0.85


LOGIN_PAIR = KeyedValueDetector(
    name="password_after_username",
    type="PASSWORD",
    # "login is svc-backup / MjgM1%J8Jc", "creds: admin/Secret1", "user admin pass x"
    patterns=(
        # A screen's "l" of login is read as t, j, I or 1 ("togin is x / y").
        r"(?i)\b(?P<k>[ltj1]ogin|log-in|logon|creds|credentials|user(?:name)?|account|acct|sign-in)"
        # The key is a whole word: "users/404/settings" is a path.
        r"\b(?:"
        + _SPACE
        + r"+(?:is|are|was|details))?"
        + _SPACE
        + r"*[:=]?"
        + _SPACE
        + r"*[^\s/]{1,64}"
        + _SPACE
        + r"*/"
        + _SPACE
        + r"*"
        + _VALUE,
        r"(?i)\b(?:user(?:name)?|login)"
        + _SPACE
        + r"*[:=]?"
        + _SPACE
        + r"*\S{1,64}[,;]?"
        + _SPACE
        + r"+(?P<k>pass|pw|pwd)\b"
        + _SPACE
        + r"*[:=]?"
        + _SPACE
        + r"*"
        + _VALUE,
    ),
    judge=_judge_login_pair,
    views=(RAW, LETTERS),
)


def _judge_login_pair_unsplit(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if not looks_password_like(value.strip("\"'`‘’“”")):
        return None
    return _judge_login_pair(key, value, start, end, ctx)


LOGIN_PAIR_OCR = KeyedValueDetector(
    name="password_after_username_ocr",
    type="PASSWORD",
    # "login is ubuntu / 4utumn?58" with the "/" lost off a screen: only a value
    # shaped like a password ("login is john smith" is a name).
    patterns=(
        r"(?i)\b(?P<k>[ltj1]ogin)"
        + _SPACE
        + r"+(?:is|was)"
        + _SPACE
        + r"+[^\s/]{1,64}"
        + _SPACE
        + r"+"
        + _VALUE,
    ),
    judge=_judge_login_pair_unsplit,
    ocr_only=True,
)


def _judge_flag(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if not value or value.startswith("-") or _is_reference(value, start, ctx):
        return None
    kind, _ = classify_key(key) if key else ("PASSWORD", False)
    return kind or "PASSWORD", 0.9


_FLAG_NAMES = (
    r"password|passwd|pass|pwd|passphrase|token|secret|api-key|apikey|api_key|access-token|"
    r"auth-token|client-secret|secret-key|access-key|secret-access-key|db-password|"
    r"admin-password|root-password|private-key-password|key-password|store-password|"
    r"storepass|keypass|bearer|auth"
)
_CMD_END = r"[^\n|;&]*?"


def _flag_after(commands: str, flag: str, gap: str = "*") -> str:
    """The value of ``flag`` on a command line that starts with one of ``commands``.

    ``gap`` is the quantifier of the space between flag and value: ``*`` allows
    both ``-p x`` and ``-px``, ``+`` demands the space.
    """
    return r"\b(?:" + commands + r")\b" + _CMD_END + _SPACE + flag + _SPACE + gap + _VALUE


COMMAND_LINE = KeyedValueDetector(
    name="password_command_line",
    type="PASSWORD",
    patterns=(
        # --password=x, --token x
        r"(?i)(?:^|\s)--?(?P<k>" + _FLAG_NAMES + r")(?:=|" + _SPACE + r"+)" + _VALUE,
        # mysql -pSECRET (attached, the MySQL convention)
        r"(?i)\b(?:(?:m|rn)ysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|"
        r"mysqlsh|mariadb|mariadb-dump|mariadb-admin)\b"
        + _CMD_END
        + _SPACE
        + r"-p(?P<v>[^\s-]\S*)",
        _flag_after("sshpass", "-p"),
        _flag_after("mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport", "-p", "+"),
        _flag_after("sqlcmd|bcp|osql|isql", "-P"),
        _flag_after("zip|7z|7za|unrar|rar|unzip", "-[Pp]"),
        _flag_after("redis-cli", "-a", "+"),
        _flag_after("docker", r"\blogin\b" + _CMD_END + _SPACE + "-p", "+"),
        # curl -u user:x, smbclient -U user%x
        r"(?:^|\s)(?:-u|--user|--proxy-user|-U)"
        + _SPACE
        + r"+[\"']?[^\s:%\"']+[:%](?P<v>[^\s\"']+)",
        # openssl -passin pass:x
        r"(?i)-pass(?:in|out)?" + _SPACE + r"+(?:pass|env|file):(?P<v>\S+)",
        # htpasswd -b file user x
        _flag_after("htpasswd", r"-\w*b\w*" + _SPACE + r"+\S+" + _SPACE + r"+\S+", "+"),
        # echo x | sudo -S
        r"\becho" + _SPACE + r"+" + _VALUE + _SPACE + r"*\|" + _SPACE + r"*sudo\b[^\n]*-S",
    ),
    judge=_judge_flag,
    views=(RAW, LETTERS),
)


_OCR_QUOTES = "\"'`\u2018\u2019\u201c\u201d"
_OCR_QUOTE = "[" + _OCR_QUOTES + "]"


def _judge_user_flag_ocr(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if "://" in value or value.startswith("//"):
        return None  # "curl -u admin: https://…": the password is asked for
    return _judge_flag(key, value, start, end, ctx)


COMMAND_LINE_OCR = KeyedValueDetector(
    name="password_command_line_ocr",
    type="PASSWORD",
    patterns=(
        # curl -u user:x read off a screen with a space after the colon, or with
        # unread ink (U+FFFD) before it.
        r"(?:^|\s)(?:-u|--user|--proxy-user)[ ]+[^\s:\"']+"
        r"(?:[ ]?:[ ]|[ ]\x{fffd}[ ]?:[ ]?)(?P<v>[^\s\"'-][^\s\"']*)",
        # ...or with the "_" in the user read as a space ("-u zoe patel@…:x").
        r"(?:^|\s)(?:-u|--user|--proxy-user)[ ]+[^\s:\"'-][^\s:\"']*[ ][^\s:\"']+"
        r":(?P<v>[^\s\"'-][^\s\"']*)",
        # sshpass -p 'x" : a quoted value whose closing quote was read as another.
        r"\b(?:sshpass|sqlcmd|bcp|redis-cli|mongo|mongosh)\b"
        + _CMD_END
        + _SPACE
        + r"-[pPa]"
        + _SPACE
        + r"*"
        + _OCR_QUOTE
        + r"(?P<v>[^\s"
        + _OCR_QUOTES
        + r"]+)"
        + _OCR_QUOTE,
    ),
    judge=_judge_user_flag_ocr,
    ocr_only=True,
)


def _judge_userinfo(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if _is_reference(value, start, ctx):
        return None
    return "PASSWORD", 0.95


URL_USERINFO = KeyedValueDetector(
    name="url_userinfo_password",
    type="PASSWORD",
    patterns=(
        # The password runs to the *last* "@" before the host (an unescaped "@" in a
        # password is common in pasted connection strings).
        # OCR may split the password with one stray space.
        r"(?i)\b[a-z][a-z0-9+.\-]{1,20}://[^\s:/@\"'<>]*:"
        r"(?P<v>[^\s/\"'<>]{1,256}(?:[ ][^\s/\"'<>@]{1,64})?)@"
        r"(?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?:[:/?#\s\"'<>]|$)",
    ),
    judge=_judge_userinfo,
    views=(RAW, LETTERS),
)

URL_USERINFO_OCR = KeyedValueDetector(
    name="url_userinfo_password_ocr",
    type="PASSWORD",
    # Read off a screen: spaces around "://" and up to three inside the password
    # ("postgresql ://app:BI. jqPe8: tnN¥m2@10. 152.218").
    patterns=(
        r"(?i)\b[a-z][a-z0-9+.\-]{1,20}[ ]?:[ ]?//[ ]?[^\s:/@\"'<>]*[ ]?:[ ]?"
        r"(?P<v>[^\s/\"'<>@]{1,256}(?:[ ][^\s/\"'<>@]{1,64}){0,3})[ ]?@",
    ),
    judge=_judge_userinfo,
    ocr_only=True,
)


# A user and password OCR glued (the ":" read as a letter) are this long at least,
# with a digit and this many hyphens, as a generated passphrase has.
GLUED_USERINFO_CHARS = 12
GLUED_USERINFO_HYPHENS = 2


def _judge_glued_userinfo(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    shaped = value.count("-") >= GLUED_USERINFO_HYPHENS and any(c.isdigit() for c in value)
    if len(value) < GLUED_USERINFO_CHARS or not shaped or _is_reference(value, start, ctx):
        return None
    return "PASSWORD", 0.6


URL_USERINFO_GLUED_OCR = KeyedValueDetector(
    name="url_userinfo_glued_ocr",
    type="PASSWORD",
    # "postgresql://apptraspberry-panda-marb1le68@10…": the colon between user and
    # password read as a letter; both are masked, nothing tells where one ends.
    patterns=(r"(?i)\b[a-z][a-z0-9+.\-]{1,20}[ ]?:[ ]?//[ ]?(?P<v>[^\s:/@\"'<>]{1,256})@",),
    judge=_judge_glued_userinfo,
    ocr_only=True,
)


_VERSION_INSIDE = re.compile(r"\d\.\d")
# An "@" before a domain: an address, not a password's symbol ("Wcgl=1@Phir0").
_ADDRESS_INSIDE = re.compile(r"@[A-Za-z0-9-]+\.[A-Za-z]")
_DIGIT_IN_LETTERS = re.compile(r"[A-Za-z]\d+[A-Za-z]")


def _judge_use_for(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    """A made-up word in "use X for the drive": capitals, small letters and digits
    with a symbol or a digit among the letters (a name, a version, a standard's
    number is not so) or a generated passphrase; never a path, link, address,
    flag or file name."""
    core = value.strip(".,;:!?\"'()")
    if len(core) < USE_FOR_CHARS or _VERSION_INSIDE.search(core) or core.startswith("-"):
        return None
    if any(mark in core for mark in ("/", "\\", "://")) or _ADDRESS_INSIDE.search(core):
        return None
    if _is_reference(core, start, ctx):
        return None
    if looks_random(core):
        return None  # a generated token: the entropy detector names it a secret
    # A symbol or a digit inside the letters: "PostgreSQL16", "Windows11" are names.
    made_up = not core.isalnum() or _DIGIT_IN_LETTERS.search(core) is not None
    mixed = (
        any(c.isupper() for c in core)
        and any(c.islower() for c in core)
        and any(c.isdigit() for c in core)
        and made_up
    )
    return ("PASSWORD", 0.8) if mixed or is_passphrase(core) else None


# A password handed over in a sentence is this long at least.
USE_FOR_CHARS = 8

USE_FOR = KeyedValueDetector(
    name="password_use_for",
    type="PASSWORD",
    # "use Teap0t_28 for the shared drive", "use X to log in": a password given in
    # chat with no password word.
    patterns=(
        r"(?i)\b(?P<k>use)"
        + _SPACE
        + r"+(?P<v>\S{8,64})"
        + _SPACE
        + r"+(?:for|to[ ]log[ ]?in|to[ ]sign[ ]in|as[ ]the[ ]password)\b",
    ),
    judge=_judge_use_for,
    views=(RAW,),
)


def _judge_header(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    if _is_reference(value, start, ctx) or len(value) < 4:
        return None
    scheme = ctx.text[max(0, start - 8) : start].lower()
    return ("PASSWORD" if "basic" in scheme else "SECRET"), 0.95


_AUTH_SCHEMES = (
    r"(?i:bearer|basic|token|digest|negotiate|ntlm|apikey|api-key|sso-key|aws4-hmac-sha256|"
    r"hmac|mac|jwt|otp)"
)

HTTP_CREDENTIAL = KeyedValueDetector(
    name="http_credential",
    type="SECRET",
    patterns=(
        r"(?i)\b(?P<k>(?:proxy-)?authorization)\b[\"']?"
        + _SPACE
        + r"*[:=]"
        + _SPACE
        + r"*[\"']?(?:"
        + _AUTH_SCHEMES
        + _SPACE
        + r"+)?(?P<v>[^\n\"']{1,512})",
        r"(?i)\b(?P<k>x-api-key|x-auth-token|x-access-token|api-key|private-token|"
        r"x-csrf-token|x-xsrf-token|cookie|set-cookie|x-amz-security-token|x-goog-api-key|"
        r"ocp-apim-subscription-key|x-vault-token|x-figma-token)[\"']?"
        + _SPACE
        + r"*:"
        + _SPACE
        + r"*(?P<v>[^\n\"']{1,512})",
        r"(?i)\b(?P<k>bearer)" + _SPACE + r"+(?P<v>[A-Za-z0-9\-._~+/]{8,}=*)",
    ),
    judge=_judge_header,
    views=(RAW, LETTERS),
)

PGPASS_LINE = KeyedValueDetector(
    name="pgpass_line",
    type="PASSWORD",
    # A PostgreSQL password file line, host:port:database:user:password (shown by
    # `cat ~/.pgpass`); OCR may read a ":" as "?", ";" or "t".
    patterns=(
        r"(?m)^[ ]*[A-Za-z0-9.\-*\[\]]+[:?;](?:\d{1,5}|\*)[:?;][^\s:?;]+[:?;][^\s:?;]+[:?;]"
        r"(?P<v>\S{1,256})[ ]*$",
    ),
    judge=_judge_userinfo,
)


_PGPASS_OCR_COLON = "[ ]?[:?;][ ]?(?:\ufffd[ ])?"
# host:port: as OCR reads it, and a field.
_PGPASS_OCR_HEAD = (
    r"(?m)^[ ]*\S[^:\n]{0,60}?" + _PGPASS_OCR_COLON + r"(?:\d{1,5}|\*)" + _PGPASS_OCR_COLON
)
_PGPASS_OCR_FIELD = r"[^\s:?;]+"
_PGPASS_OCR_PASSWORD = r"(?P<v>[^\s:]{1,256}(?:[ ][^\s:]{1,64})?)[ ]*$"

PGPASS_LINE_OCR = KeyedValueDetector(
    name="pgpass_line_ocr",
    type="PASSWORD",
    # ...as OCR reads one off a screen: spaces around the colons, a host broken at
    # its dots, a speck it could not read after a colon (U+FFFD, see
    # redaction.image.ocr.UNREAD), the password split by one stray space.
    patterns=(
        _PGPASS_OCR_HEAD + (_PGPASS_OCR_FIELD + _PGPASS_OCR_COLON) * 2 + _PGPASS_OCR_PASSWORD,
        # The colon between user and password misread as a letter ("appibiscuit-…"):
        # both are masked, nothing tells where one ends. A digit in them tells a
        # password is there ("host:5432:db:app_user" is no such line).
        _PGPASS_OCR_HEAD
        + _PGPASS_OCR_FIELD
        + _PGPASS_OCR_COLON
        + r"(?P<v>[^\s:?;]{6,256}[ ][^\s:?;]{0,63}\d[^\s:?;]{0,63}"
        + r"|[^\s:?;]{5,256}\d[^\s:?;]{0,64})[ ]*$",
        # The colon between database and user read as a space ("* iro: …").
        _PGPASS_OCR_HEAD
        + _PGPASS_OCR_FIELD
        + "[ ]"
        + _PGPASS_OCR_FIELD
        + _PGPASS_OCR_COLON
        + _PGPASS_OCR_PASSWORD,
    ),
    judge=_judge_userinfo,
    ocr_only=True,
)


DETECTORS: tuple[Detector, ...] = (
    PGPASS_LINE,
    PGPASS_LINE_OCR,
    ASSIGNMENT,
    MULTIWORD_ASSIGNMENT,
    SENTENCE,
    ADJACENT,
    COMMAND_LINE,
    LOGIN_PAIR,
    LOGIN_PAIR_OCR,
    URL_USERINFO,
    URL_USERINFO_OCR,
    URL_USERINFO_GLUED_OCR,
    USE_FOR,
    COMMAND_LINE_OCR,
    HTTP_CREDENTIAL,
)
