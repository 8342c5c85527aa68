"""Seeded, labelled synthetic text for measuring the redactor.

Precision and recall can only be measured against text whose sensitive spans are
known to the character. Every record here is assembled from a template whose
slots are filled by generators of *valid* values (Luhn, mod-97, mod-11, HMRC and
SSA rules), and offsets are recorded while the text is built, so labels cannot
drift from the text. Ordinary records are deliberately full of things that look
sensitive and are not (versions, dates, hashes, prose about passwords), because
over-redaction is the failure users actually see.

Everything is fictional: reserved domains and number ranges where they exist,
made-up names, and key material that is random every time, keeping only the
public prefixes a detector may rely on.

Run ``python -m benchmarks.corpora.text_corpus`` to print counts and samples.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import ipaddress
import json
import random
import re
import string
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "SOURCES",
    "STYLES",
    "TYPES",
    "CorpusError",
    "LabelledRecord",
    "LabelledValue",
    "generate",
    "ordinary_sentences",
    "sensitive_records",
    "short_records",
    "validate",
]

TYPES: tuple[str, ...] = (
    "EMAIL",
    "PHONE",
    "CARD",
    "IBAN",
    "UK_BANK_ACCOUNT",
    "US_SSN",
    "UK_NINO",
    "NHS_NUMBER",
    "UK_POSTCODE",
    "IP_ADDRESS",
    "PASSWORD",
    "SECRET",
    "DENY_TERM",
)
SOURCES: tuple[str, ...] = ("typed", "ocr", "title")
STYLES: tuple[str, ...] = (
    "chat",
    "email",
    "code",
    "terminal",
    "config",
    "log",
    "form",
    "prose",
    "table",
    "title",
)

MAX_VALUES_PER_RECORD = 3
"""Real snippets rarely hold more; more would make per-record scores meaningless."""
COMPOSITE_SHARE = 0.2
"""Share of sensitive records drawn from multi-type templates (signatures, forms, DSNs)."""
EXTRA_ONE_SHARE, EXTRA_TWO_SHARE = 0.22, 0.06
"""Shares of sensitive records that get one or two further values in the same style."""
PADDING_SHARE = 0.35
"""Share of records surrounded by ordinary lines, so untouched context is tested too."""
DENY_DECOY_SHARE = 0.15
"""Share of records carrying a deny-list none of whose terms appear (must not over-match)."""
OCR_DAMAGE_SHARE = 0.75
"""Share of OCR records that carry damage; clean OCR output is common too."""
OCR_SECOND_EDIT_SHARE = 0.25
"""Share of damaged OCR records with two edits rather than one."""
SHORT_MIN, SHORT_MAX = 20, 80
"""Length bounds of `short_records`, which measure per-call overhead."""
SHORT_SENSITIVE_SHARE = 1 / 3
DEFAULT_OCR_SHARE = 0.15
"""Share of OCR-sourced records unless a caller says otherwise."""


@dataclass(frozen=True)
class LabelledValue:
    """One sensitive span; ``record.text[start:end] == value`` always holds."""

    type: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class LabelledRecord:
    """One evaluation input; an ordinary record must come back unchanged."""

    text: str
    source: str
    style: str
    values: tuple[LabelledValue, ...]
    deny_terms: tuple[str, ...] = ()

    @property
    def ordinary(self) -> bool:
        return not self.values


class CorpusError(ValueError):
    """A generated record whose labels do not match its text: a bug in this module."""


# --------------------------------------------------------------------------------------
# Assembly: templates with slots -> text plus exact spans
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    text: str
    values: tuple[LabelledValue, ...]
    deny_terms: tuple[str, ...] = ()


class _Scope:
    """Per-template state, so related slots agree.

    An address's town follows its postcode, an e-mail address is built from the
    name shown beside it, a BIC matches its IBAN. Fillers are memoised, so a
    filler used twice in one template shows the same text twice.
    """

    def __init__(self, rng: random.Random, deny_terms: list[str] | None = None) -> None:
        self.rng = rng
        self.memo: dict[str, str] = {}
        # Shared by all pieces of one record, so no two pieces pick clashing terms.
        self.deny_terms: list[str] = [] if deny_terms is None else deny_terms

    def get(self, name: str) -> str:
        if name not in self.memo:
            self.memo[name] = _FILLERS[name](self)
        return self.memo[name]


_FORMATTER = string.Formatter()


def _slot_type(field_name: str) -> str:
    """``EMAIL2`` is a second, different EMAIL in the same template."""
    return field_name.rstrip(string.digits)


def _render(template: str, scope: _Scope) -> _Piece:
    """Fill a template: UPPERCASE slots are labelled values, lowercase ones fillers.

    ``{PASSWORD:url}`` picks a generator variant. Values are made first, in
    template order, so fillers can follow them (the town of a postcode).
    """
    parsed = list(_FORMATTER.parse(template))
    made: dict[tuple[str, str], str] = {}
    for _literal, name, spec, _conv in parsed:
        if name and name[0].isupper() and (name, spec or "") not in made:
            made[(name, spec or "")] = _MAKERS[_slot_type(name)](scope, spec or "")
    chunks: list[str] = []
    values: list[LabelledValue] = []
    pos = 0
    for literal, name, spec, _conv in parsed:
        chunks.append(literal)
        pos += len(literal)
        if name is None:
            continue
        if name[0].isupper():
            text = made[(name, spec or "")]
            values.append(LabelledValue(_slot_type(name), text, pos, pos + len(text)))
        else:
            text = scope.get(name)
        chunks.append(text)
        pos += len(text)
    return _Piece("".join(chunks), tuple(values), tuple(scope.deny_terms))


def _concat(parts: Sequence[str | _Piece]) -> _Piece:
    chunks: list[str] = []
    values: list[LabelledValue] = []
    deny: list[str] = []
    pos = 0
    for part in parts:
        if isinstance(part, str):
            chunks.append(part)
            pos += len(part)
            continue
        values.extend(
            LabelledValue(v.type, v.value, v.start + pos, v.end + pos) for v in part.values
        )
        deny.extend(t for t in part.deny_terms if t not in deny)
        chunks.append(part.text)
        pos += len(part.text)
    return _Piece("".join(chunks), tuple(values), tuple(deny))


def _template_types(template: str) -> tuple[str, ...]:
    return tuple(
        _slot_type(name)
        for _lit, name, _spec, _conv in _FORMATTER.parse(template)
        if name and name[0].isupper()
    )


# --------------------------------------------------------------------------------------
# Fictional vocabulary
# --------------------------------------------------------------------------------------

_FIRST = (
    "Jane", "Alex", "Sam", "Morgan", "Chris", "Taylor", "Jordan", "Robin", "Elena", "Marco",
    "Nadia", "Oliver", "Hannah", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Fatima", "George",
    "Isla", "Jack", "Keiko", "Liam", "Maya", "Noah", "Ola", "Pete", "Rosa", "Sofia", "Tariq",
    "Uma", "Victor", "Wen", "Zoe",
)  # fmt: skip
_LAST = (
    "Doe", "Smith", "Mercer", "Okafor", "Lindqvist", "Brennan", "Castillo", "Nakamura",
    "Patel", "Novak", "Fairweather", "Quinlan", "Ashdown", "Blackwood", "Cheung", "Dimitrov",
    "Eriksen", "Ferreira", "Holloway", "Iqbal", "Jablonski", "Kowalczyk", "Larsen", "Moreau",
    "Nwosu", "O'Hara", "Pemberton", "Rossi", "Sandoval", "Thornbury", "Underwood", "Vasquez",
    "Whitlock", "Yilmaz", "Zeller",
)  # fmt: skip
# Deny-list vocabulary is disjoint from everything else, so a term can only
# appear where a DENY_TERM slot put it.
_DENY_PEOPLE = (
    "Priya Ramaswamy", "Tomasz Wierzbicki", "Aoife Gallagher", "Kwame Mensah",
    "Lucía Fernández", "Hiroshi Tanabe", "Ingrid Solberg", "Marcus Oyelaran",
    "Sunita Chaudhry", "Declan Mulready", "Yara Haddad", "Olusegun Adeyemi",
    "Beatriz Okonkwo", "Rhys Llewellyn",
)  # fmt: skip
_DENY_PROJECTS = (
    "Bluefinch", "Kestrel", "Nightjar", "Halcyon", "Wagtail", "Ironbark", "Saltmarsh",
    "Quillfeather", "Copperleaf", "Larkspur", "Moonrake", "Stonechat", "Glasswing",
    "Emberline",
)  # fmt: skip
_DOMAINS = (
    "example.com", "example.org", "example.net", "example.co.uk", "mail.example.com",
    "eu.example.net", "contoso.io", "fabrikam.dev", "northwind.org.uk", "tailspin-toys.co.uk",
    "litware.io", "adatum.dev", "proseware.net", "wingtiptoys.org", "fourthcoffee.co.uk",
    "mail.fabrikam.dev", "corp.contoso.io", "students.example.ac.uk",
)  # fmt: skip
_MAIL_TAGS = ("news", "billing", "github", "spam", "work", "2024", "shop")
_ROLE_MAILBOXES = ("accounts.payable", "it-support", "hr.team", "noreply", "dpo", "sales-uk")
_COMPANIES = (
    "Northwind Traders", "Contoso Ltd", "Fabrikam Inc.", "Tailspin Toys", "Litware",
    "Adatum Corporation", "Proseware", "Wingtip Toys", "Fourth Coffee",
)  # fmt: skip
_JOBS = (
    "Senior Accountant", "Head of Platform", "Office Manager", "Data Analyst",
    "Site Reliability Engineer", "HR Business Partner", "Account Executive",
    "Clinical Coordinator",
)  # fmt: skip
_STREET_NAMES = (
    "Elm", "Station", "Mill", "Church", "Victoria", "Albert", "Park", "Highfield", "Queens",
    "Orchard", "Willow", "Chapel", "Greenbank", "Hawthorn",
)  # fmt: skip
_STREET_KINDS = ("Road", "Street", "Lane", "Avenue", "Close", "Crescent", "Way", "Gardens")
_SIGNOFFS = ("Thanks", "Best", "Cheers", "Kind regards", "Many thanks")
_TOWNS = ("Leeds", "Bristol", "York", "Norwich", "Exeter", "Derby", "Reading", "Bath")
_PW_WORDS = (
    "sunshine", "dragon", "monkey", "football", "shadow", "summer", "autumn", "falcon",
    "pirate", "cheddar", "marmalade", "troubadour", "butterfly", "starlight", "thunder",
    "welcome", "liverpool", "buttercup", "pumpkin", "snowball", "raspberry", "elephant",
    "lighthouse", "saturn", "jupiter", "cobalt", "velvet", "biscuit", "teapot", "harbour",
    "meadow", "canyon", "orbit", "lemon", "violin", "marble", "tiger", "panda", "otter",
)  # fmt: skip
_LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7"}


# --------------------------------------------------------------------------------------
# Small random helpers
# --------------------------------------------------------------------------------------

_ALNUM = string.ascii_letters + string.digits
_B64 = _ALNUM + "+/"
_B64URL = _ALNUM + "-_"
_HEX = "0123456789abcdef"


def _chars(rng: random.Random, alphabet: str, k: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(k))


def _digits(rng: random.Random, k: int) -> str:
    return _chars(rng, string.digits, k)


def _mixed(rng: random.Random, k: int, alphabet: str = _ALNUM) -> str:
    """A token with upper, lower and digits, as real high-entropy keys have."""
    while True:
        s = _chars(rng, alphabet, k)
        if (
            sum(c.isdigit() for c in s) >= 2
            and sum(c.isupper() for c in s) >= 2
            and sum(c.islower() for c in s) >= 2
        ):
            return s


def _hexid(rng: random.Random, k: int) -> str:
    """Hex with at least one letter: an all-digit id would read as a number run."""
    while True:
        s = _chars(rng, _HEX, k)
        if any(c.isalpha() for c in s):
            return s


def _group(s: str, sizes: Sequence[int], sep: str) -> str:
    out: list[str] = []
    i = 0
    for size in sizes:
        out.append(s[i : i + size])
        i += size
    return sep.join(out)


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum())


def _date(rng: random.Random) -> dt.date:
    return dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


# --------------------------------------------------------------------------------------
# Value generators, one per type; each returns a valid value unless stated
# --------------------------------------------------------------------------------------


def _email(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "name":
        first, last = _slug(scope.get("first")), _slug(scope.get("last"))
        domain = scope.get("domain")
    else:
        first, last = _slug(rng.choice(_FIRST)), _slug(rng.choice(_LAST))
        domain = rng.choice(_DOMAINS)
    locals_ = (
        f"{first}.{last}",
        f"{first[0]}.{last}",
        f"{first}{last[0]}",
        f"{first}_{last}",
        f"{first}-{last}",
        f"{first}.{last}{rng.randint(1, 99)}",
        f"{first}{rng.randint(70, 99)}",
        f"{first}+{rng.choice(_MAIL_TAGS)}",
        f"{first}.{last}+{rng.choice(_MAIL_TAGS)}",
        f"{first[0]}{last}",
    )
    local = rng.choice(locals_)
    if variant != "name" and rng.random() < 0.08:
        local = rng.choice(_ROLE_MAILBOXES)
    if rng.random() < 0.05:
        local = ".".join(part.capitalize() for part in local.split("."))
    return f"{local}@{domain}"


# Ofcom's drama ranges: (area code, exchange, first digit of the last group).
_UK_DRAMA = (
    ("20", "7946", "0"), ("113", "496", "0"), ("114", "496", "0"), ("115", "496", "0"),
    ("116", "496", "0"), ("117", "496", "0"), ("118", "496", "0"), ("121", "496", "0"),
    ("131", "496", "0"), ("141", "496", "0"), ("151", "496", "0"), ("161", "496", "0"),
    ("191", "498", "0"), ("29", "2018", "0"),
)  # fmt: skip
_US_AREAS = ("212", "415", "646", "312", "617", "206", "202", "305", "512", "303", "718")


def _uk_phone(rng: random.Random, mobile: bool) -> str:
    if mobile:
        tail = "900" + _digits(rng, 3)
        groups = ["7700", tail] if rng.random() < 0.8 else ["7700", tail[:3], tail[3:]]
        fmt = rng.choice((0, 0, 1, 2, 3, 4))
    else:
        area, exchange, lead = rng.choice(_UK_DRAMA)
        groups = [area, exchange, lead + _digits(rng, 3)]
        fmt = rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 7))
    national, rest = "0" + groups[0], groups[1:]
    return (
        " ".join([national, *rest]),
        national + "".join(rest),
        "+44 " + " ".join(groups),
        "+44 (0)" + " ".join(groups),
        "+44" + "".join(groups),
        f"({national}) " + " ".join(rest),
        "-".join([national, *rest]),
        "0044 " + " ".join(groups),
    )[fmt]


def _us_phone(rng: random.Random) -> str:
    line = "01" + _digits(rng, 2)
    if rng.random() < 0.15:
        return f"1-{rng.choice(('800', '888', '877'))}-555-{line}"
    a = rng.choice(_US_AREAS)
    return rng.choice(
        (
            f"({a}) 555-{line}",
            f"{a}-555-{line}",
            f"{a}.555.{line}",
            f"+1 {a} 555 {line}",
            f"+1 ({a}) 555-{line}",
            f"+1-{a}-555-{line}",
        )
    )


def _intl_phone(rng: random.Random) -> str:
    def d(k: int) -> str:
        return _digits(rng, k)

    pairs = " ".join(d(2) for _ in range(4))
    return rng.choice(
        (
            f"+33 {rng.randint(1, 9)} {pairs}",
            f"+49 30 {d(8)}",
            f"+49 (0)40 {d(4)} {d(4)}",
            f"+61 2 {d(4)} {d(4)}",
            f"+61 4{d(2)} {d(3)} {d(3)}",
            f"+353 1 {d(3)} {d(4)}",
            f"+353 8{rng.choice('3567')} {d(3)} {d(4)}",
            f"+91 9{d(4)} {d(5)}",
            f"+31 20 {d(3)} {d(4)}",
            f"+34 6{d(2)} {d(2)} {d(2)} {d(2)}",
            f"+81 3-{d(4)}-{d(4)}",
            f"+55 11 9{d(4)}-{d(4)}",
        )
    )


def _phone(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "":
        variant = rng.choices(("uk", "mobile", "us", "intl"), weights=(35, 25, 25, 15))[0]
    if variant == "uk":
        return _uk_phone(rng, mobile=False)
    if variant == "mobile":
        return _uk_phone(rng, mobile=True)
    if variant == "us":
        return _us_phone(rng)
    if variant == "intl":
        return _intl_phone(rng)
    raise ValueError(f"unknown PHONE variant {variant!r}")


def _luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _luhn_ok(number: str) -> bool:
    digits = [c for c in number if c.isdigit()]
    return len(digits) >= 2 and _luhn_digit("".join(digits[:-1])) == digits[-1]


def _card(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    brand = rng.choice(("Visa", "Visa", "Mastercard", "Mastercard", "Amex", "Discover"))
    if brand == "Visa":
        prefix, length = "4", 16
    elif brand == "Mastercard":
        prefix, length = str(rng.choice((rng.randint(51, 55), rng.randint(2221, 2720)))), 16
    elif brand == "Amex":
        prefix, length = rng.choice(("34", "37")), 15
    else:
        prefix, length = "6011", 16
    partial = prefix + _digits(rng, length - len(prefix) - 1)
    number = partial + _luhn_digit(partial)
    scope.memo["brand"] = brand
    sep = rng.choice((" ", " ", "-", ""))
    return _group(number, (4, 6, 5) if length == 15 else (4, 4, 4, 4), sep)


def _iban_check(country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(numeric) % 97:02d}"


def _iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if len(s) < 15 or not s.isalnum():
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def _iban(scope: _Scope, variant: str) -> str:
    rng = scope.rng

    def d(k: int) -> str:
        return _digits(rng, k)

    country = rng.choice(("GB", "GB", "DE", "FR", "NL", "ES", "IE"))
    if country == "GB":
        bank = rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL"))
        bban, bic = bank + d(14), f"{bank}GB2L"
    elif country == "DE":
        bban, bic = d(18), rng.choice(("DEUTDEFF", "COBADEFF", "GENODEF1"))
    elif country == "FR":
        bban, bic = d(23), rng.choice(("BNPAFRPP", "SOGEFRPP", "CRLYFRPP"))
    elif country == "NL":
        bank = rng.choice(("ABNA", "RABO", "INGB", "TRIO"))
        bban, bic = bank + d(10), f"{bank}NL2A"
    elif country == "ES":
        bban, bic = d(20), rng.choice(("CAIXESBB", "BBVAESMM"))
    else:
        bank = rng.choice(("AIBK", "BOFI"))
        bban, bic = bank + d(14), f"{bank}IE2D"
    scope.memo["bic"] = bic
    iban = country + _iban_check(country, bban) + bban
    if rng.random() < 0.6:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def _uk_bank(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "acct":
        return _digits(rng, 8)
    if variant == "sort":
        code = _digits(rng, 6)
        return rng.choice((_group(code, (2, 2, 2), "-"), code, _group(code, (2, 2, 2), " ")))
    raise ValueError(f"UK_BANK_ACCOUNT needs variant sort or acct, not {variant!r}")


def _ssn_ok(ssn: str) -> bool:
    digits = "".join(c for c in ssn if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return (
        area not in ("000", "666")
        and not area.startswith("9")
        and group != "00"
        and serial != "0000"
    )


def _ssn(scope: _Scope, variant: str) -> str:
    """``ctx`` allows the bare nine-digit form, which only context makes an SSN."""
    rng = scope.rng
    area = rng.randint(1, 899)
    while area == 666:
        area = rng.randint(1, 899)
    a, g, s = f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"
    forms = [f"{a}-{g}-{s}"] * 6 + [f"{a} {g} {s}"] * 2
    if variant == "ctx":
        forms.append(f"{a}{g}{s}")
    return rng.choice(forms)


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BANNED = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


def _nino_ok(nino: str) -> bool:
    s = nino.replace(" ", "").upper()
    return (
        len(s) == 9
        and s[0] in _NINO_FIRST
        and s[1] in _NINO_SECOND
        and s[:2] not in _NINO_BANNED
        and s[2:8].isdigit()
        and s[8] in "ABCD"
    )


def _nino(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
    while prefix in _NINO_BANNED:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
    num, suffix = _digits(rng, 6), rng.choice("ABCD")
    roll = rng.random()
    if roll < 0.55:
        return f"{prefix}{num}{suffix}"
    if roll < 0.93:
        return f"{prefix} {_group(num, (2, 2, 2), ' ')} {suffix}"
    return f"{prefix}{num}{suffix}".lower()


def _nhs_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    return (0 if check == 11 else check) == digits[9]


def _nhs(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    while True:
        head = rng.choice(("4", "4", "6", "7", "999"))
        first9 = head + _digits(rng, 9 - len(head))
        total = sum(int(c) * w for c, w in zip(first9, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 10:
            continue
        number = first9 + str(0 if check == 11 else check)
        return rng.choice((_group(number, (3, 3, 4), " "), number, _group(number, (3, 3, 4), "-")))


# Postcode areas per outward shape, with the town they belong to.
_AREAS_1 = (("B", "Birmingham"), ("G", "Glasgow"), ("L", "Liverpool"), ("M", "Manchester"),
            ("S", "Sheffield"), ("E", "London"), ("N", "London"))  # fmt: skip
_AREAS_2 = (
    ("LS", "Leeds"), ("BS", "Bristol"), ("CF", "Cardiff"), ("EH", "Edinburgh"),
    ("NE", "Newcastle upon Tyne"), ("OX", "Oxford"), ("CB", "Cambridge"), ("BT", "Belfast"),
    ("NG", "Nottingham"), ("RG", "Reading"), ("YO", "York"), ("BN", "Brighton"),
    ("SW", "London"), ("SE", "London"), ("NW", "London"), ("CV", "Coventry"), ("DE", "Derby"),
    ("GU", "Guildford"), ("PL", "Plymouth"), ("AB", "Aberdeen"),
)  # fmt: skip
_DISTRICTS_A9A = ("W1A", "W1B", "W1D", "W1F", "W1G", "W1H", "W1J", "W1K", "W1S", "W1T",
                  "W1U", "W1W", "E1W", "N1C", "N1P")  # fmt: skip
_DISTRICTS_AA9A = ("EC1A", "EC1M", "EC1V", "EC2A", "EC2M", "EC3N", "EC4M", "SW1A", "SW1E",
                   "SW1H", "SW1P", "SW1V", "SW1W", "SW1X", "SW1Y", "WC1A", "WC1E", "WC1H",
                   "WC1N", "WC1R", "WC1V", "WC1X", "WC2A", "WC2B", "WC2E", "WC2H", "WC2N",
                   "WC2R", "SE1P", "NW1W")  # fmt: skip
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_POSTCODE_RE = re.compile(
    r"^(?:[A-Z]{1,2}\d{1,2}|[A-Z]\d[A-Z]|[A-Z]{2}\d[A-Z]) ?\d[ABD-HJLNP-UW-Z]{2}$"
)


def _postcode(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    shape = rng.choice(("A9", "A99", "AA9", "AA99", "A9A", "AA9A"))
    if shape in ("A9", "A99"):
        area, town = rng.choice(_AREAS_1)
        outward = area + str(rng.randint(1, 9) if shape == "A9" else rng.randint(10, 29))
    elif shape in ("AA9", "AA99"):
        area, town = rng.choice(_AREAS_2)
        outward = area + str(rng.randint(1, 9) if shape == "AA9" else rng.randint(10, 28))
    else:
        outward = rng.choice(_DISTRICTS_A9A if shape == "A9A" else _DISTRICTS_AA9A)
        town = "London"
    scope.memo["town"] = town
    inward = str(rng.randint(0, 9)) + _chars(rng, _INWARD_LETTERS, 2)
    roll = rng.random()
    if roll < 0.88:
        return f"{outward} {inward}"
    if roll < 0.96:
        return outward + inward
    return f"{outward} {inward}".lower()


def _ipv4(rng: random.Random, kind: str) -> str:
    host = rng.randint(1, 254)
    if kind == "private":
        return rng.choice(
            (
                f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{host}",
                f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{host}",
                f"192.168.{rng.randint(0, 255)}.{host}",
            )
        )
    if kind == "doc":
        return rng.choice(("192.0.2.", "198.51.100.", "203.0.113.")) + str(host)
    first = rng.choice([x for x in range(1, 224) if x not in (10, 100, 127, 169, 172, 192)])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{host}"


def _ipv6(rng: random.Random, kind: str) -> str:
    if kind == "doc":
        groups = [0x2001, 0x0DB8] + [rng.randrange(0x10000) for _ in range(6)]
    elif kind == "global":
        groups = [rng.choice((0x2A02, 0x2A01, 0x2600, 0x2607, 0x2A00)), rng.randrange(0x10000)]
        groups += [rng.randrange(0x10000) for _ in range(6)]
    elif kind == "ula":
        groups = [0xFD00 | rng.randrange(256)] + [rng.randrange(0x10000) for _ in range(7)]
    else:
        groups = [0xFE80, 0, 0, 0] + [rng.randrange(0x10000) for _ in range(4)]
    if kind != "linklocal" and rng.random() < 0.65:
        start = rng.randint(2, 5)
        for i in range(start, min(8, start + rng.randint(1, 4))):
            groups[i] = 0
        if rng.random() < 0.3:
            groups[7] = rng.randint(1, 16)
    addr = ipaddress.IPv6Address(sum(g << (16 * (7 - i)) for i, g in enumerate(groups)))
    roll = rng.random()
    if roll < 0.7:
        return addr.compressed
    if roll < 0.85:
        return addr.exploded
    return ":".join(f"{g:x}" for g in groups)


def _ip(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "":
        variant = "v4" if rng.random() < 0.7 else "v6"
    if variant == "v4":
        return _ipv4(rng, rng.choices(("private", "doc", "public"), weights=(40, 25, 35))[0])
    if variant == "v6":
        return _ipv6(rng, rng.choices(("doc", "global", "ula"), weights=(40, 35, 25))[0])
    if variant == "net":
        addr = _ipv4(rng, "private")
        scope.memo["_brd"] = addr.rsplit(".", 1)[0] + ".255"
        return addr
    if variant == "brd":
        return scope.memo["_brd"]
    if variant == "v6ll":
        return _ipv6(rng, "linklocal")
    raise ValueError(f"unknown IP_ADDRESS variant {variant!r}")


_PW_SYMBOLS = "!@#$%^&*-_=+?."
_PW_LAST_OK = frozenset(_ALNUM + "!#$%&*@")
# variant -> (allowed symbols, may be a spaced passphrase). Spaced passphrases
# only go where the context delimits them: quotes, tags, or the end of a line.
_PW_VARIANTS: dict[str, tuple[str, bool]] = {
    "": (_PW_SYMBOLS, False),
    "end": (_PW_SYMBOLS, True),
    "q": (_PW_SYMBOLS, True),
    "sq": (_PW_SYMBOLS, True),
    "xml": ("!@#$%^*-_=+?.", True),
    "url": ("-._~", False),
    "shell": ("-_.@%+=:^", False),
    "env": ("!#%*-_.@^+=", False),
}


def _password_fits(pw: str, symbols: str, spaces: bool) -> bool:
    allowed = set(_ALNUM + symbols + (" " if spaces else ""))
    return (
        all(c in allowed for c in pw) and pw[0] in _ALNUM and pw[-1] in _PW_LAST_OK and len(pw) >= 6
    )


def _random_password(rng: random.Random, symbols: str) -> str:
    length = rng.randint(10, 20)
    required = [
        rng.choice(string.ascii_uppercase),
        rng.choice(string.ascii_lowercase),
        rng.choice(string.digits),
        rng.choice(symbols),
    ]
    chars = required + [rng.choice(_ALNUM + symbols) for _ in range(length - 4)]
    rng.shuffle(chars)
    chars[0] = rng.choice(string.ascii_letters)
    if chars[-1] not in _PW_LAST_OK:
        chars[-1] = rng.choice(string.digits)
    return "".join(chars)


def _leet_password(rng: random.Random, symbols: str) -> str:
    word = "".join(
        rng.choice(_LEET[c]) if c in _LEET and rng.random() < 0.5 else c
        for c in rng.choice(_PW_WORDS)
    )
    return word[0].upper() + word[1:] + rng.choice(symbols) + _digits(rng, rng.randint(1, 2))


def _password_text(rng: random.Random, symbols: str, spaces: bool) -> str:
    for _ in range(40):
        kind = rng.choices(
            ("random", "leet", "word", "hyphen", "phrase"),
            weights=(35, 20, 20, 10, 15 if spaces else 0),
        )[0]
        words = rng.sample(_PW_WORDS, rng.randint(3, 4))
        if kind == "random":
            pw = _random_password(rng, symbols)
        elif kind == "leet":
            pw = _leet_password(rng, symbols)
        elif kind == "word":
            word = rng.choice(_PW_WORDS)
            word = word.capitalize() if rng.random() < 0.4 else word
            tail = rng.choice((str(rng.randint(1970, 2025)), "123", _digits(rng, 2)))
            pw = word + tail + ("!" if rng.random() < 0.2 else "")
        elif kind == "hyphen":
            pw = rng.choice("-.").join(words) + (_digits(rng, 2) if rng.random() < 0.5 else "")
        else:
            pw = " ".join(words)
        if _password_fits(pw, symbols, spaces):
            return pw
    return _random_password(rng, symbols)


def _password(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "pin":
        return _digits(rng, 4 if rng.random() < 0.75 else 6)
    if variant == "basic":
        userinfo = f"{scope.get('user')}:{_password_text(rng, _PW_SYMBOLS, False)}"
        return base64.b64encode(userinfo.encode()).decode()
    symbols, spaces = _PW_VARIANTS[variant]
    return _password_text(rng, symbols, spaces)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt(rng: random.Random) -> str:
    alg = rng.choice(("HS256", "RS256", "ES256"))
    header: dict[str, str] = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = _hexid(rng, 16)
    iat = 1_700_000_000 + rng.randrange(60_000_000)
    payload: dict[str, object] = {
        "sub": rng.choice(
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                f"user_{rng.randint(1000, 99999)}",
            )
        ),
        "iat": iat,
        "exp": iat + rng.choice((900, 3600, 86400)),
    }
    if rng.random() < 0.5:
        payload["scope"] = rng.choice(("read", "read write", "admin"))
    sig_len = {"HS256": 43, "RS256": 342, "ES256": 86}[alg]
    return ".".join(
        (
            _b64url(json.dumps(header, separators=(",", ":")).encode()),
            _b64url(json.dumps(payload, separators=(",", ":")).encode()),
            _chars(rng, _B64URL, sig_len),
        )
    )


# (label, fixed structural prefix of the DER body, line width, body lines, key file name)
_PEM_KINDS = (
    ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 64, (24, 26), "rsa"),
    ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 64, (25, 26), "rsa"),
    ("EC PRIVATE KEY", "MHcCAQEEI", 64, (3, 3), "ecdsa"),
    ("OPENSSH PRIVATE KEY",
     "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", 70, (5, 7),
     "ed25519"),
)  # fmt: skip


def _pem(scope: _Scope, newline: str) -> str:
    rng = scope.rng
    label, prefix, width, (lo, hi), keyname = rng.choice(_PEM_KINDS)
    scope.memo["keyname"] = keyname
    lines = rng.randint(lo, hi)
    body = prefix + _chars(rng, _B64, width * lines - len(prefix) - rng.randint(4, width // 2))
    body += "=" * (-len(body) % 4)
    rows = [body[i : i + width] for i in range(0, len(body), width)]
    return newline.join([f"-----BEGIN {label}-----", *rows, f"-----END {label}-----"])


def _secret(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "aws_id":
        return "AKIA" + _chars(rng, string.ascii_uppercase + "234567", 16)
    if variant == "aws_secret":
        return _mixed(rng, 40, _B64)
    if variant == "gh":
        return rng.choice(("ghp_", "gho_", "ghs_", "ghu_")) + _mixed(rng, 36)
    if variant == "ghpat":
        return f"github_pat_{_mixed(rng, 22)}_{_mixed(rng, 59)}"
    if variant == "slack":
        kind = rng.choice(("xoxb", "xoxp", "xoxa"))
        ids = "-".join(_digits(rng, rng.randint(10, 13)) for _ in range(2 if kind == "xoxb" else 3))
        return f"{kind}-{ids}-{_mixed(rng, 24) if kind == 'xoxb' else _hexid(rng, 32)}"
    if variant == "stripe":
        return rng.choice(("sk_live_", "sk_live_", "rk_live_")) + _mixed(rng, rng.randint(24, 99))
    if variant == "google":
        return "AIza" + _mixed(rng, 35, _B64URL)
    if variant == "jwt":
        return _jwt(rng)
    if variant == "pem":
        return _pem(scope, "\n")
    if variant == "pem_json":
        return _pem(scope, "\\n")
    if variant == "generic":
        shape = rng.randrange(5)
        if shape < 3:
            return _hexid(rng, (32, 40, 64)[shape])
        if shape == 3:
            return _mixed(rng, rng.randint(32, 43), _B64URL)
        return _mixed(rng, rng.randint(24, 48))
    if variant == "bare":
        return _mixed(rng, rng.randint(20, 48))
    raise ValueError(f"unknown SECRET variant {variant!r}")


def _deny_words(terms: Iterable[str]) -> set[str]:
    """Distinctive words of deny terms: "Bluefinch" and "Project Bluefinch" clash."""
    return {w for t in terms for w in t.lower().split()} - {"project"}


def _recase(rng: random.Random, term: str) -> str:
    return rng.choices((term, term.lower(), term.upper()), weights=(50, 25, 25))[0]


def _deny_term(scope: _Scope, variant: str) -> str:
    """Records the canonical term on the scope; the text shows it in varied case.

    ``again`` repeats the previous term in a fresh casing. ``code`` picks a bare
    project word, for identifiers and channel names.
    """
    rng = scope.rng
    if variant == "again":
        return _recase(rng, scope.memo["_deny_last"])
    taken = _deny_words(scope.deny_terms)
    if variant == "":
        variant = rng.choice(("person", "project"))
    while True:
        if variant == "person":
            term = rng.choice(_DENY_PEOPLE)
        else:
            word = rng.choice(_DENY_PROJECTS)
            term = word if variant == "code" or rng.random() < 0.5 else f"Project {word}"
        if not _deny_words([term]) & taken:
            break
    scope.deny_terms.append(term)
    scope.memo["_deny_last"] = term
    return _recase(rng, term)


_MAKERS: dict[str, Callable[[_Scope, str], str]] = {
    "EMAIL": _email,
    "PHONE": _phone,
    "CARD": _card,
    "IBAN": _iban,
    "UK_BANK_ACCOUNT": _uk_bank,
    "US_SSN": _ssn,
    "UK_NINO": _nino,
    "NHS_NUMBER": _nhs,
    "UK_POSTCODE": _postcode,
    "IP_ADDRESS": _ip,
    "PASSWORD": _password,
    "SECRET": _secret,
    "DENY_TERM": _deny_term,
}


# --------------------------------------------------------------------------------------
# Fillers: the ordinary text around values (and the whole of ordinary records)
# --------------------------------------------------------------------------------------


def _f_date(s: _Scope) -> str:
    d, rng = _date(s.rng), s.rng
    return rng.choice(
        (
            d.isoformat(),
            d.strftime("%d/%m/%Y"),
            d.strftime("%d.%m.%Y"),
            f"{d:%B} {_ordinal(d.day)}",
            f"{d.day} {d:%B %Y}",
            f"{d.day} {d:%b}",
            f"{d:%A} {_ordinal(d.day)}",
            f"Q{(d.month - 1) // 3 + 1} {d.year}",
        )
    )


def _f_time(s: _Scope) -> str:
    rng = s.rng
    h, m = rng.randint(7, 19), rng.choice((0, 5, 15, 30, 45, rng.randint(0, 59)))
    return rng.choice(
        (
            f"{h:02d}:{m:02d}",
            f"{h % 12 or 12}{'am' if h < 12 else 'pm'}",
            f"{h % 12 or 12}.{m:02d}{'am' if h < 12 else 'pm'}",
        )
    )


def _f_ts(s: _Scope) -> str:
    d, rng = _date(s.rng), s.rng
    t = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    return rng.choice(
        (f"{d.isoformat()}T{t}Z", f"{d.isoformat()} {t},{rng.randint(0, 999):03d}",
         f"{d.isoformat()}T{t}.{rng.randint(0, 999):03d}+00:00")
    )  # fmt: skip


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def _pct(rng: random.Random) -> str:
    return rng.choice((f"{rng.randint(1, 99)}%", f"{rng.uniform(0, 100):.1f}%", "99.95%"))


def _f_version(s: _Scope) -> str:
    rng = s.rng
    a, b, c = rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 40)
    return rng.choice(
        (f"v{a}.{b}.{c}", f"{a}.{b}.{c}", f"{a}.{b}", f"v{a}.{b}.{c}-rc.{rng.randint(1, 5)}",
         f"{a}.{b}.{c}.{rng.randint(1000, 29999)}")
    )  # fmt: skip


def _f_price(s: _Scope) -> str:
    rng = s.rng
    x = rng.choice((rng.uniform(1, 99), rng.uniform(100, 9999), rng.uniform(10_000, 999_999)))
    return rng.choice(
        (f"£{x:,.2f}", f"${x:,.2f}", f"€{x:,.0f}", f"£{x / 1000:.1f}k",
         f"€{rng.uniform(1, 9.9):.1f}m", f"${rng.uniform(1, 4):.1f}bn", f"£{int(x):,}")
    )  # fmt: skip


def _f_isbn(s: _Scope) -> str:
    rng = s.rng
    body = "978" + _digits(rng, 9)
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
    return f"978-{body[3]}-{body[4:8]}-{body[8:12]}-{check}"


def _f_user(s: _Scope) -> str:
    rng = s.rng
    first, last = _slug(s.get("first")), _slug(s.get("last"))
    return rng.choice(
        (f"{first[0]}{last}", first, f"{first}.{last}", "deploy", "admin", "svc-backup",
         "ubuntu", "ci-runner", f"{first}{last[0]}")
    )  # fmt: skip


def _f_host(s: _Scope) -> str:
    rng = s.rng
    return rng.choice(
        ("db.internal", "staging-02.corp.example.net", "build-01.example.com", "db-primary",
         "cache.internal", "api.example.org", "backup.lan", "pg-replica-3.example.net")
    )  # fmt: skip


_FILLERS: dict[str, Callable[[_Scope], str]] = {
    "first": lambda s: s.rng.choice(_FIRST),
    "first2": lambda s: s.rng.choice([f for f in _FIRST if f != s.get("first")]),
    "last": lambda s: s.rng.choice(_LAST),
    "last2": lambda s: s.rng.choice(_LAST),
    "name": lambda s: f"{s.get('first')} {s.get('last')}",
    "cardname": lambda s: s.rng.choice(
        (f"{s.get('first')} {s.get('last')}", f"{s.get('first')[0]} {s.get('last')}")
    ).upper(),
    "user": _f_user,
    "host": _f_host,
    "shorthost": lambda s: s.rng.choice(
        ("build-01", "web-3", "bastion", "db-primary", "runner-7", "nas", "jumpbox")
    ),
    "domain": lambda s: s.rng.choice(_DOMAINS),
    "company": lambda s: s.rng.choice(_COMPANIES),
    "job": lambda s: s.rng.choice(_JOBS),
    "street": lambda s: (
        f"{s.rng.randint(1, 240)} {s.rng.choice(_STREET_NAMES)} {s.rng.choice(_STREET_KINDS)}"
    ),
    "town": lambda s: s.rng.choice(_TOWNS),
    "date": _f_date,
    "date2": _f_date,
    "isodate": lambda s: _date(s.rng).isoformat(),
    "isodate2": lambda s: _date(s.rng).isoformat(),
    "longdate": lambda s: f"{_date(s.rng):%a, %d %b %Y} at {_f_time(s)}",
    "gitdate": lambda s: (lambda d: f"{d:%a %b %d} {_clock(s.rng)} {d.year} +0000")(_date(s.rng)),
    "syslogts": lambda s: (lambda d: f"{d:%b} {d.day:>2} {_clock(s.rng)}")(_date(s.rng)),
    "clfdate": lambda s: f"{_date(s.rng):%d/%b/%Y}:{_clock(s.rng)} +0000",
    "lsdate": lambda s: f"{_date(s.rng):%b %d} {_clock(s.rng)[:5]}",
    "ts": _f_ts,
    "time": _f_time,
    "time2": _f_time,
    "weekday": lambda s: s.rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
    "quarter": lambda s: f"Q{s.rng.randint(1, 4)} {s.rng.randint(2023, 2026)}",
    "yrange": lambda s: (lambda y: f"{y}{s.rng.choice('–-')}{y + s.rng.randint(1, 4)}")(
        s.rng.randint(2010, 2022)
    ),
    "version": _f_version,
    "version3": lambda s: f"{s.rng.randint(0, 9)}.{s.rng.randint(0, 30)}.{s.rng.randint(0, 20)}",
    "pyver": lambda s: f"3.{s.rng.randint(8, 13)}.{s.rng.randint(0, 12)}",
    "chromever": lambda s: (
        f"{s.rng.randint(110, 131)}.0.{s.rng.randint(5000, 6999)}.{s.rng.randint(10, 220)}"
    ),
    "winver": lambda s: f"10.0.{s.rng.randint(19041, 22631)}.{s.rng.randint(1000, 4000)}",
    "price": _f_price,
    "price2": _f_price,
    "pct": lambda s: _pct(s.rng),
    "pct2": lambda s: _pct(s.rng),
    "big": lambda s: f"{s.rng.randint(1_000, 2_500_000):,}",
    "big2": lambda s: f"{s.rng.randint(1_000, 2_500_000):,}",
    "n": lambda s: str(s.rng.randint(2, 99)),
    "few": lambda s: str(s.rng.randint(1, 9)),
    "attempt": lambda s: str(s.rng.randint(1, 5)),
    "amount": lambda s: f"{s.rng.choice('£$€')}{s.rng.uniform(3, 2000):,.2f}",
    "amount2": lambda s: f"{s.rng.choice('£$€')}{s.rng.uniform(3, 2000):,.2f}",
    "size": lambda s: f"{s.rng.uniform(0.1, 900):.1f} {s.rng.choice(('MB', 'GB'))}",
    "clock": lambda s: _clock(s.rng),
    "count": lambda s: str(s.rng.randint(12, 2400)),
    "count2": lambda s: str(s.rng.randint(12, 2400)),
    "sport": lambda s: str(s.rng.randint(32768, 60999)),
    "webport": lambda s: str(s.rng.choice((80, 8000, 8080, 9000, 3000, 8443))),
    "weight": lambda s: f"{s.rng.uniform(0.2, 40):.1f} kg",
    "ram": lambda s: f"{s.rng.choice((16, 32, 64))} GB of RAM",
    "m": lambda s: str(s.rng.randint(0, 9)),
    "secs": lambda s: f"{s.rng.uniform(0.2, 95):.2f}",
    "ms": lambda s: str(s.rng.randint(3, 950)),
    "pid": lambda s: str(s.rng.randint(300, 65000)),
    "order": lambda s: s.rng.choice(
        (f"ORD-{s.rng.randint(2019, 2026)}-{s.rng.randint(1, 99999):05d}",
         f"INV-{s.rng.randint(1, 999999):06d}", f"PO-{s.rng.randint(10000, 99999)}")
    ),
    "ref": lambda s: f"INV-{s.rng.randint(2019, 2026)}-{s.rng.randint(1, 9999):04d}",
    "jira": lambda s: f"{s.rng.choice(('ABC', 'OPS', 'PAY', 'WEB', 'DATA', 'SEC'))}-"
    f"{s.rng.randint(1, 9999)}",
    "jira2": lambda s: f"{s.rng.choice(('INFRA', 'APP', 'QA'))}-{s.rng.randint(1, 999)}",
    "ticket": lambda s: f"#{s.rng.randint(100, 9999)}",
    "room": lambda s: s.rng.choice(
        (f"room {s.rng.randint(1, 6)}.{s.rng.randint(1, 30):02d}",
         f"Room B{s.rng.randint(101, 420)}", f"meeting room {s.rng.randint(1, 12)}",
         "the Larch room")
    ),
    "flight": lambda s: s.rng.choice(("BA ", "LH ", "AF", "EZY", "U2 ", "KL ")) + str(
        s.rng.randint(10, 9999)
    ),
    "isbn": _f_isbn,
    "page": lambda s: str(s.rng.randint(2, 480)),
    "pages": lambda s: (lambda p: f"{p}–{p + s.rng.randint(2, 30)}")(s.rng.randint(10, 400)),
    "score": lambda s: f"{s.rng.randint(0, 5)}{s.rng.choice('-–')}{s.rng.randint(0, 4)}",
    "temp": lambda s: f"{s.rng.randint(-3, 34)}°C",
    "resolution": lambda s: s.rng.choice(("1920x1080", "2560x1440", "3840x2160", "3440x1440")),
    "distance": lambda s: f"{s.rng.uniform(0.5, 42):.1f} km",
    "uuid": lambda s: str(uuid.UUID(int=s.rng.getrandbits(128), version=4)),
    "hex7": lambda s: _hexid(s.rng, 7),
    "hex7b": lambda s: _hexid(s.rng, 7),
    "hex7c": lambda s: _hexid(s.rng, 7),
    "hex10": lambda s: _hexid(s.rng, 10),
    "hex12": lambda s: _hexid(s.rng, 12),
    "hex40": lambda s: _hexid(s.rng, 40),
    "x5": lambda s: _chars(s.rng, "bcdfghjklmnpqrstvwxz2456789", 5),
    "ident": lambda s: s.rng.choice(
        ("getUserAccountInformation", "XMLHttpRequest", "parseInt", "useEffect",
         "validatePasswordStrength", "PaymentGatewayClient", "to_snake_case", "fetchOrderById",
         "isAuthenticated", "AbstractSingletonProxyFactoryBean", "handleTokenRefresh")
    ),
    "url": lambda s: s.rng.choice(
        ("https://docs.example.com/guide/getting-started",
         "https://example.org/blog/2024/03/release-notes", "https://status.example.net",
         "https://wiki.example.com/display/OPS/Runbook", "https://example.com/pricing#teams",
         "https://docs.example.com/api/v2/authentication")
    ),
    "path": lambda s: s.rng.choice(
        ("/var/log/nginx/access.log", "~/projects/app/src/main.py", "/etc/systemd/system",
         r"C:\Users\Public\Documents\report.docx", "./build/output/bundle.js",
         "/usr/local/lib/python3.11/site-packages")
    ),
    "region": lambda s: s.rng.choice(("eu-west-2", "us-east-1", "eu-central-1", "ap-southeast-2")),
    "env": lambda s: s.rng.choice(("staging", "prod", "dev", "qa")),
    "repo": lambda s: s.rng.choice(
        ("billing-api", "web-frontend", "data-pipeline", "infra", "mobile-app", "reports")
    ),
    "org": lambda s: s.rng.choice(("acme-corp", "example-org", "northwind", "platform-team")),
    "db": lambda s: s.rng.choice(("app", "orders", "analytics", "inventory")),
    "tool": lambda s: s.rng.choice(
        ("./deploy.sh", "backup-agent", "./migrate.py", "vpn-connect", "docker login")
    ),
    "module": lambda s: s.rng.choice(("auth", "uploader", "billing", "search", "scheduler")),
    "branch": lambda s: s.rng.choice(("retry-backoff", "dark-mode", "fix-timezones", "ci-cache")),
    "subject": lambda s: s.rng.choice(
        ("Q3 planning", "Invoice query", "Team offsite", "Migration timeline", "Updated rota",
         "Quick question", "Budget sign-off", "Access request")
    ),
    "commitmsg": lambda s: s.rng.choice(
        ("Fix flaky login test", "Bump dependencies", "Add retry to uploader",
         "Refactor config loading", "Handle empty responses")
    ),
    "usstate": lambda s: s.rng.choice(("NY", "CA", "TX", "WA", "IL", "MA", "FL")),
    "exp": lambda s: f"{s.rng.randint(1, 12):02d}/{s.rng.randint(25, 31)}",
    "brand": lambda s: s.rng.choice(("Visa", "Mastercard", "Amex")),
    "bic": lambda s: s.rng.choice(("NWBKGB2L", "DEUTDEFF")),
    "keyname": lambda s: "rsa",
    "ext": lambda s: s.rng.choices(
        ("", f" ext. {s.rng.randint(10, 999)}", f" x{s.rng.randint(10, 999)}"),
        weights=(70, 15, 15),
    )[0],
    "status": lambda s: str(s.rng.choice((200, 200, 200, 301, 304, 401, 404, 500))),
    "bytes": lambda s: str(s.rng.randint(0, 48_000)),
    "urlpath": lambda s: s.rng.choice(
        ("/api/v1/orders?page=2", "/login", "/static/app.js", "/healthz", "/wp-login.php",
         "/api/v2/users/me", "/favicon.ico")
    ),
    "ua": lambda s: s.rng.choice(
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0.0.0 Safari/537.36", "curl/8.5.0", "python-requests/2.31.0",
         "Go-http-client/1.1")
    ),
    "signoff": lambda s: s.rng.choice(_SIGNOFFS),
}  # fmt: skip


# --------------------------------------------------------------------------------------
# Sensitive contexts: (style, template) per type
# --------------------------------------------------------------------------------------

_Ctx = tuple[str, str]

_CONTEXTS: dict[str, tuple[_Ctx, ...]] = {
    "EMAIL": (
        ("chat", "you can reach me at {EMAIL}"),
        ("chat", "send the signed copy to {EMAIL} please"),
        ("chat", "can someone add {EMAIL} to the channel?"),
        ("chat", "use my personal one, {EMAIL}, while the work mail is down"),
        ("chat", "cc {EMAIL} on that thread"),
        ("email", "From: {first} {last} <{EMAIL:name}>\nTo: {EMAIL2}\nSubject: {subject}"),
        ("email", "On {longdate}, {first} {last} <{EMAIL:name}> wrote:\n> {subject}"),
        ("email", "Please reply to {EMAIL} rather than to this address."),
        ("email", "-----Original Message-----\nFrom: {EMAIL}\nSent: {longdate}\n"
                  "Subject: RE: {subject}"),
        ("code", 'ADMIN_EMAIL = "{EMAIL}"'),
        ("code", 'const supportAddress = "{EMAIL}";'),
        ("code", '{{"id": {n}, "email": "{EMAIL}", "active": true}}'),
        ("terminal", '$ git config --global user.email "{EMAIL:name}"'),
        ("terminal", "$ git log -1\ncommit {hex40}\nAuthor: {first} {last} <{EMAIL:name}>\n"
                     "Date:   {gitdate}\n\n    {commitmsg}"),
        ("config", "smtp_user: {EMAIL}"),
        ("config", "ALERT_RECIPIENTS={EMAIL},{EMAIL2}"),
        ("config", "[user]\n\tname = {first} {last}\n\temail = {EMAIL:name}"),
        ("log", "{ts} INFO auth: login succeeded for {EMAIL} in {ms}ms"),
        ("log", "{ts} WARN mailer: bounce from <{EMAIL}>: 550 5.1.1 mailbox unavailable"),
        ("title", "Inbox ({n}) - {EMAIL} - Mail"),
        ("title", "{EMAIL} - {company} - Outlook"),
        ("form", "Email address: {EMAIL}"),
        ("table", "id,email,created_at\n{n},{EMAIL},{isodate}\n{few},{EMAIL2},{isodate2}"),
        ("form", "E-mail: {EMAIL}\nConfirm e-mail: {EMAIL}"),
        ("prose", "For questions about the survey, contact {EMAIL}."),
        ("prose", "Complaints should be sent to {EMAIL} within 30 days of the incident."),
    ),
    "PHONE": (
        ("chat", "call me on {PHONE}"),
        ("chat", "my mobile is {PHONE:mobile}"),
        ("chat", "ring {PHONE} if the door's locked"),
        ("chat", "new number: {PHONE:mobile}, the old one is dead"),
        ("chat", "text me at {PHONE}"),
        ("chat", "US office line is {PHONE:us}{ext}"),
        ("chat", "Tel {PHONE:intl}, ask for {first}"),
        ("email", "{signoff},\n{first} {last}\n{job}, {company}\nT: {PHONE:uk}{ext}\n"
                  "M: {PHONE2:mobile}"),
        ("email", "If you have any questions, please call me on {PHONE}."),
        ("prose", "Reception can be reached on {PHONE}{ext} during office hours."),
        ("prose", "To reschedule, call the clinic on {PHONE:uk} between 9am and 5pm."),
        ("prose", "Our New York desk answers on {PHONE:us}."),
        ("form", "Phone: {PHONE}"),
        ("table", "Name | Role | Phone\n{name} | {job} | {PHONE}"),
        ("form", "Telephone: {PHONE:uk}\nAlternative number: {PHONE2:intl}"),
        ("code", '"phone": "{PHONE}",'),
        ("code", 'SUPPORT_PHONE = "{PHONE}"'),
        ("log", "{ts} INFO sms: delivered to {PHONE} id={hex12}"),
        ("title", "Call with {PHONE} - Zoom"),
        ("title", "{PHONE} - WhatsApp"),
        ("config", 'on_call_number: "{PHONE}"'),
        ("log", "{ts} INFO voip: call from {PHONE:uk} to ext {few}0{few} lasted {secs}s"),
    ),
    "CARD": (
        ("chat", "card number is {CARD}"),
        ("chat", "use the company {brand}: {CARD}, exp {exp}"),
        ("chat", "I paid with {CARD} but it's been charged twice"),
        ("form", "Card number: {CARD}\nExpiry date: {exp}\nName on card: {cardname}"),
        ("form", "Cardholder: {cardname}\nPAN: {CARD}"),
        ("log", "{ts} ERROR payments: charge declined card={CARD} amount={amount}"),
        ("log", "{ts} DEBUG checkout payload pan={CARD} exp={exp}"),
        ("code", 'test_card = "{CARD}"'),
        ("table", "order_id,card_number,amount\n{order},{CARD},{amount}"),
        ("code", '{{"pan": "{CARD}", "expiry": "{exp}", "currency": "GBP"}}'),
        ("email", "Please charge the deposit to my {brand} card {CARD}, expiry {exp}."),
        ("prose", "The refund of {amount} will go back to card {CARD} within 5 working days."),
        ("terminal", '$ ./charge.py --amount 4999 --card "{CARD}"'),
    ),
    "IBAN": (
        ("chat", "my IBAN is {IBAN}"),
        ("chat", "can you send it to {IBAN}? ref {ref}"),
        ("chat", "IBAN {IBAN} – Begünstigter {first} {last}"),
        ("email", "Our bank details:\nAccount name: {company}\nIBAN: {IBAN}\nBIC: {bic}"),
        ("email", "Please transfer {amount} to {IBAN} (BIC {bic}) by {date}."),
        ("form", "IBAN: {IBAN}\nBIC/SWIFT: {bic}"),
        ("form", "Beneficiary IBAN {IBAN}"),
        ("form", "Kontonummer/IBAN: {IBAN}"),
        ("code", '"iban": "{IBAN}",'),
        ("config", 'payout_iban = "{IBAN}"'),
        ("log", "{ts} INFO sepa: credit transfer queued iban={IBAN} amount={amount}"),
        ("prose", "Refunds are paid to the IBAN on file, currently {IBAN}."),
    ),
    "UK_BANK_ACCOUNT": (
        ("chat", "sort code {UK_BANK_ACCOUNT:sort}, account {UK_BANK_ACCOUNT2:acct}"),
        ("chat", "s/c {UK_BANK_ACCOUNT:sort} a/c {UK_BANK_ACCOUNT2:acct}"),
        ("chat", "my account number is {UK_BANK_ACCOUNT:acct}"),
        ("chat", "sort is {UK_BANK_ACCOUNT:sort} btw"),
        ("chat", "acc no {UK_BANK_ACCOUNT:acct}, sort code {UK_BANK_ACCOUNT2:sort}"),
        ("form", "Sort code: {UK_BANK_ACCOUNT:sort}\nAccount number: {UK_BANK_ACCOUNT2:acct}\n"
                 "Account name: {name}"),
        ("form", "Sort: {UK_BANK_ACCOUNT:sort}   Acc no: {UK_BANK_ACCOUNT2:acct}"),
        ("code", '{{"sort_code": "{UK_BANK_ACCOUNT:sort}", '
                 '"account_number": "{UK_BANK_ACCOUNT2:acct}"}}'),
        ("email", "Please pay the invoice to sort code {UK_BANK_ACCOUNT:sort}, account "
                  "{UK_BANK_ACCOUNT2:acct}, reference {ref}."),
        ("prose", "Salary is paid into account {UK_BANK_ACCOUNT:acct} on the last working day."),
        ("log", "{ts} INFO bacs: mandate created sort_code={UK_BANK_ACCOUNT:sort} "
                "acc_no={UK_BANK_ACCOUNT2:acct}"),
        ("config", 'bank_sort_code: "{UK_BANK_ACCOUNT:sort}"\n'
                   'bank_account: "{UK_BANK_ACCOUNT2:acct}"'),
    ),
    "US_SSN": (
        ("chat", "SSN is {US_SSN:ctx}"),
        ("chat", "here's mine for the form: {US_SSN}"),
        ("chat", "{name} {US_SSN} {usstate}"),
        ("form", "Social Security Number: {US_SSN:ctx}"),
        ("form", "Name: {name}\nSSN: {US_SSN:ctx}\nState: {usstate}"),
        ("table", "employee_id,name,ssn\n{n},{name},{US_SSN}"),
        ("code", '{{"employee_id": {n}, "ssn": "{US_SSN:ctx}"}}'),
        ("log", "{ts} WARN hr-sync: duplicate ssn={US_SSN:ctx} for employee {n}"),
        ("email", "Attached is the W-2 for {name} (SSN {US_SSN})."),
        ("prose", "The applicant listed {US_SSN} as their social security number."),
        ("config", 'test_ssn: "{US_SSN}"'),
    ),
    "UK_NINO": (
        ("chat", "my NI number is {UK_NINO}"),
        ("chat", "NINO {UK_NINO} - can you update payroll?"),
        ("chat", "{UK_NINO} is the one HMRC has"),
        ("form", "National Insurance number: {UK_NINO}"),
        ("form", "Employee: {name}\nNI No: {UK_NINO}\nTax code: 1257L"),
        ("table", "name,nino,start_date\n{name},{UK_NINO},{isodate}"),
        ("prose", "Your National Insurance number is {UK_NINO}."),
        ("email", "Please quote your NI number ({UK_NINO}) on all correspondence."),
        ("code", '"ni_number": "{UK_NINO}",'),
        ("log", "{ts} INFO payroll: rti submission ok nino={UK_NINO}"),
    ),
    "NHS_NUMBER": (
        ("form", "NHS number: {NHS_NUMBER}"),
        ("form", "Patient: {name}\nNHS No: {NHS_NUMBER}\nGP: Dr {last2}"),
        ("prose", "Patient {NHS_NUMBER} was booked for a follow-up on {date}."),
        ("prose", "Please bring your NHS number ({NHS_NUMBER}) to the appointment."),
        ("email", "Re: referral for NHS number {NHS_NUMBER}"),
        ("log", "{ts} INFO pds: lookup nhs_number={NHS_NUMBER} status=200"),
        ("code", '{{"nhsNumber": "{NHS_NUMBER}", "priority": "routine"}}'),
        ("chat", "her NHS number is {NHS_NUMBER} if the surgery asks"),
        ("chat", "number on the hospital letter is {NHS_NUMBER}"),
        ("title", "{NHS_NUMBER} - {name} - Patient Record"),
    ),
    "UK_POSTCODE": (
        ("form", "Address: {street}, {town}\nPostcode: {UK_POSTCODE}"),
        ("email", "{name}\n{street}\n{town}\n{UK_POSTCODE}"),
        ("prose", "Deliver to {street}, {town} {UK_POSTCODE} before noon."),
        ("chat", "I'm at {UK_POSTCODE} if you need it for the satnav"),
        ("chat", "new address is {street}, {UK_POSTCODE}"),
        ("code", '{{"line1": "{street}", "city": "{town}", "postcode": "{UK_POSTCODE}"}}'),
        ("log", "{ts} INFO geocode: resolved postcode={UK_POSTCODE} in {ms}ms"),
        ("title", "{street}, {town} {UK_POSTCODE} - Maps"),
        ("config", 'office_postcode: "{UK_POSTCODE}"'),
        ("table", "name,street,postcode\n{name},{street},{UK_POSTCODE}"),
    ),
    "IP_ADDRESS": (
        ("log", "{syslogts} {shorthost} sshd[{pid}]: Failed password for invalid user {user} "
                "from {IP_ADDRESS} port {sport} ssh2"),
        ("log", "{syslogts} {shorthost} sshd[{pid}]: Accepted publickey for {user} from "
                "{IP_ADDRESS} port {sport} ssh2"),
        ("log", '{IP_ADDRESS} - - [{clfdate}] "GET {urlpath} HTTP/1.1" {status} {bytes} "-" '
                '"{ua}"'),
        ("log", "{ts} WARN ratelimit: client {IP_ADDRESS:v4} exceeded {n} req/s"),
        ("terminal", "$ ssh {user}@{IP_ADDRESS:v4}"),
        ("terminal", "$ ping -c 3 {IP_ADDRESS}"),
        ("terminal", "$ scp build.tar.gz {user}@{IP_ADDRESS:v4}:/tmp/"),
        ("terminal", "$ curl -s http://{IP_ADDRESS:v4}:{webport}/healthz\nok"),
        ("terminal", "$ curl -g 'http://[{IP_ADDRESS:v6}]:{webport}/status'"),
        ("terminal", "$ ip -br addr show eth0\neth0  UP  {IP_ADDRESS:net}/24 "
                     "{IP_ADDRESS2:v6ll}/64"),
        ("terminal", "$ ip addr show eth0\n    inet {IP_ADDRESS:net}/24 brd {IP_ADDRESS2:brd} "
                     "scope global eth0\n    inet6 {IP_ADDRESS3:v6ll}/64 scope link"),
        ("config", "host: {IP_ADDRESS}"),
        ("config", "bind_address = {IP_ADDRESS:v4}"),
        ("config", "upstream backend {{\n    server {IP_ADDRESS:v4}:{webport};\n"
                   "    server {IP_ADDRESS2:v4}:{webport};\n}}"),
        ("config", "nameserver {IP_ADDRESS}"),
        ("config", "{IP_ADDRESS}\t{host}"),
        ("config", 'allowed_ips: ["{IP_ADDRESS:v4}/32", "{IP_ADDRESS2:v6}/128"]'),
        ("chat", "the box is at {IP_ADDRESS}"),
        ("chat", "can you whitelist {IP_ADDRESS:v4}? it's the new office"),
        ("code", 'DB_HOST = "{IP_ADDRESS:v4}"'),
        ("code", 'client = Redis(host="{IP_ADDRESS}", port=6379)'),
        ("prose", "Traffic from {IP_ADDRESS} was blocked after repeated failures."),
    ),
    "PASSWORD": (
        ("chat", "password: {PASSWORD}"),
        ("chat", "my password is {PASSWORD:end}"),
        ("chat", "the wifi password is {PASSWORD:end}"),
        ("chat", "the password for the staging box is {PASSWORD:end}"),
        ("chat", "pass: {PASSWORD}"),
        ("chat", "pw is {PASSWORD:end}"),
        ("chat", "temp password {PASSWORD} - change it when you first log in"),
        ("chat", "login is {user} / {PASSWORD}"),
        ("chat", "PIN: {PASSWORD:pin}"),
        ("chat", "my pin is {PASSWORD:pin}"),
        ("chat", "door code for the server room is {PASSWORD:pin}"),
        ("chat", "la contraseña del wifi es {PASSWORD:end}"),
        ("chat", "le mot de passe est {PASSWORD:end}"),
        ("chat", "das Passwort ist {PASSWORD:end}"),
        ("form", "contraseña: {PASSWORD}"),
        ("form", "mot de passe : {PASSWORD}"),
        ("form", "Passwort: {PASSWORD}"),
        ("form", "senha: {PASSWORD}"),
        ("form", "wachtwoord: {PASSWORD}"),
        ("form", "Username: {user}\nPassword: {PASSWORD}"),
        ("form", "Temporary password: {PASSWORD}"),
        ("config", "Password={PASSWORD}"),
        ("config", "pwd={PASSWORD:env}"),
        ("config", "DB_PASSWORD={PASSWORD:env}"),
        ("config", "[database]\nuser = {user}\npassword = {PASSWORD}"),
        ("config", 'database:\n  username: {user}\n  password: "{PASSWORD:q}"'),
        ("config", "spring.datasource.password={PASSWORD:env}"),
        ("config", "DATABASE_URL=postgres://{user}:{PASSWORD:url}@{host}:5432/{db}"),
        ("config", "MONGO_URI=mongodb://admin:{PASSWORD:url}@{host}:27017/?authSource=admin"),
        ("config", "<password>{PASSWORD:xml}</password>"),
        ("code", '{{"username": "{user}", "password": "{PASSWORD:q}"}}'),
        ("code", 'conn = psycopg.connect(host="{host}", user="{user}", password="{PASSWORD:q}")'),
        ("code", "const password = '{PASSWORD:sq}';"),
        ("code", 'requests.get("https://{user}:{PASSWORD:url}@{domain}/api/export")'),
        ("terminal", "$ mysql -u root -p{PASSWORD:shell}"),
        ("terminal", "$ mysql -h {host} -u {user} -p'{PASSWORD:sq}' {db}"),
        ("terminal", "$ sshpass -p '{PASSWORD:sq}' ssh {user}@{shorthost}"),
        ("terminal", "$ sshpass -p {PASSWORD:shell} ssh -o StrictHostKeyChecking=no "
                     "{user}@{shorthost}"),
        ("terminal", "$ {tool} --password={PASSWORD:shell}"),
        ("terminal", "$ {tool} --username {user} --password {PASSWORD:shell}"),
        ("terminal", "$ curl -u {user}:{PASSWORD:shell} https://{domain}/api/v2/reports"),
        ("terminal", "$ PGPASSWORD={PASSWORD:shell} psql -h {host} -U {user} {db}"),
        ("terminal", "$ echo '{PASSWORD:sq}' | sudo -S systemctl restart nginx"),
        ("terminal", "$ curl -H 'Authorization: Basic {PASSWORD:basic}' "
                     "https://{domain}/v1/status"),
        ("terminal", "$ git clone https://{user}:{PASSWORD:url}@git.{domain}/{org}/{repo}.git"),
        ("log", "{ts} DEBUG http: Authorization: Basic {PASSWORD:basic}"),
        ("email", "Your temporary password is {PASSWORD} and must be changed at first login."),
        ("prose", "The shared mailbox password is {PASSWORD} and it changes every month."),
    ),
    "SECRET": (
        ("config", "[default]\naws_access_key_id = {SECRET:aws_id}\n"
                   "aws_secret_access_key = {SECRET2:aws_secret}\nregion = {region}"),
        ("terminal", "$ export AWS_ACCESS_KEY_ID={SECRET:aws_id}"),
        ("config", "AWS_SECRET_ACCESS_KEY={SECRET:aws_secret}"),
        ("code", 's3 = boto3.client(\n    "s3",\n    aws_access_key_id="{SECRET:aws_id}",\n'
                 '    aws_secret_access_key="{SECRET2:aws_secret}",\n)'),
        ("chat", "AWS key {SECRET:aws_id} / {SECRET2:aws_secret}"),
        ("config", "GITHUB_TOKEN={SECRET:gh}"),
        ("terminal", "$ git clone https://{user}:{SECRET:gh}@github.com/{org}/{repo}.git"),
        ("terminal", "$ echo {SECRET:gh} | gh auth login --with-token"),
        ("chat", "here's a fine-grained PAT for the CI job: {SECRET:ghpat}"),
        ("config", "SLACK_BOT_TOKEN={SECRET:slack}"),
        ("code", 'client = WebClient(token="{SECRET:slack}")'),
        ("chat", "slack token for the bot: {SECRET:slack}"),
        ("code", 'stripe.api_key = "{SECRET:stripe}"'),
        ("config", "STRIPE_SECRET_KEY={SECRET:stripe}"),
        ("chat", "new stripe key {SECRET:stripe} - old one is revoked"),
        ("code", '<script src="https://maps.googleapis.com/maps/api/js?key={SECRET:google}'
                 '&callback=initMap"></script>'),
        ("code", 'const firebaseConfig = {{ apiKey: "{SECRET:google}", projectId: "{repo}" }};'),
        ("log", "{ts} DEBUG http: Authorization: Bearer {SECRET:jwt}"),
        ("terminal", '$ curl -H "Authorization: Bearer {SECRET:jwt}" https://api.{domain}/v1/me'),
        ("log", "Set-Cookie: session={SECRET:jwt}; Path=/; HttpOnly; Secure"),
        ("terminal", "$ cat ~/.ssh/id_{keyname}\n{SECRET:pem}"),
        ("config", "{SECRET:pem}"),
        ("chat", "can you check this key? it's the old deploy one\n{SECRET:pem}"),
        ("code", '"private_key": "{SECRET:pem_json}\\n",'),
        ("code", 'api_key = "{SECRET:generic}"'),
        ("config", "SECRET_TOKEN={SECRET:generic}"),
        ("code", '"client_secret": "{SECRET:generic}",'),
        ("terminal", "$ export API_TOKEN={SECRET:generic}"),
        ("config", "token: {SECRET:generic}"),
        ("log", "{ts} INFO GET /api/v1/export?access_token={SECRET:generic}&format=csv 200"),
        ("code", 'headers = {{"X-Api-Key": "{SECRET:generic}"}}'),
        ("config", "webhook_secret = '{SECRET:generic}'"),
        ("chat", "use {SECRET:bare} to log in"),
        ("chat", "here's the token: {SECRET:bare}"),
        ("chat", "key is {SECRET:bare}, it expires on friday"),
        ("chat", "{SECRET:bare}"),
        ("chat", "paste this when the CLI asks for it: {SECRET:bare}"),
    ),
    "DENY_TERM": (
        ("title", "Payroll – {DENY_TERM:person} – Workday"),
        ("title", "{DENY_TERM:project} roadmap.pptx - PowerPoint"),
        ("title", "1:1 {DENY_TERM:person} / {first} - Calendar"),
        ("title", "#proj-{DENY_TERM:code} | {company} - Slack"),
        ("chat", "who's leading {DENY_TERM:project} now?"),
        ("chat", "{DENY_TERM:person} is out until {date}"),
        ("chat", "did {DENY_TERM:person} sign off the {DENY_TERM2:project} budget?"),
        ("chat", "heads up: {DENY_TERM:project} slips to {quarter}. please don't mention "
                 "{DENY_TERM:again} outside the team"),
        ("email", "Subject: {DENY_TERM:project} - weekly status\n\nHi all, the "
                  "{DENY_TERM:again} pilot is on track for {date}."),
        ("email", "Hi {first},\n\n{DENY_TERM:person} will cover for me while I'm away.\n\n"
                  "{signoff}"),
        ("prose", "The {DENY_TERM:project} pilot ran from {date} to {date2}."),
        ("prose", "Interviews were led by {DENY_TERM:person} and {first} {last}."),
        ("code", 'if feature_enabled("{DENY_TERM:code}"):\n    run_pilot()'),
        ("code", "# TODO({DENY_TERM:person}): remove after the migration"),
        ("log", "{ts} INFO deploy: {DENY_TERM:code}-api {version3} rolled out to {pct} of hosts"),
        ("form", "Reviewer: {DENY_TERM:person}\nProject: {DENY_TERM2:code}"),
    ),
}  # fmt: skip

# Templates that mix types the way real snippets do: a signature holds a phone
# and an address, a DSN holds a host and a password.
_COMPOSITES: tuple[_Ctx, ...] = (
    ("email", "{signoff},\n{first} {last}\n{job} | {company}\nT: {PHONE}{ext}\nE: {EMAIL:name}"),
    ("form", "Name: {name}\nAddress: {street}, {town}\nPostcode: {UK_POSTCODE}\n"
             "Phone: {PHONE:uk}"),
    ("form", "Employee: {name}\nNI number: {UK_NINO}\nSort code: {UK_BANK_ACCOUNT:sort}\n"
             "Account no: {UK_BANK_ACCOUNT2:acct}"),
    ("form", "Patient: {name}\nNHS No: {NHS_NUMBER}\nPostcode: {UK_POSTCODE}\n"
             "Contact: {PHONE:uk}"),
    ("form", "Name: {name}\nSSN: {US_SSN:ctx}\nPhone: {PHONE:us}"),
    ("form", "National Insurance: {UK_NINO}\nEmail: {EMAIL}"),
    ("form", "Card number: {CARD}\nBilling postcode: {UK_POSTCODE}"),
    ("config", "DB_HOST={IP_ADDRESS:v4}\nDB_USER={user}\nDB_PASSWORD={PASSWORD:env}"),
    ("config", "DATABASE_URL=postgres://{user}:{PASSWORD:url}@{IP_ADDRESS:v4}:5432/{db}"),
    ("config", "STRIPE_SECRET_KEY={SECRET:stripe}\nSLACK_BOT_TOKEN={SECRET2:slack}\n"
               "DEBUG=false"),
    ("config", "GITHUB_TOKEN={SECRET:gh}\nREGISTRY_PASSWORD={PASSWORD:env}"),
    ("terminal", "$ sshpass -p '{PASSWORD:sq}' ssh {user}@{IP_ADDRESS:v4}"),
    ("terminal", "$ mysql -h {IP_ADDRESS:v4} -u root -p{PASSWORD:shell}"),
    ("email", "Please pay {amount} to IBAN {IBAN} and send the remittance advice to {EMAIL}."),
    ("email", "Bank: sort code {UK_BANK_ACCOUNT:sort} / IBAN {IBAN}"),
    ("log", "{ts} WARN auth: failed login for {EMAIL} from {IP_ADDRESS}"),
    ("log", "{ts} ERROR checkout: payment failed card={CARD} ip={IP_ADDRESS:v4}"),
    ("chat", "my email is {EMAIL} and my mobile is {PHONE:mobile}"),
    ("chat", "{DENY_TERM:person}'s new number is {PHONE:mobile}"),
    ("title", "{DENY_TERM:person} <{EMAIL}> - Contact - Outlook"),
)  # fmt: skip


# --------------------------------------------------------------------------------------
# Ordinary contexts: nothing a privacy reviewer would call sensitive, much that a
# careless detector would. Names appear only as first names.
# --------------------------------------------------------------------------------------

_ORDINARY: tuple[_Ctx, ...] = (
    # chat
    ("chat", "meeting moved to {time} on {date}, same room ({room})"),
    ("chat", "can we push the release to {date}? {version} still has the flaky test"),
    ("chat", "{score} last night, what a game"),
    ("chat", "invoice came to {price} incl. VAT, I've approved it"),
    ("chat", "we're at {pct} of the {quarter} target"),
    ("chat", "my flight {flight} lands at {time}, I'll join remotely till then"),
    ("chat", "I'm on page {page} of the spec, nearly done"),
    ("chat", "fixed in commit {hex7}, can you re-run CI?"),
    ("chat", "merged {hex40} into main"),
    ("chat", "ticket {jira} is blocked on {jira2}"),
    ("chat", "order {order} shipped, tracking says {weekday}"),
    ("chat", "reminder: reset your password using the link in the portal, not by replying"),
    ("chat", "the password must be at least 12 characters now"),
    ("chat", "never share your password, even with IT"),
    ("chat", "password managers are great, honestly"),
    ("chat", "my password is due to expire in {n} days, ugh"),
    ("chat", "the password field is required but the error message doesn't say so"),
    ("chat", "forgot my password again lol"),
    ("chat", "what's the wifi password?"),
    ("chat", "is the password for the staging box still the same?"),
    ("chat", "the password is in the vault, ask {first}"),
    ("chat", "rotate the API key every 90 days, it's in the runbook"),
    ("chat", "the token expires after 3600 seconds so refresh before that"),
    ("chat", "my PIN is locked, had to call the bank"),
    ("chat", "UUID for the job is {uuid} if you need to look it up"),
    ("chat", "coverage is at {pct} after {first}'s tests landed"),
    ("chat", "{first} said the demo went well, {n} people turned up"),
    ("chat", "it's {temp} in the office again"),
    ("chat", "{ident} throws when the id is null, see {jira}"),
    ("chat", "XMLHttpRequest is so 2009, just use fetch"),
    ("chat", "budget is {price} for {quarter}"),
    ("chat", "Python {pyver} broke our wheels build, pinned to 3.11.7 for now"),
    ("chat", "@here standup in {n} min"),
    ("chat", "the sort order is wrong on the account page"),
    ("chat", "my account got locked after {m} attempts"),
    ("chat", "ssh keys are better than passwords for the build boxes"),
    ("chat", "can you share the secret santa list?"),
    ("chat", "the key to the bike shed is on the hook by {room}"),
    ("chat", "rate limiter is a token bucket, {n} req/s per client"),
    ("chat", "card game at {time} in the kitchen"),
    ("chat", "the account number field should be masked in the UI"),
    ("chat", "the M25 was gridlocked, running {n} minutes late"),
    ("chat", "printed it on A4, it's on your desk in {room}"),
    ("chat", "see {url} for the setup steps"),
    ("chat", "{ticket} is a duplicate of {jira}"),
    ("chat", "the new laptop has {ram}, which is plenty"),
    ("chat", "the new monitor does {resolution} at 144Hz"),
    ("chat", "can you send me the {quarter} deck before {time}?"),
    ("chat", "{first} is off on {weekday}, ping me instead"),
    ("chat", "the {repo} build takes {secs}s now, down from {count}s"),
    ("chat", "anyone know why {ident} returns undefined?"),
    ("chat", "just moved {jira} to review"),
    ("chat", "train's delayed, ETA {time}"),
    ("chat", "team lunch came to {amount}, splitting it {few} ways"),
    ("chat", "I've set a reminder to change my password on {date}"),
    ("chat", "password reset link expired, requesting another one"),
    ("chat", "the 2FA code didn't arrive, trying the authenticator app instead"),
    ("chat", "who has the key for the stationery cupboard?"),
    ("chat", "token refresh is broken on {version}, rolling back"),
    ("chat", "pls review PR {ticket} when you have a sec"),
    ("chat", "the account page loads in {ms}ms now"),
    ("chat", "my number's changed, I'll update it on the HR portal"),
    ("chat", "email me the details and I'll reply tonight"),
    ("chat", "call me after {time}, I'm in back-to-backs"),
    ("chat", "the IP ban expired after {few} hours"),
    ("chat", "sort code validation fails when it starts with a zero, see {jira}"),
    # email
    ("email", "Hi {first},\n\nThanks for the update. The {quarter} numbers look good: revenue "
              "is up {pct} to {price}.\n\n{signoff},\n{first2}"),
    ("email", "Hi all,\n\nThe office will be closed on {date} for maintenance. Please save "
              "your work by {time}.\n\n{signoff},\nFacilities"),
    ("email", "Hello,\n\nYour password is due to expire in {n} days. To change it, sign in "
              "and go to Settings > Security.\n\nIT Service Desk"),
    ("email", "Dear {first},\n\nYour order {order} has been dispatched and should arrive by "
              "{date}.\n\nKind regards,\nCustomer Service"),
    ("email", "Hi {first},\n\nReminder: the API key for the reporting service will be rotated "
              "on {date}. No action is needed on your side.\n\n{signoff}"),
    ("email", "Please find attached the minutes from {date}. Action items: {jira}, {jira2}."),
    ("email", "We will never ask for your password by email. If a message asks for it, "
              "report it to the security team."),
    ("email", "Hi {first},\n\nThe flight is {flight}, departing {time} on {date}. The hotel "
              "is booked for {few} nights.\n\n{signoff}"),
    ("email", "Hi {first},\n\nCould we move our 1:1 to {weekday} at {time}? I'm in {room} all "
              "morning.\n\n{signoff},\n{first2}"),
    ("email", "Hello team,\n\nRelease {version3} is out. Highlights: faster search ({pct} "
              "quicker), a new export format, and {n} bug fixes.\n\n{signoff}"),
    ("email", "Hi {first},\n\nYour password was changed on {longdate}. If this wasn't you, "
              "contact the service desk.\n\nIT Security"),
    ("email", "Dear {first},\n\nThank you for your payment of {amount} against invoice {order}."
              "\n\nKind regards,\nAccounts"),
    ("email", "Hi {first},\n\nThe {quarter} all-hands is on {date} in {room}; the agenda is at "
              "{url}.\n\n{signoff},\n{first2}"),
    ("email", "Subject: {subject}\n\nHi all, quick reminder that {jira} needs a reviewer before "
              "{weekday}.\n\n{signoff}"),
    # code
    ("code", "def get_user_account_information(user_id: int) -> dict[str, str]:\n"
             "    return repo.fetch(user_id)"),
    ("code", 'api_key = os.environ["API_KEY"]'),
    ("code", 'password = getpass.getpass("Password: ")'),
    ("code", "if len(password) < MIN_PASSWORD_LENGTH:\n"
             '    raise ValueError("password too short")'),
    ("code", "const xhr = new XMLHttpRequest();\n"
             'xhr.open("GET", "/api/v1/orders?page={n}");'),
    ("code", 'token = request.headers.get("Authorization", "").removeprefix("Bearer ")'),
    ("code", "@dataclass(frozen=True)\nclass Order:\n    id: int\n    total: Decimal"),
    ("code", 'for i in range({n}):\n    print(f"step {{i}} of {n}")'),
    ("code", "SELECT id, created_at FROM orders WHERE created_at > '{isodate}' LIMIT {n};"),
    ("code", 'assert parse_version("{version3}") > parse_version("1.2.3")'),
    ("code", "# see {url}"),
    ("code", "useEffect(() => {{\n  fetchData();\n}}, []);"),
    ("code", 'import {{ useState }} from "react";'),
    ("code", "password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))"),
    ("code", 'SECRET_KEY = env("DJANGO_SECRET_KEY")'),
    ("code", 'if (!token) {{\n  return res.status(401).json({{ error: "missing token" }});\n}}'),
    ("code", 'max_tokens = int(os.getenv("MAX_TOKENS", "256"))'),
    ("code", "result = {ident}(order_id=\"{order}\")"),
    ("code", "x = np.linspace(0, 1, {n}) @ weights"),
    ("code", "MAX_LOGIN_ATTEMPTS = 5\nLOCKOUT_SECONDS = 900"),
    ("code", "def rotate_api_key(client_id: str) -> None:\n"
             '    vault.rotate(f"clients/{{client_id}}")'),
    ("code", 'user.password = make_password(form.cleaned_data["password"])'),
    ("code", 'expect(screen.getByLabelText("Password")).toBeInTheDocument();'),
    ("code", "const TOKEN_TTL_MS = {n} * 60 * 1000;"),
    ("code", "CREATE INDEX idx_orders_created_at ON orders (created_at);"),
    ("code", 'logger.info("processed %d records in %.2fs", count, elapsed)'),
    ("code", '<input type="password" name="password" autocomplete="current-password" required>'),
    # config
    ("config", 'timeout = 30\nretries = 5\nlog_level = "INFO"\npassword_min_length = 12'),
    ("config", "environment:\n  - POSTGRES_PASSWORD=${{POSTGRES_PASSWORD}}\n"
               "  - LOG_LEVEL=info"),
    ("config", "api_key: <your-api-key>"),
    ("config", "password: ********"),
    ("config", "token: null"),
    ("config", "max_tokens: 256\ntemperature: 0.2\ntop_p: 0.9"),
    ("config", "replicas: 3\nimage: registry.example.com/shop/api:{version3}\nresources:\n"
               "  limits:\n    memory: 512Mi"),
    ("config", "[server]\nport = 8080\nworkers = {n}\n\n[auth]\nsession_ttl = 3600\n"
               "require_mfa = true"),
    ("config", "PASSWORD_RESET_TIMEOUT=3600\nSESSION_COOKIE_SECURE=True"),
    ("config", "api_key_header: X-Api-Key\nrate_limit: 100/min"),
    ("config", "secret_name: prod/db/credentials\nrotation_days: 30"),
    ("config", '{{"name": "{repo}", "version": "{version3}", "private": true}}'),
    ("config", "retention:\n  days: {n}\n  max_size: 2GiB"),
    ("config", '[tool.ruff]\nline-length = 100\ntarget-version = "py311"'),
    ("config", "FROM python:{pyver}-slim\nWORKDIR /app\nCOPY . .\nEXPOSE {webport}"),
    ("config", 'schedule:\n  cron: "0 3 * * 1"\n  timezone: Europe/London'),
    ("config", "password_policy:\n  min_length: 12\n  require_symbol: true\n  max_age_days: 90"),
    ("config", "jwt:\n  algorithm: RS256\n  ttl_seconds: 3600\n  public_key: /etc/app/jwt.pub"),
    # terminal
    ("terminal", "$ mkdir -p /tmp/build && cd /tmp/build"),
    ("terminal", "$ git log --oneline -3\n{hex7} {commitmsg}\n{hex7b} Bump version to "
                 "{version3}\n{hex7c} Merge pull request {ticket} from {org}/{branch}"),
    ("terminal", "$ ls -la\ntotal 48\ndrwxr-xr-x  5 deploy deploy 4096 {lsdate} .\n"
                 "-rw-r--r--  1 deploy deploy 1204 {lsdate} README.md"),
    ("terminal", "$ pip install requests\nCollecting requests\nSuccessfully installed "
                 "certifi-2024.2.2 charset-normalizer-3.3.2 idna-3.6 requests-2.31.0 "
                 "urllib3-2.2.1"),
    ("terminal", "$ python -m pytest -q\n{count} passed, {m} skipped in {secs}s"),
    ("terminal", "$ ssh -p 2222 deploy@{shorthost}"),
    ("terminal", "$ docker ps\nCONTAINER ID   IMAGE   STATUS\n{hex12}   {repo}:{version3}   "
                 "Up {n} hours"),
    ("terminal", "$ kubectl get pods -n {env}\nNAME   READY   STATUS   RESTARTS   AGE\n"
                 "{repo}-{hex10}-{x5}   1/1   Running   0   {n}d"),
    ("terminal", "$ df -h /\nFilesystem  Size  Used Avail Use% Mounted on\n/dev/sda1  "
                 "{n}G  {m}G  {n}G  {pct} /"),
    ("terminal", "$ npm install\nadded {n} packages, and audited {count} packages in {secs}s\n"
                 "found 0 vulnerabilities"),
    ("terminal", "$ passwd\nChanging password for deploy.\nCurrent password:"),
    ("terminal", '$ export PATH="$HOME/.local/bin:$PATH"'),
    ("terminal", "PS C:\\> Get-Service | Where-Object Status -eq 'Running' | Measure-Object"),
    ("terminal", '$ ssh-keygen -t ed25519 -C "build key"\n'
                 "Generating public/private ed25519 key pair."),
    ("terminal", 'Traceback (most recent call last):\n  File "/app/main.py", line {n}, in '
                 "<module>\nKeyError: 'API_KEY'"),
    ("terminal", "$ tail -n 2 {path}"),
    ("terminal", "$ git checkout -b feature/{branch}\nSwitched to a new branch 'feature/{branch}'"),
    ("terminal", "$ uptime\n {clock} up {n} days,  3 users,  load average: 0.{m}2, 0.31, 0.28"),
    ("terminal", "$ python --version\nPython {pyver}"),
    ("terminal", "$ du -sh node_modules\n{count}M\tnode_modules"),
    ("terminal", "$ systemctl status nginx\n● nginx.service - A high performance web server\n"
                 "     Active: active (running) since {isodate} {clock} UTC; {few} days ago"),
    # log
    ("log", "{ts} INFO  worker-{m} processed {big} jobs in {secs}s"),
    ("log", "{ts} GET /api/v1/orders/{order} 200 {ms}ms"),
    ("log", "{ts} WARN cache hit ratio dropped to {pct}"),
    ("log", "{syslogts} {shorthost} systemd[1]: Started Daily apt upgrade and clean activities."),
    ("log", "{ts} ERROR auth: invalid password for user id {n} (attempt {attempt}/5)"),
    ("log", "{ts} INFO token refresh scheduled in 3600s"),
    ("log", "{ts} DEBUG request_id={uuid} duration={ms}ms status=200"),
    ("log", "{ts} INFO release {version} deployed to {env} ({m}/9 pods ready)"),
    ("log", "{ts} WARN disk usage at {pct} on /var"),
    ("log", "{ts} INFO password reset email queued for user id {count}"),
    ("log", "{ts} WARN jwt: token expired {n}s ago, refreshing"),
    ("log", "{ts} INFO backup completed: {count} files, {size}"),
    ("log", "{ts} ERROR db: connection pool exhausted (max={n}, waiting={few})"),
    # title
    ("title", "main.py - {repo} - Visual Studio Code"),
    ("title", "{quarter} planning.xlsx - Excel"),
    ("title", "({n}) YouTube - Mozilla Firefox"),
    ("title", "Untitled - Notepad"),
    ("title", "#general | {company} - Slack"),
    ("title", "{jira}: Login page times out - Jira"),
    ("title", "Settings - Password & Security"),
    ("title", "Inbox ({n}) - Mail"),
    ("title", "Calendar - Week of {date}"),
    ("title", "README.md — {repo} — Sublime Text"),
    ("title", "Task Manager"),
    ("title", "Invoice_{order}.pdf - Adobe Acrobat Reader"),
    ("title", "Pull request {ticket}: Fix password reset flow - {org}/{repo}"),
    ("title", "Change password | {company} Portal"),
    ("title", "Budget {yrange}.xlsx - Excel"),
    ("title", "Pull requests · {org}/{repo}"),
    ("title", "{jira}: {subject} - Jira"),
    ("title", "{count} unread - Outlook"),
    ("title", "Terminal — {repo} — 120×40"),
    ("title", "Password Manager — Locked"),
    ("title", "Downloads"),
    # form
    ("form", "Order number: {order}\nQuantity: {m}\nDelivery date: {date}"),
    ("form", "Password\n(at least 12 characters, including a number)"),
    ("form", "Account type: Business\nCurrency: GBP\nStatements: Monthly"),
    ("form", "Room: {room}\nAttendees: {n}\nStart: {time}\nEnd: {time2}"),
    ("form", "Shipping method: Express\nWeight: {weight}\nTotal: {amount}"),
    ("form", "Reference: {order}\nStatus: Approved\nApproved on: {date}"),
    ("form", "Password: ••••••••\nRemember me: yes"),
    ("form", "Username:\nPassword:\n[ Sign in ]   Forgot password?"),
    ("form", "Date of visit: {date}\nDuration: {n} min\nOutcome: Resolved"),
    ("form", "Quantity: {few}\nUnit price: {amount}\nVAT (20%): included"),
    ("form", "Ticket: {jira}\nPriority: P{few}\nCreated: {date} {time}\nComponent: {module}"),
    ("form", "Booking reference: {x5}\nFlight: {flight}\nSeat: {n}C\nDeparts: {time}"),
    ("form", "Current password: [          ]\nNew password: [          ]\n"
             "Confirm new password: [          ]"),
    ("form", "Plan: Team\nSeats: {n}\nBilling cycle: Annual\nNext invoice: {date}"),
    # prose
    ("prose", "The report covers {yrange} and shows a {pct} increase in throughput."),
    ("prose", "Version {version3} was released on {date} and fixes {n} bugs."),
    ("prose", "See pages {pages} of ISBN {isbn} for the derivation."),
    ("prose", "The meeting in {room} starts at {time}; bring the {quarter} figures."),
    ("prose", "Reset your password using the link we sent; it expires in {n} hours."),
    ("prose", "The password must be at least 12 characters and may not reuse your last 5."),
    ("prose", "Rotate the API key every 90 days and keep it in the vault, never in git."),
    ("prose", "Windows {winver} and Chrome {chromever} are the minimum supported versions."),
    ("prose", "Flight {flight} departs at {time} from terminal {m}."),
    ("prose", "Run IDs such as {uuid} identify each job in the dashboard."),
    ("prose", "National Insurance numbers are two letters, six digits and a final letter."),
    ("prose", "NHS numbers are ten digits long and end in a check digit."),
    ("prose", "Our sort code and account number are printed on every invoice."),
    ("prose", "The IP allowlist now includes the new office; ask the network team for details."),
    ("prose", "The final score was {score} after extra time."),
    ("prose", "Temperatures reached {temp} on {date}, a record for the month."),
    ("prose", "We raised {price} in the Series A, led by {company}."),
    ("prose", "The fix landed in commit {hex7} and shipped in {version}."),
    ("prose", "Parcel weight is {weight}; the order total came to {amount}."),
    ("prose", "Your password is due to expire in {n} days."),
    ("prose", "Never paste a secret key into a ticket; attach the vault path instead."),
    ("prose", "The token limit is {big} tokens per request."),
    ("prose", "Sales grew from {big} units in {yrange} to {price} in revenue."),
    ("prose", "Call 999 in an emergency, or 111 for non-urgent medical advice."),
    ("prose", "IBANs issued in the UK are 22 characters long and start with GB."),
    ("prose", "The fix for CVE-2024-{count} shipped in {version3}; RFC 7519 defines the format."),
    ("prose", "Build 22631.{count} is rolling out to the Release Preview channel."),
    ("prose", "Postcode lookup ignores case and spacing."),
    ("prose", "The one-time code expires after 10 minutes and can be used once."),
    ("prose", "Invoices are payable within 30 days; late payments accrue 1.5% per month."),
    ("prose", "Page {page} of {count}"),
    ("prose", "The route is {distance} long with {count} m of climbing."),
    ("prose", "The nightly backup finished at {clock} and took {secs} seconds."),
    ("prose", "Passwords are hashed with bcrypt and never stored in plain text."),
    ("prose", "The API returns 401 when the token is missing or has expired."),
    ("prose", "Account numbers are masked in exports except for the last four digits."),
    ("prose", "The Q{few} review is scheduled for {date} at {time} in {room}."),
    ("prose", "Release {version3} drops support for Python 3.8."),
    ("prose", "The survey had {count} responses, a {pct} response rate."),
    ("prose", "Shipping takes {few} to 10 working days within the UK."),
    ("chat", "exit code 137 again, it's the OOM killer"),
    ("chat", "HTTP 429 from the API since {time}, we're over the limit"),
    ("chat", "error 0x80070005 when installing, access denied"),
    ("chat", "colour is #1a2b3c in the new theme, or rgb(26, 43, 60)"),
    ("chat", "the password is case-sensitive, check caps lock"),
    ("chat", "pinned numpy<2 and pandas>=2.1,<2.3 for now"),
    ("chat", "lottery numbers were 4, 12, 19, 33, 41 and 47, not a single match"),
    ("chat", "model number is SM-G991B, bought it in {yrange}"),
    ("config", "api_key=*****\ntoken: <redacted>"),
    ("config", "TZ=Europe/London\nUTC_OFFSET=+01:00\nLOCALE=en_GB.UTF-8"),
    ("log", "{ts} WARN http: 429 Too Many Requests from client id {count}, retry in {n}s"),
    ("log", "{ts} INFO scheduler: next run at {isodate}T02:00:00Z (cron 0 2 * * *)"),
    ("table", "sku,qty,unit_price\nA-{count},{few},{amount}\nB-{count2},{n},{amount2}"),
    ("table", "date,visits,bounce_rate\n{isodate},{count},{pct}\n{isodate2},{count2},{pct2}"),
    ("table", "Region | Q1 | Q2 | Q3\nNorth | {price} | {big} | {pct}\n"
              "South | {big2} | {price2} | {pct2}"),
    ("table", "version,released,notes\n{version3},{isodate},Fix password reset email\n"
              "{version},{isodate2},Rotate signing keys"),
)  # fmt: skip

_ORDINARY_BY_STYLE: dict[str, tuple[str, ...]] = {
    style: tuple(t for s, t in _ORDINARY if s == style) for style in STYLES
}
# Sensitive e-mails are padded with prose paragraphs, not whole ordinary e-mails.
_PADDING_STYLE = {"email": "prose"}
# A title bar, or a table with its own header row, cannot take another piece.
_SINGLE_PIECE_STYLES = ("title", "table")


# --------------------------------------------------------------------------------------
# Styles: how several pieces become one record
# --------------------------------------------------------------------------------------

_EMAIL_HEAD = re.compile(r"^(From:|Subject:|On |-----|Re:|Hi |Hello|Dear )")
_EMAIL_WHOLE = re.compile(r"^(Subject:|Hi |Hello|Dear )")
"""A piece that opens with a greeting is a whole message: nothing is added around it."""
_SIGNED = re.compile(rf"^(?:{'|'.join(_SIGNOFFS)}),$", re.MULTILINE)


def _wrap(style: str, pieces: Sequence[_Piece], rng: random.Random) -> _Piece:
    """Join pieces the way the style does: chat lines with speakers, e-mail paragraphs."""
    if style == "chat":
        prefix_kind = rng.randrange(3)
        parts: list[str | _Piece] = []
        for i, piece in enumerate(pieces):
            if i:
                parts.append("\n")
            scope = _Scope(rng)
            if prefix_kind == 1:
                parts.append(f"{scope.get('first')}: ")
            elif prefix_kind == 2:
                parts.append(f"[{_clock(rng)[:5]}] {scope.get('first')}: ")
            parts.append(piece)
        return _concat(parts)
    if style == "email":
        # Headers open the message and a signature block (its own sign-off) closes it.
        pieces = sorted(
            pieces,
            key=lambda p: 0 if _EMAIL_HEAD.match(p.text) else 2 if _SIGNED.search(p.text) else 1,
        )
        body = _join(pieces, "\n\n")
        if _EMAIL_HEAD.match(body.text) or rng.random() < 0.5:
            return body
        scope = _Scope(rng)
        if _SIGNED.match(body.text):
            opener = _render(rng.choice(_ORDINARY_BY_STYLE["prose"]), _Scope(rng))
            body = _join([opener, body], "\n\n")
        framed: list[str | _Piece] = [f"Hi {scope.get('first')},\n\n", body]
        if not _SIGNED.search(body.text):
            framed.append(f"\n\n{scope.get('signoff')},\n{scope.get('first2')}")
        return _concat(framed)
    return _join(pieces, " " if style == "prose" else "\n")


def _join(pieces: Sequence[_Piece], sep: str) -> _Piece:
    parts: list[str | _Piece] = []
    for i, piece in enumerate(pieces):
        if i:
            parts.append(sep)
        parts.append(piece)
    return _concat(parts)


# --------------------------------------------------------------------------------------
# OCR damage
# --------------------------------------------------------------------------------------

_CONFUSABLE = {
    "O": "0", "o": "0", "0": "O", "I": "1", "l": "1", "1": "l", "S": "5", "5": "S",
    "B": "8", "8": "B", "Z": "2", "2": "Z", "G": "6", "6": "G",
}  # fmt: skip
_KEYWORD_WINDOW = 24
"""How far before a value an OCR edit still counts as damaging its keyword."""


class _Spans:
    """Mutable spans over a text being edited, kept exact through every splice."""

    def __init__(self, text: str, values: Sequence[LabelledValue]) -> None:
        self.text = text
        self.spans = [[v.start, v.end] for v in values]
        self.types = [v.type for v in values]

    def inside(self, pos: int, length: int = 1) -> bool:
        return any(s <= pos and pos + length <= e for s, e in self.spans)

    def straddles(self, pos: int, length: int) -> bool:
        return any(pos < s < pos + length or pos < e < pos + length for s, e in self.spans)

    def splice(self, pos: int, old: int, new: str) -> None:
        delta = len(new) - old
        for span in self.spans:
            s, e = span
            if pos + old <= s:
                span[0], span[1] = s + delta, e + delta
            elif pos >= e:
                continue
            elif s <= pos and pos + old <= e:
                span[1] = e + delta
            else:
                raise CorpusError("OCR edit straddles a label boundary")
        self.text = self.text[:pos] + new + self.text[pos + old :]

    def values(self) -> tuple[LabelledValue, ...]:
        return tuple(
            LabelledValue(t, self.text[s:e], s, e)
            for t, (s, e) in zip(self.types, self.spans, strict=True)
        )


def _ocr_edit(sp: _Spans, rng: random.Random, labelled: bool) -> bool:
    """Apply one realistic OCR error; prefer the values and their keywords."""
    text = sp.text
    ops = ["value", "keyword", "space", "rn"] if labelled and sp.spans else ["word", "rn"]
    weights = {"value": 45, "keyword": 20, "space": 20, "rn": 15, "word": 70}
    while ops:
        op = rng.choices(ops, weights=[weights[o] for o in ops])[0]
        ops.remove(op)
        span = rng.choice(sp.spans) if sp.spans else [0, 0]
        s, e = span
        if op == "value":
            cands = [i for i in range(s, e) if text[i] in _CONFUSABLE]
        elif op == "keyword":
            cands = [
                i
                for i in range(max(0, s - _KEYWORD_WINDOW), s)
                if text[i].isalpha() and text[i] in _CONFUSABLE and not sp.inside(i)
            ]
        elif op == "word":
            cands = [
                i
                for i in range(1, len(text) - 1)
                if text[i] in "OolISBG" and text[i - 1].isalpha() and text[i + 1].isalpha()
            ]
        elif op == "space":
            drops = [
                i
                for i in range(s + 1, e - 1)
                if text[i] == " " and text[i - 1].isdigit() and text[i + 1].isdigit()
            ]
            adds = [i for i in range(s + 1, e) if text[i - 1].isdigit() and text[i].isdigit()]
            if drops and (not adds or rng.random() < 0.5):
                sp.splice(rng.choice(drops), 1, "")
                return True
            if adds:
                sp.splice(rng.choice(adds), 0, " ")
                return True
            continue
        else:
            lo, hi = (max(0, s - _KEYWORD_WINDOW), e) if labelled and sp.spans else (0, len(text))
            rn = [
                i for i in range(lo, hi - 1) if text[i : i + 2] == "rn" and not sp.straddles(i, 2)
            ]
            ms = [i for i in range(lo, hi) if text[i] == "m"]
            if rn and (not ms or rng.random() < 0.5):
                sp.splice(rng.choice(rn), 2, "m")
                return True
            if ms:
                sp.splice(rng.choice(ms), 1, "rn")
                return True
            continue
        if cands:
            i = rng.choice(cands)
            sp.splice(i, 1, _CONFUSABLE[text[i]])
            return True
    return False


def _ocr_damage(piece: _Piece, rng: random.Random) -> _Piece:
    sp = _Spans(piece.text, piece.values)
    for _ in range(2 if rng.random() < OCR_SECOND_EDIT_SHARE else 1):
        _ocr_edit(sp, rng, labelled=bool(piece.values))
    return _Piece(sp.text, sp.values(), piece.deny_terms)


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


def _deny_decoys(rng: random.Random, mentioned: Sequence[str], k: int) -> list[str]:
    """Deny-list entries that do not occur in the text, sharing no word with those that do."""
    words = _deny_words(mentioned)
    pool = [
        t
        for t in (*_DENY_PEOPLE, *_DENY_PROJECTS, *(f"Project {p}" for p in _DENY_PROJECTS))
        if not _deny_words([t]) & words
    ]
    picked: list[str] = []
    for term in rng.sample(pool, len(pool)):
        if len(picked) < k and not _deny_words([term]) & _deny_words(picked):
            picked.append(term)
    return picked


def _finish(piece: _Piece, style: str, rng: random.Random, ocr: bool) -> LabelledRecord:
    if ocr and rng.random() < OCR_DAMAGE_SHARE:
        piece = _ocr_damage(piece, rng)
    deny = list(piece.deny_terms)
    if deny:
        deny += _deny_decoys(rng, deny, rng.randint(1, 3))
        rng.shuffle(deny)
    elif rng.random() < DENY_DECOY_SHARE:
        deny = _deny_decoys(rng, (), rng.randint(1, 4))
    source = "ocr" if ocr else "title" if style == "title" else "typed"
    return LabelledRecord(piece.text, source, style, piece.values, tuple(deny))


def _pad(style: str, pieces: list[_Piece], rng: random.Random) -> None:
    """Surround the pieces with ordinary lines of the same style, in place."""
    pool = _ORDINARY_BY_STYLE[_PADDING_STYLE.get(style, style)]
    for _ in range(rng.randint(1, 2)):
        pad = _render(rng.choice(pool), _Scope(rng))
        pieces.insert(rng.randint(0, len(pieces)), pad)


def _single_piece(style: str, piece: _Piece) -> bool:
    return style in _SINGLE_PIECE_STYLES or (
        style == "email" and bool(_EMAIL_WHOLE.match(piece.text))
    )


def _sensitive_record(
    rng: random.Random, primary: str, allowed: Sequence[str], ocr: bool
) -> LabelledRecord:
    composites = [
        c for c in _COMPOSITES
        if primary in _template_types(c[1]) and set(_template_types(c[1])) <= set(allowed)
    ]  # fmt: skip
    if composites and rng.random() < COMPOSITE_SHARE:
        style, template = rng.choice(composites)
    else:
        style, template = rng.choice(_CONTEXTS[primary])
    deny: list[str] = []
    pieces = [_render(template, _Scope(rng, deny))]
    if not _single_piece(style, pieces[0]):
        roll = rng.random()
        extras = 2 if roll < EXTRA_TWO_SHARE else 1 if roll < EXTRA_ONE_SHARE else 0
        for _ in range(extras):
            same_style = [t for s, t in _CONTEXTS[rng.choice(allowed)] if s == style]
            if not same_style:
                continue
            extra = _render(rng.choice(same_style), _Scope(rng, deny))
            if sum(len(p.values) for p in pieces) + len(extra.values) <= MAX_VALUES_PER_RECORD:
                pieces.append(extra)
        if rng.random() < PADDING_SHARE:
            _pad(style, pieces, rng)
    return _finish(_wrap(style, pieces, rng), style, rng, ocr)


# How often each style is drawn for an ordinary record: chat and prose are what
# people mostly type; every style still gets enough to measure precision on.
_ORDINARY_STYLE_WEIGHTS = {
    "chat": 3.0, "prose": 2.0, "email": 1.5, "code": 1.5, "config": 1.5, "terminal": 1.5,
    "log": 1.5, "title": 1.5, "form": 1.0, "table": 0.5,
}  # fmt: skip


def _ordinary_record(rng: random.Random, ocr: bool) -> LabelledRecord:
    styles = list(_ORDINARY_STYLE_WEIGHTS)
    style = rng.choices(styles, weights=[_ORDINARY_STYLE_WEIGHTS[s] for s in styles])[0]
    template = rng.choice(_ORDINARY_BY_STYLE[style])
    pieces = [_render(template, _Scope(rng))]
    if not _single_piece(style, pieces[0]) and rng.random() < PADDING_SHARE:
        _pad(style, pieces, rng)
    return _finish(_wrap(style, pieces, rng), style, rng, ocr)


def _balanced(types: Sequence[str], k: int, rng: random.Random) -> list[str]:
    """Each type as primary equally often (remainder spread at random), shuffled."""
    plan = list(types) * (k // len(types)) + rng.sample(list(types), k % len(types))
    rng.shuffle(plan)
    return plan


def _check_share(name: str, share: float) -> None:
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"{name} must be within [0, 1], got {share}")


def generate(
    n: int = 2000,
    *,
    seed: int = 0,
    ordinary_share: float = 0.35,
    ocr_share: float = DEFAULT_OCR_SHARE,
) -> list[LabelledRecord]:
    """A shuffled mix of ordinary and sensitive records, identical for a given seed.

    Every type is the primary type of an equal share of the sensitive records;
    composites and extras add further values on top.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    _check_share("ordinary_share", ordinary_share)
    _check_share("ocr_share", ocr_share)
    rng = random.Random(seed)
    n_ordinary = round(n * ordinary_share)
    plan: list[str | None] = [None] * n_ordinary
    plan += _balanced(TYPES, n - n_ordinary, rng)
    rng.shuffle(plan)
    ocr = set(rng.sample(range(n), round(n * ocr_share)))
    records = [
        _ordinary_record(rng, i in ocr) if t is None else _sensitive_record(rng, t, TYPES, i in ocr)
        for i, t in enumerate(plan)
    ]
    validate(records)
    return records


def ordinary_sentences(n: int, *, seed: int = 0) -> list[LabelledRecord]:
    """Only ordinary records (typed, title and, at the default share, OCR)."""
    rng = random.Random(seed)
    ocr = set(rng.sample(range(n), round(n * DEFAULT_OCR_SHARE)))
    records = [_ordinary_record(rng, i in ocr) for i in range(n)]
    validate(records)
    return records


def sensitive_records(
    n: int, *, seed: int = 0, types: Iterable[str] | None = None
) -> list[LabelledRecord]:
    """Only sensitive records; with ``types``, every labelled value is of those types."""
    wanted = tuple(TYPES if types is None else dict.fromkeys(types))
    unknown = [t for t in wanted if t not in TYPES]
    if unknown or not wanted:
        raise ValueError(f"unknown or empty types: {unknown or wanted}")
    rng = random.Random(seed)
    ocr = set(rng.sample(range(n), round(n * DEFAULT_OCR_SHARE)))
    plan = _balanced(wanted, n, rng)
    records = [_sensitive_record(rng, t, wanted, i in ocr) for i, t in enumerate(plan)]
    validate(records)
    return records


def _short_ordinary(rng: random.Random) -> str:
    while True:
        text = _render(rng.choice(_ORDINARY)[1], _Scope(rng)).text
        if len(text) > SHORT_MAX:
            text = text.split("\n")[0]
        if len(text) > SHORT_MAX:
            text = text[: max(0, text.rfind(" ", 0, SHORT_MAX))]
        if SHORT_MIN <= len(text) <= SHORT_MAX:
            return text


def _short_sensitive(rng: random.Random, type_: str) -> str | None:
    for _ in range(60):
        piece = _render(rng.choice(_CONTEXTS[type_])[1], _Scope(rng))
        if SHORT_MIN <= len(piece.text) <= SHORT_MAX and len(piece.values) == 1:
            return piece.text
    return None


def short_records(n: int, *, seed: int = 0) -> list[str]:
    """Texts of 20-80 characters, about a third holding one value, for throughput runs."""
    rng = random.Random(seed)
    out: list[str] = []
    cycle = _balanced(TYPES, n, rng)
    for i in range(n):
        text = _short_sensitive(rng, cycle[i]) if rng.random() < SHORT_SENSITIVE_SHARE else None
        out.append(text if text is not None else _short_ordinary(rng))
    return out


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def _valid_value(v: LabelledValue) -> bool:
    """Whether an undamaged value really is what its label says (catches generator bugs)."""
    digits = "".join(c for c in v.value if c.isdigit())
    checks: dict[str, Callable[[], bool]] = {
        "EMAIL": lambda: bool(_EMAIL_RE.match(v.value)),
        "PHONE": lambda: 7 <= len(digits) <= 15,
        "CARD": lambda: 13 <= len(digits) <= 19 and _luhn_ok(digits),
        "IBAN": lambda: _iban_ok(v.value),
        "UK_BANK_ACCOUNT": lambda: len(digits) in (6, 8) and not v.value.strip("0123456789 -"),
        "US_SSN": lambda: _ssn_ok(v.value),
        "UK_NINO": lambda: _nino_ok(v.value),
        "NHS_NUMBER": lambda: _nhs_ok(v.value),
        "UK_POSTCODE": lambda: bool(_POSTCODE_RE.match(v.value.upper())),
        "IP_ADDRESS": lambda: _is_ip(v.value),
    }
    check = checks.get(v.type)
    return check() if check else True


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _record_problems(r: LabelledRecord) -> list[str]:
    problems: list[str] = []
    if r.source not in SOURCES:
        problems.append(f"unknown source {r.source!r}")
    if r.style not in STYLES:
        problems.append(f"unknown style {r.style!r}")
    previous_end = 0
    for v in sorted(r.values, key=lambda v: v.start):
        if v.type not in TYPES:
            problems.append(f"unknown type {v.type!r}")
        if not 0 <= v.start < v.end <= len(r.text) or r.text[v.start : v.end] != v.value:
            problems.append(f"{v.type} label {v.start}:{v.end} does not match the text")
        if v.start < previous_end:
            problems.append(f"{v.type} label at {v.start} overlaps the previous one")
        if v.value != v.value.strip():
            problems.append(f"{v.type} label has surrounding whitespace")
        if r.source != "ocr" and not _valid_value(v):
            problems.append(f"{v.type} value {v.value!r} is not valid")
        previous_end = max(previous_end, v.end)
    deny_spans = {(v.start, v.end) for v in r.values if v.type == "DENY_TERM"}
    lowered = r.text.lower()
    for term in r.deny_terms:
        start = lowered.find(term.lower())
        while start != -1:
            if (start, start + len(term)) not in deny_spans:
                problems.append(f"deny term {term!r} at {start} is not labelled")
            start = lowered.find(term.lower(), start + 1)
    if r.source != "ocr":
        terms = {t.lower() for t in r.deny_terms}
        problems.extend(
            f"DENY_TERM {v.value!r} is not in deny_terms"
            for v in r.values
            if v.type == "DENY_TERM" and v.value.lower() not in terms
        )
    return problems


def validate(records: Iterable[LabelledRecord]) -> None:
    """Raise `CorpusError` unless every label is exact, known and (if typed) valid.

    Also checks that every occurrence of a deny-list term is labelled, so an
    unlabelled mention can never be scored as over-redaction.
    """
    problems = [f"record {i}: {p}" for i, r in enumerate(records) for p in _record_problems(r)]
    if problems:
        raise CorpusError("\n".join(problems[:20]))


# --------------------------------------------------------------------------------------
# python -m benchmarks.corpora.text_corpus
# --------------------------------------------------------------------------------------


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diverse(records: Sequence[LabelledRecord], k: int) -> list[LabelledRecord]:
    """Up to k records of different styles, so a few samples show the range."""
    picked: list[LabelledRecord] = []
    for r in records:
        if len(picked) < k and r.style not in {p.style for p in picked}:
            picked.append(r)
    return picked


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args(argv)
    records = generate(args.n, seed=args.seed)

    ordinary = sum(r.ordinary for r in records)
    print(f"{len(records)} records: {ordinary} ordinary, {len(records) - ordinary} sensitive")
    print("sources:", dict(Counter(r.source for r in records).most_common()))
    print("styles: ", dict(Counter(r.style for r in records).most_common()))
    print("values per record:", dict(sorted(Counter(len(r.values) for r in records).items())))
    values = Counter(v.type for r in records for v in r.values)
    holding = Counter(t for r in records for t in {v.type for v in r.values})
    print(f"\n{'type':<16}{'values':>8}{'records':>9}")
    for t in TYPES:
        print(f"{t:<16}{values[t]:>8}{holding[t]:>9}")

    for t in TYPES:
        print(f"\n== {t}")
        for r in _diverse([r for r in records if any(v.type == t for v in r.values)], args.samples):
            labels = ", ".join(f"{v.type}={v.value!r}" for v in r.values)
            print(f"[{r.source}/{r.style}] {_shorten(r.text)!r}\n    -> {_shorten(labels)}")
            if r.deny_terms:
                print(f"    deny_terms={list(r.deny_terms)}")
    print("\n== ordinary")
    for r in [r for r in records if r.ordinary][: args.samples * 3]:
        print(f"[{r.source}/{r.style}] {_shorten(r.text)!r}")
    print("\n== short_records")
    for text in short_records(args.samples * 3, seed=args.seed):
        print(f"{len(text):>3} {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
