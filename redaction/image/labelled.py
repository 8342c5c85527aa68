"""A value beside a label that names a sensitive type is masked even when OCR garbles it.

The text redactor only masks what its validators accept: a sort code misread
as a date ("05-04-47"), an SSN missing a digit ("73-59-2366") or a postcode with
an extra glyph ("B26 5SWP.") passes. On a screen the label says what the value
is, so these rules mask a value-shaped reading after a label ("SSN:", a form
caption "Sort code", a column header "Postcode") whatever its checksum says.
Labels are matched with a small edit distance: grey captions are often read
with a letter missing ("ort code", "count number").

Only value-shaped words are masked: "Phone: see below" and "Account: 3 users"
stay readable.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from redaction.detector import Hit
from redaction.detectors.values import is_prose_word
from redaction.image.failclosed import edit_distance_at_most
from redaction.image.layout import Line, between_rules, sub_line
from redaction.image.ocr import UNREAD
from redaction.ocr_views import TO_LETTER


@dataclass(frozen=True, slots=True)
class ValueKind:
    """What a label announces: the type to mask as and how many digits the value has."""

    type: str
    min_digits: int  # digits (or look-alikes) a reading needs to be this value; 0: not numeric


SSN = ValueKind("US_SSN", 7)
IP = ValueKind("IP_ADDRESS", 6)
SORT = ValueKind("SORT_CODE", 5)
ACCOUNT = ValueKind("BANK_ACCOUNT", 6)
IBAN = ValueKind("IBAN", 10)
CARD = ValueKind("CARD", 10)
NINO = ValueKind("UK_NINO", 5)
NHS = ValueKind("NHS_NUMBER", 8)
PHONE = ValueKind("PHONE", 7)
POSTCODE = ValueKind("UK_POSTCODE", 0)
EMAIL = ValueKind("EMAIL", 0)

#: The detector name of every hit these rules make.
DETECTOR = "ocr_labelled_value"

#: Label phrases (lower case, single spaces) and the value they announce.
LABELS: dict[str, ValueKind] = {
    "ssn": SSN, "social security number": SSN, "social security no": SSN,
    "ip": IP, "ip address": IP, "ipv4": IP, "ipv4 address": IP, "client ip": IP,
    "source ip": IP, "remote address": IP, "last login ip": IP,
    "database host": IP, "db host": IP, "server ip": IP,
    "sort code": SORT, "sortcode": SORT, "sort_code": SORT,
    "account number": ACCOUNT, "account no": ACCOUNT, "acct no": ACCOUNT,
    "account": ACCOUNT, "bank account": ACCOUNT,
    "iban": IBAN,
    "card number": CARD, "card no": CARD, "card": CARD, "credit card": CARD,
    "debit card": CARD,
    "ni number": NINO, "nino": NINO, "ni no": NINO, "national insurance": NINO,
    "national insurance number": NINO, "national insurance no": NINO,
    "nhs number": NHS, "nhs no": NHS,
    "phone": PHONE, "phone number": PHONE, "mobile": PHONE, "mobile number": PHONE,
    "tel": PHONE, "telephone": PHONE, "mob": PHONE,
    "postcode": POSTCODE, "post code": POSTCODE, "postal code": POSTCODE,
    "email": EMAIL, "e-mail": EMAIL, "email address": EMAIL, "to": EMAIL, "cc": EMAIL,
    "bcc": EMAIL, "from": EMAIL, "reply-to": EMAIL,
}  # fmt: skip
#: Words between a label and its value in a sentence ("my NI number is …").
SEPARATORS = frozenset({"is", "=", ":", "-", "was", "are"})
#: Words that are labels only as "To:", never in a sentence ("paid to").
NEEDS_COLON = frozenset({"to", "cc", "bcc", "from"})
_LONGEST_LABEL = max(len(phrase.split()) for phrase in LABELS)
# Short phrases must match exactly: one edit turns "to" or "ip" into anything.
EXACT_UP_TO = 3
# Phrases up to this long may be one edit off; longer ones two.
ONE_EDIT_UP_TO = 8
# A last word this short after a caption may be a misread icon.
SCRAP_CHARS = 3
# A value of a numeric kind spans at most this many words ("KH 76 57 39 B").
MAX_VALUE_WORDS = 6
_EDGES = "|.,;:!?\"'()[]{}<>*#\u201c\u201d\u2018\u2019"
_DIGIT_LIKE = frozenset("0123456789OoIl|SZBsz")
_THIN_STROKES = frozenset("li")
# A time, or a time a misread glyph ran on into ("23:45745").
_CLOCK = re.compile(r"^\d{1,2}:\d{2}")
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019")
_HOSTNAME = re.compile(r"^[A-Za-z0-9][\w.\-]*\.[A-Za-z]{2,}$")
# Postcode halves: letters may be O/I/S/Z look-alikes of digits read in lower case,
# a small digit a "?" or "¢" ("OX? 2GA", "BSi¢ 4YL").
_SORT_SHAPE = re.compile(r"^[A-Za-z0-9|]{2}-[A-Za-z0-9|]{2}-[A-Za-z0-9|]{2}$")
_POSTCODE_PART = re.compile(r"^[A-Za-z0-9|}?¢]{2,4}$")
_INWARD_SCRAP = re.compile(r"^[A-Za-z0-9|}?¢]{1,4}$")
# A postcode field's content: at most this many words, this many characters, and
# a word read under this confidence for it to be masked whatever its shape.
POSTCODE_FIELD_WORDS = 2
POSTCODE_HALF_CHARS = 4
POSTCODE_FIELD_CHARS = (3, 8)
WEAK_FIELD_CONFIDENCE = 60.0
# Groups of four digits after a first group read as a word that make an IBAN.
IBAN_GROUPS_AFTER = 3
IBAN_BANK_CHARS = 4
NINO_LETTERS = 2
# A weak field's content with this share of digits is its number.
MOSTLY_DIGITS = 0.7
# An address read in this many pieces at most, the last ending in a domain.
ADDRESS_PIECES = 3
_DOMAIN_END = re.compile(r"\.(?:com|org|net|io|co\.uk|uk|gov|edu|[a-z]{2})$")
# What is left of an address's shape in a weak reading: an "@", an "@" read as
# "G" between small letters, or a domain's end.
_ADDRESS_SHAPE = re.compile(r"@|[a-z0-9.]G[a-z]|\.(?:com|org|net|io|uk|de|fr)$")
# A reading with this many digits is no word, whatever case its letters are in.
POSTCODE_DIGITS = 3
_GLUED_POSTCODE = re.compile(r"^[A-Za-z0-9|}?¢]{5,7}$")


def _form(text: str) -> str:
    """A label as written, for matching: punctuation gone, digits read as letters."""
    # A key's underscores are spaces: "ni_number", "sort_code".
    words = [w.strip(_EDGES).translate(TO_LETTER).lower() for w in text.replace("_", " ").split()]
    return " ".join(w for w in words if w)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    kind: ValueKind
    limit: int  # edits allowed
    bigrams: frozenset[str]


def _phrase(text: str, kind: ValueKind) -> _Phrase:
    limit = 1 if len(text) <= ONE_EDIT_UP_TO else 2
    return _Phrase(text, kind, limit, _bigrams(text))


# Phrases matched with edits, by word count; every phrase is first looked up exactly.
_FUZZY: dict[int, tuple[_Phrase, ...]] = {
    size: tuple(
        _phrase(text, kind)
        for text, kind in LABELS.items()
        if len(text.split()) == size and len(text) > EXACT_UP_TO
    )
    for size in range(1, _LONGEST_LABEL + 1)
}


def _fuzzy_kind(candidate: str, size: int) -> ValueKind | None:
    grams = _bigrams(candidate)
    for phrase in _FUZZY[size]:
        if abs(len(candidate) - len(phrase.text)) > phrase.limit:
            continue
        # One edit changes at most two bigrams: a cheap test before the distance.
        if len(phrase.bigrams & grams) < len(phrase.bigrams) - 2 * phrase.limit:
            continue
        if edit_distance_at_most(candidate, phrase.text, phrase.limit):
            return phrase.kind
    return None


# Labels of several words with the spaces OCR lost ("Accountno.", "Sortcode").
_GLUED = {text.replace(" ", ""): kind for text, kind in LABELS.items() if " " in text}


@functools.lru_cache(maxsize=4096)
def label_kind(text: str) -> ValueKind | None:
    """The value the end of ``text`` announces ("Sort code:", "7 count number ."), if any.

    Cached: successive frames show the same captions.
    """
    words = _form(text).split()
    if words and words[-1] in NEEDS_COLON and not text.rstrip().endswith(":"):
        return None  # "Paid to", "Deployed from": prose, not a header field
    # A scrap after the caption (an icon read as "con") does not hide it.
    ends = (
        (len(words), len(words) - 1) if words and len(words[-1]) <= SCRAP_CHARS else (len(words),)
    )
    for end in ends:
        if end and (glued := _GLUED.get(words[end - 1])) is not None:
            return glued
        for size in range(min(_LONGEST_LABEL, end), 0, -1):
            candidate = " ".join(words[end - size : end])
            kind = LABELS.get(candidate) or _fuzzy_kind(candidate, size)
            if kind is not None:
                return kind
    return None


def _numberish(word: str) -> bool:
    if _CLOCK.match(word):
        return False  # "23:45": a time in a listing, never part of a value
    core = "".join(char for char in word.strip(_EDGES) if char.isalnum() or char in "|")
    digit_like = sum(char in _DIGIT_LIKE for char in core)
    return bool(core) and any(char.isdigit() for char in core) and 2 * digit_like >= len(core)


def _letter_group(word: str) -> bool:
    """Letters inside a number: a NINO's prefix or suffix, an IBAN's bank code.
    A capital may be read as thin lower-case strokes ("EW" as "Ell")."""
    core = word.strip(_EDGES)
    thin = sum(char in _THIN_STROKES for char in core)
    return (
        1 <= len(core) <= 4
        and core.isalnum()
        and core[0].isupper()
        and all(char.isupper() or char.isdigit() or char in _THIN_STROKES for char in core)
        and thin <= 2
    )


def _numeric_run(words: Sequence[str], kind: ValueKind) -> int:
    """How many of ``words`` (from the first) make one value of ``kind``; 0 if none."""
    if kind is SORT and words and _SORT_SHAPE.match(words[0].strip(_EDGES)):
        return 1  # "ST-LL-46": the shape says it, whatever OCR made of the digits
    count = digits = 0
    for word in words[:MAX_VALUE_WORDS]:
        if _numberish(word):
            digits += sum(char in _DIGIT_LIKE for char in word)
        elif not (kind in (NINO, IBAN) and _letter_group(word)):
            break
        count += 1
    real = sum(char.isdigit() for word in words[:count] for char in word)
    if digits < kind.min_digits or 2 * real < kind.min_digits:
        return 0
    if kind is IP and not _dotted(words[:count]):
        return 0  # "2023-06-16" is a date
    return count


def _postcode_run(words: Sequence[str]) -> int:
    parts = [word.strip(_EDGES) for word in words[:2]]
    if not parts:
        return 0
    if not (_POSTCODE_PART.match(parts[0]) or _GLUED_POSTCODE.match(parts[0])):
        return 0
    # The inward half may be a scrap: "CF14 8)" (its letters lost at a cell's edge),
    # the outward one have a glyph too many ("SwW25 3DQ"), or both halves be read
    # as one word ("BE4YE" for B6 4YE).
    inward = len(parts) > 1 and _INWARD_SCRAP.match(parts[1]) is not None
    chosen = parts if inward else parts[:1]
    text = "".join(chosen)
    lowered = [char for char in text if char.islower()]
    if not 4 <= len(text) <= 8 or not any(char in _DIGIT_LIKE for char in text):
        return 0
    digits = sum(char.isdigit() for char in text)
    worded = len(lowered) > 2 or any(c not in "loisz" for c in lowered)
    if len(lowered) > 1 and worded and digits < POSTCODE_DIGITS:
        # a word ("Leeds"), not a misread postcode ("Mis 9PP", "x8 BLU", "sw28 068")
        return 0
    return len(chosen)


def _email_run(words: Sequence[str]) -> int:
    # A dot read as a comma ("SlapGexample,org").
    first = words[0].strip(_EDGES).replace(",", ".") if words else ""
    if "@" in first or _HOSTNAME.match(first):
        return 1
    # The domain's last label read apart after its dot ("salesgexanple." "com").
    if len(words) > 1 and words[0].endswith(".") and _HOSTNAME.match(first + "." + words[1]):
        return 2
    return 0


def value_words(words: Sequence[str], kind: ValueKind) -> int:
    """How many of ``words`` (from the first) are a reading of a ``kind`` value; 0 if none."""
    if not words:
        return 0
    if kind is POSTCODE:
        return _postcode_run(words)
    if kind is EMAIL:
        return _email_run(words)
    return _numeric_run(words, kind)


def _hit(line: Line, first: int, count: int, kind: ValueKind) -> Hit:
    start = line.starts[first]
    last = first + count - 1
    return Hit(start, line.starts[last] + len(line.words[last].text), kind.type, DETECTOR, 0.6)


def _weak_field(line: Line, kind: ValueKind) -> bool:
    """A field's content read too badly to have its value's shape: a postcode
    ("4BL" for LS8 4BL, "[ena opw" for EH4 0PW), short; a number read as capitals
    and look-alikes ("BASO0SSEC" for BA500558C), as long as the value. It must be
    weakly read somewhere: the label says what it is, so fail closed. Clearly read
    words ("Northampton", "Active") stay."""
    weak = min(word.confidence for word in line.words) < WEAK_FIELD_CONFIDENCE
    chars = sum(char.isalnum() for word in line.words for char in word.text)
    digits = sum(char.isdigit() for word in line.words for char in word.text)
    if kind is POSTCODE:
        # Half a postcode read clearly ("20N" for L10 2QN, the rest in the box's
        # edge) is still one: it has a digit.
        # Capitals alone ("NGS" for NG5, its inward half lost) say it too.
        capitals = all(_code_like(word.text) for word in line.words)
        return (
            (weak or digits > 0 or capitals)
            and len(line.words) <= POSTCODE_FIELD_WORDS
            and POSTCODE_FIELD_CHARS[0] <= chars <= POSTCODE_FIELD_CHARS[1]
            and not any(_plain_word(word.text.strip(_EDGES)) for word in line.words)
        )
    if kind is EMAIL:
        # An address read in weak pieces, its "@" read as "G" or its dots as
        # commas ("rosaGcorp example ,com", "Jane. thornburyGexample").
        joined = "".join(word.text for word in line.words).replace(",", ".")
        return (
            weak and len(line.words) <= ADDRESS_PIECES and _ADDRESS_SHAPE.search(joined) is not None
        )
    if not weak or kind.min_digits == 0 or len(line.words) > MAX_VALUE_WORDS:
        return False
    # Mostly digits, or as many as the value has ("4305-1332-4047-5e02"); an
    # address has its dots: "INV-2025-1849" is none.
    if kind is IP and not _dotted([word.text for word in line.words]):
        return False
    # Every word part of the number: "4096 Apr 1 17:11 config" is a listing. An
    # IBAN's bank code is letters, in whatever case OCR read them ("RaBO").
    numeric = all(
        any(c.isdigit() for c in w.text)
        or _code_like(w.text)
        or (kind is IBAN and len(w.text) == IBAN_BANK_CHARS and w.text.isalpha())
        # An NI number's prefix and suffix letters, in whatever case ("cx 3178 20").
        or (kind is NINO and len(w.text) <= NINO_LETTERS and w.text.isalpha())
        for w in line.words
    )
    enough = digits >= kind.min_digits or digits >= MOSTLY_DIGITS * chars
    if numeric and chars >= kind.min_digits and enough:
        return True
    if chars < kind.min_digits:
        return False
    if all(_code_like(word.text) for word in line.words):
        return True
    # An IBAN's first group read as a word ("Beez 3510 5541 2849" for BE62 …):
    # the groups after it say what it is.
    groups = [word.text.strip(_EDGES) for word in line.words[1:]]
    return (
        kind is IBAN
        and len(groups) >= IBAN_GROUPS_AFTER
        and all(group.isdigit() and len(group) == 4 for group in groups)
    )


def _weak_after(line: Line, first: int, kind: ValueKind) -> int:
    """How many words from ``first`` are a value after its label read too badly for
    its shape ('"postcode"; "Gid 75K",' for G14 7SX): as :func:`_weak_field`."""
    most = POSTCODE_FIELD_WORDS if kind is POSTCODE else MAX_VALUE_WORDS
    for count in range(most, 0, -1):
        if first + count <= len(line.words) and _weak_field(
            sub_line(line, first, first + count), kind
        ):
            return count
    return 0


def _plain_word(text: str) -> bool:
    """A word of prose, or small letters too many for half a postcode ("number")."""
    small = text.isalpha() and text.islower() and len(text) >= POSTCODE_HALF_CHARS
    return small or is_prose_word(text.lower())


def _partial_number(texts: Sequence[str], kind: ValueKind) -> bool:
    """A field's whole content is digit groups, at least half the value's digits
    ("428 1438" beside "NHS number", its first group lost in the box's edge)."""
    if kind.min_digits == 0 or kind is IP or not texts:
        return False
    digits = sum(char.isdigit() for text in texts for char in text)
    groups = len(texts) >= 2 and all(text.strip(_EDGES).isdigit() for text in texts)
    return groups and 2 * digits >= kind.min_digits


def _weak_address_after(line: Line, first: int) -> int:
    """How many words from ``first`` are an address after its label with its "@"
    lost and its pieces read apart ("Cc:" "accounts" "eran" "ple.com"): up to
    ADDRESS_PIECES words ending in a domain, one of them weakly read."""
    words = line.words[first : first + ADDRESS_PIECES]
    for count in range(len(words), 1, -1):
        pieces = words[:count]
        last = pieces[-1].text.strip(_EDGES).replace(",", ".")
        weak = min(word.confidence for word in pieces) < WEAK_FIELD_CONFIDENCE
        if weak and _DOMAIN_END.search(last):
            return count
    return 0


def _dotted(words: Sequence[str]) -> bool:
    """An address's dots (maybe read as commas) are among ``words``."""
    return any(sep in word for word in words for sep in ".,")


def _code_like(word: str) -> bool:
    """Capitals, digits and their look-alikes, as a misread number is; not a word."""
    core = [char for char in word if char.isalnum()]
    return bool(core) and all(char.isupper() or char in _DIGIT_LIKE for char in core)


_LABEL_WORDS = frozenset(word for phrase in LABELS for word in phrase.split())


def _label_word(text: str, confidence: float) -> bool:
    """A label's last word read clearly, not a scrap of a value ("B26", '"Gid')."""
    form = _form(text)
    known = form in _LABEL_WORDS or len(form) > SCRAP_CHARS
    return known and confidence >= WEAK_FIELD_CONFIDENCE and not any(c.isdigit() for c in text)


def _ends_label(word: str) -> bool:
    """ "Label:", or a quoted JSON key whose colon was read as ";" ('"postcode";') or
    lost ('"email"')."""
    if word.endswith(":"):
        return True
    quoted = len(word) > 2 and word[0] in _QUOTES and word[-1] in _QUOTES
    return quoted or (len(word) > 2 and word[-1] == ";" and word[-2] in _QUOTES)


def _is_field_value(cell: Line, kind: ValueKind) -> bool:
    """``cell``, a field's or a table cell's whole content, is a ``kind`` value: read
    in its shape, too weakly for it (see :func:`_weak_field`), or in part."""
    texts = [word.text for word in cell.words]
    return (
        value_words(texts, kind) == len(texts)
        or _weak_field(cell, kind)
        or _partial_number(texts, kind)
    )


def labelled_hits(line: Line, outside: Sequence[str] = ()) -> Iterator[Hit]:
    """Values in ``line`` announced by a label: one in the line itself ("SSN: 73-59-2366"),
    or one of the ``outside`` labels (a caption above, a label to the left, a column
    header), which announce a value that is the whole line (a field's content)."""
    texts = [word.text for word in line.words]
    # A table cell's content is judged without the column rules around it.
    cell, first = between_rules(line)
    for label in outside:
        if label.count(",") >= 2:
            continue  # a CSV header row: its fields are matched one by one
        kind = label_kind(label)
        # The line must be the value and nothing else, as a field's content is: a
        # log line under a caption-like line is not a field.
        if kind is not None and _is_field_value(cell, kind):
            yield _hit(line, first, len(cell.words), kind)
    yield from _assignment_hits(line, texts)
    for index in range(len(texts) - 1):
        # Inside a line only "Label:" or "label is/=" announces a value.
        value_at = index + 1
        kind = label_kind(" ".join(texts[max(0, index - _LONGEST_LABEL + 1) : index + 1]))
        if kind is None:
            continue
        labelled = _ends_label(texts[index])
        # An address needs no colon after its label: its "@" says it ("Billing
        # email (saes@…").
        address_next = "@" in texts[value_at] and kind is EMAIL
        # A form's field read into its label's line ("Postcode [ena opw"): a weak
        # value needs no colon either.
        weak_count = 0
        if not (labelled or address_next) and _label_word(
            texts[index], line.words[index].confidence
        ):
            short = kind is not POSTCODE or all(
                len(text.strip(_EDGES)) <= POSTCODE_HALF_CHARS for text in texts[value_at:]
            )
            weak_count = _weak_after(line, value_at, kind) if short else 0
        if not (labelled or address_next or weak_count):
            # Unread ink where the colon should be ('"email' '\ufffd' '…') counts as one.
            if texts[value_at].lower() not in SEPARATORS and UNREAD not in texts[value_at]:
                continue
            value_at += 1
        count = value_words(texts[value_at:], kind) or weak_count
        if not count and not weak_count:
            count = _weak_after(line, value_at, kind)
        if not count and kind is EMAIL:
            count = _weak_address_after(line, value_at)
        if count:
            yield _hit(line, value_at, count, kind)


def _assignment_hits(line: Line, texts: Sequence[str]) -> Iterator[Hit]:
    """``SUPPORT_EMAIL=dpo@example``, ``ACCOUNT_NUMBER=1234567B``: a setting whose
    name ends in a label, and its value in the same word."""
    for index, text in enumerate(texts):
        key, equals, value = text.partition("=")
        if not equals or not key or not value:
            continue
        kind = label_kind(key.replace("_", " ").replace("-", " "))
        if kind is None:
            continue
        count = value_words([value, *texts[index + 1 :]], kind)
        if count:
            start = line.starts[index] + len(key) + 1
            last = index + count - 1
            yield Hit(start, line.starts[last] + len(texts[last]), kind.type, DETECTOR, 0.6)


def weak_cell_hits(line: Line, position: int, count: int, caption: str) -> Iterator[Hit]:
    """The cell of ``line`` (``count`` words from ``position``) under a column
    ``caption`` that names a value, read too weakly for the value's shape ("EHid
    62F" under "postcode"; see :func:`_weak_field`)."""
    kind = label_kind(caption)
    if kind is not None and _is_field_value(sub_line(line, position, position + count), kind):
        yield _hit(line, position, count, kind)


def labelled_run_hits(label: str, text: str, offset: int) -> Iterator[Hit]:
    """A value at the start of ``text`` (a CSV field, a table cell read inside a row)
    under its column's ``label``; offsets are shifted by ``offset``."""
    kind = label_kind(label)
    if kind is None:
        return
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    count = value_words([text[a:b] for a, b in spans], kind)
    if count:
        yield Hit(offset + spans[0][0], offset + spans[count - 1][1], kind.type, DETECTOR, 0.6)
