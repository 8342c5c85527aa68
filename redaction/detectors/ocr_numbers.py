"""OCR-only safety net for long numbers whose shape OCR has broken.

OCR inserts and drops spaces inside digit groups (``4415 9485 8469 8 410``,
``0191 4 98 0868``) and misreads digits as letters. The shaped detectors then
miss a value they would catch in typed text. On OCR text, a run of digits
separated only by single spaces or dashes (read on the digit view) is therefore
masked when it is long enough to be an identifier, or shorter but next to a
word that says what it is. Dates, times, prices and versions use other
separators (``/ : . ,``) and are not runs by this definition.
"""

from __future__ import annotations

import re
from dataclasses import replace

from redaction.detector import DIGITS, Detector, Hit, ScanContext

#: A run this long is masked on OCR text with no context at all: no date, time,
#: price or version written with spaces or dashes has nine digits.
MIN_DIGITS_WITHOUT_CONTEXT = 9
#: With a context word, runs from six digits (sort codes) are masked.
MIN_DIGITS_WITH_CONTEXT = 6

_CONTEXT_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CARD", ("card", "visa", "mastercard", "amex", "debit", "credit", "pan")),
    ("US_SSN", ("ssn", "social security")),
    ("NHS_NUMBER", ("nhs", "patient")),
    ("SORT_CODE", ("sort", "s/c")),
    ("BANK_ACCOUNT", ("account", "acc", "a/c", "acct", "iban", "bank")),
    ("PHONE", ("phone", "tel", "call", "mobile", "contact", "fax", "ring", "clinic")),
    ("UK_NINO", ("ni number", "national insurance", "nino")),
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{2}-\d{2}-\d{4}$")


def _type_from_context(ctx: ScanContext, start: int, end: int | None = None) -> str | None:
    """The label before the run, or (with ``end``) also just after it."""
    for entity_type, words in _CONTEXT_TYPES:
        if ctx.has_context(start, words, window=40, end=end):
            return entity_type
    return None


def _type_from_shape(digits: str) -> str:
    if 13 <= len(digits) <= 19:
        return "CARD"
    if digits.startswith("0") and len(digits) in (10, 11):
        return "PHONE"
    return "NUMBER"


_UUID = re.compile(r"^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$")


def _inside_uuid(text: str, start: int, end: int) -> bool:
    """The run is part of a UUID-shaped token (hex digits read as digits by the view)."""
    left, right = start, end
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] == "-") and start - left < 36:
        left -= 1
    while right < len(text) and (text[right].isalnum() or text[right] == "-") and right - end < 36:
        right += 1
    return _UUID.match(text[left:right]) is not None


def _has_date(value: str) -> bool:
    """A piece of the run is a dashed date with a real month (``2025-03-12 2025-04-01``)."""
    return any(
        _ISO_DATE.match(piece) and 1 <= int(piece.split("-")[1]) <= 12 for piece in value.split(" ")
    )


# A port or a range of them, as `docker ps` lists them ("9000-9001/tcp", "/tcp"
# read as "/top" in a small font).
_PORTS_AFTER = re.compile(r"/(?:t[co]p|tep|udp|ucp)\b", re.IGNORECASE)


def _validate_run(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if _ISO_DATE.match(value) or _has_date(value):
        return None
    text = ctx.digits
    # Glued to a decimal point, a thousands group or a time, the run is part of a
    # number in another notation ("1,250 000", "10.0 19045"); after "ORD-" it is
    # the tail of an identifier. A comma between fields (CSV) is no such glue.
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    digits = "".join(char for char in value if char.isdigit())
    if len(before) == 2 and before[1] in ".,:/" and before[0].isdigit():
        # "1,250 000" continues a number; a card after a CSV field does not.
        first_group = len(value.split(" ")[0].split("-")[0])
        if before[1] != "," or (first_group == 3 and len(digits) < MIN_DIGITS_WITHOUT_CONTEXT):
            return None
    if (len(after) == 2 and after[0] in ".,:/" and after[1].isdigit()) or after[:1] == "%":
        return None
    if len(before) == 2 and before[1] == "-" and before[0].isalpha():
        return None
    if ctx.has_context(start, ("isbn",), window=12) or _PORTS_AFTER.match(ctx.text, end):
        return None
    if _inside_uuid(ctx.text, start, end):
        return None
    if len(digits) >= MIN_DIGITS_WITHOUT_CONTEXT:
        return 0.6
    if len(digits) >= MIN_DIGITS_WITH_CONTEXT and _type_from_context(ctx, start, end):
        return 0.6
    return None


def _type_run(hit: Hit, ctx: ScanContext) -> Hit:
    """Typed from context words first, then from the run's length."""
    digits = "".join(char for char in ctx.digits[hit.start : hit.end] if char.isdigit())
    entity_type = _type_from_context(ctx, hit.start, hit.end) or _type_from_shape(digits)
    return replace(hit, type=entity_type)


OCR_NUMBER_RUN = Detector(
    name="ocr_number_run",
    type="NUMBER",
    patterns=(r"\b\d(?:[ \-]?\d){5,22}\b",),
    validate=_validate_run,
    views=(DIGITS,),
    ocr_only=True,
    refine=_type_run,
)


def _spaced(count: int) -> str:
    """``count`` digits, any of them followed by a stray space."""
    return r"\d(?:[ ]?\d){" + str(count - 1) + "}"


def _validate_ocr_phone(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    return 0.6 if " " in value.strip() else None


OCR_PHONE = Detector(
    name="ocr_phone",
    type="PHONE",
    # North American and UK shapes whose groups OCR has split with a space.
    patterns=(
        r"(?:\b1[ .\-])?(?:\("
        + _spaced(3)
        + r"\)[ ]?|\b"
        + _spaced(3)
        + r"[ ]?[.\-][ ]?)"
        + _spaced(3)
        + r"[ ]?[.\-][ ]?"
        + _spaced(4)
        + r"\b",
        r"(?:\+44[ ]?(?:\(0\)[ ]?)?|\b0)"
        + _spaced(3)
        + r"[ .\-]?"
        + _spaced(3)
        + r"[ .\-]?"
        + _spaced(4)
        + r"\b",
    ),
    validate=_validate_ocr_phone,
    views=(DIGITS,),
    ocr_only=True,
)

DETECTORS = (OCR_NUMBER_RUN, OCR_PHONE)
