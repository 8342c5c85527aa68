"""Checksums and structural rules for identifiers.

Pure predicates over the *characters of a candidate*. Each returns a bool; the
detectors decide what a failed check means (reject, or keep at a lower
confidence when the source is OCR and a misread digit is likely).
"""

from __future__ import annotations

import math
from collections import Counter

DIGITS = frozenset("0123456789")


def digits_of(value: str) -> str:
    return "".join(ch for ch in value if ch in DIGITS)


def luhn_ok(number: str) -> bool:
    """Luhn mod-10 over the digits of ``number`` (separators ignored)."""
    digits = digits_of(number)
    if len(digits) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# Issuer identification ranges of the card schemes a UK/US employee is likely to
# type. A 13-19 digit run outside these is far more likely an order number or an
# ISBN than a card, so the prefix is part of the check.
_CARD_PREFIXES: tuple[tuple[int, int, int], ...] = (
    # (prefix length, low, high)
    (1, 4, 4),  # Visa
    (2, 51, 55),  # Mastercard
    (4, 2221, 2720),  # Mastercard 2-series
    (2, 34, 34),  # Amex
    (2, 37, 37),  # Amex
    (4, 6011, 6011),  # Discover
    (2, 65, 65),  # Discover
    (3, 644, 649),  # Discover
    (2, 62, 62),  # UnionPay
    (4, 3528, 3589),  # JCB
    (2, 36, 36),  # Diners
    (2, 38, 39),  # Diners
    (3, 300, 305),  # Diners
    (2, 50, 50),  # Maestro
    (2, 56, 69),  # Maestro
)


def card_prefix_ok(digits: str) -> bool:
    for length, low, high in _CARD_PREFIXES:
        if len(digits) >= length and low <= int(digits[:length]) <= high:
            return True
    return False


# IBAN lengths by country (ISO 13616 registry). Used to trim a greedy match and
# to reject two letters plus digits that merely look like an IBAN.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip


def iban_ok(compact: str) -> bool:
    """ISO 7064 mod-97-10 over an IBAN without spaces (letters A=10 … Z=35)."""
    if len(compact) < 15 or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    remainder = 0
    for char in rearranged.upper():
        if char.isdigit():
            remainder = (remainder * 10 + ord(char) - 48) % 97
        elif "A" <= char <= "Z":
            remainder = (remainder * 100 + ord(char) - 55) % 97
        else:
            return False
    return remainder == 1


def nhs_ok(number: str) -> bool:
    """NHS number mod-11: weights 10..2 over the first nine digits."""
    digits = digits_of(number)
    if len(digits) != 10:
        return False
    total = sum((10 - index) * (ord(char) - 48) for index, char in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == ord(digits[9]) - 48


_NINO_BAD_FIRST = frozenset("DFIQUV")
_NINO_BAD_SECOND = frozenset("DFIOQUV")
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_prefix_ok(prefix: str) -> bool:
    """HMRC rules for the two-letter prefix of a National Insurance number."""
    prefix = prefix.upper()
    return (
        len(prefix) == 2
        and prefix[0] not in _NINO_BAD_FIRST
        and prefix[1] not in _NINO_BAD_SECOND
        and prefix not in _NINO_BAD_PREFIXES
    )


def ssn_ok(number: str) -> bool:
    """US SSN issuance rules: area not 000/666/9xx, group not 00, serial not 0000."""
    digits = digits_of(number)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def ipv4_ok(value: str) -> bool:
    parts = value.split(".")
    return len(parts) == 4 and all(part.isdigit() and int(part) <= 255 for part in parts)


def shannon_entropy(value: str) -> float:
    """Bits per character of the empirical distribution of ``value``."""
    if not value:
        return 0.0
    length = len(value)
    return -sum((count / length) * math.log2(count / length) for count in Counter(value).values())
