"""Email addresses and telephone numbers.

Phone numbers are found by their *written shape* (a leading ``+`` or ``0``, an
area code in brackets, or the US 3-3-4 grouping) and only then checked with
libphonenumber: a number libphonenumber calls valid gets a high confidence, a
well-shaped one it does not know (fictional ranges, new allocations, OCR
misreads) is still redacted at a lower one. Bare digit runs count as phones
only next to words such as "call" or "mobile".
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import phonenumbers
import re2

from redaction.detector import DIGITS, LETTERS, RAW, Detector, Hit, ScanContext
from redaction.detectors.passwords import KeyedValueDetector
from redaction.validators import digits_of

_EMAIL_LOCAL = r"[A-Za-z0-9!#$%&'*+=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+=?^_`{|}~-]+)*"
_EMAIL_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"


def _local_letters(value: str) -> int:
    """How many letters and digits the part before the "@" has (OCR reads an icon
    beside a file name as "|@README.md": no real local part)."""
    for index, char in enumerate(value):
        if char in "@©®¢":
            value = value[:index]
            break
    return sum(char.isalnum() for char in value)


def _validate_email(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    return None if ctx.ocr and _local_letters(value) < 2 else 0.95


# OCR breaks a local part into pieces: "tom. pember_ton47@…", "it -suppor t@…".
# A piece before the address belongs to it when the break shows: the piece
# ends with "." "_" or "-", the next piece starts with one, or what is left
# before the "@" is a letter or two. (An "@" standing apart is no sign: icons in
# tab bars read as "@".)
_LOCAL_PIECE_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-‘’'"
)
#: At most this many pieces are joined back on, each at most this long.
MAX_LOCAL_PIECES = 2
MAX_LOCAL_PIECE_CHARS = 24
#: A local part this short before the "@" is the tail of one OCR cut.
CUT_LOCAL_CHARS = 2


def _join_local_pieces(hit: Hit, ctx: ScanContext) -> Hit:
    """An OCR e-mail grows left over local-part pieces its dots were lost between."""
    if not ctx.ocr:
        return hit
    text = ctx.text
    value = text[hit.start : hit.end]
    head = value.split(" ", 1)[0]
    broken = "@" in head and len(head.split("@", 1)[0]) <= CUT_LOCAL_CHARS
    start = hit.start
    for _ in range(MAX_LOCAL_PIECES):
        before = text[:start]
        if not before.endswith(" ") or before.endswith("  "):
            break
        pieces = before[:-1].rsplit(None, 1)
        piece = pieces[-1] if pieces else ""
        if (
            not any(char.isalnum() for char in piece)
            or len(piece) > MAX_LOCAL_PIECE_CHARS
            or not set(piece) <= _LOCAL_PIECE_CHARS
        ):
            break
        joined = piece[-1] in "._-" or text[start] in "._-"
        if not joined and not (broken and piece.strip("‘’'._-").isalnum()):
            break
        broken = False
        start -= len(piece) + 1
    return hit if start == hit.start else replace(hit, start=start)


EMAIL = Detector(
    name="email",
    type="EMAIL",
    patterns=(_EMAIL_LOCAL + r"[ ]?[@©®][ ]?" + _EMAIL_DOMAIN + r"\b",),
    validate=_validate_email,
    views=(RAW, LETTERS),
    refine=_join_local_pieces,
)


# The "@" read as a letter: a lower-case local part, then "é", "G" or "B" (a
# small bitmap "@" read at twice its size), then a
# lower-case domain ending in a common top-level domain, perhaps itself misread
# ("fatimawéexample.org", "marco93Gexample.con").
_MISREAD_AT = (
    r"\b[a-z0-9][a-z0-9._+,-]*[a-z0-9][éèGB]"
    r"(?:[a-z0-9-]+[ ]?[.,]{1,2}[ ]?)+(?:com|con|corn|c0m|org|orq|0rg|net|nct|co\.uk|io)\b"
)


# ...or as a small "g" or "f", only after a local part with a ".", "_" or digit in it
# ("tariq_eriksengexample.org", "robin76fexample.com"): a host name such as
# "registry.example.com" has a "g" inside a plain word.
_MISREAD_AT_G = (
    r"\b[a-z0-9]*[._0-9][a-z0-9._+-]*[a-z0-9][gf]"
    r"(?:[a-z0-9-]+\.)+(?:com|con|corn|c0m|org|orq|0rg|net|nct|co\.uk|io)\b"
)


# A cent sign is an "@" only between the parts of an address ("pete98¢example.net"),
# not after a price ("5¢ each").
_CENT_AT = re2.compile(r"[A-Za-z0-9._-]{2}¢[A-Za-z0-9]")


def _validate_ocr_email(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    tld = value.rsplit(".", 1)[-1]
    if _local_letters(value) == 0:
        return None
    if "¢" in value and not _CENT_AT.search(value):
        return None
    return 0.8 if any(char.isalpha() for char in tld) else None


EMAIL_OCR = Detector(
    name="email_ocr",
    type="EMAIL",
    # The top-level domain misread with digits ("example.c0m", "litware.i0"),
    # a stray space, a doubled dot or a dot read as a comma ("jane.doe@example
    # .com", "example..com", "robin@example, org"), a "G" beside the "@",
    # a local part with a letter misread as an accented one ("georgeés@"), and
    # the underline of an input box after the address ("…@example.net_"), and a
    # small "7" read as "/" ("chris.cheung/6@", "alex?/@").
    patterns=(
        r"[\pL0-9!#$%&'*+=?^_`{|}~-]+(?:[ ]?[.,][ ]?[\pL0-9!#$%&'*+=?^_`{|}~-]+)*"
        r"(?:/[0-9][\pL0-9!#$%&'*+=?^_`{|}~-]*|\?/)?"
        r"[ ]?G?[@©®¢]{1,2}G?[ ]?"
        r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?[ ]?[.,]{1,2}[ ]?)+"
        r"[A-Za-z0-9]{2,24}(?:\b|_)",
        _MISREAD_AT,
        _MISREAD_AT_G,
    ),
    validate=_validate_ocr_email,
    ocr_only=True,
    refine=_join_local_pieces,
)


_AT_GLYPH = re2.compile(r"/?G|[éè©®¢@]")


# A domain label after a space this long at least ("example", not "ls").
DOMAIN_LABEL_MIN = 4


def _judge_keyed_misread_address(
    key: str, value: str, start: int, end: int, ctx: ScanContext
) -> tuple[str, float] | None:
    local = _AT_GLYPH.split(value, maxsplit=1)[0]
    # A real "@" and a domain of two labels (its dot lost: "noreply@eu example").
    labels = value.partition("@")[2].split()
    labelled_domain = "@" in value and len(labels) >= 2 and len(labels[1]) >= DOMAIN_LABEL_MIN
    shaped = any(char in ".,_" for char in value) or any(char.isdigit() for char in local)
    if not (shaped or labelled_domain):
        return None  # "user=adminGroup": a name, not an address
    return "EMAIL", 0.6


EMAIL_OCR_KEYED = KeyedValueDetector(
    name="email_ocr_keyed",
    type="EMAIL",
    # After a key that takes an address ("customer=", "To:"), the "@" read as "G"
    # or "/G" and the domain in pieces or cut at the line's end: "customer=
    # o0la9/Geu ,example ,net", "customer=dev .patel47Gexample", after a digit as
    # "B" ("…sandoval 70Bexample.com"); the local part's last letters may stand
    # apart ("customer=george jG@example,org").
    patterns=(
        # (A setting's last part counts: "SMTP_USER=", "ALERT_EMAIL=".)
        r"(?i:(?:\b|_)(?P<k>customer|email|e-mail|mail|user|username|login|recipient|sender|"
        r"to|from|reply-to|cc|bcc))[ ]?[=:][ ]?"
        r"(?P<v>[A-Za-z0-9_+\-]+(?:[ ]?[.,][ ]?[A-Za-z0-9_+\-]+)*(?:[ ][A-Za-z0-9_+\-]{1,3})?"
        r"[ ]?(?:/?G|[éè©®¢@]|(?:[0-9])B)[ ]?"
        r"[a-z0-9\-]{2,}(?:[ ]?[.,]{1,2}[ ]?[a-z0-9\-]*)*"
        # ...a dot lost to a space between two labels of the domain ("eu example").
        r"(?:[ ][a-z0-9\-]{2,}(?:[ ]?[.,]{1,2}[ ]?[a-z0-9\-]*)*)?)",
        # ...or the "@" lost altogether: a dotted local part run into a domain
        # ("user=r.moreaueu.example.net").
        r"(?i:\b(?P<k>customer|email|e-mail|user|username|login|recipient|sender))[ ]?[=:][ ]?"
        r"(?P<v>[A-Za-z0-9_+\-]+\.[A-Za-z0-9_+\-]+\.[a-z0-9\-]+\.(?:com|org|net|io|co\.uk))\b",
    ),
    judge=_judge_keyed_misread_address,
    ocr_only=True,
)


def _validate_email_cut(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    return 0.6 if _cut_at_line_end(value, end, ctx) and _local_letters(value) >= 2 else None


EMAIL_OCR_CUT = Detector(
    name="email_ocr_cut",
    type="EMAIL",
    # The domain's end lost with the rest of the line ("g.smith@example"): the
    # top-level domain was read as another line or not at all.
    patterns=(r"(?m)[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*@[A-Za-z0-9\-]{3,}$",),
    validate=_validate_email_cut,
    ocr_only=True,
)

# Top-level domains that are not also English words or host names ("app",
# "dev", "it", "me" are), for a dot OCR read as a space.
_COMMON_TLDS = "com|org|net|edu|gov|io|uk|de|fr|nl|ie|eu|ch|se|dk|fi|pl|pt|info|biz|ca|au|nz|jp"
# ...and the three commonest as small glyphs are misread ("example ore", "example corn").
_MISREAD_TLDS = "con|corn|cam|c0m|ore|orq|ors|0rg|nct|ret"


# With its top-level domain glued on ("examplennet"), a domain needs this many
# characters, so that a host in a shell prompt ("dev@cabinet:~$") is not one.
GLUED_DOMAIN_MIN = 9


def _cut_at_line_end(value: str, end: int, ctx: ScanContext) -> bool:
    """The address ends its line and shows it was an address, not ``user@host``.

    Its local part has a "_" or ends in two digits ("keiko91@example") and its
    domain has no digit; a mention ("ping @alice today"), a login ("ssh
    depl0y@runner-7") or a shell prompt cut from its path
    ("marco.zeller@bastion") does not.
    """
    at_end = end == len(ctx.text) or ctx.text[end] == "\n"
    local, _, domain = value.partition("@")
    local = local.strip()
    if not at_end or "." in domain or any(char.isdigit() for char in domain):
        return False
    return "_" in local or local[-2:].isdigit()


def _validate_email_fragment(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    domain = value.rpartition("@")[2].strip()
    glued = "." not in domain and " " not in domain
    if glued and (len(domain) < GLUED_DOMAIN_MIN or ctx.text[end : end + 1] in (":", "]", "~")):
        return None
    return 0.6 if _local_letters(value) >= 2 else None


EMAIL_OCR_FRAGMENT = Detector(
    name="email_ocr_fragment",
    type="EMAIL",
    # What OCR leaves of an address: a dot read as a space before a common
    # top-level domain ("r.cheung@mail example.com", "hannahb@ example org"), or
    # the domain cut short after a dot ("sam. doe48@example.", "maya@mail example.").
    patterns=(
        r"[A-Za-z0-9_%+\-]+(?:[ ]?[.,][ ]?[A-Za-z0-9_%+\-]+)*[ ]?@[ ]?"
        r"(?:[A-Za-z0-9\-]+[ ]?[., ][ ]?){1,4}(?i:" + _COMMON_TLDS + "|" + _MISREAD_TLDS + r")\b",
        r"[A-Za-z0-9_%+\-]+(?:[ ]?\.[ ]?[A-Za-z0-9_%+\-]+)*[ ]?@[ ]?"
        r"(?:[A-Za-z0-9\-]+[ ]?[. ][ ]?)*[A-Za-z0-9\-]+[ ]?\.(?:[ ]|$)",
        # ...or the dot before .com/.org/.net lost or read as a letter ("robin@examplennet").
        r"[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*[ ]?@[ ]?[A-Za-z0-9\-]{4,}(?i:com|org|net)\b",
    ),
    validate=_validate_email_fragment,
    ocr_only=True,
    refine=_join_local_pieces,
)


# Words before "Name <address>" in mail and commit headers.
_ADDRESS_HEADER_CONTEXT = (
    "author", "from", "to", "cc", "bcc", "reply-to", "sender", "commit", "signed-off-by",
    "co-authored-by", "reviewed-by", "acked-by", "tested-by",
)  # fmt: skip
# "Marco Lindqvist <": a capitalised name right before the bracket.
_NAME_BEFORE = re2.compile(r"[A-Z][a-z'\-]+[ ]?$")


def _validate_bracketed_address(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if not any(char in value for char in ".,@©"):
        return None
    named = _NAME_BEFORE.search(ctx.text[max(0, start - 40) : start]) is not None
    if named or ctx.has_context(start, _ADDRESS_HEADER_CONTEXT, window=60):
        return 0.6
    return None


EMAIL_OCR_BRACKETED = Detector(
    name="email_ocr_bracketed",
    type="EMAIL",
    # "Author: Marco Lindqvist <marcofmail.example.org>": in a mail or commit
    # header, what stands in angle brackets after a name is an address, whatever
    # OCR made of its "@" (an "f", an "e", nothing).
    # Spaces OCR put inside it are allowed ("<taylorm@mail example .orge>").
    patterns=(r"<[A-Za-z0-9._%+\-@©]{2,64}(?:[ ]?[.,]?[ ]?[A-Za-z0-9\-]{1,63}){1,4}>",),
    validate=_validate_bracketed_address,
    ocr_only=True,
)


PHONE_CONTEXT = (
    "phone", "tel", "call", "mobile", "mob", "cell", "ring", "text me", "whatsapp",
    "fax", "contact", "number", "landline", "dial", "sms", "ext",
)  # fmt: skip

_EXT = r"(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5})?"
_SEP = r"[ .\-\x{00a0}]?"

_PHONE_PATTERNS = (
    # International: +CC or 00CC, optional (0), then digit groups.
    r"(?:\+|\b00)[1-9]\d{0,2}"
    + _SEP
    + r"(?:\(0\)"
    + _SEP
    + r")?(?:\(\d{1,5}\)"
    + _SEP
    + r")?\d{1,5}(?:"
    + _SEP
    + r"\d{1,5}){1,5}\b"
    + _EXT,
    # UK national: 0 + area code (optionally bracketed) + subscriber number.
    r"(?:\(0\d{2,4}\)|\b0\d{2,4})" + _SEP + r"\d{3,4}" + _SEP + r"\d{3,4}\b" + _EXT,
    # UK mobile/national unspaced or 5-6 split: 07700 900123, 01632960123.
    r"\b0\d{4}" + _SEP + r"\d{5,6}\b" + _EXT,
    # North America: (212) 555-0147, 212-555-0147, 212.555.0147, 1-800-555-0199.
    r"(?:\b1[ .\-])?(?:\(\d{3}\)[ ]?|\b\d{3}[.\-])\d{3}[.\-]\d{4}\b" + _EXT,
    # Spaced 3-3-4 (ambiguous with NHS numbers; both are redacted).
    r"(?:\b1[ ])?\b\d{3}[ ]\d{3}[ ]\d{4}\b" + _EXT,
    # International without spaces ("+13055550128"): a pattern of its own, as the
    # grouped one above runs on into a date after it and fails.
    r"\+[1-9]\d{9,14}\b",
)

# Bare digit runs are phones only with a phone word nearby.
_PHONE_BARE = r"\b\d{10,11}\b"


_EXTENSION = re2.compile(r"(?i)(?:x|ext\.?|extension)\s?\d{1,5}$")


@lru_cache(maxsize=4096)
def _known_number(value: str) -> bool:
    """libphonenumber knows this number (as written, read as GB or as US)."""
    try:
        if phonenumbers.is_valid_number(phonenumbers.parse(value, "GB")):
            return True
        if value.lstrip().startswith("+"):
            return False
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, "US")))
    except phonenumbers.NumberParseException:
        return False


def _phone_confidence(value: str, ctx: ScanContext) -> float | None:
    digits = digits_of(_EXTENSION.sub("", value))
    if not 8 <= len(digits) <= 15:
        return None
    # Fail closed: the written shape is a phone number's even where
    # libphonenumber does not know the range (fictional numbers, OCR misreads).
    return 0.95 if _known_number(value) else 0.75


def _validate_phone(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    # A dotted run that continues (``10.0.1904.5123``) is a version, not a phone.
    text = ctx.text
    if end < len(text) - 1 and text[end] == "." and text[end + 1].isdigit():
        return None
    if start > 1 and text[start - 1] == "." and text[start - 2].isdigit():
        return None
    # The tail of an identifier ("INV-031883 200"), not a number to dial.
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        return None
    return _phone_confidence(value, ctx)


def _validate_bare_phone(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    # An unspaced UK number (01…, 02…, 03…, 07…, eleven digits) needs no phone word.
    uk_national = value.startswith("0") and len(value) == 11 and value[1] in "1237"
    if not uk_national and not ctx.has_context(start, PHONE_CONTEXT, window=30):
        return None
    return _phone_confidence(value, ctx)


PHONE = Detector(
    name="phone",
    type="PHONE",
    patterns=_PHONE_PATTERNS,
    validate=_validate_phone,
    views=(RAW, DIGITS),
)

PHONE_BARE = Detector(
    name="phone_bare",
    type="PHONE",
    patterns=(_PHONE_BARE,),
    validate=_validate_bare_phone,
    views=(RAW, DIGITS),
)

# A bitmap "7" read as "/": at most this many in one number.
SLASHED_SEVENS = 2
_DATE_START = re2.compile(r"\d\d/\d\d/")


def _validate_slashed_mobile(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if value.count("/") > SLASHED_SEVENS or _DATE_START.match(value):
        return None
    digits = value.replace("/", "7").replace(" ", "")
    return 0.6 if len(digits) == 11 and digits.isdigit() else None


PHONE_AREA_CODE_DIGITS = 10
# Shapes only a phone number has, needing no phone word: "(20) 7946 0628",
# "(646> 555-0132".
_NO_CONTEXT_NEEDED = re2.compile(r"^\((?:0?2\d\)[ ]\d{4}[ ]\d{4}|\d{3}[>\]}])")


def _validate_misread_number(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if _NO_CONTEXT_NEEDED.match(value):
        return 0.6
    if value.startswith("("):
        # "(020) 7946 0224" read "(626) …": the area code's 0 lost to a look-alike.
        if len(digits_of(value)) < PHONE_AREA_CODE_DIGITS:
            return None
        return 0.6 if ctx.has_context(start, PHONE_CONTEXT, window=30) else None
    return _validate_slashed_mobile(value, start, end, ctx)


PHONE_OCR = Detector(
    name="phone_ocr",
    type="PHONE",
    # A UK mobile number with a small bitmap "7" read as "/" ("07/00 900747"), and
    # a number with an area code in brackets whose digits OCR changed, beside a
    # phone word.
    patterns=(
        r"\b07[0-9/]{3}[ ]?[0-9/]{6}\b",
        r"\(\d{3,5}\)[ ]?\d{3,4}[ ]\d{3,4}\b",
        # London's "(020)" with its 0 lost ("(20) 7946 0628"); a ")" read as ">".
        r"\(0?2\d\)[ ]\d{4}[ ]\d{4}\b",
        r"\(\d{3}[>\]}][ ]?\d{3}[-. ]\d{4}\b",
    ),
    validate=_validate_misread_number,
    views=(DIGITS,),
    ocr_only=True,
)

DETECTORS = (
    EMAIL, EMAIL_OCR, EMAIL_OCR_KEYED, EMAIL_OCR_FRAGMENT, EMAIL_OCR_CUT, EMAIL_OCR_BRACKETED,
    PHONE, PHONE_BARE, PHONE_OCR,
)  # fmt: skip
