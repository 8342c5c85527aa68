"""IPv4 and IPv6 addresses.

The hard part is not finding addresses but not finding versions: ``1.2.3.4``
is both. A dotted quad right after a version word (``v``, ``version``,
``build``, a browser name) or inside a longer dotted run is left alone unless an
address word (``ip``, ``host``, ``server``) stands next to it.
"""

from __future__ import annotations

import ipaddress
import re

from redaction.detector import DIGITS, RAW, Detector, ScanContext
from redaction.validators import ipv4_ok

VERSION_CONTEXT = (
    "version", "ver.", "build", "release", "chrome", "firefox", "edge", "safari",
    "ios", "android", "python", "node", "java", "kernel", "firmware", "update", "patch",
    "sdk", "api level", "macos", "windows", "upgrade", "upgraded", "bump", "bumped",
)  # fmt: skip
ADDRESS_CONTEXT = (
    "ip", "host", "server", "address", "addr", "ssh", "ping", "gateway", "dns", "proxy",
    "client", "remote", "src", "dst", "from", "connect", "inet", "subnet", "route", "peer",
)  # fmt: skip


def _in_dotted_run(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is part of a longer dotted run (a 5-part version, an OID)."""
    after = end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum()
    before = start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()
    return after or before


def _version_before(ctx: ScanContext, start: int, window: int) -> bool:
    """A version word ("build", "Chrome") or a "v" stands just before ``start``."""
    return ctx.before(start, 16).endswith("v") or ctx.has_context(
        start, VERSION_CONTEXT, window=window
    )


def _validate_ipv4(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    address = value.split("/")[0]
    if not ipv4_ok(address) or _in_dotted_run(ctx.text, start, end):
        return None
    if _version_before(ctx, start, 16) and not ctx.has_context(start, ADDRESS_CONTEXT, window=24):
        return None
    return 0.9


IPV4 = Detector(
    name="ipv4",
    type="IP_ADDRESS",
    patterns=(r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b",),
    validate=_validate_ipv4,
    views=(RAW, DIGITS),
)


# Two decimals separated by a comma and a space ("0.42, 0.38") are a list.
_DECIMAL_LIST = re.compile(r"\d\.\d+, \d")
_DOTS = re.compile(r"\.{2,}")
# An address with a dot lost has at least this many digits: "1.2.3 4" is no address.
LOST_DOT_MIN_DIGITS = 8


def _validate_ocr_ipv4(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if _DECIMAL_LIST.search(value) or value.count(", ") > 1:
        return None  # "load average: 0.42, 0.38, 0.35", "4, 12, 19, 33": a list
    if value.count(".") + value.count(",") == 2:
        if sum(char.isdigit() for char in value) < LOST_DOT_MIN_DIGITS:
            return None
        dotted = re.sub(r"[ ]-?|-", ".", value.replace(", ", ","), count=1).replace(",", ".")
        return _validate_ipv4(dotted, start, end, ctx)
    compact = _DOTS.sub(".", value.replace(" ", "").replace(",", "."))
    if " " in value or "," in value or compact != value:
        verdict = _validate_ipv4(compact, start, end, ctx)
        if verdict is not None or "," in value or _version_before(ctx, start, OCR_VERSION_WINDOW):
            return verdict  # with commas, an octet too long is a price ("1,250.00 2,300")
        octets = compact.split(".")
        stray = any(len(octet) == 4 for octet in octets) and _one_digit_too_many(octets)
        return 0.6 if stray else None
    # A question mark or full stop after the address read as a digit
    # ("whitelist 10.68.47.927?" → "…47.927"): one digit too many in the last octet.
    head, _, last = compact.rpartition(".")
    if _version_before(ctx, start, OCR_VERSION_WINDOW):
        return None  # "version 10.0.19045.380"
    if len(last) == 3 and int(last) > 255 and ipv4_ok(f"{head}.{last[:2]}"):
        return 0.6
    return 0.6 if _one_digit_too_many(compact.split(".")) else None


def _one_digit_too_many(octets: list[str]) -> bool:
    """One octet over 255 that is valid with one of its digits dropped: a stray
    pixel read as a digit in a small font ("410.150.150.123", "198.541.100.229",
    "10.29.4154.252"), or a bar before the address read as a 1 ("1198.51.100.38")."""
    bad = [index for index, octet in enumerate(octets) if not octet or int(octet) > 255]
    if len(octets) != 4 or len(bad) != 1 or len(octets[bad[0]]) not in (3, 4):
        return False
    octet = octets[bad[0]]
    return any(
        len(kept := octet[:cut] + octet[cut + 1 :]) <= 3 and int(kept) <= 255
        for cut in range(len(octet))
    )


# OCR text moves words about: a version word is looked for farther back.
OCR_VERSION_WINDOW = 24


def _splits_into_octets(parts: list[str]) -> bool:
    """One of the three parts, cut in two, gives four octets of at most 255."""
    for index, part in enumerate(parts):
        for cut in range(1, len(part)):
            octets = [*parts[:index], part[:cut], part[cut:], *parts[index + 1 :]]
            if all(len(octet) <= 3 and int(octet) <= 255 for octet in octets):
                return True
    return False


def _is_dotted_date(parts: list[str]) -> bool:
    """12.03.2024 or 2024.03.12: a year with a day and a month."""
    years = [part for part in parts if len(part) == 4 and 1900 <= int(part) <= 2099]
    others = [int(part) for part in parts if part not in years]
    return bool(years) and len(others) == 2 and all(value <= 31 for value in others)


def _validate_ipv4_dot_lost(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    """Any one dot lost: ``192.0.2233``, ``10223.2.29``, ``105.40.213`` (10.5.40.213).

    Three dotted parts with eight or more digits that split into four octets:
    versions are refused by their word or a longer run, dates by their year.
    """
    if _in_dotted_run(ctx.text, start, end) or _version_before(ctx, start, OCR_VERSION_WINDOW):
        return None  # "Chrome 110.0.6086.145", "Build 10.0.1904"
    parts = value.split(".")
    if sum(len(part) for part in parts) < LOST_DOT_MIN_DIGITS or _is_dotted_date(parts):
        return None
    return 0.6 if _splits_into_octets(parts) else None


IPV4_OCR_DOT_LOST = Detector(
    name="ipv4_ocr_dot_lost",
    type="IP_ADDRESS",
    patterns=(r"\b\d{1,6}\.\d{1,6}\.\d{1,6}\b",),
    validate=_validate_ipv4_dot_lost,
    ocr_only=True,
)

IPV4_OCR = Detector(
    name="ipv4_ocr",
    type="IP_ADDRESS",
    # OCR adds spaces around and inside octets, reads "." as "," and a speck
    # beside a dot as another (".51,.100").
    # One dot may be lost to a space or read as " -" ("198 51.100.163").
    patterns=(
        r"\b\d(?:[ ]?\d){0,3}(?:[ ]?[.,]{1,2}[ ]?\d(?:[ ]?\d){0,3}){3}\b",
        r"\b\d{1,3}(?:[ ]-?|-)\d{1,3}[.,]\d{1,3}[.,]\d{1,3}\b",
        r"\b\d{1,3}[.,]\d{1,3}(?:[ ]-?|-)\d{1,3}[.,]\d{1,3}\b",
        r"\b\d{1,3}[.,]\d{1,3}[.,]\d{1,3}(?:[ ]-?|-)\d{1,3}\b",
    ),
    validate=_validate_ocr_ipv4,
    views=(DIGITS,),
    ocr_only=True,
)

# A bare space between two groups: a dot lost ("203 ,0 113,91").
_GROUP_SEPARATOR = re.compile(r"[ ]?[.,]{1,2}[ ]?|[ ]")
# A port right after the reading says it is a host ("203 0,113 ,251:5432:").
_PORT_AFTER = re.compile(r"[ ]?:[ ]?\d{2,5}\b(?![ ]?:[ ]?\d)")  # not "21:08:08", a time
# The address word must be this close before a reading only context makes one.
CONTEXT_IPV4_WINDOW = 24


def _octets_with_a_stray_digit(groups: list[str]) -> bool:
    """Four octets, or four with one four-digit group that is an octet less one
    stray digit (a speck read as a digit: "203.0.1413.57")."""
    long = [group for group in groups if len(group) == 4]
    if len(long) > 1:
        return False
    candidates = [groups]
    if long:
        at = groups.index(long[0])
        candidates = [
            [*groups[:at], long[0][:cut] + long[0][cut + 1 :], *groups[at + 1 :]]
            for cut in range(4)
        ]
    return any(all(len(g) <= 3 and int(g) <= 255 for g in octets) for octets in candidates)


def _validate_ipv4_in_context(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    """A reading only an address word before it or a port after it makes an address:
    one dot lost to a bare space, or an octet with a stray digit. Lists and
    versions have neither."""
    port = _PORT_AFTER.match(ctx.text, end) is not None
    if not port and not ctx.has_context(start, ADDRESS_CONTEXT, window=CONTEXT_IPV4_WINDOW):
        return None
    if _version_before(ctx, start, OCR_VERSION_WINDOW) or _in_dotted_run(ctx.text, start, end):
        return None
    separators = _GROUP_SEPARATOR.findall(value)
    groups = _GROUP_SEPARATOR.split(value)
    if len(groups) != 4 or sum(sep == " " for sep in separators) > 1:
        return None
    if _is_dotted_date(groups[:3]):
        return None  # "2023.04.25 21:08:08": a date, and the hour of a time
    return 0.6 if _octets_with_a_stray_digit(groups) else None


IPV4_OCR_IN_CONTEXT = Detector(
    name="ipv4_ocr_in_context",
    type="IP_ADDRESS",
    patterns=(r"\b\d{1,4}(?:(?:[ ]?[.,]{1,2}[ ]?|[ ])\d{1,4}){3}\b",),
    validate=_validate_ipv4_in_context,
    views=(DIGITS,),
    ocr_only=True,
)

# A host in "user@host:" or "host:port": what stands around an address OCR lost an
# octet of.
_HOST_BEFORE = re.compile(r"[A-Za-z0-9_]@$")
_HOST_AFTER = re.compile(r":(?:\d{2,5}\b|/)")
# ...or another address just before it, in a list ("[192.0.2.198, 192..2.133]").
_ADDRESS_BEFORE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}[,;]?[ ]{0,2}$")


def _validate_ipv4_octet_lost(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    """An address with one octet lost whole, its dots left doubled ("deploy@203..113.186:"
    for 203.0.113.186; a small 0 can vanish): three octets, only where the
    address is a host (after "user@", before a port or a path, after an address
    word or another address). Ranges ("0..255") have no third part."""
    host = (
        _HOST_BEFORE.search(ctx.text[max(0, start - 2) : start])
        or _HOST_AFTER.match(ctx.text, end)
        or _ADDRESS_BEFORE.search(ctx.text[max(0, start - 20) : start])
    )
    if not host and not ctx.has_context(start, ADDRESS_CONTEXT, window=CONTEXT_IPV4_WINDOW):
        return None
    if _in_dotted_run(ctx.text, start, end) or _version_before(ctx, start, OCR_VERSION_WINDOW):
        return None
    octets = _DOTS.sub(".", value).split(".")
    return 0.6 if all(int(octet) <= 255 for octet in octets) else None


IPV4_OCR_OCTET_LOST = Detector(
    name="ipv4_ocr_octet_lost",
    type="IP_ADDRESS",
    patterns=(
        r"\b\d{1,3}\.\.\d{1,3}\.\d{1,3}\b",
        r"\b\d{1,3}\.\d{1,3}\.\.\d{1,3}\b",
    ),
    validate=_validate_ipv4_octet_lost,
    ocr_only=True,
)

_HEX = frozenset("0123456789abcdefABCDEF")


def _validate_ipv6(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    text = ctx.text
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == ":"):
        return None
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return None
    address = value.split("/")[0].split("%")[0]
    if address.count(":") < 2 or not any(char in _HEX for char in address):
        return None
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return None
    # "a::b" style strings are valid addresses but far more often code; demand
    # digits or several groups.
    groups = [group for group in address.split(":") if group]
    if not any(char.isdigit() for char in address) and len(groups) < 3:
        return None
    return 0.9


IPV6 = Detector(
    name="ipv6",
    type="IP_ADDRESS",
    patterns=(
        r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?::|\b)(?:\d{1,3}\.){3}\d{1,3})?"
        r"(?:%[0-9a-z]+)?(?:/\d{1,3})?",
    ),
    validate=_validate_ipv6,
)

_OCR_TO_HEX = str.maketrans(
    {"O": "0", "o": "0", "I": "1", "l": "1", "i": "1", "S": "5", "G": "6", "Z": "2", "£": "f"}
)
# Start of an address OCR cut short (an unread glyph, a lost group): this many
# colons and groups, one of them a full four-digit group, still make it one.
PARTIAL_IPV6_COLONS = 3
PARTIAL_IPV6_GROUPS = 3


def _partial_ipv6(address: str) -> bool:
    """``2001:db8:6cf1:1811:`` (the rest unread): hex groups and colons enough that it
    can only be the start of an IPv6 address; times (``12:30:45``) have too few."""
    groups = [group for group in address.split(":") if group]
    return (
        address.count(":") >= PARTIAL_IPV6_COLONS
        and len(groups) >= PARTIAL_IPV6_GROUPS
        and all(len(group) <= 4 and all(char in _HEX for char in group) for group in groups)
        and any(len(group) == 4 for group in groups)
        and any(char.isdigit() for char in address)
    )


def _validate_ocr_ipv6(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    repaired = value.replace(" ", "").replace("\ufffd", "").translate(_OCR_TO_HEX)
    # Read as written, a whole address is the plain detector's; a cut one
    # ("2001:db8:86d9:5352:9c9a", its "::" lost at the edge) is judged below.
    if any(char in "OoIliSGZ£ \ufffd" for char in value):
        shadow = ScanContext(ctx.text[:start] + repaired + ctx.text[end:], ctx.source)
        if _validate_ipv6(repaired, start, start + len(repaired), shadow) is not None:
            return 0.7
    # A partial read only from the start of a token, its first piece a group and
    # its colon (never a letter of the word before: "Time 12:30:45:1234").
    at_token = start == 0 or not ctx.text[start - 1].isalnum()
    first_piece = value.split(" ")[0]
    if at_token and ":" in first_piece and _partial_ipv6(repaired.split("/")[0]):
        return 0.6
    return None


IPV6_OCR = Detector(
    name="ipv6_ocr",
    type="IP_ADDRESS",
    # Hex digits misread as letters ("dce2:G39b") or split by a space ("00 00",
    # "2001: db8: :95f8").
    # Unread ink (U+FFFD) may stand before a colon ("f989::82 \ufffd :9a59").
    patterns=(
        r"(?i)(?:[0-9a-fOIlSGZ£](?:[ ]?[0-9a-fOIlSGZ£]){0,3})?"
        r"(?:[ ]?(?:\x{fffd}[ ])?:[ ]?(?:[0-9a-fOIlSGZ£](?:[ ]?[0-9a-fOIlSGZ£]){0,3})?){2,7}"
        r"(?:%[0-9a-z]+)?(?:/\d{1,3})?",
    ),
    validate=_validate_ocr_ipv6,
    ocr_only=True,
)

DETECTORS = (
    IPV4,
    IPV4_OCR,
    IPV4_OCR_DOT_LOST,
    IPV4_OCR_IN_CONTEXT,
    IPV4_OCR_OCTET_LOST,
    IPV6,
    IPV6_OCR,
)
