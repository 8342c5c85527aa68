"""Payment cards, IBANs, UK sort codes and account numbers, US SSNs.

Checksums (Luhn, mod-97) and issuer ranges raise confidence. On OCR text a
well-shaped value whose checksum fails is still redacted: one misread digit
breaks any checksum, and a near miss is far likelier than a coincidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from redaction.detector import DIGITS, RAW, Detector, Hit, ScanContext
from redaction.validators import (
    IBAN_LENGTHS,
    card_prefix_ok,
    digits_of,
    iban_ok,
    luhn_ok,
    ssn_ok,
)

CARD_CONTEXT = (
    "card", "visa", "mastercard", "amex", "american express", "discover", "maestro",
    "debit", "credit", "cc", "pan", "payment", "expiry", "exp", "cvv", "cvc",
)  # fmt: skip

#: Groupings printed on cards besides 4-4-4-4(-n).
_CARD_GROUPINGS = ((4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 7), (6, 13))


#: A card read off a screen keeps at least this many of its digits as digits; the
#: rest may be look-alike letters ("4111 1111 IlII 1111").
CARD_MIN_REAL_DIGITS = 12


def card_grouping_ok(sizes: tuple[int, ...]) -> bool:
    """Digits unseparated, or in the groupings printed on cards (4-4-4-4, 4-6-5, …)."""
    if len(sizes) == 1:
        return True
    if all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in _CARD_GROUPINGS


def _plausible_window(sizes: tuple[int, ...], ocr: bool) -> bool:
    """Cheap pre-check before any checksum: how people (or OCR) write a card."""
    if card_grouping_ok(sizes):
        return True
    # OCR inserts or drops a space now and then; still no single-digit groups.
    return ocr and len(sizes) <= 6 and min(sizes) >= 2


def card_confidence(digits: str, shaped: bool, start: int, ctx: ScanContext) -> float | None:
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return None
    prefix = card_prefix_ok(digits)
    luhn = luhn_ok(digits)
    if luhn and prefix and shaped:
        return 0.95
    context = ctx.has_context(start, CARD_CONTEXT)
    if luhn and (prefix or context):
        return 0.8
    if ctx.ocr and (prefix or context) and len(digits) in (15, 16):
        return 0.6
    if context and shaped and len(digits) in (15, 16):
        return 0.6
    return None


class _CardDetector(Detector):
    """Cards are runs of digit groups; pick the groups that form a card.

    A greedy match can swallow a neighbouring number (``… 1111 12/27``) or hold
    two cards; sliding over whole groups finds each card inside the run. Each
    window is at most 19 digits, so a run costs O(groups × 19).
    """

    def find(self, ctx: ScanContext) -> Iterator[Hit]:
        seen: set[tuple[int, int]] = set()
        for text in self.texts_for(ctx):
            for match in self.compiled[0].finditer(text):
                for hit in self._cards_in_run(match.start(), match.group(), ctx):
                    if (hit.start, hit.end) not in seen:
                        seen.add((hit.start, hit.end))
                        yield hit

    def _cards_in_run(self, base: int, run: str, ctx: ScanContext) -> Iterator[Hit]:
        groups = [(m.start(), m.end(), m.group()) for m in _DIGIT_GROUP.finditer(run)]
        index = 0
        smallest_group = 2 if ctx.ocr else 4
        while index < len(groups):
            best: Hit | None = None
            digits = ""
            sizes: tuple[int, ...] = ()
            for last in range(index, min(len(groups), index + 19)):
                size = len(groups[last][2])
                digits += groups[last][2]
                sizes += (size,)
                if len(digits) > 19 or (size < smallest_group and len(digits) < 13):
                    break
                if len(digits) < 13 or not _plausible_window(sizes, ctx.ocr):
                    continue
                start = base + groups[index][0]
                real = sum(char.isdigit() for char in ctx.text[start : base + groups[last][1]])
                if real < CARD_MIN_REAL_DIGITS:
                    continue  # mostly letters read as digits ("468G 11G 687G 68")
                confidence = card_confidence(digits, card_grouping_ok(sizes), start, ctx)
                if confidence is not None and (best is None or confidence >= best.confidence):
                    best = Hit(start, base + groups[last][1], self.type, self.name, confidence)
            if best is None:
                index += 1
                continue
            yield best
            while index < len(groups) and base + groups[index][0] < best.end:
                index += 1


# Python's engine is linear for a lone character class and cheaper per match.
_DIGIT_GROUP = re.compile(r"\d+")

CARD = _CardDetector(
    name="card",
    type="CARD",
    patterns=(r"\b\d(?:[ \-]{0,2}\d){12,}\b",),
    views=(RAW, DIGITS),
)


def _validate_iban(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    compact = value.replace(" ", "").replace("-", "").upper()
    country = compact[:2]
    expected = IBAN_LENGTHS.get(country)
    if expected is None or len(compact) < expected:
        if ctx.ocr and len(compact) >= 15 and ctx.has_context(start, ("iban",)):
            return 0.6
        return None
    candidate = compact[:expected]
    if iban_ok(candidate):
        return 0.95
    # Unvalidated shapes count only in capitals: lower-case hex ("ba27-841a…") is
    # a UUID or a hash, not an IBAN.
    if not value[:2].isupper():
        return None
    if ctx.ocr or ctx.has_context(start, ("iban", "bank", "account", "transfer")):
        return 0.6
    return None


# An IBAN printed in groups of four with one group OCR never read (its ink
# taken into another word): at least this many whole groups before the last.
MIN_IBAN_GROUPS = 3
IBAN_GROUP = 4
# What OCR reads for a small glyph inside a group ("IT?S": a 7 and a 5).
_OCR_STAND_INS = frozenset("?@!|$")


def _grouped_prefix(value: str) -> str | None:
    """The part of ``value`` printed as an IBAN is, in groups of four and a last
    shorter group ("IE17 AIBK 7129 6382 74"), else None.

    The prefix ends at the first group shorter than four, so the words after the
    value ("… 74 34.75 5 Dec") stay out even when a group is missing.
    """
    pieces = value.split(" ")
    # The first group (country, check digits) may have a glyph too many or too
    # few ("IE9O0 BOFI …"): it is the value's start whatever its length.
    whole = 1 if pieces and abs(len(pieces[0]) - IBAN_GROUP) <= 1 else 0
    while whole < len(pieces) and len(pieces[whole]) == IBAN_GROUP:
        whole += 1
    if whole < MIN_IBAN_GROUPS:
        return None
    kept = pieces[: whole + 1]
    if len(kept) > whole and len(kept[-1]) > IBAN_GROUP:
        # "30|3143": a table's bar, then the next cell; a bar read as a digit
        # ("404813680,89"): the last group is four characters at most.
        kept[-1] = kept[-1].split("|")[0][:IBAN_GROUP]
    readable = all(char.isalnum() or char in _OCR_STAND_INS for piece in kept for char in piece)
    return " ".join(kept) if readable else None


def _trim_iban(hit: Hit, ctx: ScanContext) -> Hit:
    """IBAN shapes are greedy (``… 32 AND`` continues); trim to the country's length."""
    text = ctx.text
    country = text[hit.start : hit.start + 2].upper()
    if ctx.ocr:
        country = _ocr_country(country.translate(_COUNTRY_FROM_OCR))
    expected = IBAN_LENGTHS.get(country)
    if expected is None:
        return hit
    seen = 0
    end = hit.start
    while end < hit.end and seen < expected:
        if text[end].isalnum():
            seen += 1
        end += 1
    if ctx.ocr and (prefix := _grouped_prefix(text[hit.start : end])) is not None:
        # OCR lost a glyph or a group: the value still ends with its last group.
        end = hit.start + len(prefix)
    return replace(hit, end=end)


IBAN = Detector(
    name="iban",
    type="IBAN",
    patterns=(r"(?i)\b[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,30}\b",),
    validate=_validate_iban,
    views=(RAW, DIGITS),
    refine=_trim_iban,
)


_COUNTRY_FROM_OCR = str.maketrans("01252678[|", "OIZSZGTBII")


# Capital letters OCR confuses with each other ("TE68…" for "IE68…").
_LETTER_MISREADS = {"T": "I", "L": "I", "J": "I", "C": "G", "G": "C", "O": "D", "D": "O"}


def _ocr_country(letters: str) -> str:
    """The IBAN country code ``letters`` stand for, undoing one letter misread."""
    if letters in IBAN_LENGTHS:
        return letters
    for position in (0, 1):
        fixed = _LETTER_MISREADS.get(letters[position])
        if fixed:
            candidate = letters[:position] + fixed + letters[position + 1 :]
            if candidate in IBAN_LENGTHS:
                return candidate
    return letters


def _ocr_iban_parts(value: str) -> tuple[str, int | None]:
    compact = value.replace(" ", "").replace("-", "")
    country = _ocr_country(compact[:2].translate(_COUNTRY_FROM_OCR))
    return compact, IBAN_LENGTHS.get(country)


def _grouped_iban(value: str, expected: int) -> str | None:
    """``value``'s grouped prefix when it is an IBAN, whole or short of one group;
    the words after it ("… 132 | 184,08") are not part of it."""
    prefix = _grouped_prefix(value)
    if prefix is None:
        return None
    length = len(prefix.replace(" ", ""))
    return prefix if expected - 2 * IBAN_GROUP <= length <= expected + 2 else None


def _validate_ocr_iban(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    compact, expected = _ocr_iban_parts(value)
    if expected is None:
        return None
    if not expected - 2 <= len(compact) <= expected + 2:
        prefix = _grouped_iban(value, expected)
        if prefix is None:
            return None
        compact = prefix.replace(" ", "")
    return 0.6 if sum(char.isdigit() for char in compact) >= expected // 2 else None


IBAN_OCR = Detector(
    name="iban_ocr",
    type="IBAN",
    # Check digits misread as letters ("DE2B…", "NL3l …", "FRQ6…" for FR06).
    # Upper case only (IBANs are printed in capitals; lower-case hex in UUIDs and
    # hashes is not an IBAN). The country letters may be read as digits ("6B98").
    # "@" and "!" are how OCR reads an 8 or an I at small sizes ("GB@2", "BOF!"),
    # "$" a 5 or an S ("0749 $423"), "?" a 7 ("IT?S"); an input box's edge
    # can stand for the I of the country ("[E68 AIBK …").
    # The second pattern starts at country letters only, so a number before the
    # IBAN in a table row ("402 631 8389 IE17 AIBK …") cannot swallow its start.
    patterns=(
        r"\b[A-Z0-9]{2}[0-9OQDIlSBZG@?][ ]?[0-9OQDIlSBZG@?](?:[ \-]?[A-Z0-9@!|$]){10,32}",
        r"\b[A-Z]{2}[0-9OQDIlSBZG@?][ ]?[0-9OQDIlSBZG@?](?:[ \-]?[A-Z0-9@!|$]){10,32}",
        r"[\[|][A-Z][0-9OQDIlSBZG@?][ ]?[0-9OQDIlSBZG@?](?:[ \-]?[A-Z0-9@!|$]){10,32}",
        # Check digits misread past recognition ("GB?Y? LOYD 3744 …"): the country,
        # a bank code of four capitals and groups of digits say it.
        r"\b[A-Z]{2}[A-Z0-9@?!|$é]{2,3}[ ][A-Z]{4}(?:[ ][0-9OIlSBZG@?]{4}){2,}(?:[ ][0-9]{1,4})?",
    ),
    validate=_validate_ocr_iban,
    ocr_only=True,
    refine=_trim_iban,
)

SORT_CODE_CONTEXT = ("sort code", "sort", "s/c", "sc:", "sortcode", "bank", "branch")
ACCOUNT_CONTEXT = ("account", "acc", "a/c", "acct", "acc no", "account no", "bank")


def _validate_sort_code(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if ctx.has_context(start, SORT_CODE_CONTEXT, window=30):
        return 0.9
    # A sort code printed right before an account number: "20-00-00 12345678".
    after = ctx.digits[end : end + 14]
    if len(digits_of(after[:12])) == 8 and ctx.has_context(start, ACCOUNT_CONTEXT, window=40):
        return 0.8
    return None


SORT_CODE = Detector(
    name="uk_sort_code",
    type="SORT_CODE",
    # "." for a separator OCR misread ("75 62.59"); the context word is required.
    patterns=(r"\b\d{2}[\- .]\d{2}[\- .]\d{2}\b", r"\b\d{6}\b"),
    validate=_validate_sort_code,
    views=(RAW, DIGITS),
)


def _could_be_a_date(first: int, second: int) -> bool:
    """``dd-mm-yy``, the way dates are written where sort codes exist."""
    return 1 <= first <= 31 and 1 <= second <= 12


# An account number right after a sort code: "12-01-67 ,38611972".
_ACCOUNT_AFTER = re.compile(r"[ ,;:|]{1,4}\d{8}\b")


def _validate_bare_sort_code(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    first, second, _ = value.split("-")
    if _could_be_a_date(int(first), int(second)) and not _ACCOUNT_AFTER.match(ctx.text, end):
        return None  # a date, unless an account number follows it
    around = ctx.digits[max(0, start - 1) : start] + ctx.digits[end : end + 1]
    if any(char in "-/.:" for char in around):
        return None  # part of a longer dashed identifier
    return 0.6


SORT_CODE_OCR = Detector(
    name="uk_sort_code_ocr",
    type="SORT_CODE",
    # On screens a sort code often sits in a table cell or CSV field whose
    # caption is elsewhere; a dashed 2-2-2 number that cannot be a date is one.
    patterns=(r"\b\d{2}-\d{2}-\d{2}\b",),
    validate=_validate_bare_sort_code,
    views=(DIGITS,),
    ocr_only=True,
)


def _validate_account(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if ctx.has_context(start, ACCOUNT_CONTEXT, window=40):
        return 0.85
    before = ctx.digits[max(0, start - 14) : start]
    if len(digits_of(before)) == 6 and ctx.has_context(start, SORT_CODE_CONTEXT, window=50):
        return 0.85
    # On a screen, right after a dashed sort code ("08-24-08, 73138584").
    # (As written: the digit view reads a table's "|" as a 1.)
    written = ctx.text[max(0, start - 14) : start]
    if ctx.ocr and _AFTER_SORT_CODE.search(written) and len(digits_of(value)) == 8:
        return 0.7
    return None


# (Its digits may be misread as look-alikes: "09-S7-68 ,59150343".)
_AFTER_SORT_CODE = re.compile(r"\b[0-9SOIlBZ]{2}[- ][0-9SOIlBZ]{2}[- ][0-9SOIlBZ]{2}[ ,;:|]{1,4}$")


BANK_ACCOUNT = Detector(
    name="uk_account_number",
    type="BANK_ACCOUNT",
    patterns=(r"\b\d{7,10}\b", r"\b\d{4}[ ]\d{4}\b"),
    validate=_validate_account,
    views=(RAW, DIGITS),
)

SSN_CONTEXT = ("ssn", "social security", "soc sec", "ss#", "ss no", "taxpayer", "itin", "tin")


def _validate_ssn(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    context = ctx.has_context(start, SSN_CONTEXT)
    separated = not value.isdigit()
    if ssn_ok(value):
        if separated or context:
            return 0.9 if context else 0.8
        return None
    if context or (ctx.ocr and separated):
        return 0.6
    return None


US_SSN = Detector(
    name="us_ssn",
    type="US_SSN",
    patterns=(r"\b\d{3}-\d{2}-\d{4}\b", r"\b\d{3} \d{2} \d{4}\b", r"\b\d{9}\b"),
    validate=_validate_ssn,
    views=(RAW, DIGITS),
)

# Context for a damaged SSN: this many characters before it, half as many after.
OCR_SSN_WINDOW = 60


def _validate_ocr_ssn(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    # A digit lost or added by OCR: only with the words that say what it is,
    # before it or after it ("listed 60-92-8810 as their social security number").
    return 0.6 if ctx.has_context(start, SSN_CONTEXT, window=OCR_SSN_WINDOW, end=end) else None


US_SSN_OCR = Detector(
    name="us_ssn_ocr",
    type="US_SSN",
    # A dash may be read as a full stop ("325-94.9741").
    patterns=(r"\b\d{2,4}[-.]\d{2}[-.]\d{3,5}\b",),
    validate=_validate_ocr_ssn,
    ocr_only=True,
)

DETECTORS = (
    CARD, IBAN, IBAN_OCR, SORT_CODE, SORT_CODE_OCR, BANK_ACCOUNT, US_SSN, US_SSN_OCR
)  # fmt: skip
