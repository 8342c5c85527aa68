"""UK identifiers: National Insurance numbers, NHS numbers, postcodes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from redaction.detector import DIGITS, LETTERS, RAW, Detector, Hit, ScanContext
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
    if ctx.text[end : end + 1] == "%":
        return None  # its "letter" is a percentage's digit: "248G 66G 78% /dev"
    return 0.6 if sum(char.isdigit() for char in value[2:]) >= 4 else None


UK_NINO_OCR = Detector(
    name="uk_nino_ocr",
    type="UK_NINO",
    # OCR misreads digits as letters and moves spaces: "yh659 154c", "WX2G3318B".
    # ...and, in capitals and digits only, with a space read as a dot ("LA 38.48 97D").
    patterns=(
        r"(?i)\b[A-Z0-9|]{2}(?:[ ]?" + _OCR_DIGIT_CLASS + r"){6}[ ]?[A-D8]\b",
        r"\b[A-Z]{2}[ ]?\d{2}[ .]?\d{2}[ .]?\d{2}[ ]?[A-D]\b",
    ),
    validate=_validate_ocr_nino,
    ocr_only=True,
)


def _validate_nino_without_suffix(
    value: str, start: int, end: int, ctx: ScanContext
) -> float | None:
    return 0.6 if nino_prefix_ok(value[:2]) else None


UK_NINO_OCR_NO_SUFFIX = Detector(
    name="uk_nino_ocr_no_suffix",
    type="UK_NINO",
    # A narrow final letter is easily lost or glued to the next cell: "RG 92 38 28",
    # "OG 60 52 57 D_". Capital prefix, six real digits, a valid prefix. A comma
    # OCR lost glues the next field on: "AE372884B84425693" (one digit of it is
    # taken, as RE2 cannot look ahead).
    patterns=(
        r"\b[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}(?:[ ]?[A-D][_.,|]?)?(?:\b|$)",
        r"\b[A-Z]{2}\d{6}[A-D]\d",
    ),
    validate=_validate_nino_without_suffix,
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

_STRICT_POSTCODE = re.compile(r"^" + _OUTWARD + r" " + _INWARD + r"$")
_AS_DIGIT = str.maketrans("OIL|SBZGDQ?", "01115826007")
_AS_LETTER = str.maketrans("0158262", "OISBZGZ")
# Inward letters are never C, I, K, M, O or V: a glyph read as one of those (or as
# a digit or bracket) stands for a letter that is allowed ("9IW" is 9JW, "1VF" is
# 1YF: a small Y loses its stem).
_AS_INWARD_LETTER = str.maketrans("0O1I|]})582673V", "QQJJJJJJSBZGTJY")
# Letters whose small and capital forms differ only in size: OCR reads either.
_CASELESS = "locsuvwxz"
#: At most this many characters may be repaired for an OCR read to count.
MAX_POSTCODE_REPAIRS = 2
#: Pairs a monospaced or small font draws almost alike: a spaced read with two
#: repairs, both of these, still counts without a label ("0X27 ORL").
_LOOK_ALIKE_REPAIRS = frozenset(
    {("0", "O"), ("O", "0"), ("1", "I"), ("I", "1"), ("L", "1"), ("S", "5"), ("5", "S"),
     ("B", "8"), ("8", "B"), ("Z", "2"), ("2", "Z"), ("G", "6"), ("6", "G"),
     (")", "J"), ("]", "J"), ("}", "J"), ("I", "J")}
)  # fmt: skip
#: The postcode areas in use: the look-alike allowance above applies only to a
#: reading whose area exists ("OX27 0RL"), never to "14 ORD" read as "I4 0RD".
POSTCODE_AREAS = frozenset(
    """
    AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT
    DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA
    LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE
    SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV
    YO ZE
    """.split()
)


def _repair_postcode(value: str) -> tuple[str, int, bool] | None:
    """Read ``value`` as a postcode whose letters and digits OCR may have swapped.

    Tries each outward shape (A9, A99, AA9, AA99, A9A, AA9A) and maps every
    character to the class its slot needs; returns the repaired postcode, how
    many characters changed and whether every change was between look-alikes
    (O/0, I/1) in a postcode area that exists, or ``None`` if no shape fits.
    """
    compact = value.replace(" ", "").replace(".", "").upper()
    if not 5 <= len(compact) <= 7:
        return None
    outward, inward = compact[:-3], compact[-3:]
    # O is never an inward letter: a 0 or O there was a D or a Q.
    inward_fixed = inward[0].translate(_AS_DIGIT) + inward[1:].translate(_AS_INWARD_LETTER)
    best: tuple[str, int, bool] | None = None
    for shape in ("A9", "A99", "AA9", "AA99", "A9A", "AA9A"):
        if len(shape) != len(outward):
            continue
        fixed = "".join(
            char.translate(_AS_DIGIT) if slot == "9" else char.translate(_AS_LETTER)
            for char, slot in zip(outward, shape, strict=True)
        )
        candidate = f"{fixed} {inward_fixed}"
        if _STRICT_POSTCODE.match(candidate):
            changed = [(a, b) for a, b in zip(compact, fixed + inward_fixed, strict=True) if a != b]
            if best is None or len(changed) < best[1]:
                area = fixed[: 2 if fixed[1:2].isalpha() else 1]
                alike = area in POSTCODE_AREAS and all(p in _LOOK_ALIKE_REPAIRS for p in changed)
                best = (candidate, len(changed), alike)
    return best


def is_misread_postcode(word: str) -> bool:
    """``word`` is a postcode with its halves glued and some characters read as
    their look-alikes ("LI3BLS" for L13 8LS), in an area that exists."""
    repaired = _repair_postcode(word)
    return repaired is not None and repaired[2] and repaired[1] <= MAX_POSTCODE_REPAIRS


#: Words before a postcode that say it is one: labels, and the street of an
#: address it ends ("202 Hawthorn Avenue, Reading RGS SBL").
POSTCODE_CONTEXT = (
    "postcode", "post code", "postal", "address", "street", "road", "avenue", "lane",
    "close", "crescent", "drive", "gardens", "court", "terrace", "square", "grove", "place",
    "mews", "way,", "row,", "hill,", "park,", "green,", "walk,",
)  # fmt: skip


def _with_extra_glyph(value: str) -> bool:
    """``LS8 2XxZ``, ``CB14 6YXx``: a valid outward code (in a known area, read as
    is) and an inward code with one glyph too many, which OCR doubled or split."""
    outward, _, inward = value.strip().partition(" ")
    if len(inward) != 4 or not re.fullmatch(_OUTWARD, outward):
        return False
    if any(char.islower() and char not in _CASELESS for char in inward):
        return False  # a word: "91097e9 Bump version"
    area = outward[: 2 if outward[1:2].isalpha() else 1]
    if area not in POSTCODE_AREAS:
        return False
    for cut in range(1, 4):
        repaired = _repair_postcode(f"{outward} {inward[:cut]}{inward[cut + 1 :]}")
        if repaired is not None and repaired[1] <= 1:
            return True
    return False


# A cell right after a column rule ("2142|620 4RX", "| SwW13 6WE"): the halves of
# a postcode read badly, an outward code of this many characters...
CELL_OUTWARD_CHARS = (2, 5)
# ...and an inward code of this many.
CELL_INWARD_CHARS = (2, 4)
_POSTCODE_CELL = re.compile(r"^([A-Za-z0-9?]+) _?([A-Za-z0-9]+)$")


# A table's column rule as OCR reads it, just before a cell's value.
_CELL_RULES = "|"


def _opens_cell(start: int, ctx: ScanContext) -> bool:
    """The value at ``start`` opens a table cell: a column rule stands right before
    it, perhaps with a space ("2142|620 4RX", "| SwW13 6WE")."""
    before = ctx.text[max(0, start - 2) : start]
    return before.endswith(_CELL_RULES) or before == _CELL_RULES + " "


def _postcode_cell(value: str, start: int, ctx: ScanContext) -> bool:
    """A value shaped like a badly read postcode that opens a table cell.

    The column rule before it ("|", perhaps a space) says the two tokens are one
    cell's value rather than words of a sentence; the outward code starts with a
    letter (or a digit OCR puts for one) and holds a digit, the inward code holds
    a letter: "620 4RX" (G20 4RX), "VO16 QUE", "BN9 AX", "Sw21 1AXx".
    """
    if not _opens_cell(start, ctx):
        return False
    match = _POSTCODE_CELL.match(value)
    if match is None:
        return False
    outward, inward = match.groups()
    if not CELL_OUTWARD_CHARS[0] <= len(outward) <= CELL_OUTWARD_CHARS[1]:
        return False
    if not CELL_INWARD_CHARS[0] <= len(inward) <= CELL_INWARD_CHARS[1]:
        return False
    first_is_letter = outward[0].isalpha() or outward[0] in "0156"
    return (
        first_is_letter
        # A small "1" read as "i" ("Bi OFE" for B1 0FE), a "7" as "?".
        and not any(char.islower() and char not in _CASELESS + "i" for char in value)
        and any(char.isdigit() or char in "?i" for char in outward)
        and (any(char.isalpha() for char in inward) or _inward_letters_as_digits(outward, inward))
        and sum(char.isalpha() for char in value) >= 2
    )


# Digits a bitmap font's inward letters are read as: Z, S, B, G.
_INWARD_LETTER_DIGITS = frozenset("2586")


def _inward_letters_as_digits(outward: str, inward: str) -> bool:
    """An inward code whose two letters were both read as their digit look-alikes
    ("NGI? 522" for NG17 5ZZ), after an outward code of a postcode area that exists."""
    area = "".join(char for char in outward[:2] if char.isalpha()).upper()
    return (
        len(inward) == 3
        and inward[0].isdigit()
        and all(char in _INWARD_LETTER_DIGITS for char in inward[1:])
        and area in POSTCODE_AREAS
    )


def _validate_ocr_postcode(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    value = value.replace("¥", "Y")  # a small bitmap Y
    outward = value.split(" ")[0]
    if "?" in value and ("?" not in outward or not any(c.isdigit() or c in "Il" for c in outward)):
        # A "?" is a small 7 beside a digit (or a 1 read as I) of the outward
        # code ("G4?", "NGI?"), not "OK?".
        return None
    confidence = _judge_ocr_postcode(value, start, ctx)
    if confidence is None and (_with_extra_glyph(value) or _postcode_cell(value, start, ctx)):
        return 0.6
    return confidence


# Small letters OCR puts for the digits of a capitalised value ("SWlW ZQY").
_SMALL_LOOK_ALIKES = str.maketrans("lo", "LO")


def _judge_ocr_postcode(value: str, start: int, ctx: ScanContext) -> float | None:
    repaired = _repair_postcode(value)
    if repaired is None:
        return None
    labelled = ctx.has_context(start, POSTCODE_CONTEXT, 40)
    # One repair is an OCR near miss; two only next to a postcode label, in a
    # spaced value where both were O/0 or I/1 swaps, or in a spaced value that
    # opens a table cell ("4047|G23 7VA": a cell holds a value, not prose).
    alike = repaired[2] and " " in value.strip()
    cell = " " in value.strip() and _opens_cell(start, ctx)
    if repaired[1] > (MAX_POSTCODE_REPAIRS if labelled or alike or cell else 1):
        return None
    if not any(char.isdigit() for char in value):
        # Both digit slots misread ("BTS BYJ"): only a capitalised value beside its
        # label, or opening a table cell with look-alikes only ("7427|EHS OTL").
        capitals = value.translate(_SMALL_LOOK_ALIKES).isupper()
        return 0.6 if (labelled or (cell and repaired[2])) and capitals else None
    if labelled:
        return 0.6
    if not any(char.isalpha() for char in value.strip()[-3:]):
        return None  # no letter left in the inward code: "Flight: BA 6558"
    outward = value.split()[0] if " " in value.strip() else value[:-3]
    if not any(char.isalpha() for char in outward):
        return None  # an outward code starts with a letter: "824 GET" is a log line
    # Postcodes are printed in capitals: lower-case letters (other than the l, i
    # and o OCR puts for 1 and 0, and letters whose two cases look alike) mean a
    # word, not a postcode ("26 Sep").
    if any(char.islower() and char not in _CASELESS + "i" for char in value):
        return None
    if " " not in value and repaired[1] and sum(char.isdigit() for char in repaired[0]) < 2:
        return None
    return 0.6


# "¥" is a small bitmap Y ("¥O2 4TY").
_TOKEN = re.compile(r"[A-Za-z0-9|\]})¥?]+")
# Between a postcode's halves: a space, or a speck OCR read as a full stop ("M23. 2WY",
# "SW14.2GP").
_HALF_SEPARATORS = frozenset({" ", ". ", ".", " _"})
# "|" is a misread I or 1 inside a postcode, but also a table's column rule
# glued to one ("1743|0X26 8SB"): tokens are tried both ways.
_TOKEN_NO_PIPE = re.compile(r"[A-Za-z0-9\]})¥]+")
# A column rule OCR dropped leaves a number glued to the postcode after it
# ("9172405198YO2 1ZX"): a third pass splits where letters follow three digits.
_TOKEN_AFTER_DIGITS = re.compile(r"[0-9]{3,}(?=[A-Za-z])|[A-Za-z0-9]+")


class _OcrPostcodeDetector(Detector):
    """Postcode candidates built from whole tokens: one, two or three in a row.

    A regex scan would let a wrong early candidate (``at WlS``) swallow the
    right one (``WlS 5NJ``); trying every token start avoids that. The pattern
    below is only the prefilter-free trigger for this OCR-only detector.
    """

    def find(self, ctx: ScanContext) -> Iterator[Hit]:
        if not self.views_for(ctx):
            return
        for pattern in (_TOKEN, _TOKEN_NO_PIPE, _TOKEN_AFTER_DIGITS):
            yield from self._scan(
                ctx.text, [(m.start(), m.end()) for m in pattern.finditer(ctx.text)], ctx
            )

    def _scan(self, text: str, tokens: list[tuple[int, int]], ctx: ScanContext) -> Iterator[Hit]:
        index = 0
        while index < len(tokens):
            start = tokens[index][0]
            hit = None
            # Not inside an identifier ("node_AB12 3CD"); a lone leading "_" or "-"
            # is a border OCR read as one ("8074 _RG23 8RD").
            if start < 2 or text[start - 1] not in "-_" or text[start - 2] == " ":
                for count in (1, 2, 3):
                    group = tokens[index : index + count]
                    if len(group) < count or any(
                        text[left[1] : right[0]] not in _HALF_SEPARATORS
                        for left, right in pairwise(group)
                    ):
                        break
                    end = group[-1][1]
                    if end - start > 9:
                        break
                    confidence = _validate_ocr_postcode(text[start:end], start, end, ctx)
                    if confidence is not None:
                        hit = Hit(start, end, self.type, self.name, confidence)
                        index += count
                        break
            if hit is None:
                index += 1
            else:
                yield hit


UK_POSTCODE_OCR = _OcrPostcodeDetector(
    name="uk_postcode_ocr",
    type="UK_POSTCODE",
    patterns=(r"[A-Za-z0-9|]{2,4}[ ]?[A-Za-z0-9|]{3}",),
    validate=_validate_ocr_postcode,
    ocr_only=True,
)

DETECTORS = (
    UK_NINO, UK_NINO_OCR, UK_NINO_OCR_NO_SUFFIX, UK_NHS, UK_POSTCODE, UK_POSTCODE_OCR
)  # fmt: skip
