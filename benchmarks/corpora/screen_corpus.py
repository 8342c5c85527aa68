"""Seeded, labelled synthetic screenshots for measuring the screenshot redactor.

A screenshot redactor can only be scored against pixels whose meaning is known:
which pixels are the glyphs of a sensitive value, and which belong to ordinary
text that must stay readable. Every text run here is painted through its own
mask, so a label (tight box plus ink mask) is the very raster that was painted,
not an estimate. Screens imitate busy real apps (mail, chat, spreadsheet,
settings form, code editor, browser, terminal) in light, dark, coloured and
terminal themes, with values shown the way those apps show them, and ordinary
lines full of dates, prices, versions, ids and talk about passwords.

Everything is fictional: reserved domains, drama phone ranges, documentation and
private IP ranges, and card, IBAN, NHS, NINO and SSN numbers that pass their
checks but are drawn at random.

Run ``python -m benchmarks.corpora.screen_corpus --out DIR`` to write PNGs with
JSON sidecars for eyeballing.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import functools
import ipaddress
import json
import random
import re
import shutil
import string
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypedDict, Unpack

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from benchmarks.corpora.text_corpus import (
    _FIRST,
    _LAST,
    _PW_WORDS,
    CorpusError,
    _digits,
    _group,
    _iban_check,
    _iban_ok,
    _luhn_digit,
    _luhn_ok,
    _mixed,
    _nhs_ok,
    _nino_ok,
    _Scope,
    _slug,
    _ssn_ok,
)

__all__ = [
    "LAYOUTS",
    "THEMES",
    "VALUE_TYPES",
    "InkRegion",
    "Screen",
    "ScreenScore",
    "ScreenValue",
    "generate_screens",
    "make_value",
    "score",
]

VALUE_TYPES: tuple[str, ...] = (
    "EMAIL", "PHONE", "CARD", "IBAN", "SORT_CODE", "BANK_ACCOUNT", "US_SSN", "UK_NINO",
    "NHS_NUMBER", "UK_POSTCODE", "IP_ADDRESS", "PASSWORD", "SECRET",
)  # fmt: skip
THEMES: tuple[str, ...] = ("light", "dark", "coloured", "terminal")
LAYOUTS: tuple[str, ...] = ("mail", "chat", "table", "form", "editor", "browser", "terminal")
SCREEN_SIZES: tuple[tuple[int, int], ...] = (
    (1280, 800), (1366, 768), (1440, 900), (1600, 900), (1920, 1080),
)  # fmt: skip

INK_THRESHOLD = 96
"""Mask level from which a pixel counts as ink; fainter anti-aliasing fringes do not."""
LEAK_SHARE = 0.25
"""A value leaks when more than this share of its ink is left exactly as it was."""
OVER_REDACTION_SHARE = 0.05
"""An ordinary line is over-redacted when more than this share of its ink changed."""
MIN_VALUES, MAX_VALUES = 10, 25
"""Sensitive values per screen, as on the busy screens the held-out set holds."""
VALUE_LINE_SHARE = 0.35
"""Cap on values per screen as a share of the lines the screen can hold."""
MAX_ATTEMPTS = 4
"""Redraws of a screen (with a fresh sub-seed) when it ends up with too few values."""

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]
Seg = tuple[str, str | None]
"""A piece of a line: its text and, for a sensitive value, its type."""
Line = tuple[Seg, ...]
Spans = list[tuple[int, int, RGB]]
"""Character ranges of a run and the colour to paint them (syntax highlighting)."""
Font = ImageFont.FreeTypeFont


class _TextOptions(TypedDict, total=False):
    """How `_Painter.put` draws a line, passed through the flow helpers unchanged."""

    font: Font | None
    value_colour: RGB | None
    spans: Callable[[str], Spans] | None
    record: bool


@dataclass(frozen=True)
class InkRegion:
    """Text whose glyph pixels are known exactly: ``ink`` is True on them inside ``box``.

    ``box`` is (x0, y0, x1, y1), exclusive, the tight box of the ink; ``ink`` has
    shape (y1 - y0, x1 - x0).
    """

    text: str
    box: tuple[int, int, int, int]
    ink: NDArray[np.bool_] = field(repr=False, compare=False)


@dataclass(frozen=True)
class ScreenValue(InkRegion):
    """A sensitive value: only the value's own glyphs, never its label."""

    type: str


@dataclass(frozen=True)
class Screen:
    """One synthetic screenshot and the labels of every text region on it."""

    image: Image.Image = field(repr=False, compare=False)
    name: str
    theme: str
    font: str
    size: int
    values: tuple[ScreenValue, ...]
    ordinary: tuple[InkRegion, ...]
    source: str = "synthetic"
    """What drew it: "synthetic" (Pillow), or the real program (see corpora.real)."""


@dataclass(frozen=True)
class ScreenScore:
    """What a redacted image leaked and which ordinary lines it damaged."""

    leaked: tuple[ScreenValue, ...]
    over_redacted: tuple[InkRegion, ...]
    values: int
    ordinary: int


# --------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------

_FONT_ROOT = Path("/usr/share/fonts/truetype")
_FONT_FILES: dict[str, str] = {
    "DejaVu Sans": "dejavu/DejaVuSans.ttf",
    "DejaVu Sans Mono": "dejavu/DejaVuSansMono.ttf",
    "DejaVu Serif": "dejavu/DejaVuSerif.ttf",
    "Liberation Sans": "liberation/LiberationSans-Regular.ttf",
    "Liberation Serif": "liberation/LiberationSerif-Regular.ttf",
    "Liberation Mono": "liberation/LiberationMono-Regular.ttf",
}
_MONO = frozenset({"DejaVu Sans Mono", "Liberation Mono"})


@functools.cache
def _font_files() -> dict[str, Path]:
    """Family -> regular face, from the Debian paths or, failing those, from fc-list."""
    found = {f: _FONT_ROOT / rel for f, rel in _FONT_FILES.items() if (_FONT_ROOT / rel).is_file()}
    fc_list = shutil.which("fc-list")
    if len(found) < len(_FONT_FILES) and fc_list:
        listing = subprocess.run(
            [fc_list, "--format", "%{file}\n"], capture_output=True, text=True, check=False
        ).stdout
        by_name = {Path(line).name: Path(line) for line in listing.splitlines() if line}
        for family, rel in _FONT_FILES.items():
            if family not in found and Path(rel).name in by_name:
                found[family] = by_name[Path(rel).name]
    if not found:
        raise FileNotFoundError(
            "no usable font: install fonts-dejavu-core or fonts-liberation "
            f"(looked under {_FONT_ROOT} and in fc-list for {', '.join(_FONT_FILES)})"
        )
    return found


@functools.lru_cache(maxsize=64)
def _font(family: str, size: int) -> Font:
    return ImageFont.truetype(str(_font_files()[family]), size)


def _line_height(font: Font) -> int:
    ascent, descent = font.getmetrics()
    return int(ascent + descent)


# --------------------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Palette:
    bg: RGB
    panel: RGB  # sidebars, toolbars
    card: RGB  # cards, header rows, other bubbles
    text: RGB
    muted: RGB
    accent: RGB  # header bands, primary buttons, status bars
    on_accent: RGB
    border: RGB
    select: RGB
    link: RGB
    chrome: RGB  # title bar
    on_chrome: RGB
    field: RGB  # input boxes
    code: tuple[RGB, RGB, RGB, RGB, RGB]  # keyword, string, comment, number, key / prompt
    inks: tuple[RGB, ...] = ()  # further text colours (names, headings)
    cards: tuple[RGB, ...] = ()  # further card backgrounds


_LIGHT = (
    _Palette(
        bg=(255, 255, 255), panel=(243, 244, 246), card=(248, 249, 250), text=(33, 37, 41),
        muted=(95, 99, 104), accent=(26, 115, 232), on_accent=(255, 255, 255),
        border=(212, 215, 220), select=(225, 236, 252), link=(0, 95, 190), chrome=(222, 225, 230),
        on_chrome=(32, 33, 36), field=(255, 255, 255),
        code=((0, 0, 230), (163, 21, 21), (0, 128, 0), (9, 134, 88), (0, 16, 128)),
    ),
    _Palette(
        bg=(250, 250, 250), panel=(236, 236, 236), card=(255, 255, 255), text=(20, 20, 20),
        muted=(100, 100, 100), accent=(60, 60, 60), on_accent=(250, 250, 250),
        border=(200, 200, 200), select=(215, 228, 242), link=(30, 80, 160), chrome=(210, 210, 210),
        on_chrome=(30, 30, 30), field=(255, 255, 255),
        code=((175, 0, 219), (163, 21, 21), (90, 110, 90), (9, 134, 88), (38, 127, 153)),
    ),
)  # fmt: skip
_DARK = (
    _Palette(
        bg=(30, 30, 30), panel=(37, 37, 38), card=(45, 45, 48), text=(212, 212, 212),
        muted=(150, 150, 150), accent=(0, 122, 204), on_accent=(255, 255, 255),
        border=(70, 70, 70), select=(38, 79, 120), link=(79, 193, 255), chrome=(50, 50, 52),
        on_chrome=(204, 204, 204), field=(60, 60, 60),
        code=((86, 156, 214), (206, 145, 120), (106, 153, 85), (181, 206, 168), (156, 220, 254)),
    ),
    _Palette(
        bg=(33, 37, 43), panel=(40, 44, 52), card=(49, 54, 63), text=(200, 204, 212),
        muted=(140, 146, 158), accent=(82, 139, 255), on_accent=(255, 255, 255),
        border=(62, 68, 81), select=(44, 49, 60), link=(97, 175, 239), chrome=(24, 26, 31),
        on_chrome=(171, 178, 191), field=(29, 32, 38),
        code=((198, 120, 221), (152, 195, 121), (127, 132, 142), (209, 154, 102), (224, 108, 117)),
    ),
)  # fmt: skip
_INKS = ((0, 60, 160), (140, 20, 30), (20, 100, 40), (90, 40, 140), (20, 30, 60))
_PALE = ((255, 249, 219), (226, 244, 230), (225, 237, 250), (250, 232, 240), (238, 232, 250))
_COLOURED = (
    _Palette(
        bg=(244, 247, 252), panel=(225, 236, 250), card=(255, 249, 219), text=(20, 30, 60),
        muted=(70, 80, 110), accent=(25, 90, 180), on_accent=(255, 255, 255),
        border=(170, 190, 220), select=(200, 220, 250), link=(0, 70, 180), chrome=(25, 90, 180),
        on_chrome=(255, 255, 255), field=(255, 255, 255),
        code=((90, 40, 140), (140, 20, 30), (20, 100, 40), (0, 60, 160), (0, 90, 110)),
        inks=_INKS, cards=_PALE,
    ),
    _Palette(
        bg=(246, 251, 246), panel=(226, 244, 230), card=(255, 249, 219), text=(25, 45, 30),
        muted=(70, 95, 75), accent=(30, 120, 70), on_accent=(255, 255, 255),
        border=(160, 200, 170), select=(205, 235, 212), link=(0, 70, 180), chrome=(30, 120, 70),
        on_chrome=(255, 255, 255), field=(255, 255, 255),
        code=((90, 40, 140), (140, 20, 30), (20, 100, 40), (0, 60, 160), (0, 90, 110)),
        inks=_INKS, cards=_PALE,
    ),
    _Palette(
        bg=(250, 247, 255), panel=(237, 230, 250), card=(225, 237, 250), text=(40, 25, 60),
        muted=(95, 80, 115), accent=(100, 60, 160), on_accent=(255, 255, 255),
        border=(190, 175, 215), select=(222, 210, 245), link=(0, 70, 180), chrome=(100, 60, 160),
        on_chrome=(255, 255, 255), field=(255, 255, 255),
        code=((90, 40, 140), (140, 20, 30), (20, 100, 40), (0, 60, 160), (0, 90, 110)),
        inks=_INKS, cards=_PALE,
    ),
)  # fmt: skip


def _terminal_palette(bg: RGB, fg: RGB, user: RGB, path: RGB) -> _Palette:
    return _Palette(
        bg=bg, panel=_mix(bg, fg, 0.08), card=_mix(bg, fg, 0.12), text=fg, muted=_mix(bg, fg, 0.7),
        accent=(46, 160, 67), on_accent=(0, 0, 0), border=_mix(bg, fg, 0.3),
        select=_mix(bg, fg, 0.2), link=path, chrome=_mix(bg, (128, 128, 128), 0.25),
        on_chrome=(220, 220, 220), field=bg,
        code=(user, path, _mix(bg, fg, 0.6), fg, user),
    )  # fmt: skip


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


_TERMINAL = (
    _terminal_palette((0, 0, 0), (51, 255, 102), (140, 255, 160), (120, 170, 255)),
    _terminal_palette((12, 12, 12), (204, 204, 204), (22, 198, 12), (59, 120, 255)),
    _terminal_palette((29, 31, 33), (197, 200, 198), (181, 189, 104), (129, 162, 190)),
    _terminal_palette((16, 16, 16), (255, 176, 0), (255, 204, 90), (255, 150, 60)),
    _terminal_palette((0, 43, 54), (147, 161, 161), (133, 153, 0), (38, 139, 210)),
)
_PALETTES: dict[str, tuple[_Palette, ...]] = {
    "light": _LIGHT,
    "dark": _DARK,
    "coloured": _COLOURED,
    "terminal": _TERMINAL,
}


# --------------------------------------------------------------------------------------
# Sensitive values, one maker per type: (scope, variant) -> valid value text
# --------------------------------------------------------------------------------------

_DOMAINS = (
    "example.com", "example.org", "example.net", "mail.example.com", "corp.example.org",
    "eu.example.net", "example.com", "example.org",
)  # fmt: skip
_ROLE_MAILBOXES = ("accounts", "it-support", "hr.team", "billing", "noreply", "dpo", "sales")
_ALNUM = string.ascii_letters + string.digits
_B64URL = _ALNUM + "-_"


def _email(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    if variant == "name":
        first, last = _slug(scope.get("first")), _slug(scope.get("last"))
    else:
        first, last = _slug(rng.choice(_FIRST)), _slug(rng.choice(_LAST))
    local = rng.choice(
        (f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last[0]}", f"{first}_{last}",
         f"{first}.{last}{rng.randint(2, 99)}", f"{first}{rng.randint(70, 99)}")
    )  # fmt: skip
    if variant == "role":
        local = rng.choice(_ROLE_MAILBOXES)
    return f"{local}@{rng.choice(_DOMAINS)}"


_UK_DRAMA_AREAS = ("0113", "0114", "0115", "0116", "0117", "0118", "0121", "0131", "0141", "0161")
_US_AREAS = ("212", "415", "646", "312", "617", "206", "202", "305", "512", "303")


def _phone(scope: _Scope, variant: str) -> str:
    """Ofcom drama ranges (07700 900xxx, 020 7946 0xxx, 0113 496 0xxx) and US 555-01xx."""
    rng = scope.rng
    kind = variant or rng.choice(("mobile", "mobile", "london", "area", "us"))
    if kind == "mobile":
        tail = f"900{rng.randint(0, 999):03d}"
        return rng.choice((f"07700 {tail}", f"07700 {tail}", f"+44 7700 {tail}", f"07700{tail}"))
    if kind == "london":
        tail = f"0{rng.randint(0, 999):03d}"
        return rng.choice((f"020 7946 {tail}", f"+44 20 7946 {tail}", f"(020) 7946 {tail}"))
    if kind == "area":
        return f"{rng.choice(_UK_DRAMA_AREAS)} 496 0{rng.randint(0, 999):03d}"
    area, line = rng.choice(_US_AREAS), f"01{rng.randint(0, 99):02d}"
    return rng.choice((f"({area}) 555-{line}", f"{area}-555-{line}", f"+1 {area} 555 {line}"))


def _card(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    brand = rng.choice(("Visa", "Visa", "Visa", "Mastercard", "Mastercard", "Amex", "Discover"))
    if brand == "Visa":
        prefix, length = "4", 16
    elif brand == "Mastercard":
        prefix, length = str(rng.randint(51, 55)), 16
    elif brand == "Amex":
        prefix, length = rng.choice(("34", "37")), 15
    else:
        prefix, length = "6011", 16
    partial = prefix + _digits(rng, length - len(prefix) - 1)
    number = partial + _luhn_digit(partial)
    scope.memo["brand"] = brand
    sep = {"plain": "", "spaced": " "}.get(variant, rng.choice((" ", " ", " ", "", "-")))
    return _group(number, (4, 6, 5) if length == 15 else (4, 4, 4, 4), sep)


_IBAN_LENGTHS = {"GB": 22, "IE": 22, "DE": 22, "FR": 27, "NL": 18, "ES": 24, "IT": 27, "BE": 16}


def _iban(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    country = rng.choice(("GB", "GB", "GB", "DE", "FR", "NL", "ES", "IE", "IT", "BE"))
    if country in ("GB", "IE"):
        banks = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL") if country == "GB" else ("AIBK", "BOFI")
        bban = rng.choice(banks) + _digits(rng, 14)
    elif country == "NL":
        bban = rng.choice(("ABNA", "RABO", "INGB", "TRIO")) + _digits(rng, 10)
    elif country == "IT":
        bban = rng.choice(string.ascii_uppercase) + _digits(rng, 22)
    else:
        bban = _digits(rng, _IBAN_LENGTHS[country] - 4)
    iban = country + _iban_check(country, bban) + bban
    if variant == "plain" or rng.random() < 0.15:
        return iban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _sort_code(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    code = f"{rng.randint(1, 99):02d}" + _digits(scope.rng, 4)
    return _group(code, (2, 2, 2), "-" if variant == "dash" or rng.random() < 0.85 else " ")


def _account(scope: _Scope, variant: str) -> str:
    return str(scope.rng.randint(1, 9)) + _digits(scope.rng, 7)


def _ssn(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    area = rng.choice([a for a in range(1, 900) if a != 666])
    a, g, s = f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"
    return f"{a}-{g}-{s}" if rng.random() < 0.85 else f"{a} {g} {s}"


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BANNED = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


def _nino(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    prefix = "ZZ"
    while prefix in _NINO_BANNED:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
    num, suffix = _digits(rng, 6), rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {_group(num, (2, 2, 2), ' ')} {suffix}"
    return f"{prefix}{num}{suffix}"


def _nhs(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    while True:
        first9 = rng.choice("4679") + _digits(rng, 8)
        check = 11 - sum(int(c) * w for c, w in zip(first9, range(10, 1, -1), strict=True)) % 11
        if check != 10:
            number = first9 + str(check % 11)
            return _group(number, (3, 3, 4), " ") if rng.random() < 0.85 else number


_POSTCODE_AREAS = (
    ("LS", "Leeds"), ("BS", "Bristol"), ("M", "Manchester"), ("EH", "Edinburgh"),
    ("CF", "Cardiff"), ("SW", "London"), ("NE", "Newcastle"), ("OX", "Oxford"),
    ("CB", "Cambridge"), ("YO", "York"), ("B", "Birmingham"), ("G", "Glasgow"),
    ("BN", "Brighton"), ("NG", "Nottingham"), ("RG", "Reading"), ("L", "Liverpool"),
)  # fmt: skip
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$")


def _postcode(scope: _Scope, variant: str) -> str:
    """Also fixes the scope's town, so an address reads "Leeds LS6 2AB"."""
    rng = scope.rng
    area, town = rng.choice(_POSTCODE_AREAS)
    scope.memo["town"] = town
    inward = str(rng.randint(0, 9)) + "".join(rng.choice(_INWARD_LETTERS) for _ in range(2))
    return f"{area}{rng.randint(1, 28)} {inward}"


def _ip(scope: _Scope, variant: str) -> str:
    """Documentation ranges, 10/8 and 2001:db8::/32 only."""
    rng = scope.rng
    kind = variant or ("v4" if rng.random() < 0.85 else "v6")
    if kind == "v6":
        groups = [0x2001, 0x0DB8] + [rng.randrange(0x10000) for _ in range(6)]
        start = rng.randint(2, 5)
        for i in range(start, min(8, start + rng.randint(2, 4))):
            groups[i] = 0
        return ipaddress.IPv6Address(
            sum(g << (16 * (7 - i)) for i, g in enumerate(groups))
        ).compressed
    host = rng.randint(2, 254)
    prefix = rng.choice(("192.0.2.", "198.51.100.", "203.0.113.", "10.", "10."))
    if prefix == "10.":
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{host}"
    return prefix + str(host)


def _password(scope: _Scope, variant: str) -> str:
    """``shell``/``env`` keep to characters that survive an unquoted shell word."""
    rng = scope.rng
    symbols = "-_.@%+=:^" if variant in ("shell", "env") else "!@#$%&*-_=+?"
    kind = rng.choice(("random", "random", "leet", "word", "hyphen"))
    if kind == "random":
        chars = [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase),
                 rng.choice(string.digits), rng.choice(symbols)]  # fmt: skip
        chars += [rng.choice(_ALNUM + symbols) for _ in range(rng.randint(6, 12))]
        rng.shuffle(chars)
        pw = rng.choice(string.ascii_letters) + "".join(chars) + rng.choice(string.digits)
    elif kind == "leet":
        leet = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5"}
        word = "".join(leet.get(c, c) if rng.random() < 0.5 else c for c in rng.choice(_PW_WORDS))
        pw = word.capitalize() + rng.choice(symbols) + _digits(rng, 2)
    elif kind == "word":
        pw = rng.choice(_PW_WORDS).capitalize() + rng.choice(symbols) + str(rng.randint(1970, 2025))
    else:
        pw = "-".join(rng.sample(_PW_WORDS, 3)) + _digits(rng, 2)
    return pw


def _jwt(rng: random.Random) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    iat = 1_700_000_000 + rng.randrange(60_000_000)
    payload = f'{{"sub":"{rng.randint(1000, 99999)}","iat":{iat}}}'
    header = b64(b'{"alg":"HS256","typ":"JWT"}')
    return f"{header}.{b64(payload.encode())}.{''.join(rng.choice(_B64URL) for _ in range(43))}"


def _secret(scope: _Scope, variant: str) -> str:
    rng = scope.rng
    kind = variant or rng.choice(("aws_id", "gh", "slack", "stripe", "generic", "jwt"))
    if kind == "aws_id":
        return "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    if kind == "aws_secret":
        return _mixed(rng, 40, _ALNUM + "+/")
    if kind == "gh":
        return "ghp_" + _mixed(rng, 36)
    if kind == "slack":
        return f"xoxb-{_digits(rng, 11)}-{_digits(rng, 12)}-{_mixed(rng, 24)}"
    if kind == "stripe":
        return rng.choice(("sk_live_", "sk_live_", "rk_live_")) + _mixed(rng, rng.randint(24, 32))
    if kind == "google":
        return "AIza" + _mixed(rng, 35, _B64URL)
    if kind == "jwt":
        return _jwt(rng)
    return _mixed(rng, 40)


_MAKERS: dict[str, Callable[[_Scope, str], str]] = {
    "EMAIL": _email,
    "PHONE": _phone,
    "CARD": _card,
    "IBAN": _iban,
    "SORT_CODE": _sort_code,
    "BANK_ACCOUNT": _account,
    "US_SSN": _ssn,
    "UK_NINO": _nino,
    "NHS_NUMBER": _nhs,
    "UK_POSTCODE": _postcode,
    "IP_ADDRESS": _ip,
    "PASSWORD": _password,
    "SECRET": _secret,
}
_EMAIL_RE = re.compile(r"^[a-z0-9._+-]+@(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$")


def _card_ok(value: str) -> bool:
    digits = value.replace(" ", "").replace("-", "")
    issuer = digits[:1] == "4" or digits[:2] in ("34", "37") or digits[:4] == "6011"
    issuer = issuer or 51 <= int(digits[:2]) <= 55
    return issuer and len(digits) == (15 if digits[:2] in ("34", "37") else 16) and _luhn_ok(digits)


def _iban_valid(value: str) -> bool:
    compact = value.replace(" ", "")
    return _IBAN_LENGTHS.get(compact[:2]) == len(compact) and _iban_ok(compact)


def _ip_ok(value: str) -> bool:
    nets = ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "10.0.0.0/8", "2001:db8::/32")
    address = ipaddress.ip_address(value)
    return any(address in ipaddress.ip_network(net) for net in nets)


_CHECKS: dict[str, Callable[[str], bool]] = {
    "EMAIL": lambda v: bool(_EMAIL_RE.match(v)),
    "CARD": _card_ok,
    "IBAN": _iban_valid,
    "SORT_CODE": lambda v: bool(re.fullmatch(r"\d\d([- ])\d\d\1\d\d", v)),
    "BANK_ACCOUNT": lambda v: bool(re.fullmatch(r"\d{8}", v)),
    "US_SSN": _ssn_ok,
    "UK_NINO": _nino_ok,
    "NHS_NUMBER": _nhs_ok,
    "UK_POSTCODE": lambda v: bool(_POSTCODE_RE.match(v)),
    "IP_ADDRESS": _ip_ok,
}


def _make_value(type_: str, scope: _Scope, variant: str) -> str:
    value = _MAKERS[type_](scope, variant)
    check = _CHECKS.get(type_)
    if check is not None and not check(value):
        raise CorpusError(f"generated {type_} ({variant or 'default'}) fails its own check")
    return value


def make_value(type_: str, rng: random.Random, variant: str = "") -> str:
    """A fictional, valid value of ``type_`` (one of VALUE_TYPES), drawn from ``rng``.

    ``variant`` narrows the shape where a maker knows several (PHONE "mobile",
    PASSWORD "shell", SECRET "gh" …); empty picks one at random.
    """
    if type_ not in _MAKERS:
        raise CorpusError(f"unknown value type {type_!r}; known: {', '.join(VALUE_TYPES)}")
    return _make_value(type_, _Scope(rng), variant)


# --------------------------------------------------------------------------------------
# Templates: "Email: {EMAIL}" -> segments with exact value boundaries
# --------------------------------------------------------------------------------------


def _day(rng: random.Random) -> dt.date:
    return dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))


_PRODUCTS = (
    "USB-C dock", "27in monitor", "Laptop stand", "Office chair", "Desk lamp", "Webcam HD",
    "Headset Pro", "Keyboard (UK)", "Toner cartridge", "A4 paper x5", "Label printer",
)  # fmt: skip
_SUBJECTS = (
    "Re: Q3 planning", "Invoice {ref} for March", "Your order {order} has shipped",
    "Team offsite - agenda", "Updated rota for April", "Password reset request",
    "Weekly report: {pct} uptime", "Security alert: new sign-in", "Lunch on Friday?",
    "Contract renewal {ver}", "[JIRA] {jira} assigned to you", "Build #{count} passed",
    "Fwd: travel booking {flight}", "Expenses for {dmy}", "Re: access request",
    "Minutes: board meeting", "Quarterly numbers", "New starter checklist", "Re: {inc}",
)  # fmt: skip
_MY_FILLERS: dict[str, Callable[[random.Random], str]] = {
    "dmy": lambda r: f"{(d := _day(r)).day} {d:%b %Y}",
    "iso": lambda r: _day(r).isoformat(),
    "dm": lambda r: f"{(d := _day(r)).day} {d:%b}",
    "hm": lambda r: f"{r.randint(7, 22):02d}:{r.randint(0, 59):02d}",
    "inc": lambda r: f"INC-{r.randint(10000, 99999)}",
    "ver": lambda r: f"v{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
    "gbp": lambda r: f"£{r.choice((r.uniform(4, 99), r.uniform(100, 4999))):,.2f}",
    "lastfour": lambda r: f"{r.randint(0, 9999):04d}",
    "product": lambda r: r.choice(_PRODUCTS),
    "ago": lambda r: r.choice(("2 min ago", "1 hour ago", "yesterday", "3 days ago", "just now")),
    "plan": lambda r: r.choice(("Free", "Pro", "Business", "Enterprise", "Team")),
    "state": lambda r: r.choice(("Active", "Pending", "Paid", "Overdue", "Dispatched", "Closed")),
    "cpu": lambda r: f"{r.uniform(0, 60):.1f}",
}
_FORMATTER = string.Formatter()


@functools.cache
def _parse(template: str) -> tuple[tuple[str, str | None, str], ...]:
    return tuple((lit, name, spec or "") for lit, name, spec, _ in _FORMATTER.parse(template))


def _base(name: str) -> str:
    """``EMAIL2`` is a second, different EMAIL; ``dmy2`` a second date."""
    return name.rstrip(string.digits)


@functools.cache
def _types_of(template: str) -> tuple[str, ...]:
    """The type of every value occurrence, repeats included (each is a region)."""
    return tuple(_base(n) for _, n, _ in _parse(template) if n and n[0].isupper())


def _filler(name: str, scope: _Scope) -> str:
    base = _base(name)
    if base in _MY_FILLERS:
        if name not in scope.memo:
            scope.memo[name] = _MY_FILLERS[base](scope.rng)
        return scope.memo[name]
    if base == "sub":
        if name not in scope.memo:
            scope.memo[name] = _fill_text(scope.rng.choice(_SUBJECTS), scope)
        return scope.memo[name]
    return scope.get(name)


def _fill_text(template: str, scope: _Scope) -> str:
    return "".join(lit + (_filler(n, scope) if n else "") for lit, n, _ in _parse(template))


def _fill(template: str, rng: random.Random, **known: str) -> Line:
    """UPPERCASE slots are values (made first, so ``{town}`` can follow a postcode).

    ``known`` fixes fillers in advance: ``first``/``last`` make ``{EMAIL:name}``
    the address of a person already on screen.
    """
    scope = _Scope(rng)
    scope.memo.update(known)
    parts = _parse(template)
    made: dict[tuple[str, str], str] = {}
    for _lit, name, spec in parts:
        if name and name[0].isupper() and (name, spec) not in made:
            made[(name, spec)] = _make_value(_base(name), scope, spec)
    segs: list[Seg] = []
    for lit, name, spec in parts:
        segs.append((lit, None))
        if name and name[0].isupper():
            segs.append((made[(name, spec)], _base(name)))
        elif name:
            segs.append((_filler(name, scope), None))
    return _merge(segs)


def _merge(segs: Sequence[Seg]) -> Line:
    out: list[Seg] = []
    for text, type_ in segs:
        if not text:
            continue
        if type_ is None and out and out[-1][1] is None:
            out[-1] = (out[-1][0] + text, None)
        else:
            out.append((text, type_))
    return tuple(out)


def _text(line: Line) -> str:
    return "".join(text for text, _ in line)


def _plain(text: str) -> Line:
    return ((text, None),) if text else ()


def _split_lines(line: Line) -> list[Line]:
    """A multi-line fill (a terminal scene) cut at its newlines; values never hold one."""
    lines: list[list[Seg]] = [[]]
    for text, type_ in line:
        if type_ is not None:
            lines[-1].append((text, type_))
            continue
        first, *rest = text.split("\n")
        lines[-1].append((first, None))
        lines.extend([[(part, None)] for part in rest])
    return [_merge(segs) for segs in lines]


def _wrap(line: Line, font: Font, width: int) -> list[Line] | None:
    """Greedy word wrap that never splits a value nor detaches punctuation from it."""
    groups: list[list[Seg]] = []
    for text, type_ in line:
        pieces = [(text, type_)] if type_ else [(w, None) for w in re.findall(r"\S+\s*|\s+", text)]
        for piece in pieces:
            if groups and not groups[-1][-1][0][-1:].isspace():
                groups[-1].append(piece)
            else:
                groups.append([piece])
    lines: list[list[Seg]] = []
    for group in groups:
        trial = [*lines[-1], *group] if lines else group
        if lines and font.getlength(_text(_merge(trial)).rstrip()) <= width:
            lines[-1] = trial
        else:
            lines.append(list(group))
    out: list[Line] = []
    for segs in lines:
        merged = list(_merge(segs))
        if merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0].rstrip(), None)
        done = _merge(merged)
        if any(t for _, t in done) and font.getlength(_text(done)) > width:
            return None
        out.append(done)
    return out


def _truncate(text: str, font: Font, width: float) -> str:
    """The longest prefix that fits, cut back to a word end unless that loses too much."""
    if font.getlength(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if font.getlength(text[:mid]) <= width else (lo, mid - 1)
    out = text[:lo]
    space = out.rfind(" ")
    if space > 0.6 * len(out):
        out = out[:space]
    return out.rstrip(" ,;:-")


# --------------------------------------------------------------------------------------
# What the screens say: ordinary lines and value lines per context
# --------------------------------------------------------------------------------------

_PROSE = (
    "Thanks for sending this over so quickly.",
    "I've attached the slides from {weekday}'s review; comments welcome before {dmy}.",
    "The new pricing takes effect on {dmy} and applies to all plans.",
    "Reset your password using the link below. The link expires in 24 hours.",
    "Password must be at least 12 characters and may not reuse your last five passwords.",
    "Never share your password or one-time codes with anyone, including our support team.",
    "Your password was changed on {dmy} at {hm}. If this wasn't you, contact the service desk.",
    "Invoice {ref} for {gbp} is now due; payment terms are 30 days.",
    "We shipped {ver} this morning with {n} bug fixes and a faster search index.",
    "Uptime for the last quarter was {pct}, slightly above our target.",
    "Ticket {inc} has been escalated to the platform team.",
    "The meeting has moved to {room} at {hm}.",
    "Please review the draft by the end of the day on {weekday}.",
    "Total spend this month is {gbp}, which is {pct} of the budget.",
    "The report lives in {path} if you want the raw numbers.",
    "Let me know if anything is unclear and I'll set up a call.",
    "Build {ver} failed on {few} tests; the logs are linked from {jira}.",
    "Our office will be closed on {dmy} for the bank holiday.",
    "Delivery is expected between {dm} and {dmy}.",
    "I've added the action items to the tracker under {jira}.",
    "The renewal is {gbp} per year, fixed for two years.",
    "We'll migrate the remaining {count} accounts over the weekend.",
    "Expenses over {gbp} need approval from your line manager.",
    "Please complete the security awareness training before {dmy}.",
    "Attendance at the last workshop was {count}, up {pct} on last year.",
    "The backup window runs from 01:00 to 03:00 every night.",
    "I'll be out of the office from {dm} and back on {dmy}.",
    "Two-factor authentication will be required for every account from {dmy}.",
    "Orders placed before 2pm on a working day ship the same day.",
    "Our support hours are 9am to 5pm, Monday to Friday.",
    "The dashboard now refreshes every 30 seconds instead of every five minutes.",
    "Version {ver} removes the legacy export; use the CSV download instead.",
    "If you forgot your password, choose Forgot password on the sign-in page.",
    "The quarterly numbers look healthy: revenue is up {pct} and churn is flat.",
    "Could you confirm the headcount for the offsite by {weekday}?",
    "The train leaves at {hm}, so we should aim to finish by half past four.",
    "Please use the new expense form from {dmy}; the old one will be switched off.",
    "The vendor quoted {gbp} for the upgrade, including installation.",
    "Customer satisfaction scored 4.6 out of 5 across {count} responses.",
    "We are rolling out {ver} to 10% of users first and will watch the error rates.",
    "Remember to lock your screen when you leave your desk.",
    "The firmware update requires a restart and takes about ten minutes.",
    "All passwords for shared accounts now live in the team vault.",
    "The printer on the third floor is out of toner again.",
    "Parking permits for {dmy} onwards can be requested from facilities.",
)
_PROSE_VALUES = (
    "Please pay the deposit to sort code {SORT_CODE}, account number {BANK_ACCOUNT}.",
    "Our IBAN is {IBAN} (reference {ref}).",
    "You can reach me on {PHONE} until 6pm.",
    "My new mobile number is {PHONE:mobile}.",
    "The guest wifi password is {PASSWORD}",
    "Your temporary password is {PASSWORD} and must be changed at first login.",
    "My National Insurance number is {UK_NINO}.",
    "The patient's NHS number is {NHS_NUMBER}.",
    "Please charge the balance to card {CARD}.",
    "The new server is at {IP_ADDRESS}; log in as deploy.",
    "Please reply to {EMAIL} rather than to this address.",
    "For questions about the survey, contact {EMAIL}.",
    "The applicant listed {US_SSN} as their social security number.",
    "Please send the documents to {street}, {town} {UK_POSTCODE}.",
    "The access key id is {SECRET:aws_id} and the secret is in the vault.",
    "Use this token for the CI job: {SECRET:gh}",
    "The router admin page is at {IP_ADDRESS:v4}, password {PASSWORD}",
    "Refunds go back to the card ending in {lastfour}, or to IBAN {IBAN} if it has expired.",
    "Send the signed contract to {EMAIL} by {dmy}.",
    "Call the clinic on {PHONE:london} and quote NHS number {NHS_NUMBER}.",
    "Payroll needs your NI number ({UK_NINO}) before the {dm} run.",
)
_CHAT = (
    "morning all", "standup moved to {hm} today",
    "deploy of {ver} is done, {pct} of traffic on the new build",
    "can someone review {jira}? it's a small one", "running 10 min late, train's delayed",
    "lunch at 12:30?", "nice work on the release everyone", "who has the key to {room}?",
    "dashboard is green again", "did anyone change the staging config?",
    "I'll pick up {inc} after this call", "ok thanks!", "sounds good to me",
    "reminder: timesheets due {weekday}", "the invoice total came to {gbp}",
    "reset your password via the portal, IT can't see it", "yep, merged",
    "let's move this to a thread", "CPU on db-primary is at {pct} again", "PR is up: {jira}",
    "can we push the demo to {hm}?", "flight is {flight}, landing around {hm}",
    "backup finished in {secs}s", "has anyone seen the Q3 deck?", "on my way",
    "I've shared the doc, check your inbox", "the build is flaky again, retrying",
    "release notes for {ver} are in the wiki", "can you send me the agenda?",
    "great, see you at {hm}", "out tomorrow, back {weekday}", "thanks, that fixed it",
)  # fmt: skip
_CHAT_VALUES = (
    "the wifi password is {PASSWORD}", "password for the staging box: {PASSWORD}",
    "my mobile is {PHONE:mobile}", "call me on {PHONE}", "card number is {CARD}, exp {exp}",
    "can you whitelist {IP_ADDRESS}? it's the new office", "the box is at {IP_ADDRESS}",
    "here's the token: {SECRET:gh}", "slack bot token for the integration: {SECRET:slack}",
    "send the signed copy to {EMAIL}", "cc {EMAIL} on that thread",
    "sort code {SORT_CODE}, account {BANK_ACCOUNT}", "my IBAN is {IBAN}",
    "NI number is {UK_NINO}", "her NHS number is {NHS_NUMBER} if the surgery asks",
    "SSN for the W-4: {US_SSN}", "new address is {street}, {town} {UK_POSTCODE}",
    "temp password {PASSWORD} - change it when you log in",
    "stripe key {SECRET:stripe} - old one is revoked", "AWS key {SECRET:aws_id}",
    "pwd: {PASSWORD}", "api_key = {SECRET:generic}", "login is {user} / {PASSWORD}",
    "my email is {EMAIL}", "acc no {BANK_ACCOUNT}, sort {SORT_CODE}",
    "connection string needs password={PASSWORD:env} at the end",
    "ssh into {IP_ADDRESS:v4} and check the disk",
)  # fmt: skip
_KV = (
    "Order date: {dmy}", "Order total: {gbp}", "Status: {state}",
    "Paid with Visa ending {lastfour}", "Tracking number: {order}", "Plan: {plan} (annual)",
    "Member since {dmy}", "Version: {ver}",
    "Ticket: {inc}", "Priority: P2 - High", "Assigned to: Service Desk", "Renews on {dmy}",
    "Storage used: {pct} of 2 TB", "Last updated {dmy} at {hm}", "Delivery: Standard (3-5 days)",
    "Items: {few}", "VAT (20%): {gbp}", "Reference: {ref}", "Department: Finance",
    "Category: Hardware / Laptop", "Opened: {dmy} {hm}", "SLA: 8 business hours",
)  # fmt: skip
_KV_VALUES = (
    "Email: {EMAIL}", "E-mail: {EMAIL}", "Phone: {PHONE}", "Mobile: {PHONE:mobile}",
    "Tel: {PHONE:london}", "Card number: {CARD}", "IBAN: {IBAN}", "Sort code: {SORT_CODE}",
    "Account number: {BANK_ACCOUNT}", "NI number: {UK_NINO}", "NHS No: {NHS_NUMBER}",
    "SSN: {US_SSN}", "Address: {street}, {town} {UK_POSTCODE}", "Postcode: {UK_POSTCODE}",
    "IP address: {IP_ADDRESS}", "Last sign-in from {IP_ADDRESS}", "Password: {PASSWORD}",
    "pwd: {PASSWORD}", "API key: {SECRET:generic}", "Access key ID: {SECRET:aws_id}",
    "Secret access key: {SECRET:aws_secret}", "Reported by: {name} <{EMAIL:name}>",
    "Device IP: {IP_ADDRESS:v4}", "Billing postcode: {UK_POSTCODE}",
)  # fmt: skip

# Terminal scenes: "$ " starts a command line (the prompt is added when drawn).
_SCENES = (
    "$ ls -la\ntotal 48\ndrwxr-xr-x  6 {user} staff  4096 {lsdate} .\n"
    "drwxr-xr-x 18 {user} staff  4096 {lsdate} ..\n-rw-r--r--  1 {user} staff   812 {lsdate} "
    "README.md\n-rw-r--r--  1 {user} staff  2210 {lsdate} pyproject.toml\n"
    "drwxr-xr-x  4 {user} staff  4096 {lsdate} src\n"
    "drwxr-xr-x  3 {user} staff  4096 {lsdate} tests",
    "$ git status\nOn branch {branch}\nYour branch is up to date with 'origin/{branch}'.\n\n"
    "Changes not staged for commit:\n        modified:   src/{module}/config.py\n"
    "        modified:   tests/test_{module}.py",
    "$ git log --oneline -4\n{hex7} {commitmsg}\n{hex7b} Merge pull request #{n} from "
    "{org}/{branch}\n{hex7c} Bump version to {version3}\n{hex10} Update CHANGELOG",
    "$ df -h /\nFilesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p2  468G  "
    "{few}1G  {n}7G  {n}% /",
    "$ uptime\n {clock} up {n} days,  4:11,  2 users,  load average: 0.42, 0.38, 0.35",
    "$ python3 -m pytest -q\n........................................ [ 64%]\n"
    "......................                   [100%]\n{count} passed, {few} skipped in {secs}s",
    "$ kubectl get pods -n {env}\nNAME                         READY   STATUS    RESTARTS   AGE\n"
    "api-7d9f8c6b5-x2kqp          1/1     Running   0          {n}h\n"
    "worker-5c7d8b9f4-m8zrt       1/1     Running   {few}          {n}h",
    "$ docker compose ps\nNAME        SERVICE   STATUS          \n{repo}-api-1   api       "
    "Up {n} minutes\n{repo}-db-1    db        Up {n} minutes (healthy)",
    "$ passwd\nChanging password for {user}.\nCurrent password:\nNew password:\n"
    "Retype new password:\npasswd: password updated successfully",
    "$ systemctl status nginx --no-pager\n* nginx.service - A high performance web server\n"
    "     Loaded: loaded (/lib/systemd/system/nginx.service; enabled)\n"
    "     Active: active (running) since {gitdate}\n   Main PID: {pid} (nginx)",
    "$ pip install -q requests==2.31.0\n$ python3 --version\nPython {pyver}",
    "$ free -h\n               total        used        free      shared\n"
    "Mem:            31Gi        {few}.2Gi        {n}Gi       412Mi",
    "$ cd ~/projects/{repo} && make build\nmkdir -p build\ncompiling {module} ({n} files)\n"
    "build finished in {secs}s",
    "$ tail -n 3 /var/log/{module}.log\n{ts} INFO {module}: started worker {pid}\n"
    "{ts} INFO {module}: processed {count} jobs in {secs}s\n{ts} WARN {module}: queue depth {n}",
    # With values
    "$ ping -c 2 {IP_ADDRESS:v4}\nPING {IP_ADDRESS:v4} 56(84) bytes of data.\n"
    "64 bytes from {IP_ADDRESS:v4}: icmp_seq=1 ttl=57 time={ms} ms\n"
    "--- ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 1001ms",
    "$ ssh deploy@{IP_ADDRESS:v4}\nWelcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic)\n"
    "Last login: {lsdate} from {IP_ADDRESS2:v4}",
    "$ ip -brief addr\neth0             UP             {IP_ADDRESS:v4}/24\n"
    "eth1             UP             {IP_ADDRESS2:v6}/64",
    "$ env | grep -E 'PASS|KEY|TOKEN'\nDB_PASSWORD={PASSWORD:env}\n"
    "AWS_ACCESS_KEY_ID={SECRET:aws_id}\nAWS_SECRET_ACCESS_KEY={SECRET2:aws_secret}",
    "$ export DB_PASSWORD={PASSWORD:shell}\n$ ./migrate.py --env {env}\nApplied {n} migrations.",
    "$ mysql -u root -p{PASSWORD:shell} -h {IP_ADDRESS:v4} orders\n"
    "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    "mysql> SELECT id, email FROM customers LIMIT 2;\n| {count} | {EMAIL} |\n"
    "| {count2} | {EMAIL2} |\n2 rows in set (0.00 sec)",
    "$ cat .env\nAPP_ENV={env}\nDB_HOST={IP_ADDRESS:v4}\nDB_PASSWORD={PASSWORD:env}\n"
    "STRIPE_SECRET_KEY={SECRET:stripe}\nLOG_LEVEL=info",
    "$ sudo tail -n 2 /var/log/auth.log\n{syslogts} web-3 sshd[{pid}]: Failed password for "
    "invalid user admin from {IP_ADDRESS} port {sport} ssh2\n{syslogts} web-3 sshd[{pid}]: "
    "Accepted publickey for deploy from {IP_ADDRESS2:v4} port {sport} ssh2",
    "$ export GITHUB_TOKEN={SECRET:gh}\n$ gh repo clone {org}/{repo}\nCloning into '{repo}'...",
    "$ curl -s -H 'Authorization: Bearer {SECRET:jwt}' https://api.example.com/v1/me\n"
    '{{"id": {count}, "plan": "pro", "status": "active"}}',
    "$ aws configure\nAWS Access Key ID [None]: {SECRET:aws_id}\n"
    "AWS Secret Access Key [None]: {SECRET2:aws_secret}\nDefault region name [None]: {region}",
    "$ PGPASSWORD={PASSWORD:shell} psql -h {IP_ADDRESS:v4} -U app {db}\n"
    'psql (16.2)\nType "help" for help.',
    "$ history | tail -3\n  {count}  ssh admin@{IP_ADDRESS:v4}\n  {count2}  mysql -u root "
    "-p{PASSWORD:shell}\n  {n}7  git pull",
    "$ dig +short api.example.net\n{IP_ADDRESS}\n{IP_ADDRESS2}",
    "$ sshpass -p '{PASSWORD:shell}' ssh root@{IP_ADDRESS:v4}\nroot@db-primary:~# uptime\n"
    " {clock} up {n} days, load average: 0.12, 0.10, 0.09",
    "$ echo $SLACK_BOT_TOKEN\n{SECRET:slack}",
    "$ git remote -v\norigin  https://{SECRET:gh}@github.com/{org}/{repo}.git (fetch)",
    "$ nmap -sn {IP_ADDRESS:v4}\nNmap scan report for {IP_ADDRESS:v4}\nHost is up (0.0021s "
    "latency).",
    "$ tail -n 2 logs/payments.log\n{ts} ERROR payments: charge declined card={CARD:plain} "
    "amount={gbp}\n{ts} INFO payments: refund queued for order {order}",
    "$ head -3 exports/payroll.csv\nname,nino,sort_code,account\n{first} {last},{UK_NINO},"
    "{SORT_CODE},{BANK_ACCOUNT}\n{first2} {last2},{UK_NINO2},{SORT_CODE2},{BANK_ACCOUNT2}",
    "$ grep -i ssn hr/onboarding-notes.txt\nSSN: {US_SSN} (start date {dmy})",
    "$ sqlite3 clinic.db 'select nhs_number, postcode from patients limit 2'\n"
    "{NHS_NUMBER}|{UK_POSTCODE}\n{NHS_NUMBER2}|{UK_POSTCODE2}",
    '$ curl -s https://api.example.com/v1/customers/{count} | jq .\n{{\n  "email": '
    '"{EMAIL}",\n  "phone": "{PHONE}",\n  "iban": "{IBAN:plain}"\n}}',
    "$ grep -rn 'password=' config/\nconfig/app.ini:12:password={PASSWORD:env}\n"
    "config/app.ini.example:12:password=changeme",
    "$ cat ~/notes/contacts.txt\n{first} {last}   {PHONE:mobile}   {EMAIL:name}\n"
    "Card for travel bookings: {CARD}",
)
_SHELL = (
    "$ ls -la", "$ git status", "$ cd ~/projects/{repo}", "$ docker compose up -d",
    "$ npm run build", "$ python3 -m pytest -q", "$ make lint", "$ git pull --rebase",
    "$ kubectl get pods -n {env}", "$ tail -f /var/log/syslog",
)  # fmt: skip
_SHELL_VALUES = (
    "$ ssh deploy@{IP_ADDRESS}", "$ mysql -u root -p{PASSWORD:shell}",
    "$ export DB_PASSWORD={PASSWORD:shell}", "$ export AWS_ACCESS_KEY_ID={SECRET:aws_id}",
    "$ export AWS_SECRET_ACCESS_KEY={SECRET:aws_secret}", "$ ping -c 3 {IP_ADDRESS:v4}",
    "$ export GITHUB_TOKEN={SECRET:gh}", "$ nc -zv {IP_ADDRESS:v4} 5432",
    "$ export API_KEY={SECRET:generic}",
)  # fmt: skip
_ACTIVITY = (
    "{dmy} {hm} - Signed in from Chrome on Windows", "{dmy} {hm} - Password changed",
    "{dmy} {hm} - Two-factor authentication enabled", "{dmy} {hm} - Invoice {ref} downloaded",
    "{dmy} {hm} - API key rotated", "{dmy} {hm} - Email preferences updated",
    "{dmy} {hm} - New device added: Pixel 8", "{dmy} {hm} - Plan changed to {plan}",
    "{dmy} {hm} - Failed sign-in attempt (wrong password)", "{dmy} {hm} - Export of {count} rows",
)  # fmt: skip
_ACTIVITY_VALUES = (
    "{dmy} {hm} - Signed in from {IP_ADDRESS}", "{dmy} {hm} - Recovery email set to {EMAIL}",
    "{dmy} {hm} - Payout sort code changed to {SORT_CODE}",
    "{dmy} {hm} - Mobile number changed to {PHONE:mobile}",
    "{dmy} {hm} - Blocked sign-in from {IP_ADDRESS:v4}",
)  # fmt: skip
_TYPE_WEIGHTS = {"IP_ADDRESS": 0.6, "EMAIL": 0.5, "SECRET": 2.5, "PASSWORD": 2.5, "CARD": 1.3,
                 "US_SSN": 1.3}  # fmt: skip
"""Context templates repeat IPs and e-mail addresses; these weights even the types out."""
_CONTEXTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "activity": (_ACTIVITY, _ACTIVITY_VALUES),
    "prose": (_PROSE, _PROSE_VALUES),
    "chat": (_CHAT, _CHAT_VALUES),
    "kv": (_KV, _KV_VALUES),
    "shell": (_SHELL, _SHELL_VALUES),
    "scene": (
        tuple(s for s in _SCENES if not _types_of(s)),
        tuple(s for s in _SCENES if _types_of(s)),
    ),
}

# Code files are built from blocks; a (value, fallback) pair shows the credential
# inline while the budget lasts and reads it from the environment otherwise.
CodeEntry = str | tuple[str, str]
_PY_HEAD: tuple[CodeEntry, ...] = (
    '"""Settings for the {repo} service."""', "", "import os", "from pathlib import Path", "",
    "BASE_DIR = Path(__file__).resolve().parent.parent", "DEBUG = False",
    'ALLOWED_HOSTS = ["{repo}.example.com", "localhost"]', 'TIME_ZONE = "Europe/London"', "",
)  # fmt: skip
_PY_BLOCKS: tuple[tuple[CodeEntry, ...], ...] = (
    ("DATABASES = {{", '    "default": {{', '        "ENGINE": "django.db.backends.postgresql",',
     '        "NAME": "{db}",', '        "USER": "app",',
     ('        "PASSWORD": "{PASSWORD}",', '        "PASSWORD": os.environ["DB_PASSWORD"],'),
     ('        "HOST": "{IP_ADDRESS:v4}",', '        "HOST": "db.internal",'),
     '        "PORT": 5432,', "    }}", "}}", ""),
    ("# AWS credentials for the export bucket",
     ('AWS_ACCESS_KEY_ID = "{SECRET:aws_id}"', 'AWS_ACCESS_KEY_ID = os.getenv("AWS_KEY_ID")'),
     ('AWS_SECRET_ACCESS_KEY = "{SECRET:aws_secret}"',
      'AWS_SECRET_ACCESS_KEY = os.getenv("AWS_SECRET")'),
     'AWS_REGION = "{region}"', ""),
    ("# Password must be at least 12 characters", "PASSWORD_MIN_LENGTH = 12",
     "SESSION_COOKIE_AGE = 60 * 60 * 8", "CACHE_TIMEOUT = 300", ""),
    ('EMAIL_HOST = "smtp.example.com"', "EMAIL_PORT = 587",
     ('EMAIL_HOST_USER = "{EMAIL}"', 'EMAIL_HOST_USER = "apikey"'),
     ('EMAIL_HOST_PASSWORD = "{PASSWORD}"', 'EMAIL_HOST_PASSWORD = os.environ["SMTP_PASSWORD"]'),
     ""),
    ('STRIPE_PUBLISHABLE_KEY = "pk_test_placeholder"',
     ('STRIPE_SECRET_KEY = "{SECRET:stripe}"', 'STRIPE_SECRET_KEY = os.environ["STRIPE_KEY"]'),
     ('SLACK_TOKEN = "{SECRET:slack}"', 'SLACK_TOKEN = os.environ.get("SLACK_TOKEN", "")'), ""),
    ("", "def load_overrides(path: Path) -> dict[str, str]:",
     '    """Read KEY=VALUE lines, ignoring comments and blank lines."""',
     "    result: dict[str, str] = {{}}", "    for raw in path.read_text().splitlines():",
     "        line = raw.strip()", '        if not line or line.startswith("#"):',
     "            continue", '        key, _, value = line.partition("=")',
     "        result[key.strip()] = value.strip()", "    return result", ""),
    ("class RetryPolicy:", '    """How often to retry the upstream API, and how long to wait."""',
     "", "    attempts = 5", "    backoff_seconds = 1.5", "    timeout = 30.0", ""),
    (('ADMINS = [("Ops", "{EMAIL}")]', 'ADMINS = [("Ops", "ops@localhost")]'),
     ('SUPPORT_PHONE = "{PHONE}"', 'SUPPORT_PHONE = ""'),
     ('API_KEY = "{SECRET:generic}"', 'API_KEY = os.environ["API_KEY"]'), ""),
    ("LOGGING = {{", '    "version": 1,', '    "disable_existing_loggers": False,',
     '    "root": {{"level": "INFO"}},', "}}", ""),
)  # fmt: skip
_ENV_HEAD: tuple[CodeEntry, ...] = (
    "# {repo} - production settings", "APP_NAME={repo}", "APP_ENV={env}", "APP_DEBUG=false",
    "APP_URL=https://{repo}.example.com", "",
)  # fmt: skip
_ENV_BLOCKS: tuple[tuple[CodeEntry, ...], ...] = (
    ("# Database", "DB_CONNECTION=pgsql", ("DB_HOST={IP_ADDRESS:v4}", "DB_HOST=db.internal"),
     "DB_PORT=5432", "DB_DATABASE={db}", "DB_USERNAME=app",
     ("DB_PASSWORD={PASSWORD:env}", "DB_PASSWORD="), ""),
    ("# Mail", "MAIL_MAILER=smtp", "MAIL_PORT=587", ("MAIL_USERNAME={EMAIL}", "MAIL_USERNAME="),
     ("MAIL_PASSWORD={PASSWORD:env}", "MAIL_PASSWORD="), ""),
    ("# AWS", ("AWS_ACCESS_KEY_ID={SECRET:aws_id}", "AWS_ACCESS_KEY_ID="),
     ("AWS_SECRET_ACCESS_KEY={SECRET:aws_secret}", "AWS_SECRET_ACCESS_KEY="),
     "AWS_DEFAULT_REGION={region}", "AWS_BUCKET={repo}-exports", ""),
    ("# Payments", ("STRIPE_SECRET={SECRET:stripe}", "STRIPE_SECRET="),
     "STRIPE_WEBHOOK_TOLERANCE=300", ("PAYOUT_IBAN={IBAN:plain}", "PAYOUT_IBAN="), ""),
    ("# Cache and queue", "REDIS_HOST=cache.internal", "REDIS_PORT=6379",
     ("REDIS_PASSWORD={PASSWORD:env}", "REDIS_PASSWORD=null"), "QUEUE_CONNECTION=redis",
     "CACHE_TTL=3600", ""),
    ("# Integrations", ("SLACK_BOT_TOKEN={SECRET:slack}", "SLACK_BOT_TOKEN="),
     ("GITHUB_TOKEN={SECRET:gh}", "GITHUB_TOKEN="),
     ("SUPPORT_EMAIL={EMAIL:role}", "SUPPORT_EMAIL="), "FEATURE_NEW_CHECKOUT=true", ""),
    ("# Sessions - password must be at least 12 characters", "SESSION_LIFETIME=120",
     "PASSWORD_MIN_LENGTH=12", "LOG_LEVEL=info", "LOG_CHANNEL=stack", ""),
    ("# Office network", ("ALLOWED_IP={IP_ADDRESS}", "ALLOWED_IP="),
     ("OFFICE_PHONE={PHONE:london}", "OFFICE_PHONE="), "TZ=Europe/London", ""),
)  # fmt: skip
_YAML_HEAD: tuple[CodeEntry, ...] = ('version: "3.9"', "", "services:")
_YAML_BLOCKS: tuple[tuple[CodeEntry, ...], ...] = (
    ("  api:", "    image: registry.example.com/{repo}:{version3}", "    restart: unless-stopped",
     "    ports:", '      - "8080:80"', "    environment:", "      LOG_LEVEL: info",
     ("      DB_HOST: {IP_ADDRESS:v4}", "      DB_HOST: db"),
     ('      DB_PASSWORD: "{PASSWORD}"', "      DB_PASSWORD_FILE: /run/secrets/db"), ""),
    ("  db:", "    image: postgres:16", "    volumes:", "      - pgdata:/var/lib/postgresql/data",
     "    environment:", "      POSTGRES_USER: app",
     ("      POSTGRES_PASSWORD: {PASSWORD:env}", "      POSTGRES_PASSWORD_FILE: /run/secrets/pg"),
     ""),
    ("  worker:", "    image: registry.example.com/{repo}-worker:{version3}", "    depends_on:",
     "      - db", "      - cache", "    environment:",
     ("      AWS_ACCESS_KEY_ID: {SECRET:aws_id}", "      AWS_REGION: {region}"),
     ("      AWS_SECRET_ACCESS_KEY: {SECRET:aws_secret}", "      QUEUE: default"),
     "    deploy:", "      replicas: 3", ""),
    ("  mailer:", "    image: registry.example.com/mailer:{version3}", "    environment:",
     ("      SMTP_USER: {EMAIL}", "      SMTP_USER: apikey"),
     ("      SMTP_PASS: {PASSWORD}", "      SMTP_PASS_FILE: /run/secrets/smtp"),
     "    healthcheck:", "      interval: 30s", "      retries: 3", ""),
    ("  cache:", "    image: redis:7-alpine", "    command: redis-server --save 60 1",
     "    # password must be at least 12 characters", ""),
    ("  notifier:", "    image: registry.example.com/notifier:{version3}", "    environment:",
     ("      SLACK_TOKEN: {SECRET:slack}", "      SLACK_CHANNEL: \"#alerts\""),
     ("      api_key: {SECRET:generic}", "      TIMEOUT: 10s"),
     ("      ONCALL_PHONE: \"{PHONE:mobile}\"", "      ONCALL_ROTA: weekly"), ""),
)  # fmt: skip
_CODE_FILES: dict[str, tuple[str, tuple[CodeEntry, ...], tuple[tuple[CodeEntry, ...], ...]]] = {
    "python": ("settings.py", _PY_HEAD, _PY_BLOCKS),
    "env": (".env", _ENV_HEAD, _ENV_BLOCKS),
    "yaml": ("docker-compose.yml", _YAML_HEAD, _YAML_BLOCKS),
}


# --------------------------------------------------------------------------------------
# Painting text so that its labels are exact
# --------------------------------------------------------------------------------------


class _Run(NamedTuple):
    """One piece of text rendered to its own mask, ready to paste."""

    origin: int  # x where the text starts
    rect: Box  # where the mask goes
    mask: Image.Image
    box: Box  # tight ink box
    ink: NDArray[np.bool_]


def _plan_run(font: Font, text: str, x: int, y: int) -> _Run | None:
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor="la"))
    if right <= left or bottom <= top:
        return None
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor="la")
    full = np.asarray(mask) >= INK_THRESHOLD
    rows, cols = np.flatnonzero(full.any(axis=1)), np.flatnonzero(full.any(axis=0))
    if rows.size == 0:
        return None
    ink = full[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].copy()
    ink.flags.writeable = False
    x0, y0 = x + left, y + top
    box = (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)
    return _Run(x, (x0, y0, x + right, y + bottom), mask, box, ink)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass
class _Flow:
    """A column of lines: where the next one goes and where the column ends."""

    x: int
    y: int
    x1: int
    y1: int
    pitch: int
    line_h: int

    def room(self, rows: int = 1) -> bool:
        return self.y + (rows - 1) * self.pitch + self.line_h <= self.y1

    def rows_left(self) -> int:
        return max(0, (self.y1 - self.y - self.line_h) // self.pitch + 1)


class _Painter:
    """One screen being drawn: pixels, fonts, palette, and the label of every text run.

    Text only reaches the image through `put`, which renders each run to a mask,
    refuses anything that would touch text already drawn or leave the image, and
    records values and ordinary lines from the very masks it pastes.
    """

    def __init__(
        self,
        rng: random.Random,
        size: tuple[int, int],
        palette: _Palette,
        family: str,
        body: int,
        target: int,
    ) -> None:
        self.rng = rng
        self.pal = palette
        self.image = Image.new("RGB", size, palette.bg)
        self.draw = ImageDraw.Draw(self.image)
        self.W, self.H = size
        self.font = _font(family, body)
        self.chrome = _font(family, rng.randint(12, 14))
        self.heading = _font(family, body + rng.randint(4, 7))
        self.line_h = _line_height(self.font)
        self.chrome_h = _line_height(self.chrome)
        self.pitch = max(self.line_h + 4, round(body * 1.55))
        self.target = target
        self.values: list[ScreenValue] = []
        self.ordinary: list[InkRegion] = []
        self.counts: Counter[str] = Counter()
        self._taken: list[Box] = []

    # -- text -----------------------------------------------------------------------

    def width(self, line: Line | str, font: Font | None = None) -> int:
        text = line if isinstance(line, str) else _text(line)
        return round((font or self.font).getlength(text))

    def put(
        self,
        x: int,
        y: int,
        line: Line | str,
        colour: RGB,
        *,
        font: Font | None = None,
        max_x: int | None = None,
        value_colour: RGB | None = None,
        spans: Callable[[str], Spans] | None = None,
        record: bool = True,
        align: str = "left",
    ) -> int | None:
        """Draw one line with its top at y; return its width, or None if it was refused.

        Ordinary text is cut at a word to fit ``max_x``; a line holding a value is
        refused instead, so a value is never drawn partly.
        """
        font = font or self.font
        segs = _plain(line) if isinstance(line, str) else line
        has_values = any(t is not None for _, t in segs)
        if align != "left":
            x -= self.width(segs, font) // (1 if align == "right" else 2)
        limit = self.W if max_x is None else max_x
        if not has_values:
            text = _truncate(_text(segs).rstrip(), font, limit - x)
            if not text.strip():
                return None
            segs = _plain(text)
        elif x + font.getlength(_text(segs)) > limit or not self.allow(
            sum(t is not None for _, t in segs), MAX_VALUES
        ):
            return None
        runs: list[tuple[_Run, str, str | None]] = []
        cursor = x
        for text, type_ in segs:
            run = _plan_run(font, text, cursor, y)
            cursor += round(font.getlength(text))
            if run is not None:
                runs.append((run, text, type_))
        if not self._fits([run for run, _, _ in runs], [t is not None for _, _, t in runs]):
            return None
        for run, text, type_ in runs:
            if type_ is None and spans is not None:
                self._paste_spans(run, font, text, colour, spans(text))
            else:
                self.image.paste((value_colour or colour) if type_ else colour, run.rect, run.mask)
            self._taken.append(run.box)
            if type_ is not None:
                self.values.append(ScreenValue(text, run.box, run.ink, type_))
                self.counts[type_] += 1
            elif record and not has_values:
                self.ordinary.append(InkRegion(text, run.box, run.ink))
        return cursor - x

    def _fits(self, runs: Sequence[_Run], is_value: Sequence[bool]) -> bool:
        """Inside the image, clear of earlier text, and values clear of each other."""
        for i, run in enumerate(runs):
            x0, y0, x1, y1 = run.rect
            if x0 < 0 or y0 < 0 or x1 > self.W or y1 > self.H:
                return False
            if any(_overlaps(run.box, taken) for taken in self._taken):
                return False
            if is_value[i] and any(_overlaps(run.box, o.box) for o in runs[:i]):
                return False
        return True

    def _paste_spans(self, run: _Run, font: Font, text: str, default: RGB, spans: Spans) -> None:
        """Colour a run by character ranges, pasting each mask column exactly once."""
        colours = [default] * len(text)
        for start, end, colour in spans:
            colours[start:end] = [colour] * (end - start)
        width, height = run.mask.size

        def column(k: int) -> int:
            return round(font.getlength(text[:k])) + run.origin - run.rect[0]

        k0 = 0
        while k0 < len(text):
            k1 = k0
            while k1 < len(text) and colours[k1] == colours[k0]:
                k1 += 1
            c0 = 0 if k0 == 0 else max(0, column(k0))
            c1 = width if k1 == len(text) else min(width, column(k1))
            if c1 > c0:
                box = (run.rect[0] + c0, run.rect[1], run.rect[0] + c1, run.rect[1] + height)
                self.image.paste(colours[k0], box, run.mask.crop((c0, 0, c1, height)))
            k0 = k1

    # -- content --------------------------------------------------------------------

    def allow(self, n: int = 1, limit: int | None = None) -> bool:
        return len(self.values) + n <= (self.target if limit is None else limit)

    def chance(self, slots: float) -> float:
        """Share of the coming slots that should hold a value to reach the target."""
        left = self.target - len(self.values)
        return 0.0 if left <= 0 else min(0.9, max(0.1, left / max(1.0, slots)))

    def choose(self, templates: Sequence[str]) -> str | None:
        """A template the budget allows, favouring types this screen has shown least."""
        allowed = [t for t in templates if self.allow(len(_types_of(t)))]
        if not allowed:
            return None
        types = sorted({_types_of(t)[0] for t in allowed})
        weights = [_TYPE_WEIGHTS.get(t, 1.0) / (1 + 2 * self.counts[t]) for t in types]
        type_ = self.rng.choices(types, weights=weights)[0]
        return self.rng.choice([t for t in allowed if _types_of(t)[0] == type_])

    def pick(self, context: str, chance: float) -> Line:
        ordinary, valued = _CONTEXTS[context]
        if self.rng.random() < chance:
            template = self.choose(valued)
            if template is not None:
                return _fill(template, self.rng)
        return _fill(self.rng.choice(ordinary), self.rng)

    def fill(self, value_template: str, fallback: str, **known: str) -> Line:
        """The value template while the budget lasts, else the ordinary fallback."""
        template = value_template if self.allow(len(_types_of(value_template))) else fallback
        return _fill(template, self.rng, **known)

    def paragraph(self, sentences: int) -> Line:
        picks = self.rng.sample(_PROSE, sentences)
        return _fill(" ".join(picks), self.rng)

    # -- flows ----------------------------------------------------------------------

    def flow(self, x: int, y: int, x1: int, y1: int, font: Font | None = None) -> _Flow:
        if font is None or font is self.font:
            return _Flow(x, y, x1, y1, self.pitch, self.line_h)
        height = _line_height(font)
        return _Flow(x, y, x1, y1, max(height + 3, round(font.size * 1.4)), height)

    def line(
        self, flow: _Flow, line: Line | str, colour: RGB, **opts: Unpack[_TextOptions]
    ) -> bool:
        """Draw at the flow's cursor and move it down; False if refused or out of room."""
        if not flow.room() or self.put(flow.x, flow.y, line, colour, max_x=flow.x1, **opts) is None:
            return False
        flow.y += flow.pitch
        return True

    def para(self, flow: _Flow, line: Line, colour: RGB, **opts: Unpack[_TextOptions]) -> int:
        """Wrap a line to the flow's width and draw as much of it as there is room for."""
        drawn = 0
        for part in _wrap(line, opts.get("font") or self.font, flow.x1 - flow.x) or []:
            if not flow.room():
                break
            if part and self.put(flow.x, flow.y, part, colour, max_x=flow.x1, **opts) is not None:
                drawn += 1
            flow.y += flow.pitch
        return drawn

    def emit(
        self, flow: _Flow, context: str, colour: RGB, chance: float, **opts: Unpack[_TextOptions]
    ) -> bool:
        """A value or ordinary line of the context; value lines that do not fit are redrawn."""
        for _ in range(4):
            if not flow.room():
                return False
            if self.line(flow, self.pick(context, chance), colour, **opts):
                return True
        return False

    def prose(self, flow: _Flow, colour: RGB, chance: float, **opts: Unpack[_TextOptions]) -> int:
        """A paragraph of ordinary sentences, now and then with a value sentence among them."""
        parts = self.rng.sample(_PROSE, self.rng.randint(1, 3))
        template = self.choose(_PROSE_VALUES) if self.rng.random() < chance else None
        if template is not None:
            # A value that ends its sentence without a full stop must end the paragraph too.
            at_end = template.endswith("}")
            parts.insert(len(parts) if at_end else self.rng.randint(0, len(parts)), template)
        return self.para(flow, _fill(" ".join(parts), self.rng), colour, **opts)

    # -- shapes ---------------------------------------------------------------------

    def rect(self, box: Sequence[int], fill: RGB | None, outline: RGB | None = None,
             radius: int = 0) -> None:  # fmt: skip
        x0, y0, x1, y1 = box
        if x1 <= x0 or y1 <= y0 or not self.clear((x0, y0, x1, y1)):
            return
        shape = (x0, y0, x1 - 1, y1 - 1)
        if radius:
            self.draw.rounded_rectangle(shape, radius, fill=fill, outline=outline)
        else:
            self.draw.rectangle(shape, fill=fill, outline=outline)

    def clear(self, box: Box) -> bool:
        """Whether a shape may go here: shapes never paint over text already drawn."""
        return not any(_overlaps(box, taken) for taken in self._taken)

    def hline(self, x0: int, x1: int, y: int, colour: RGB | None = None) -> None:
        if self.clear((x0, y, x1, y + 1)):
            self.draw.line((x0, y, x1 - 1, y), fill=colour or self.pal.border)

    def vline(self, x: int, y0: int, y1: int, colour: RGB | None = None) -> None:
        if self.clear((x, y0, x + 1, y1)):
            self.draw.line((x, y0, x, y1 - 1), fill=colour or self.pal.border)

    def icon(self, x: int, y: int, size: int, colour: RGB) -> None:
        """A small filled shape standing in for an app icon."""
        kind = self.rng.randrange(4)
        if not self.clear((x, y, x + size, y + size)):
            return
        box = (x, y, x + size - 1, y + size - 1)
        if kind == 0:
            self.draw.ellipse(box, fill=colour)
        elif kind == 1:
            self.draw.rounded_rectangle(box, max(1, size // 4), fill=colour)
        elif kind == 2:
            self.draw.polygon([(x, y + size - 1), (x + size // 2, y), (x + size - 1, y + size - 1)],
                              fill=colour)  # fmt: skip
        else:
            self.draw.rectangle((x, y + size // 4, x + size - 1, y + size - 1), fill=colour)
            self.draw.rectangle((x, y, x + size // 2, y + size // 4), fill=colour)

    def scrollbar(self, x: int, y0: int, y1: int) -> None:
        self.rect((x, y0, x + 12, y1), _mix(self.pal.bg, self.pal.border, 0.5))
        length = max(30, (y1 - y0) // self.rng.randint(2, 5))
        top = y0 + self.rng.randint(2, max(2, y1 - y0 - length - 2))
        self.rect((x + 2, top, x + 10, top + length), _mix(self.pal.border, self.pal.muted, 0.5),
                  radius=4)  # fmt: skip

    def ink(self) -> RGB:
        """A text colour for names and headings: the theme's own, or a coloured one."""
        return self.rng.choice(self.pal.inks) if self.pal.inks else self.pal.text

    def centre_y(self, top: int, height: int, font: Font | None = None) -> int:
        return top + (height - _line_height(font or self.font)) // 2

    def dot(self, cx: int, cy: int, r: int, colour: RGB, outline: bool = False) -> None:
        box = (cx - r, cy - r, cx + r + 1, cy + r + 1)
        if self.clear(box):
            shape = (cx - r, cy - r, cx + r, cy + r)
            if outline:
                self.draw.ellipse(shape, outline=colour, width=2)
            else:
                self.draw.ellipse(shape, fill=colour)


# --------------------------------------------------------------------------------------
# Window chrome
# --------------------------------------------------------------------------------------


def _title_bar(p: _Painter, title: Line | str) -> int:
    """Title bar with window buttons; returns its bottom edge."""
    pal, h = p.pal, p.chrome_h + 16
    p.rect((0, 0, p.W, h), pal.chrome)
    cy = h // 2
    if p.rng.random() < 0.5:
        for i, colour in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
            p.dot(20 + 22 * i, cy, 6, colour)
    else:
        x = p.W - 28
        p.draw.line((x - 5, cy - 5, x + 5, cy + 5), fill=pal.on_chrome, width=2)
        p.draw.line((x - 5, cy + 5, x + 5, cy - 5), fill=pal.on_chrome, width=2)
        p.draw.rectangle((x - 51, cy - 5, x - 41, cy + 5), outline=pal.on_chrome)
        p.draw.line((x - 97, cy, x - 87, cy), fill=pal.on_chrome, width=2)
    x = (p.W - p.width(title, p.chrome)) // 2
    if p.put(x, p.centre_y(0, h, p.chrome), title, pal.on_chrome, font=p.chrome) is None:
        p.put(p.W // 2, p.centre_y(0, h, p.chrome), "Untitled", pal.on_chrome, font=p.chrome,
              align="centre")  # fmt: skip
    p.hline(0, p.W, h - 1)
    return h


def _menu_bar(p: _Painter, y: int, items: Sequence[str]) -> int:
    h = p.chrome_h + 10
    p.rect((0, y, p.W, y + h), p.pal.panel)
    x = 12
    for item in items:
        x += (p.put(x, y + 5, item, p.pal.text, font=p.chrome) or 0) + 20
    return y + h


def _toolbar(p: _Painter, y: int, labels: Sequence[str], search: str | None = None) -> int:
    """Buttons with icons, and a search box at the right; returns the bottom edge."""
    pal, h = p.pal, p.chrome_h + 22
    p.rect((0, y, p.W, y + h), pal.panel)
    p.hline(0, p.W, y + h - 1)
    text_y, right = p.centre_y(y, h, p.chrome), p.W - 16
    if search:
        box = (right - min(340, p.W // 4), y + 5, right, y + h - 5)
        p.rect(box, pal.field, outline=pal.border, radius=6)
        p.dot(box[0] + 14, y + h // 2 - 1, 5, pal.muted, outline=True)
        p.put(box[0] + 28, text_y, search, pal.muted, font=p.chrome, max_x=box[2] - 8)
        right = box[0] - 16
    x = 10
    for label in labels:
        width = 34 + p.width(label, p.chrome) + 12
        if x + width > right:
            break
        p.rect((x, y + 5, x + width, y + h - 5), pal.card, outline=pal.border, radius=5)
        p.icon(x + 9, y + h // 2 - 7, 14, p.rng.choice((pal.accent, pal.muted, *pal.inks)))
        p.put(x + 32, text_y, label, pal.text, font=p.chrome)
        x += width + 6
    return y + h


def _status_bar(
    p: _Painter, left: Sequence[str], right: Sequence[str], *, accent: bool = False
) -> int:
    """Status bar along the bottom; returns its top edge."""
    pal, h = p.pal, p.chrome_h + 10
    y = p.H - h
    fg = pal.on_accent if accent else pal.muted
    p.rect((0, y, p.W, p.H), pal.accent if accent else pal.panel)
    p.hline(0, p.W, y)
    x = 12
    for item in left:
        x += (p.put(x, y + 5, _fill(item, p.rng), fg, font=p.chrome) or 0) + 28
    x = p.W - 14
    for item in right:
        x -= (p.put(x, y + 5, _fill(item, p.rng), fg, font=p.chrome, align="right") or 0) + 28
    return y


def _item(
    p: _Painter,
    flow: _Flow,
    text: Line | str,
    colour: RGB,
    *,
    icon: RGB | None = None,
    badge: str | None = None,
    indent: int = 0,
    selected: bool = False,
) -> bool:
    """A list row (folder, channel, file): optional highlight, icon and count."""
    if not flow.room():
        return False
    gap = (flow.pitch - flow.line_h) // 2
    if selected:
        p.rect((flow.x - 8, flow.y - gap, flow.x1 + 4, flow.y + flow.line_h + gap), p.pal.select,
               radius=4)  # fmt: skip
    x = flow.x + indent
    if icon is not None:
        size = max(8, flow.line_h * 2 // 3)
        p.icon(x, flow.y + (flow.line_h - size) // 2, size, icon)
        x += size + 8
    right = flow.x1
    if badge:
        right -= (p.put(flow.x1, flow.y, badge, p.pal.muted, align="right") or 0) + 10
    p.put(x, flow.y, text, colour, max_x=right)
    flow.y += flow.pitch
    return True


def _heading(p: _Painter, flow: _Flow, text: Line | str, colour: RGB) -> None:
    """A line in the heading font, moving the body flow past it."""
    head = p.flow(flow.x, flow.y, flow.x1, flow.y1, p.heading)
    if p.line(head, text, colour, font=p.heading):
        flow.y = head.y + 2


def _prompt(p: _Painter) -> str:
    user = _fill("{user}", p.rng)[0][0]
    host = p.rng.choice(("web-3", "build-01", "db-primary", "bastion", "laptop", "runner-7"))
    where = p.rng.choice(("~", "~/projects/" + _text(_fill("{repo}", p.rng)), "/srv/app", "/etc"))
    style = p.rng.randrange(3)
    if style == 0:
        return f"{user}@{host}:{where}$ "
    if style == 1:
        return f"[{user}@{host} {where.rsplit('/', 1)[-1]}]$ "
    return f"{user}@{host} {where} % "


_PROMPT_RE = re.compile(r"^\[?([\w.-]+@[\w.-]+)([: ])(\S*?) ?(\]?[$#%]) ")


def _shell_spans(pal: _Palette) -> Callable[[str], Spans]:
    def spans(text: str) -> Spans:
        match = _PROMPT_RE.match(text)
        if match is None:
            return []
        return [(match.start(1), match.end(1), pal.code[0]), (match.start(3), match.end(3),
                pal.code[1])]  # fmt: skip

    return spans


_CODE_RE = re.compile(
    r"(?P<comment>#.*$)|(?P<string>\"[^\"]*\"|'[^']*')"
    r"|(?P<key>^\s*[A-Za-z_][\w.-]*(?=\s*[=:]))"
    r"|(?P<keyword>\b(?:import|from|def|class|return|for|in|if|not|with|as|continue|True|False"
    r"|None|services|version)\b)|(?P<number>\b\d+(?:\.\d+)?\b)"
)
_CODE_KINDS = ("keyword", "string", "comment", "number", "key")


def _code_spans(pal: _Palette) -> Callable[[str], Spans]:
    def spans(text: str) -> Spans:
        return [
            (m.start(), m.end(), pal.code[_CODE_KINDS.index(m.lastgroup or "key")])
            for m in _CODE_RE.finditer(text)
        ]

    return spans


def _session(p: _Painter, flow: _Flow, colour: RGB, *, cursor: bool = True) -> None:
    """Shell commands and their output until the flow is full, then a fresh prompt."""
    prompt, spans = _prompt(p), _shell_spans(p.pal)
    for _ in range(200):  # a bound, in case scenes keep being refused
        if flow.rows_left() <= 1:
            break
        scene = p.pick("scene", p.chance(flow.rows_left() / 5))
        for line in _split_lines(scene):
            if flow.rows_left() <= 1:
                break
            if line and line[0][0].startswith("$ "):
                line = _merge([(prompt + line[0][0][2:], None), *line[1:]])
            if not line:
                flow.y += flow.pitch
            elif not p.line(flow, line, colour, spans=spans):
                break  # a value too wide for the pane: the rest of the scene would not make sense
    drawn = p.put(flow.x, flow.y, prompt, colour, spans=spans, max_x=flow.x1)
    if cursor and drawn is not None:
        x = flow.x + p.width(prompt)  # the prompt's trailing space is not drawn, but counts
        p.rect((x, flow.y, x + p.width("M"), flow.y + flow.line_h), colour)


# --------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------

_FOLDERS = ("Inbox", "Starred", "Snoozed", "Sent", "Drafts", "Archive", "Spam", "Trash")
_MAIL_LABELS = (
    "Finance", "Travel", "Receipts", "Projects", "HR", "Newsletters", "Family", "Suppliers",
    "Board", "Recruitment", "Invoices 2025", "Customers",
)  # fmt: skip


def _mail(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    top = _title_bar(p, p.fill("Inbox ({n}) - {EMAIL:name} - Mail", "Inbox ({n}) - Mail"))
    top = _toolbar(
        p, top, ("New message", "Reply", "Reply all", "Forward", "Archive", "Delete", "Move to"),
        search="Search mail",
    )  # fmt: skip
    bottom = _status_bar(p, ("Connected", "Last synced {hm}"), ("{n} unread", "{count} messages"))
    side, lst = min(260, max(180, p.W // 7)), min(480, max(330, p.W // 4))
    p.rect((0, top, side, bottom), pal.panel)
    p.vline(side, top, bottom)
    flow = p.flow(18, top + 14, side - 12, bottom - 8)
    p.line(flow, p.fill("{EMAIL:name}", "{name}"), pal.text)
    flow.y += p.pitch // 3
    for folder in _FOLDERS:
        badge = str(rng.randint(1, 40)) if folder in ("Inbox", "Drafts", "Spam") else None
        _item(p, flow, folder, pal.text, icon=pal.muted, badge=badge, selected=folder == "Inbox")
    flow.y += p.pitch // 2
    p.line(flow, "Labels", pal.muted)
    for label in rng.sample(_MAIL_LABELS, len(_MAIL_LABELS)):
        _item(p, flow, label, pal.text, icon=p.rng.choice((pal.accent, *pal.inks, pal.muted)))
    x0, x1 = side + 1, side + lst
    p.vline(x1, top, bottom)
    item_h, y = 3 * p.pitch + 12, top
    selected = rng.randrange(3)
    for i in range(100):
        if y + item_h > bottom:
            break
        if i == selected:
            p.rect((x0, y, x1 - 14, y + item_h - 1), pal.select)
        tx, tr, ty = x0 + 26, x1 - 26, y + 8
        if rng.random() < 0.3:
            p.dot(x0 + 12, ty + p.line_h // 2, 4, pal.accent)
        when = _fill(rng.choice(("{hm}", "Yesterday", "{dm}", "{weekday}")), rng)
        width = p.put(tr, ty, when, pal.muted, align="right") or 0
        p.put(
            tx, ty, _fill(rng.choice(("{name}", "{company}")), rng), p.ink(), max_x=tr - width - 12
        )
        p.put(tx, ty + p.pitch, _fill("{sub}", rng), pal.text, max_x=tr)
        preview = p.pick("chat", 0.2)
        if p.put(tx, ty + 2 * p.pitch, preview, pal.muted, max_x=tr) is None:
            p.put(tx, ty + 2 * p.pitch, p.pick("chat", 0), pal.muted, max_x=tr)
        p.hline(x0, x1 - 14, y + item_h - 1)
        y += item_h
    p.scrollbar(x1 - 13, top + 2, bottom - 2)
    _mail_body(p, x1 + 1, top, p.W, bottom)


def _mail_body(p: _Painter, x0: int, y0: int, x1: int, y1: int) -> None:
    pal, rng = p.pal, p.rng
    p.scrollbar(x1 - 14, y0 + 2, y1 - 2)
    flow = p.flow(x0 + 28, y0 + 16, x1 - 36, y1 - 10)
    _heading(p, flow, _fill("{sub}", rng), p.ink())
    p.line(flow, p.fill("From: {name} <{EMAIL:name}>", "From: {name}"), pal.text)
    p.line(flow, p.fill("To: {EMAIL}", "To: me"), pal.muted)
    if rng.random() < 0.5:
        p.line(flow, p.fill("Cc: {EMAIL}, {EMAIL2}", "Cc: Finance team"), pal.muted)
    p.line(flow, _fill("Date: {longdate}", rng), pal.muted)
    p.hline(flow.x, flow.x1, flow.y + p.pitch // 4)
    flow.y += p.pitch // 2 + 4
    p.line(flow, _fill("Hi {first},", rng), pal.text)
    flow.y += p.pitch // 2
    paragraphs = max(1.0, (flow.rows_left() - 8) / 4)
    while flow.rows_left() > 8:
        if p.prose(flow, pal.text, p.chance(paragraphs)) == 0:
            break
        flow.y += p.pitch // 2
        paragraphs -= 1
    for template, fallback in (
        ("{signoff},", ""), ("{name}", ""), ("{job}, {company}", ""),
        ("Mobile: {PHONE:mobile}", "Sent from my phone"),
        ("{street}, {town} {UK_POSTCODE}", "{company}"),
    ):  # fmt: skip
        p.line(flow, p.fill(template, fallback or template), pal.muted)
    flow.y += p.pitch // 2
    if p.line(flow, _fill("On {longdate}, {name} wrote:", rng), pal.muted) and flow.room():
        p.rect((flow.x, flow.y, flow.x + 3, flow.y1), pal.border)
        quoted = p.flow(flow.x + 16, flow.y, flow.x1, flow.y1)
        while quoted.room() and p.prose(quoted, pal.muted, p.chance(3)):
            quoted.y += p.pitch // 2


_CHANNELS = (
    "general", "ops-alerts", "finance", "random", "design", "support-escalations", "release",
    "payroll", "it-helpdesk", "sales-uk", "data-team", "office-london",
)  # fmt: skip


_AVATARS = ((74, 144, 226), (80, 170, 120), (230, 126, 34), (155, 89, 182), (231, 76, 60),
            (52, 73, 94), (22, 160, 133))  # fmt: skip
CHAT_VALUE_SHARE = 0.6
"""At most this share of chat messages hold a value, so chatter stays the bulk of a channel."""


def _chat(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    channel = rng.choice(_CHANNELS)
    top = _title_bar(p, _fill(f"#{channel} - {{company}} - Chat", rng))
    side = min(280, max(200, p.W // 6))
    coloured = bool(pal.inks)
    side_bg = pal.accent if coloured else pal.panel
    side_fg = pal.on_accent if coloured else pal.text
    p.rect((0, top, side, p.H), side_bg)
    p.vline(side, top, p.H)
    flow = p.flow(18, top + 12, side - 14, p.H - 8)
    _heading(p, flow, _fill("{company}", rng), side_fg)
    for entry in ("Threads", "Mentions & reactions", "Drafts & sent"):
        _item(p, flow, entry, side_fg, icon=side_fg)
    flow.y += p.pitch // 2
    p.line(flow, "Channels", side_fg)
    for name in rng.sample(_CHANNELS, 8):
        _item(p, flow, f"# {name}", side_fg, selected=name == channel and not coloured)
    flow.y += p.pitch // 2
    p.line(flow, "Direct messages", side_fg)
    people = [_text(_fill("{name}", rng)) for _ in range(rng.randint(4, 7))]
    for person in people:
        _item(p, flow, person, side_fg, icon=rng.choice(((46, 160, 67), pal.muted)))
    x0, x1 = side + 1, p.W
    x1 = p.W - min(340, p.W // 4)
    _profile(p, x1, top, p.W, p.H, rng.choice(people))
    header_h = p.pitch * 2 + 8
    width = p.put(x0 + 20, top + 8, f"# {channel}", p.ink(), font=p.heading) or 0
    p.put(x0 + 40 + width, top + 12, _fill("Topic: {sub}", rng), pal.muted, max_x=x1 - 20)
    p.hline(x0, x1, top + header_h)
    box_h = p.pitch + 20
    box = (x0 + 20, p.H - box_h - 14, x1 - 20, p.H - 14)
    p.rect(box, pal.field, outline=pal.border, radius=8)
    p.put(box[0] + 14, p.centre_y(box[1], box_h), f"Message #{channel}", pal.muted)
    flow = p.flow(x0 + 20, top + header_h + 12, x1 - 34, box[1] - 10)
    p.scrollbar(x1 - 14, top + header_h + 4, box[1] - 6)
    day = _fill(rng.choice(("Today", "Yesterday", "{weekday}, {dm}")), rng)
    width, mid = p.width(day), (flow.x + flow.x1) // 2
    p.hline(flow.x, mid - width // 2 - 12, flow.y + p.line_h // 2)
    p.hline(mid + width // 2 + 12, flow.x1, flow.y + p.line_h // 2)
    p.put(mid - width // 2, flow.y, day, pal.muted)
    flow.y += flow.pitch
    people.append("You")
    (_chat_flat if rng.random() < 0.5 else _chat_bubbles)(p, flow, people)


def _message(p: _Painter, rows: int) -> Line:
    """A chat message: mostly chatter, sometimes a sentence or two of prose, or a value."""
    if p.rng.random() < 0.25:
        return p.paragraph(p.rng.randint(1, 2))
    return p.pick("chat", min(CHAT_VALUE_SHARE, p.chance(rows)))


def _profile(p: _Painter, x0: int, top: int, x1: int, bottom: int, person: str) -> None:
    """The contact pane beside a chat: who someone is and how to reach them."""
    pal, rng = p.pal, p.rng
    p.rect((x0, top, x1, bottom), pal.panel)
    p.vline(x0, top, bottom)
    flow = p.flow(x0 + 20, top + 16, x1 - 18, bottom - 10)
    p.dot(x0 + 20 + 36, flow.y + 36, 36, rng.choice(_AVATARS))
    flow.y += 84
    _heading(p, flow, person, pal.text)
    p.line(flow, _fill("{job}, {company}", rng), pal.muted)
    flow.y += p.pitch // 2
    first, _, last = person.partition(" ")
    email = p.fill("{EMAIL:name}", "Hidden by workspace policy", first=first, last=last or "Doe")
    details = (
        ("Email address", email),
        ("Mobile", p.fill("{PHONE:mobile}", "Not shared")),
        ("Desk phone", p.fill("{PHONE:london}", "Not shared")),
        ("Local time", _fill("{hm} (GMT)", rng)),
        ("Office", _fill("{town}, floor {few}", rng)),
    )
    for label, value in details:
        if not flow.room(2):
            return
        p.line(flow, label, pal.muted, record=not any(t for _, t in value))
        if not p.line(flow, value, pal.text):
            flow.y += flow.pitch
        flow.y += p.pitch // 3
    p.line(flow, "Pinned", pal.muted)
    for _ in range(6):
        p.line(flow, _fill(rng.choice(_ARTICLES + _SUBJECTS), rng), pal.link)


def _chat_flat(p: _Painter, flow: _Flow, people: Sequence[str]) -> None:
    pal, rng = p.pal, p.rng
    text_x = flow.x + 48
    while flow.rows_left() >= 2:
        author = rng.choice(people)
        p.rect((flow.x, flow.y + 2, flow.x + 34, flow.y + 36), rng.choice(_AVATARS), radius=6)
        width = p.put(text_x, flow.y, author, p.ink()) or 0
        p.put(text_x + width + 12, flow.y, _fill("{hm}", rng), pal.muted)
        flow.y += flow.pitch
        body = p.flow(text_x, flow.y, flow.x1, flow.y1)
        for _ in range(rng.randint(1, 3)):
            if not body.room():
                break
            p.para(body, _message(p, body.rows_left() // 2), pal.text)
        flow.y = max(body.y, flow.y + 40 - flow.pitch) + flow.pitch // 2


def _chat_bubbles(p: _Painter, flow: _Flow, people: Sequence[str]) -> None:
    pal, rng = p.pal, p.rng
    limit = int((flow.x1 - flow.x) * 0.62)
    while flow.rows_left() >= 3:
        author = rng.choice(people)
        mine = author == "You"
        stamp = _fill("{hm}", rng)
        if mine:
            p.put(flow.x1, flow.y, stamp, pal.muted, align="right")
        else:
            width = p.put(flow.x, flow.y, author, p.ink()) or 0
            p.put(flow.x + width + 10, flow.y, stamp, pal.muted)
        flow.y += flow.pitch
        for _ in range(rng.randint(1, 3)):
            message = _message(p, flow.rows_left() // 2)
            lines = _wrap(message, p.font, limit - 28) or _wrap(p.pick("chat", 0), p.font, limit)
            if not lines or not flow.room(len(lines) + 1):
                break
            width = max(p.width(line) for line in lines) + 28
            height = (len(lines) - 1) * flow.pitch + flow.line_h + 16
            left = flow.x1 - width if mine else flow.x
            other = rng.choice(pal.cards) if pal.cards else _mix(pal.panel, pal.border, 0.4)
            p.rect((left, flow.y, left + width, flow.y + height),
                   pal.accent if mine else other, radius=12)  # fmt: skip
            for k, line in enumerate(lines):
                p.put(left + 14, flow.y + 8 + k * flow.pitch, line,
                      pal.on_accent if mine else pal.text)  # fmt: skip
            flow.y += height + 8
        flow.y += flow.pitch // 3


_VALUE_COLUMNS = (
    ("Email", "{EMAIL}"), ("Phone", "{PHONE}"), ("Postcode", "{UK_POSTCODE}"),
    ("NI number", "{UK_NINO}"), ("Sort code", "{SORT_CODE}"), ("Account no.", "{BANK_ACCOUNT}"),
    ("IBAN", "{IBAN}"), ("Card number", "{CARD}"), ("SSN", "{US_SSN}"),
    ("NHS number", "{NHS_NUMBER}"), ("Last login IP", "{IP_ADDRESS:v4}"),
)  # fmt: skip
_PLAIN_COLUMNS = (
    ("Joined", "{dmy}"), ("Plan", "{plan}"), ("Status", "{state}"), ("City", "{town}"),
    ("Spend", "{gbp}"),
)  # fmt: skip
_ORDER_COLUMNS = (
    ("Order", "{order}"), ("Date", "{iso}"), ("Item", "{product}"), ("Qty", "{few}"),
    ("Amount", "{gbp}"), ("Status", "{state}"), ("Ticket", "{inc}"), ("Margin", "{pct}"),
)  # fmt: skip
MAX_TABLE_REGIONS = 170
"""Stop filling a sheet here: every cell is a region, and ~15 rows of cells is plenty."""


def _row(p: _Painter, templates: Sequence[str]) -> list[Line]:
    """One table row filled in one scope, so a row's town matches its postcode."""
    cells = _split_lines(_fill("\n".join(templates), p.rng))
    return cells + [()] * (len(templates) - len(cells))


def _table(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    top = _title_bar(p, _fill("Customers {quarter}.xlsx - Sheets", rng))
    top = _menu_bar(p, top, ("File", "Edit", "View", "Insert", "Format", "Data", "Tools", "Help"))
    top = _toolbar(p, top, ("Undo", "Redo", "Print", "Sort A-Z", "Filter", "Sum", "Chart", "Share"))
    bottom = _status_bar(p, ("Ready",), ("Sum: {gbp}", "Count: {n}", "Average: {gbp2}"))
    tabs_h = p.chrome_h + 12
    bottom -= tabs_h
    p.rect((0, bottom, p.W, bottom + tabs_h), pal.panel)
    x = 60
    for k, tab in enumerate(("Customers", "Orders", "Q3 summary", "Archive")):
        width = p.width(tab, p.chrome) + 24
        p.rect((x, bottom, x + width, bottom + tabs_h - 2), pal.bg if k == 0 else pal.panel,
               outline=pal.border)  # fmt: skip
        p.put(x + 12, bottom + 6, tab, pal.text, font=p.chrome)
        x += width + 4
    bar_h = p.line_h + 12
    p.rect((0, top, p.W, top + bar_h), pal.bg)
    p.hline(0, p.W, top + bar_h - 1)
    p.put(10, top + 6, f"{rng.choice('BCDE')}{rng.randint(3, 14)}", pal.text)
    p.vline(70, top, top + bar_h)
    p.put(82, top + 6, "fx", pal.muted)
    p.put(116, top + 6, _fill(rng.choice(("=SUM(E3:E{n})", "{product}", "{gbp}")), rng), pal.text)
    _sheet(p, top + bar_h, bottom)


def _sheet(p: _Painter, top: int, bottom: int) -> None:
    pal, rng = p.pal, p.rng
    gutter, row_h = p.width("999") + 18, p.line_h + 10
    avail = p.W - gutter - 14
    k = rng.randint(2, 3)
    value_cols = rng.sample(_VALUE_COLUMNS, k)
    plain_cols = rng.sample(_PLAIN_COLUMNS, 2)
    rows = max(2, min((bottom - top) // row_h // 2, (p.target - len(p.values)) // k))
    head1 = [("Name", "{name}"), *value_cols, *plain_cols]
    body1 = [_row(p, [t for _, t in head1]) for _ in range(rows)]
    orders = list(_ORDER_COLUMNS)
    body2 = [_row(p, [t for _, t in orders]) for _ in range(40)]

    def widths(head: Sequence[tuple[str, str]], body: Sequence[Sequence[Line]]) -> list[int]:
        return [max([p.width(h), *(p.width(r[c]) for r in body)]) + 18
                for c, (h, _) in enumerate(head)]  # fmt: skip

    cols1 = widths(head1, body1)
    while sum(cols1) > avail and len(head1) > 2:
        drop = len(head1) - 1
        head1.pop(drop)
        cols1.pop(drop)
        for cells1 in body1:
            cells1.pop(drop)
    cols2 = widths(orders, body2)
    while len(orders) > 2 and sum(max(a, b) for a, b in zip(cols1, cols2, strict=False)) > avail:
        orders.pop()
        cols2.pop()
        for cells2 in body2:
            cells2.pop()
    cols = [max(cols1[c] if c < len(cols1) else 0, cols2[c] if c < len(cols2) else 0)
            for c in range(max(len(cols1), len(cols2)))]  # fmt: skip
    while sum(cols) < avail - 100:
        cols.append(100)
    lefts = [gutter + sum(cols[:c]) for c in range(len(cols))]
    header_bg = _mix(pal.panel, pal.border, 0.3)
    p.rect((0, top, p.W, top + row_h), header_bg)
    p.rect((0, top, gutter, bottom), header_bg)
    nrows = (bottom - top) // row_h - 1
    for r in range(nrows + 2):
        p.hline(0, p.W, top + r * row_h, pal.border)
    for c in range(len(cols) + 1):
        p.vline(lefts[c] if c < len(cols) else lefts[-1] + cols[-1], top, bottom, pal.border)
    p.vline(gutter, top, bottom, pal.border)
    head_fill = pal.accent if pal.inks else pal.card
    head_text = pal.on_accent if pal.inks else pal.text

    def cells(r: int, line_cells: Sequence[Line | str], *, head: bool, record: bool) -> None:
        y = top + (r + 1) * row_h
        if y + row_h > bottom or len(p.ordinary) + len(p.values) > MAX_TABLE_REGIONS:
            return
        for c, cell in enumerate(line_cells[: len(cols)]):
            if head:
                p.rect((lefts[c] + 1, y + 1, lefts[c] + cols[c], y + row_h), head_fill)
            right = p.W - 20 if len(line_cells) == 1 else lefts[c] + cols[c] - 4
            p.put(lefts[c] + 8, y + 5, cell, head_text if head else pal.text, max_x=right,
                  record=record)  # fmt: skip

    for c in range(len(cols)):
        p.put(lefts[c] + cols[c] // 2, top + 5, string.ascii_uppercase[c % 26], pal.muted,
              align="centre")  # fmt: skip
    for r in range(nrows):
        p.put(gutter - 8, top + (r + 1) * row_h + 5, str(r + 1), pal.muted, align="right")
    cells(0, [_fill("Customer contacts - {company}", rng)], head=False, record=True)
    cells(1, [h for h, _ in head1], head=True, record=True)
    for r, row in enumerate(body1):
        cells(r + 2, row, head=False, record=False)
    start = len(body1) + 3
    cells(start, [_fill("Orders - {dm}", rng)], head=False, record=True)
    cells(start + 1, [h for h, _ in orders], head=True, record=True)
    for r, row in enumerate(body2):
        cells(start + 2 + r, row, head=False, record=True)


_SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Profile", "This information appears on invoices and in the team directory.",
     (("Full name", "{name}"), ("Email address", "{EMAIL:name}"), ("Phone", "{PHONE}"),
      ("Job title", "{job}"))),
    ("Address", "Used for deliveries and for billing.",
     (("Address line 1", "{street}"), ("Town or city", "{town}"), ("Postcode", "{UK_POSTCODE}"),
      ("Country", "United Kingdom"))),
    ("Payment method", "Your card is charged on the 1st of each month.",
     (("Name on card", "{cardname}"), ("Card number", "{CARD}"), ("Expiry date", "{exp}"),
      ("Billing postcode", "{UK_POSTCODE}"))),
    ("Bank details", "Refunds and payouts are sent to this account.",
     (("Account holder", "{name}"), ("Sort code", "{SORT_CODE}"),
      ("Account number", "{BANK_ACCOUNT}"), ("IBAN", "{IBAN}"))),
    ("Identity", "Needed for payroll and pension enrolment.",
     (("National Insurance number", "{UK_NINO}"), ("NHS number", "{NHS_NUMBER}"),
      ("Date of birth", "{dmy}"))),
    ("US tax details", "Required for contractors paid in US dollars.",
     (("Legal name", "{name}"), ("SSN", "{US_SSN}"), ("State", "{usstate}"))),
    ("Sign-in and security", "Password must be at least 12 characters.",
     (("Username", "{user}"), ("Password", "{PASSWORD}"), ("Recovery email", "{EMAIL}"))),
    ("Developer", "Keep your API key secret and rotate it if it may have leaked.",
     (("API key", "{SECRET:generic}"), ("Webhook signing secret", "{SECRET:stripe}"),
      ("Callback URL", "https://hooks.example.com/{repo}"))),
    ("Network", "Settings for the office router.",
     (("SSID", "Office-5G"), ("Wi-Fi password", "{PASSWORD}"),
      ("Gateway", "{IP_ADDRESS:v4}"), ("DNS server", "{IP_ADDRESS2:v4}"))),
    ("Emergency contact", "Who we call if something happens to you at work.",
     (("Name", "{name}"), ("Relationship", "Partner"), ("Mobile", "{PHONE:mobile}"),
      ("Email", "{EMAIL}"))),
    ("Preferences", "Choose how dates, times and numbers are shown.",
     (("Language", "English (UK)"), ("Time zone", "Europe/London (GMT+00:00)"),
      ("Date format", "{dmy}"), ("Currency", "GBP (£)"))),
    ("Notifications", "We only email you about the things you choose.",
     (("Digest", "Weekly, on Monday"), ("Quiet hours", "22:00 - 07:00"),
      ("Reminder lead time", "15 minutes"))),
    ("Workspace", "Shown to everyone in your organisation.",
     (("Workspace name", "{company}"), ("Plan", "{plan}"), ("Seats", "{n} of 50 used"),
      ("Renewal date", "{dmy}"))),
)  # fmt: skip


def _form(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    app = _text(_fill("{company}", rng))
    top = _title_bar(p, f"Settings - {app} Portal")
    band = p.pitch + 22
    p.rect((0, top, p.W, top + band), pal.accent)
    p.put(24, p.centre_y(top, band), f"{app} Portal", pal.on_accent)
    x = p.W - 70
    p.dot(x + 30, top + band // 2, band // 3, pal.on_accent)
    for link in ("Help", "Settings", "Reports", "Dashboard"):
        x -= (p.put(x, p.centre_y(top, band), link, pal.on_accent, align="right") or 0) + 26
    top += band
    nav = min(260, max(190, p.W // 7))
    p.rect((0, top, nav, p.H), pal.panel)
    p.vline(nav, top, p.H)
    flow = p.flow(20, top + 16, nav - 14, p.H - 10)
    p.line(flow, "Settings", pal.muted)
    titles = [title for title, _, _ in _SECTIONS]
    for k, title in enumerate(rng.sample(titles, len(titles))):
        _item(p, flow, title, pal.text, icon=pal.muted, selected=k == 0)
    p.scrollbar(p.W - 14, top + 2, p.H - 2)
    x0, x1 = nav + 32, p.W - 40
    main = p.flow(x0, top + 18, x1, p.H - 16)
    _heading(p, main, "Account settings", p.ink())
    p.para(main, _fill("Changes are saved for {company} and take effect immediately. "
                       "Last updated {dmy} at {hm}.", rng), pal.muted)  # fmt: skip
    main.y += 10
    ncols = 2 if x1 - x0 >= 860 else 1
    width = (x1 - x0 - 24 * (ncols - 1)) // ncols
    tops = [main.y] * ncols

    def need(section: tuple[str, str, tuple[tuple[str, str], ...]]) -> int:
        return sum(len(_types_of(t)) for _, t in section[2])

    # Richest sections first, so a screen that fits few cards still shows enough values.
    valued = sorted(rng.sample([s for s in _SECTIONS if need(s)], 8), key=need, reverse=True)
    plain = [s for s in _SECTIONS if not need(s)]
    plain = rng.sample(plain, len(plain))
    for title, desc, fields in valued + plain:
        if need((title, desc, fields)) and not p.allow(need((title, desc, fields))):
            continue
        col = tops.index(min(tops))
        bottom = _form_card(p, x0 + col * (width + 24), tops[col], width, p.H - 16,
                            title, desc, fields)  # fmt: skip
        if bottom is not None:
            tops[col] = bottom + 20
    for col, y in enumerate(tops):
        rest = p.flow(x0 + col * (width + 24), y, x0 + col * (width + 24) + width, p.H - 16)
        if rest.rows_left() >= 5:
            _kv_card(p, rest, "Recent activity", rest.rows_left() - 3, context="activity")


def _form_card(
    p: _Painter,
    x0: int,
    y0: int,
    width: int,
    limit: int,
    title: str,
    desc: str,
    fields: Sequence[tuple[str, str]],
) -> int | None:
    """A settings card: title, description, labelled input boxes, buttons; its bottom edge."""
    pal, pad = p.pal, 18
    values = _row(p, [t for _, t in fields])
    inner = width - 2 * pad
    box_h = p.line_h + 14
    half = (inner - 16) // 2
    sub = 2 if inner >= 560 and all(p.width(v) + 60 <= half for v in values) else 1
    field_w = (inner - 16 * (sub - 1)) // sub
    field_h = p.pitch + box_h + 14
    head_h = _line_height(p.heading) + 10
    desc_lines = len(_wrap(_plain(desc), p.font, inner) or [()])
    button_h = p.line_h + 14
    rows = -(-len(fields) // sub)
    height = 2 * pad + head_h + desc_lines * p.pitch + 10 + rows * field_h + button_h
    if y0 + height > limit:
        return None
    bg = p.rng.choice(pal.cards) if pal.cards else pal.card
    p.rect((x0, y0, x0 + width, y0 + height), bg, outline=pal.border, radius=10)
    p.put(x0 + pad, y0 + pad, title, p.ink(), font=p.heading)
    flow = p.flow(x0 + pad, y0 + pad + head_h, x0 + width - pad, y0 + height)
    p.para(flow, _plain(desc), pal.muted)
    top = flow.y + 10
    for i, ((label, _), value) in enumerate(zip(fields, values, strict=True)):
        fx, fy = x0 + pad + (i % sub) * (field_w + 16), top + (i // sub) * field_h
        sensitive = any(t for _, t in value)
        p.put(fx, fy, label, pal.muted, record=not sensitive)
        by = fy + p.pitch - 2
        p.rect((fx, by, fx + field_w, by + box_h), pal.field, outline=pal.border, radius=6)
        right = fx + field_w - 10
        if "password" in label.lower():
            p.dot(right - 8, by + box_h // 2, 5, pal.muted, outline=True)
            right -= 26
        elif "key" in label.lower() or "secret" in label.lower():
            right -= (
                p.put(right, p.centre_y(by, box_h), "Copy", pal.link, align="right") or 0
            ) + 12
        p.put(fx + 10, p.centre_y(by, box_h), value, pal.text, max_x=right)
    by = y0 + height - pad - button_h
    x = x0 + pad
    for label, fill, colour in (("Save changes", pal.accent, pal.on_accent),
                                ("Cancel", pal.field, pal.text)):  # fmt: skip
        bw = p.width(label) + 32
        p.rect((x, by, x + bw, by + button_h), fill, outline=pal.border, radius=6)
        p.put(x + 16, p.centre_y(by, button_h), label, colour)
        x += bw + 12
    return y0 + height


_OTHER_FILES = ("README.md", "main.py", "Makefile", "requirements.txt", "app.js", "deploy.sh")


def _editor(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    kind = rng.choice(sorted(_CODE_FILES))
    fname, head, blocks = _CODE_FILES[kind]
    repo = _text(_fill("{repo}", rng))
    top = _title_bar(p, f"{fname} - {repo} - Code")
    top = _menu_bar(p, top, ("File", "Edit", "Selection", "View", "Go", "Run", "Terminal", "Help"))
    lang = {"python": "Python", "env": "Properties", "yaml": "YAML"}[kind]
    right = ("Ln {n}, Col {few}", "Spaces: 4", "UTF-8", "LF", lang)
    bottom = _status_bar(p, ("main", "0 errors, {few} warnings"), right, accent=True)
    p.rect((0, top, 48, bottom), _mix(pal.panel, pal.bg, 0.5))
    for k in range(5):
        p.icon(12, top + 14 + k * 48, 24, pal.muted)
    side = min(280, max(200, p.W // 7))
    p.rect((48, top, 48 + side, bottom), pal.panel)
    p.vline(48 + side, top, bottom)
    flow = p.flow(62, top + 10, 48 + side - 10, bottom - 8)
    p.line(flow, "EXPLORER", pal.muted)
    p.line(flow, repo.upper(), pal.text)
    tree = [(".github", 0), ("src", 0), (repo.replace("-", "_"), 1), ("config", 1), (fname, 2),
            ("__init__.py", 2), ("models.py", 1), ("views.py", 1), ("tests", 0),
            ("test_config.py", 1), ("docs", 0), (".gitignore", 0), ("pyproject.toml", 0),
            ("README.md", 0), ("Makefile", 0)]  # fmt: skip
    for name, depth in tree:
        colour = rng.choice((pal.accent, pal.muted, *pal.code[:2]))
        _item(p, flow, name, pal.text, icon=colour, indent=14 * depth, selected=name == fname)
    x0 = 48 + side + 1
    tab_h = p.chrome_h + 16
    p.rect((x0, top, p.W, top + tab_h), pal.panel)
    x = x0
    for k, tab in enumerate([fname, *rng.sample(_OTHER_FILES, 3)]):
        width = p.width(tab, p.chrome) + 44
        p.rect((x, top, x + width, top + tab_h), pal.bg if k == 0 else pal.panel)
        p.icon(x + 10, top + tab_h // 2 - 6, 12, pal.code[k % 5])
        p.put(x + 28, p.centre_y(top, tab_h, p.chrome), tab, pal.text if k == 0 else pal.muted,
              font=p.chrome)  # fmt: skip
        p.vline(x + width, top, top + tab_h)
        x += width + 1
    crumbs = f"src > {repo.replace('-', '_')} > config > {fname}"
    p.put(x0 + 16, top + tab_h + 5, crumbs, pal.muted, font=p.chrome)
    code_top = top + tab_h + p.chrome_h + 12
    # Credential-rich blocks first (as in many real config files), so a short view holds some.
    order = sorted(rng.sample(list(blocks), len(blocks)), key=_slots, reverse=True)
    order = order[:2] + rng.sample(order[2:], len(order) - 2)
    entries = [*head, *(e for block in order for e in block)]
    # A short view of a file holds few credentials; a terminal panel then shows more.
    rows = (bottom - code_top) // _code_pitch(p)
    terminal = rng.random() < 0.5 or _slots(entries[:rows]) < p.target
    code_bottom = code_top + (bottom - code_top) * 3 // 5 if terminal else bottom
    _code(p, entries, repo, (x0, code_top, code_bottom), reserve=4 if terminal else 0)
    if terminal:
        p.hline(x0, p.W, code_bottom)
        x = x0 + 16
        for k, label in enumerate(("PROBLEMS", "OUTPUT", "DEBUG CONSOLE", "TERMINAL")):
            width = p.put(x, code_bottom + 8, label, pal.text if k == 3 else pal.muted,
                          font=p.chrome) or 0  # fmt: skip
            if k == 3:
                y = code_bottom + 8 + p.chrome_h + 3
                p.rect((x, y, x + width, y + 2), pal.accent)
            x += width + 24
        line_h = p.line_h
        term = _Flow(x0 + 16, code_bottom + p.chrome_h + 20, p.W - 30, bottom - 4,
                     max(line_h + 3, round(p.font.size * 1.35)), line_h)  # fmt: skip
        _session(p, term, pal.text)


def _slots(block: Sequence[CodeEntry]) -> int:
    return sum(isinstance(entry, tuple) for entry in block)


def _code_pitch(p: _Painter) -> int:
    return max(p.line_h + 3, round(p.font.size * 1.4))


def _code(
    p: _Painter,
    entries: Sequence[CodeEntry],
    repo: str,
    area: tuple[int, int, int],
    *,
    reserve: int,
) -> None:
    """Line numbers, highlighted code, a minimap; credentials inline while the budget lasts.

    ``area`` is (left, top, bottom); ``reserve`` values are left for a terminal below.
    """
    pal, rng = p.pal, p.rng
    x0, top, bottom = area
    gutter = p.width("9999") + 24
    mini = p.W - 14 - 70
    flow = _Flow(x0 + gutter, top + 4, mini - 10, bottom - 4, _code_pitch(p), p.line_h)
    visible = entries[: flow.rows_left()]
    slots = sum(isinstance(e, tuple) for e in visible)
    chance = max(0, p.target - len(p.values) - reserve) / max(1, slots)
    spans, current = _code_spans(pal), rng.randrange(max(1, len(visible)))
    for number, entry in enumerate(visible, 1):
        if number - 1 == current:
            p.rect((x0, flow.y - 2, mini - 4, flow.y + flow.line_h + 2), pal.select)
        p.put(x0 + gutter - 16, flow.y, str(number), pal.muted, align="right")
        fallback = _fill(entry[1] if isinstance(entry, tuple) else entry, rng, repo=repo)
        line = fallback
        if isinstance(entry, tuple) and rng.random() < chance:
            line = p.fill(entry[0], entry[1], repo=repo)
        drawn = p.put(flow.x, flow.y, line, pal.text, max_x=flow.x1, value_colour=pal.code[1],
                      spans=spans)  # fmt: skip
        if drawn is None and line is not fallback:
            p.put(flow.x, flow.y, fallback, pal.text, max_x=flow.x1, spans=spans)
        text = _text(line)
        indent = len(text) - len(text.lstrip())
        bar = (mini + 4 + indent, top + 4 + number * 3, mini + 4 + min(60, len(text) // 2), 0)
        if bar[2] > bar[0]:
            p.rect((bar[0], bar[1], bar[2], bar[1] + 2), _mix(pal.bg, pal.text, 0.3))
        flow.y += flow.pitch
    p.scrollbar(p.W - 14, top, bottom)


_ARTICLES = (
    "How to reset your password", "Setting up two-factor authentication",
    "Understanding your invoice", "Changing your delivery address", "Returns and refunds policy",
    "Connecting to the office VPN", "Exporting reports to CSV", "Managing team members",
    "Release notes {ver}", "Data retention policy (updated {dmy})", "Keyboard shortcuts",
    "Why was my payment declined?", "Adding a new user to your plan",
)  # fmt: skip
_PAGES = {
    "order": ("Order confirmation", "Thanks, your order {order} is confirmed", "shop"),
    "ticket": ("Service desk", "{inc}: VPN keeps disconnecting", "support"),
    "account": ("Your account", "Account details for {name}", "account"),
    "article": ("Help centre", "Updating your payment details", "help"),
}


def _browser(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    site = _text(_fill("{company}", rng))
    page, h1, sub = _PAGES[rng.choice(sorted(_PAGES))]
    top = _title_bar(p, f"{page} - {site}")
    tab_h = p.chrome_h + 16
    p.rect((0, top, p.W, top + tab_h), pal.panel)
    x = 8
    for k, tab in enumerate((f"{page} - {site}", "Inbox - Mail", "Getting started - Docs",
                             "Dashboard")):  # fmt: skip
        p.rect((x, top + 4, x + 230, top + tab_h), pal.bg if k == 0 else pal.panel,
               outline=pal.border, radius=6)  # fmt: skip
        p.icon(x + 10, top + tab_h // 2 - 4, 12, rng.choice((pal.accent, *pal.code[:3])))
        p.put(x + 30, p.centre_y(top + 4, tab_h - 4, p.chrome), tab, pal.text, font=p.chrome,
              max_x=x + 222)  # fmt: skip
        x += 234
    top += tab_h
    bar_h = p.chrome_h + 20
    p.rect((0, top, p.W, top + bar_h), pal.bg)
    for k in range(3):
        p.icon(14 + 28 * k, top + bar_h // 2 - 7, 14, pal.muted)
    url = _fill(f"https://{sub}.example.com/{{module}}/{{order}}?ref={{hex7}}", rng)
    p.rect((110, top + 5, p.W - 60, top + bar_h - 5), pal.panel, radius=bar_h // 2)
    p.put(130, p.centre_y(top, bar_h, p.chrome), url, pal.text, font=p.chrome, max_x=p.W - 80)
    top += bar_h
    p.hline(0, p.W, top)
    x = 14
    for mark in ("Dashboard", "Docs", "Status", "Payroll", "Tickets", "Wiki", "HR portal"):
        p.icon(x, top + 7, 12, rng.choice((pal.accent, pal.muted, *pal.inks)))
        x += (p.put(x + 18, top + 4, mark, pal.text, font=p.chrome) or 0) + 36
    top += p.chrome_h + 10
    band = p.pitch * 2 + 8
    p.rect((0, top, p.W - 14, top + band), pal.accent)
    p.put(40, p.centre_y(top, band, p.heading), site, pal.on_accent, font=p.heading)
    x = p.W - 50
    for link in ("Sign out", "Contact", "Orders", "Help", "Products"):
        x -= (p.put(x, p.centre_y(top, band), link, pal.on_accent, align="right") or 0) + 26
    top += band
    p.scrollbar(p.W - 14, top, p.H)
    margin = max(32, p.W // 16)
    split = margin + (p.W - 2 * margin) * 64 // 100
    main = p.flow(margin, top + 16, split - 24, p.H - 8)
    p.line(main, f"Home > {page}", pal.muted)
    _heading(p, main, _fill(h1, rng), p.ink())
    p.line(main, _fill("Updated {dmy} - {n} min read", rng), pal.muted)
    main.y += p.pitch // 3
    cards = 0
    while main.rows_left() > 2:
        if cards < 2 and rng.random() < 0.45:
            rows = rng.randint(3, 5)
            _kv_card(p, main, rng.choice(("Details", "Contact details", "Payment",
                                          "Delivery", "Reporter")), rows)  # fmt: skip
            cards += 1
        elif not p.prose(main, pal.text, p.chance(main.rows_left() / 4)):
            break
        main.y += p.pitch // 2
    side = p.flow(split + 16, top + 24, p.W - margin // 2 - 14, p.H - 8)
    links = [_fill(t, rng) for t in rng.sample(_ARTICLES, rng.randint(4, 6))]
    _kv_card(p, side, "Related articles", len(links), lines=links)
    while side.rows_left() > 4:
        _kv_card(p, side, rng.choice(("Need help?", "Your details", "Account")), 3)


def _kv_card(
    p: _Painter,
    flow: _Flow,
    title: str,
    rows: int,
    *,
    lines: Sequence[Line] | None = None,
    context: str = "kv",
) -> None:
    """A bordered card of "Label: value" lines (or of the context's lines, or given links)."""
    pal, pad = p.pal, 14
    rows = min(rows, flow.rows_left() - 2)
    if rows <= 0:
        return
    height = 2 * pad + rows * flow.pitch + flow.line_h
    bg = p.rng.choice(pal.cards) if pal.cards else pal.card
    p.rect((flow.x, flow.y, flow.x1, flow.y + height), bg, outline=pal.border, radius=8)
    inner = p.flow(flow.x + pad, flow.y + pad, flow.x1 - pad, flow.y + height)
    p.line(inner, title, p.ink())
    for k in range(rows):
        if lines is not None:
            p.line(inner, lines[k], pal.link)
        else:
            p.emit(inner, context, pal.text, p.chance(3 + inner.rows_left()))
    flow.y += height + 16


def _terminal(p: _Painter) -> None:
    pal, rng = p.pal, p.rng
    top = _title_bar(p, _fill("{user}@{shorthost}: ~/{repo}", rng))
    if rng.random() < 0.5:
        tab_h = p.chrome_h + 12
        p.rect((0, top, p.W, top + tab_h), pal.panel)
        x = 8
        for k, tab in enumerate(("bash", "ssh web-3", "logs")):
            p.rect((x, top + 2, x + 180, top + tab_h), pal.bg if k == 0 else pal.panel, radius=4)
            p.put(x + 12, top + 6, tab, pal.text if k == 0 else pal.muted, font=p.chrome)
            x += 184
        top += tab_h
    bottom = p.H
    if rng.random() < 0.5:
        bar = p.line_h + 4
        bottom -= bar
        p.rect((0, bottom, p.W, p.H), pal.accent)
        p.put(6, bottom + 2, "[0] 0:bash* 1:vim 2:logs", pal.on_accent)
        p.put(p.W - 8, bottom + 2, _fill('"{shorthost}" {hm} {dm}', rng), pal.on_accent,
              align="right")  # fmt: skip
    panes = 2 if (p.W - 24) // max(1, p.width("M")) >= 190 else 1
    width = (p.W - 16) // panes
    pitch = max(p.line_h + 2, round(p.font.size * 1.3))
    for k in range(panes):
        x0 = 8 + k * width
        if k:
            p.vline(x0 - 4, top, bottom, pal.border)
        flow = _Flow(x0 + 6, top + 8, x0 + width - 10, bottom - 4, pitch, p.line_h)
        _session(p, flow, pal.text, cursor=k == panes - 1)


# --------------------------------------------------------------------------------------
# Screens and scoring
# --------------------------------------------------------------------------------------

_LAYOUT_FUNCS: dict[str, Callable[[_Painter], None]] = {
    "mail": _mail,
    "chat": _chat,
    "table": _table,
    "form": _form,
    "editor": _editor,
    "browser": _browser,
    "terminal": _terminal,
}
_APP_LAYOUTS = tuple(layout for layout in LAYOUTS if layout != "terminal")


def _screen(index: int, seed: int, theme: str, layout: str, sizes: tuple[int, int]) -> Screen:
    """Draw one screen; redraw from fresh sub-seeds while it has too few values.

    Small screens with large fonts hold few lines, so a chat may fall short; the
    attempt with the most values wins.
    """
    families = sorted(_font_files())
    mono = [f for f in families if f in _MONO] or families
    proportional = [f for f in families if f not in _MONO] or families
    best: tuple[_Painter, str, int] | None = None
    for attempt in range(MAX_ATTEMPTS):
        rng = random.Random(seed + attempt)
        size = rng.choice(SCREEN_SIZES)
        code = layout in ("terminal", "editor")
        family = rng.choice(mono if code else proportional if rng.random() < 0.85 else families)
        body = rng.randint(*sizes)
        target = rng.randint(MIN_VALUES + 2, MAX_VALUES - 3)
        painter = _Painter(rng, size, rng.choice(_PALETTES[theme]), family, body, target)
        # A small screen in a large font holds few lines; keep values from crowding it.
        rows = (size[1] // painter.pitch) * max(1, size[0] // 800)
        painter.target = max(MIN_VALUES, min(target, int(rows * VALUE_LINE_SHARE)))
        _LAYOUT_FUNCS[layout](painter)
        if best is None or len(painter.values) > len(best[0].values):
            best = (painter, family, body)
        if len(painter.values) >= MIN_VALUES:
            break
    assert best is not None
    painter, family, body = best
    name = f"s{index}-{layout}-{theme}-{family.replace(' ', '')}-{body}"
    return Screen(
        painter.image, name, theme, family, body, tuple(painter.values), tuple(painter.ordinary)
    )


def generate_screens(count: int, *, seed: int, sizes: tuple[int, int] = (13, 20)) -> list[Screen]:
    """``count`` labelled screenshots, identical for a given seed.

    Themes come in shuffled rounds of four so every theme is equally common;
    terminal-themed screens are terminals, the others cycle through the app
    layouts. Screen ``i`` does not depend on ``count``.
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    if not 8 <= sizes[0] <= sizes[1]:
        raise ValueError(f"sizes must be (low, high) with 8 <= low <= high, got {sizes}")
    master = random.Random(seed)
    themes: list[str] = []
    layouts: list[str] = []
    screens: list[Screen] = []
    for index in range(count):
        if not themes:
            themes = master.sample(THEMES, len(THEMES))
        theme = themes.pop()
        if theme == "terminal":
            layout = "terminal"
        else:
            if not layouts:
                layouts = master.sample(_APP_LAYOUTS, len(_APP_LAYOUTS))
            layout = layouts.pop()
        screens.append(_screen(index, master.getrandbits(48), theme, layout, sizes))
    return screens


def _unchanged(region: InkRegion, same: NDArray[np.bool_]) -> float:
    """Share of the region's ink pixels whose colour is exactly as it was."""
    x0, y0, x1, y1 = region.box
    return float(same[y0:y1, x0:x1][region.ink].mean())


def score(screen: Screen, redacted: Image.Image) -> ScreenScore:
    """Which values leaked (more than 25% of ink untouched) and which ordinary lines changed.

    Pixels are compared exactly, so any redaction style counts: a fill, a blur or
    a mosaic all change the ink they cover.
    """
    if redacted.size != screen.image.size:
        raise ValueError(
            f"redacted image is {redacted.size[0]}x{redacted.size[1]}, "
            f"screen {screen.name} is {screen.image.size[0]}x{screen.image.size[1]}"
        )
    original = np.asarray(screen.image.convert("RGB"))
    same = np.all(original == np.asarray(redacted.convert("RGB")), axis=2)
    return ScreenScore(
        leaked=tuple(v for v in screen.values if _unchanged(v, same) > LEAK_SHARE),
        over_redacted=tuple(
            o for o in screen.ordinary if 1 - _unchanged(o, same) > OVER_REDACTION_SHARE
        ),
        values=len(screen.values),
        ordinary=len(screen.ordinary),
    )


# --------------------------------------------------------------------------------------
# python -m benchmarks.corpora.screen_corpus --out DIR
# --------------------------------------------------------------------------------------


def _sidecar(screen: Screen) -> dict[str, object]:
    return {
        "name": screen.name,
        "theme": screen.theme,
        "font": screen.font,
        "size": screen.size,
        "values": [{"type": v.type, "text": v.text, "box": list(v.box)} for v in screen.values],
        "ordinary": [{"text": o.text, "box": list(o.box)} for o in screen.ordinary],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--out", type=Path, help="directory for PNGs and JSON sidecars")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    screens = generate_screens(args.count, seed=args.seed)
    elapsed = time.perf_counter() - started
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for screen in screens:
            screen.image.save(args.out / f"{screen.name}.png")
            sidecar = json.dumps(_sidecar(screen), indent=1, ensure_ascii=False)
            (args.out / f"{screen.name}.json").write_text(sidecar, encoding="utf-8")
    for screen in screens:
        print(
            f"{screen.name:<44} {len(screen.values):>3} values {len(screen.ordinary):>4} ordinary"
        )
    types = Counter(v.type for s in screens for v in s.values)
    n = max(1, len(screens))
    print(f"\n{len(screens)} screens in {elapsed:.2f}s; per screen "
          f"{sum(len(s.values) for s in screens) / n:.1f} values, "
          f"{sum(len(s.ordinary) for s in screens) / n:.1f} ordinary lines")  # fmt: skip
    print("types:", dict(types.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
