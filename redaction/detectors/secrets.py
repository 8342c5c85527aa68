"""Secrets recognisable by their own shape: vendor tokens, JWTs, private keys.

Prefixes follow the vendors' published formats (the same families gitleaks
covers). Bodies are matched loosely on purpose — a token with a body one
character short is still a token — and every match is redacted whole.
"""

from __future__ import annotations

import re
from dataclasses import replace

from redaction.detector import Detector, Hit, ScanContext
from redaction.detectors.entropy import HASH_CONTEXT
from redaction.detectors.values import is_hex_id, is_prose_word


def _token(name: str, *patterns: str, confidence: float = 0.95) -> Detector:
    return Detector(name=name, type="SECRET", patterns=patterns, confidence=confidence)


AWS_ACCESS_KEY_ID = _token(
    "aws_access_key_id",
    r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b",
)

# A vendor token cut by the end of a line on a screen (its rest wrapped onto the
# next line): the prefix and a few characters are enough to know it.
TOKEN_CUT_AT_LINE_END = Detector(
    name="token_cut_at_line_end",
    type="SECRET",
    patterns=(
        r"\b(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|sk_live_|sk-proj-|AKIA)"
        r"[A-Za-z0-9_\-]{6,}$",
    ),
    confidence=0.8,
    ocr_only=True,
)

# Off a screen the "I" of AKIA is read as T, 1, l or |, its K as A, the body's O
# as 0, and a last glyph as a bracket or two ("…HKKWS]", "…SYWM<x").
AWS_ACCESS_KEY_ID_OCR = Detector(
    name="aws_access_key_id_ocr",
    type="SECRET",
    patterns=(
        r"\bA[KS][IT1l|]A[A-Z0-9]{16}\b",
        r"(?P<v>\bA[KSA][IT1l|]A[A-Z0-9]{15}(?:[A-Z0-9\]\[|)}]|<[a-z]))(?:$|[^A-Za-z0-9])",
        # An input box's edge read as a glyph glued before it ("JAKIABSQV4…").
        r"(?:^|[\s(\[|])[\[|(JIl1](?P<v>A[KS][IT1l|]A[A-Z0-9]{16})\b",
    ),
    confidence=0.8,
    ocr_only=True,
)


# A "J" or "I" inside the body read as a bracket ("AKIAT3)X3Y4JBIGWR2IM"): the
# twenty characters are still there, one or two of them symbols, with a digit
# (a capitalised heading has none).
_AWS_GLYPHS = frozenset(")(][|}{</")
AWS_MAX_MISREAD_GLYPHS = 2


def _validate_aws_glyphs(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    body = value[4:]
    misread = sum(char in _AWS_GLYPHS for char in body)
    # A digit (a capitalised heading has none), or a "/" for a small 7 ("…LD/CI…").
    if not 0 < misread <= AWS_MAX_MISREAD_GLYPHS or not any(c.isdigit() or c == "/" for c in body):
        return None
    return 0.7


AWS_ACCESS_KEY_ID_GLYPHS = Detector(
    name="aws_access_key_id_glyphs",
    type="SECRET",
    patterns=(r"(?P<v>\bA[KSA][IT1l|]A[A-Z0-9)(\]\[|}{</]{16})(?:$|[^A-Za-z0-9])",),
    validate=_validate_aws_glyphs,
    ocr_only=True,
)


# An access key id OCR split with spaces ("AKIADOY TY FMRI7QSOENJ") or a stray
# "/" ("AKTAY 2AEZXZ/7WLRZZDF3"): still twenty capitals and digits in all.
AWS_ID_CHARS = 20


def _validate_split_aws_id(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if abs(sum(char.isalnum() for char in value) - AWS_ID_CHARS) > 1:
        return None
    # Random: a long piece mixing digits and letters ("FMRI7QSOENJ"); capitals
    # in a heading ("ASIA PACIFIC REGION 2024") have none.
    mixed = any(
        len(piece) >= 6 and any(c.isdigit() for c in piece) and any(c.isalpha() for c in piece)
        for piece in value.split()
    )
    return 0.7 if mixed else None


AWS_ACCESS_KEY_ID_SPLIT = Detector(
    name="aws_access_key_id_split",
    type="SECRET",
    patterns=(r"\bA[KSA][IT1l|]A[A-Z0-9/]{1,15}(?:[ ][A-Z0-9/]{1,16}){1,3}\b",),
    validate=_validate_split_aws_id,
    ocr_only=True,
)


def _validate_aws_secret(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if ctx.ocr and is_hex_id(value):
        return None  # a 40-hex commit id with misread capitals ("3ed64F83c842…")
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    has_digit = any(c.isdigit() for c in value)
    if has_upper and has_lower and (has_digit or "/" in value or "+" in value):
        return 0.9
    return None


AWS_SECRET_KEY = Detector(
    name="aws_secret_access_key",
    type="SECRET",
    patterns=(r"(?:^|[^A-Za-z0-9/+=])(?P<v>[A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])",),
    validate=_validate_aws_secret,
)

GITHUB = _token(
    "github_token",
    r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,255}\b",
    r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b",
)
GITLAB = _token("gitlab_token", r"\bgl(?:pat|dt|ptt|rt|soat|cbt)-[A-Za-z0-9_\-]{20,}\b")
SLACK = _token(
    "slack_token",
    r"\bxox[abposrec]-[A-Za-z0-9\-]{10,}",
    r"\bxapp-\d-[A-Za-z0-9\-]{10,}",
    r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_\-]+",
)
STRIPE = _token(
    "stripe_key",
    r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b",
    r"\bwhsec_[A-Za-z0-9]{20,}\b",
)
GOOGLE = _token(
    "google_api_key",
    r"\bAIza[0-9A-Za-z_\-]{30,40}",
    r"\bGOCSPX-[A-Za-z0-9_\-]{20,}",
    r"\bya29\.[0-9A-Za-z_\-]{20,}",
)
OPENAI_STYLE = _token("sk_token", r"\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_\-]{20,}")
NPM_PYPI = _token(
    "package_registry_token", r"\bnpm_[A-Za-z0-9]{36}\b", r"\bpypi-[A-Za-z0-9_\-]{50,}"
)
SENDGRID = _token("sendgrid_key", r"\bSG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{16,64}\b")
TWILIO = _token("twilio_key", r"\b(?:SK|AC)[0-9a-fA-F]{32}\b")
MAILGUN = _token("mailgun_key", r"\bkey-[0-9a-zA-Z]{32}\b")
AZURE = _token(
    "azure_key",
    r"(?i)(?:AccountKey|SharedAccessKey|sig)=(?P<v>[A-Za-z0-9%+/]{20,}={0,2})",
)
JWT = _token(
    "jwt",
    r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*",
)
PRIVATE_KEY = _token(
    "private_key_block",
    # An unterminated block (a screenshot cut off mid-key) runs to the end.
    r"(?s)-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----.*?"
    r"(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|\z)",
    r"(?s)PuTTY-User-Key-File-\d:.*?(?:Private-MAC: *[0-9a-f]+|\z)",
)


# A vendor prefix (a Stripe key's "_" perhaps read as a space: "rk live WY6…"),
# then pieces OCR has split with stray spaces: each piece holds a digit or is
# long, so the words of a sentence after the token are not taken.
# A glyph or two OCR split off may stand before a piece ("WY6wkes j p9ZGpmdHRB7").
_SPLIT_PIECE = (
    r"(?:[ ]?[\-_.]?[ ]?(?:[A-Za-z0-9]{1,2}[ ])?"
    r"(?:[A-Za-z_\-]*\d[A-Za-z0-9_\-]*|[A-Za-z0-9_\-]{8,}))"
)
# Prefixes whose body has a fixed length (GitHub and npm tokens: 36 characters).
_FIXED_BODY = re.compile(r"(?:gh[pousr][ ]?_|npm_)")
FIXED_BODY_CHARS = 36
_NEXT_PIECE = re.compile(r"[ ]([A-Za-z0-9]+)")


def _take_pieces_to_length(hit: Hit, ctx: ScanContext) -> Hit:
    """A fixed-length token goes on over short pieces ("…m2BEi f qbEt bk4t…").

    Short letter pieces carry no digit, so the pattern stops at them; the
    token's known length says how many more characters are still its own.
    """
    value = ctx.text[hit.start : hit.end]
    prefix = _FIXED_BODY.match(value)
    if prefix is None:
        return hit
    count = sum(char.isalnum() for char in value[prefix.end() :])
    end = hit.end
    while count < FIXED_BODY_CHARS:
        piece = _NEXT_PIECE.match(ctx.text, end)
        if (
            piece is None
            or count + len(piece.group(1)) > FIXED_BODY_CHARS
            or (len(piece.group(1)) > 1 and is_prose_word(piece.group(1)))
        ):
            break  # longer than the token, or the sentence after it
        count += len(piece.group(1))
        end = piece.end()
    return hit if end == hit.end else replace(hit, end=end)


OCR_SPLIT_TOKEN = Detector(
    name="ocr_split_vendor_token",
    type="SECRET",
    patterns=(
        r"\b(?:xox[abposrec]|xapp|gh[pousr][ ]?_|github_pat_|gl(?:pat|dt|ptt|rt)|"
        r"(?:sk|rk|pk)[_ ](?:live|test)[_ ]|whsec_|AKIA|ASIA|AIza|GOCSPX|sk-(?:proj|ant)|"
        r"npm_|pypi-)" + _SPLIT_PIECE + "{2,16}",
        # The "_" after a Stripe key's mode read as a space or lost ("sk_live 6veqH4Nh…").
        r"\b(?:sk|rk|pk)_(?:live|test)[ ]?[A-Za-z0-9]{16,}",
    ),
    confidence=0.8,
    ocr_only=True,
    refine=_take_pieces_to_length,
)


SLACK_TOKEN_OCR = Detector(
    name="slack_token_ocr",
    type="SECRET",
    # A Slack token read with spaces around its hyphens and "o" as "0" ("x0xb -
    # 49534741694 - 434456490783 - tw6yn…"), its last part in pieces.
    patterns=(
        r"\bx[o0]x[abposrec][ ]?-[ ]?\d{8,13}[ ]?-[ ]?\d{8,13}(?:[ ]?-[ ]?[A-Za-z0-9]{2,})?"
        r"(?:[ ][A-Za-z0-9]{1,24}){0,3}",
    ),
    confidence=0.8,
    ocr_only=True,
)


_HEX_SECRET_CONTEXT = (
    "key", "token", "secret", "api", "auth", "password", "credential", "bearer", "signature",
)  # fmt: skip


def _validate_hex_with_context(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if ctx.has_context(start, HASH_CONTEXT, window=20):
        return None
    if ctx.has_context(start, _HEX_SECRET_CONTEXT, window=30):
        return 0.85
    return None


HEX_WITH_CONTEXT = Detector(
    name="hex_secret_in_context",
    type="SECRET",
    patterns=(r"\b[0-9a-fA-F]{16,128}\b",),
    validate=_validate_hex_with_context,
)


DETECTORS: tuple[Detector, ...] = (
    AWS_ACCESS_KEY_ID,
    AWS_ACCESS_KEY_ID_OCR,
    AWS_ACCESS_KEY_ID_SPLIT,
    AWS_ACCESS_KEY_ID_GLYPHS,
    TOKEN_CUT_AT_LINE_END,
    AWS_SECRET_KEY,
    GITHUB,
    GITLAB,
    SLACK,
    SLACK_TOKEN_OCR,
    STRIPE,
    GOOGLE,
    OPENAI_STYLE,
    NPM_PYPI,
    SENDGRID,
    TWILIO,
    MAILGUN,
    AZURE,
    JWT,
    PRIVATE_KEY,
    HEX_WITH_CONTEXT,
    OCR_SPLIT_TOKEN,
)
