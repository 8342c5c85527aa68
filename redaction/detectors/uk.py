"""UK identifiers: National Insurance numbers, NHS numbers, postcodes."""

from __future__ import annotations

from redaction.detector import DIGITS, LETTERS, RAW, Detector, ScanContext
from redaction.validators import nhs_ok, nino_prefix_ok

NINO_CONTEXT = ("ni number", "nino", "national insurance", "ni no", "nin", "ni:", "n.i.")


def _validate_nino(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if nino_prefix_ok(value[:2]):
        return 0.95 if value[:2].isupper() else 0.85
    if ctx.ocr or ctx.has_context(start, NINO_CONTEXT):
        return 0.6
    return None


UK_NINO = Detector(
    name="uk_nino",
    type="UK_NINO",
    patterns=(r"(?i)\b[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]\b",),
    validate=_validate_nino,
    views=(RAW, DIGITS),
)

_OCR_DIGIT_CLASS = r"[0-9OoIlSBZGgqD|]"


def _validate_ocr_nino(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    return 0.6 if sum(char.isdigit() for char in value[2:]) >= 4 else None


UK_NINO_OCR = Detector(
    name="uk_nino_ocr",
    type="UK_NINO",
    # OCR misreads digits as letters and moves spaces: "yh659 154c", "WX2G3318B".
    patterns=(
        r"(?i)\b[A-Z0-9|]{2}(?:[ ]?" + _OCR_DIGIT_CLASS + r"){6}[ ]?[A-D8]\b",
    ),
    validate=_validate_ocr_nino,
    ocr_only=True,
)

NHS_CONTEXT = ("nhs", "health", "patient", "chi", "hospital", "gp")


def _validate_nhs(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    separators = {char for char in value if not char.isdigit()}
    if len(separators) > 1:
        return None
    context = ctx.has_context(start, NHS_CONTEXT, window=50)
    if nhs_ok(value):
        return 0.95 if context else 0.8
    if context or (ctx.ocr and separators == {" "}):
        return 0.6
    return None


UK_NHS = Detector(
    name="uk_nhs_number",
    type="NHS_NUMBER",
    patterns=(r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b",),
    validate=_validate_nhs,
    views=(RAW, DIGITS),
)

# Royal Mail rules: first letter not Q/V/X, second not I/J/Z, inward unit
# letters not C/I/K/M/O/V. "GIR 0AA" is the one historic exception.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"


def _validate_postcode(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    if value.isupper() or value.replace(" ", "").isupper():
        return 0.9
    # Lower- or mixed-case only with a space, where it still reads as a postcode.
    return 0.7 if " " in value else None


UK_POSTCODE = Detector(
    name="uk_postcode",
    type="UK_POSTCODE",
    patterns=(
        r"\b" + _OUTWARD + r"[ ]?" + _INWARD + r"\b",
        r"(?i)\b" + _OUTWARD + r"[ ]" + _INWARD + r"\b",
        r"\bGIR[ ]?0AA\b",
    ),
    validate=_validate_postcode,
    views=(RAW, LETTERS, DIGITS),
)

_OCR_DIGIT = r"[0-9OIlSBZG|]"
_OCR_ALNUM = r"[A-Z0-9lI|]"


def _validate_ocr_postcode(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    digits = sum(char.isdigit() for char in value)
    inward_letters = sum(char.isalpha() for char in value.replace(" ", "")[-2:])
    if inward_letters == 0:
        return None
    # Both digit slots misread as letters ("BT5 8YJ" → "BTS BYJ"): only with a label.
    if digits == 0 and not ctx.has_context(start, ("postcode", "post code", "postal"), 30):
        return None
    return 0.6


UK_POSTCODE_OCR = Detector(
    name="uk_postcode_ocr",
    type="UK_POSTCODE",
    patterns=(
        # Always with the space (unspaced postcodes are left to the strict
        # pattern); OCR may also split the outward code ("N1 5 6NH").
        r"(?:^|[^\w\-])(?P<v>[A-Z]{1,2}" + _OCR_DIGIT + r"(?:[ ]?" + _OCR_ALNUM + r")?[ ]"
        + _OCR_DIGIT + r"[A-Z0-9]{2})\b",
    ),
    validate=_validate_ocr_postcode,
    ocr_only=True,
)

DETECTORS = (UK_NINO, UK_NINO_OCR, UK_NHS, UK_POSTCODE, UK_POSTCODE_OCR)
