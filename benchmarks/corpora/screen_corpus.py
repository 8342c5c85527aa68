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
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from benchmarks.corpora.text_corpus import (
    _FIRST,
    _LAST,
    _PW_WORDS,
    CorpusError,
    _iban_check,
    _iban_ok,
    _luhn_digit,
    _luhn_ok,
    _nhs_ok,
    _nino_ok,
    _Scope,
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


def _digits(rng: random.Random, k: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(k))


def _mixed(rng: random.Random, k: int, alphabet: str = _ALNUM) -> str:
    """A token with upper, lower and digits, as real high-entropy keys have."""
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(k))
        if all(sum(pred(c) for c in s) >= 2 for pred in (str.isdigit, str.isupper, str.islower)):
            return s


def _group(s: str, sizes: Sequence[int], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        out.append(s[i : i + size])
        i += size
    return sep.join(out)


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum())


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
        return ipaddress.IPv6Address(sum(g << (16 * (7 - i)) for i, g in enumerate(groups))).compressed
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
    "last4": lambda r: f"{r.randint(0, 9999):04d}",
    "product": lambda r: r.choice(_PRODUCTS),
    "subj": lambda r: r.choice(_SUBJECTS),
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
        return _fill_text(scope.get("subj"), scope)
    return scope.get(name)


def _fill_text(template: str, scope: _Scope) -> str:
    return "".join(lit + (_filler(n, scope) if n else "") for lit, n, _ in _parse(template))


def _fill(template: str, rng: random.Random) -> Line:
    """UPPERCASE slots are values (made first, so ``{town}`` can follow a postcode)."""
    scope = _Scope(rng)
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
    if font.getlength(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and font.getlength(" ".join(words)) > width:
        words.pop()
    out = " ".join(words)
    while out and font.getlength(out) > width:
        out = out[:-1]
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
    "Refunds go back to the card ending in {last4}, or to IBAN {IBAN} if it has expired.",
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
    "ssh into {IP_ADDRESS:v4} and check the disk",
)  # fmt: skip
_KV = (
    "Order date: {dmy}", "Order total: {gbp}", "Status: {state}", "Paid with Visa ending {last4}",
    "Tracking number: {order}", "Plan: {plan} (annual)", "Member since {dmy}", "Version: {ver}",
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
    "drwxr-xr-x  4 {user} staff  4096 {lsdate} src\ndrwxr-xr-x  3 {user} staff  4096 {lsdate} tests",
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
    "psql (16.2)\nType \"help\" for help.",
    "$ history | tail -3\n  {count}  ssh admin@{IP_ADDRESS:v4}\n  {count2}  mysql -u root "
    "-p{PASSWORD:shell}\n  {n}7  git pull",
    "$ dig +short api.example.net\n{IP_ADDRESS}\n{IP_ADDRESS2}",
    "$ sshpass -p '{PASSWORD:shell}' ssh root@{IP_ADDRESS:v4}\nroot@db-primary:~# uptime\n"
    " {clock} up {n} days, load average: 0.12, 0.10, 0.09",
    "$ echo $SLACK_BOT_TOKEN\n{SECRET:slack}",
    "$ git remote -v\norigin  https://{SECRET:gh}@github.com/{org}/{repo}.git (fetch)",
    "$ nmap -sn {IP_ADDRESS:v4}\nNmap scan report for {IP_ADDRESS:v4}\nHost is up (0.0021s "
    "latency).",
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
_CONTEXTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
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
     ("GITHUB_TOKEN={SECRET:gh}", "GITHUB_TOKEN="), ("SUPPORT_EMAIL={EMAIL:role}", "SUPPORT_EMAIL="),
     "FEATURE_NEW_CHECKOUT=true", ""),
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
