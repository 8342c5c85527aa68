"""What OCR cannot settle is masked: weak readings of value-shaped words, and values
after a credential keyword even when the keyword itself was misread.

The text redactor already knows ``password: x`` and its OCR look-alikes
(``Passw0rd``). These rules add what only the image side knows: tesseract's
confidence in each word, and keywords garbled beyond a look-alike (``Pasword``,
``passwerd``) or written without a separator (``token x7GhJk2PqL``). Prose that
merely mentions passwords ("reset your password using the link") is left alone:
a value must look like one, not like a word of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from redaction.detector import Hit
from redaction.detectors.uk import is_misread_postcode
from redaction.detectors.values import (
    char_classes,
    is_hex_id,
    is_non_value,
    is_path,
    is_prose_word,
    is_version,
    looks_password_like,
    looks_random,
)
from redaction.detectors.values import is_passphrase as is_generated_passphrase
from redaction.image.layout import Line
from redaction.image.ocr import UNREAD
from redaction.ocr_views import TO_LETTER

# Below this tesseract word confidence (0-100) a reading is treated as unsure.
LOW_CONFIDENCE = 60.0
# An unsure word is value-shaped when it has this many digit-like characters...
UNSURE_MIN_DIGITS = 4
# ...making up at least this share of its letters and digits, with at least this
# many real digits (so that "build-01" or "olao" is not a number).
UNSURE_DIGIT_SHARE = 0.5
UNSURE_MIN_REAL_DIGITS = 3

# A word read below this confidence that mixes all four kinds of character, and
# is at least this long, is taken for a password.
BARELY_READ = 40.0
UNSURE_TOKEN_CHARS = 8
LONG_TOKEN_CHARS = 10

# Keywords whose next word is a credential; matched with a small edit distance
# (see :func:`is_credential_keyword`) so that misread keywords still count.
CREDENTIAL_KEYWORDS = (
    "password", "passwd", "passphrase", "passcode", "passwort", "contraseña", "wachtwoord",
    "secret", "token", "apikey", "api_key", "api-key", "pwd", "pin",
)  # fmt: skip
_LONGEST_KEYWORD = max(map(len, CREDENTIAL_KEYWORDS))
_KEYWORD_BIGRAMS = frozenset(
    "".join(pair) for keyword in CREDENTIAL_KEYWORDS for pair in pairwise(keyword)
)
# Real words one edit away from a keyword: never keywords themselves.
_NEAR_MISSES = frozenset(
    """
    passed passes passer passing passport passports passage tokens tokenised tokenized
    secrets secretly secrete taken passcodes passwords postcode postcodes
    """.split()
)
# Short last parts of setting names that name a credential ("SMTP_PASS", "DB_PW").
_SETTING_ENDS = frozenset({"pass", "pw", "passwd", "pwd"})
# Parts of a setting's name that make the key it ends with a secret one.
_SECRET_KEY_PARTS = frozenset(
    {"secret", "private", "api", "access", "auth", "signing", "encryption", "master", "client"}
)
# Buttons and links that sit beside a password field.
UI_WORDS = frozenset(
    """
    cancel save submit show hide edit copy forgot forgotten login log sign signin logout
    continue next back done apply confirm remember manager settings help
    """.split()
)
# "s" is "is" with its i lost to OCR ("the guest wifi password s otter-…").
_SEPARATORS = frozenset({":", "=", ":=", "->", "=>", "-", "is", "s", "was", "ist", "est", "es"})
_QUOTES = "'\"`‘’“”"
# An address with its "@" misread glues the local part to the domain: one label
# is long ("robin.quinlantexample.org"); a host name's labels are short
# ("vpn-14.corp.example.org").
_ADDRESS_LIKE = re.compile(
    r"(?:^|[^A-Za-z0-9])[A-Za-z0-9]+\.(?:[A-Za-z0-9\-]+\.)*[A-Za-z0-9\-]{10,}"
    r"\.(?:com|org|net|co\.uk|io)\b"
    r"|[A-Za-z0-9\-]{10,}\.(?:[A-Za-z0-9\-]+\.)*(?:com|org|net|co\.uk|io)\b"
)
# ...or read as a stray symbol ("chloe?Sexample.com"): no host name holds one.
_JUNK_AT_ADDRESS = re.compile(
    r"(?:^|[=:\s'\"(<])[A-Za-z0-9._%+-]{2,}[^\w.\-\s/:=@]{1,2}[A-Za-z0-9][A-Za-z0-9.\-]*"
    r"\.(?:com|org|net|io|edu|gov|co\.uk|uk|de|fr)\b"
)
# An IPv4 address inside a weakly read word (glued to what follows its colon).
_IP_INSIDE = re.compile(r"(?<![0-9A-Za-z])\d{1,3}[.,]\d{1,3}[.,]\d{1,3}[.,]\d{1,3}")
# A passphrase with its last digits misread ("harbour42" as "harbourd2").
_WEAK_PASSPHRASE = re.compile(r"^[A-Za-z]{4,12}(?:-[A-Za-z]{4,12})+-[A-Za-z]{3,12}[A-Za-z0-9]?\d$")
_PARTS = re.compile(r"[^A-Za-z0-9_+]+")
# An environment setting's name ("SMTP_PASSWORD", "DATABASE_HOST").
SETTING_NAME = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
_SETTING_ASSIGNMENT = re.compile("^" + SETTING_NAME + "=")
# A setting whose name says its value is no secret nor personal: a build's hash,
# a version, a region, a directory (its name may be read in pieces: "_VERSION=").
_PLAIN_SETTING = re.compile(
    r"^[A-Z0-9_]*_?(?:SHA|COMMIT|VERSION|BUILD|REGION|DIR|PATH|LANG|LOCALE|TZ|ENV|"
    r"SHELL|TERM|LEVEL|MODE|PORT)="
)
# A word with this many slashes is a path or a URL's path.
PATH_SLASHES = 2
# Capitals and digits only, as a postcode is printed.
_POSTCODE_CORE = re.compile(r"[A-Z0-9]{5,7}")
# Punctuation around a value that is not part of it.
VALUE_EDGES = ".,;\"'()[]{}<>`"
_STRIP = ".,;:!?\"'()[]{}<>=`"


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``limit`` (banded DP)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != other),
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def keyword_form(word: str) -> str:
    """A word as a keyword candidate: punctuation stripped, digits read as letters."""
    return word.strip(_STRIP).translate(TO_LETTER).lower()


# "pw" and one more letter before a colon: "pwd:" misread ("pwa:"); no word
# starts with "pw".
_PW_LABEL = re.compile(r"^pw[a-z]$")


def is_credential_keyword(word: str) -> bool:
    """``word`` is, or is a misreading of, a password/secret keyword.

    Keywords of three letters must match exactly (``pwd``, ``pin``); longer ones
    allow one edit, and those of seven letters or more two.
    """
    form = keyword_form(word)
    if not 3 <= len(form) <= _LONGEST_KEYWORD + 2 or form in _NEAR_MISSES:
        return False
    if not _KEYWORD_BIGRAMS.intersection(map("".join, pairwise(form))):
        return False  # shares no two letters in a row with any keyword
    for keyword in CREDENTIAL_KEYWORDS:
        limit = 0 if len(keyword) <= 3 else 1 if len(keyword) < 7 else 2
        if edit_distance_at_most(form, keyword, limit):
            return True
    return False


def is_separator(word: str) -> bool:
    return word.lower() in _SEPARATORS


def looks_like_value(word: str, *, after_separator: bool) -> bool:
    """A credential value rather than prose, a placeholder or a version number."""
    core = word.strip(VALUE_EDGES)
    if not core or is_prose_word(core) or is_non_value(core) or is_version(core):
        return False
    if _PINNED_PACKAGE.match(core):
        return False  # "Pin numpy<2": a package and its version bound
    if core.lower() in UI_WORDS or core.endswith("/") or is_path(core):
        return False
    if looks_password_like(core) or looks_random(core, min_length=8):
        return True
    # "password: sunflower" — after an explicit separator any non-prose word is the value.
    return after_separator and len(core) >= 4 and core.isalnum() and core.lower() != core.upper()


_PINNED_PACKAGE = re.compile(r"^[a-z][a-z0-9_.\-]*(?:[<>=!~]=?|==)\d[\w.*]*$")
# A keyword's value may follow a few words later, after a colon ("password for the
# staging box: x"): at most this many words in between.
KEYWORD_REACH = 5


def _colon_after(words: Sequence[str], start: int) -> int | None:
    """Index of the word ending a keyword's phrase with a colon ("box:"), when the
    words up to it are a short run of prose-like words (no sentence ends, no values)."""
    for index in range(start, min(len(words), start + KEYWORD_REACH)):
        word = words[index]
        if word.endswith(":") and len(word) > 1:
            return index
        if word.endswith((".", "!", "?", ";")) or any(char.isdigit() for char in word):
            return None
    return None


_GLUED_KEY = re.compile(r"^([A-Za-z0-9_.]*?)[-=:]([^-=:].*)$")
# "path:line:" before a setting in grep output.
_GREP_PREFIX = re.compile(r"^[^\s:]*[/.][^\s:]*:\d+:")


def _glued_assignment_hits(line: Line) -> Iterator[Hit]:
    """``DB_PASSWORD-orbit`` ("=" read as "-"), ``pwd:x7Gh``: a credential setting and
    its value in one word, whatever joins them."""
    for word, start in zip(line.words, line.starts, strict=True):
        # After a grep prefix ("config/app.ini:12:password-x"): the setting is
        # the word's last ":"-separated field but one.
        cut = _GREP_PREFIX.match(word.text)
        skip = cut.end() if cut else 0
        match = _GLUED_KEY.match(word.text[skip:])
        if match is None or not match.group(1):
            continue
        key = match.group(1).replace("_", " ").replace(".", " ").split()
        if (
            key
            and is_credential_keyword(key[-1])
            and looks_like_value(match.group(2), after_separator=True)
        ):
            offset = start + skip + match.start(2)
            yield Hit(offset, start + len(word.text), "PASSWORD", "ocr_keyword_value", 0.8)


def is_setting_keyword(word: str) -> bool:
    """A setting whose last part is a keyword ("DB_PASSWORD", "SMTP_TOKEN", "SMTP_PASS"):
    its value follows even when OCR lost the ":" or "=" between them ('DB_PASSWORD
    "x…"', "SMTP_PASS. x")."""
    head, _, last = word.rpartition("_")
    if not head:
        return False
    if is_credential_keyword(last) or keyword_form(last) in _SETTING_ENDS:
        return True
    # A key that is secret by what its name says: AWS_SECRET_ACCESS_KEY, STRIPE_API_KEY.
    parts = {keyword_form(part) for part in head.split("_")}
    return keyword_form(last) == "key" and bool(parts & _SECRET_KEY_PARTS)


def setting_name(texts: Sequence[str]) -> str:
    """The words of a line as one setting's name ("SMTP_" "PASSWORD", read in two at
    its underscore) if they are one, else ""."""
    if not texts or not all(text.endswith("_") for text in texts[:-1]):
        return ""
    name = "".join(texts).rstrip(":=_")  # a colon read as "_"
    return name if is_setting_keyword(name) else ""


def keyword_value_hits(line: Line, prefix_words: tuple[str, ...] = ()) -> Iterator[Hit]:
    """Values that follow a (possibly misread) credential keyword in ``line``.

    ``prefix_words`` are the last words of a label to the left of the line (a form
    field's caption), which can make the line's first word a value.
    """
    words = [*prefix_words, *(word.text for word in line.words)]
    skip = len(prefix_words)
    yield from _glued_assignment_hits(line)
    for index, word in enumerate(words):
        tail = word.rstrip(":=")
        # A setting's name read in two at its underscore ("SMTP_" "PASSWORD").
        head = words[index - 1] if index > 0 and words[index - 1].endswith("_") else ""
        keyword = (
            is_credential_keyword(tail)
            or is_setting_keyword(head + tail)
            or (tail != word and _PW_LABEL.match(keyword_form(tail)) is not None)
        )
        if not keyword or any(quote in word for quote in _QUOTES):
            continue  # a quoted keyword is searched for ('password='), not assigned
        # A label in its own column is separated from its field by the gap; an
        # "=" or ":" inside the word ("PGPASSWORD=(" before a split value) too.
        # ...and an environment-style setting ("SMTP_PASSWORD x", "=" lost) too,
        # when what follows is no plain word ("the ACCESS_TOKEN variable").
        following = words[index + 1] if index + 1 < len(words) else ""
        # At the start of a line (an env listing), any word after it is its value,
        # unless a sentence goes on ("ACCESS_TOKEN variable is unset").
        first = (index == 0 or (index == 1 and bool(head))) and not any(
            is_prose_word(other.strip(VALUE_EDGES).lower()) for other in words[index + 2 :]
        )
        setting = (
            word.isupper()
            and is_setting_keyword(head + tail)
            and (first or not following.isalpha())
        )
        separated = tail != word or index == skip - 1 or "=" in word or ":" in word or setting
        value_at = index + 1
        if value_at < len(words) and is_separator(words[value_at]):
            separated = True
            value_at += 1
        elif (colon := _colon_after(words, value_at)) is not None:
            separated = True  # "password for the staging box: x"
            value_at = colon + 1
        if value_at >= len(words) or value_at < skip:
            continue
        if UNREAD in words[value_at] and value_at + 1 < len(words):
            # Ink between the keyword and the rest of its value that OCR could not
            # read ("passwor" "\ufffd" "@SLcy7mT3"): masked as unsure; the value goes on.
            value_at += 1
            separated = True
        value = words[value_at]
        if not looks_like_value(value, after_separator=separated):
            continue
        position = value_at - skip
        start = line.starts[position]
        yield Hit(start, start + len(value), "PASSWORD", "ocr_keyword_value", 0.8)


# Shapes of ordinary numbers on screens: an unsure reading of one of these is left
# readable, since none of them is a sensitive value even when a digit is wrong.
_BENIGN_NUMBER = re.compile(
    # price, count, percentage (four comma groups is an IP address misread)
    r"^[£$€¥]?\d{1,3}(?:,\d{3}){0,2}(?:\.\d{1,2})?[%)]?$"
    r"|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[,.]?$"  # date
    r"|^\d{1,2}:\d{2}(?::\d{2})?(?:am|pm)?[,.]?$"  # time
    r"|^[A-Z]{2,6}(?:-\d{1,6}){1,2}[,.]?$"  # ticket or order number
    r"|^(?:19|20)\d{2}[,.]?$"  # a year
    r"|^[\dSO]{2,5}(?:-\d{2,5})?/?\d?[tu][a-z]{1,2}p$"  # a port: 6379/tcp, 5432/tcop
    # a container image and its tag, the ":" misread: grafana/grafanat10.4,1, postgres?16
    r"|^[a-z][a-z0-9._-]*/[a-z0-9._/-]*[:t;?]v?\d+(?:[.,]{1,2}\d+){0,2}(?:-[a-z]+)?$"
    r"|^[a-z][a-z0-9_-]*[:t;?]v?\d+(?:[.,]{1,2}\d+){1,2}(?:-[a-z]+)?$"
    # a package version: 3.0.11-1~deb12u2, 1:9.2p1-2+deb12u2, 2.36-9+ubuntu1
    r"|^(?:\d+:)?\d+[.,]\S*(?:deb\d|ubuntu|~|°|\dp\d)\S*$"
    # a version (of four parts, one must be too long for an IPv4 address's)
    r"|^v?\d+(?:\.\d+){1,2}[,.]?$|^v\d+(?:\.\d+){3}[,.]?$|^\d+(?:\.\d+)*\.\d{4,}(?:\.\d+)*$"
    # a version with its dots read as commas: python3.11, 1,22,1-9
    r"|^[a-z]*v?\d+(?:[.,]{1,2}\d+){1,2}(?:-\d+)?(?:-[a-z][\w.+~]*)?[,.]?$"
    r"|^=[A-Z]+\("  # spreadsheet formula
    # an ISO time, with its zone
    r"|^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}[Z2]?)?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[,.]?$",
    re.IGNORECASE,
)
# A shell prompt, however its "@" was read: user@host:~/path$ or root@host:/etc#.
_PROMPT = re.compile(r"^[\w.-]+[@a-z][\w.-]*:[~/°*\"“]\S*[$#%>]$")


_DOTTED_DIGITS = re.compile(r"^\d+(?:\.\d+){1,2}$")
# An address read with dots lost has at least this many digits ("1.2.34" has none).
DOTS_LOST_MIN_DIGITS = 8


def _address_with_dots_lost(text: str) -> bool:
    """Digits in two or three dotted parts that split into the four octets of an
    IPv4 address, eight digits at least: one whose small dots OCR lost."""
    if not _DOTTED_DIGITS.match(text):
        return False
    parts = text.split(".")
    if sum(len(part) for part in parts) < DOTS_LOST_MIN_DIGITS:
        return False

    def octets(rest: list[str], wanted: int) -> bool:
        if not rest:
            return wanted == 0
        head, tail = rest[0], rest[1:]
        for cut in range(1, min(3, len(head)) + 1):
            octet, left = head[:cut], head[cut:]
            if int(octet) > 255 or (len(octet) > 1 and octet[0] == "0"):
                continue
            if octets(([left] if left else []) + tail, wanted - 1):
                return True
        return False

    return octets(parts, 4)


def _digit_like(char: str) -> bool:
    return char.isdigit() or char in "OoIl|SZB"


_FILE_NAME = re.compile(r"\.[A-Za-z][A-Za-z0-9]{1,4}$")


def _password_shaped(word: str) -> bool:
    """All four kinds of character and several symbols (or one in a longer word:
    "!CxDtMhM2VO"), and no file name or path."""
    symbols = sum(not char.isalnum() for char in word)
    return (
        len(word) >= UNSURE_TOKEN_CHARS
        and (symbols >= 2 or len(word) >= LONG_TOKEN_CHARS)
        and char_classes(word) == 4
        and not _FILE_NAME.search(word)
        and not is_path(word)
    )


_DATE_PARTS = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})[,.]?$")
MAX_DAY = 31
MAX_MONTH = 12


def _impossible_date(text: str) -> bool:
    """Shaped as a date but none can be read in it ("89-64-21": a sort code)."""
    match = _DATE_PARTS.match(text)
    if match is None:
        return False
    first, middle, last = (int(part) for part in match.groups())
    # The middle is a month (or a day beside a month); a year is four digits.
    day_first = first <= MAX_DAY and (middle <= MAX_MONTH or first <= MAX_MONTH)
    year_first = len(match.group(1)) == 4 and middle <= MAX_MONTH and last <= MAX_DAY
    return not (day_first or year_first) or middle > MAX_DAY


def is_unsure_value(text: str, confidence: float) -> bool:
    """A weakly read word that could be (part of) a number, code or token.

    Number-like: at least :data:`UNSURE_MIN_DIGITS` characters read as digits or
    as their look-alikes (O, I, l, S, B …), three of them real digits, making up
    half the word. Token-like: a part that looks machine-generated.
    """
    if UNREAD in text:
        return True  # ink tesseract could not read at all
    if confidence >= LOW_CONFIDENCE:
        return False
    core = "".join(char for char in text if char.isalnum())
    stripped = text.strip("()[]\"'| —_,;")
    if _address_with_dots_lost(stripped):
        return True  # "19202.235", "192.02167": 192.0.2.235 and .167, not versions
    if (
        not core
        or _PROMPT.match(stripped)
        or (_BENIGN_NUMBER.match(stripped) and not _impossible_date(stripped))
    ):
        return False
    if is_hex_id(text):
        return False  # a commit or container id: not a value, however it was read
    if (plain := _PLAIN_SETTING.match(stripped)) and "@" not in stripped[plain.end() :]:
        return False  # "BUILD_SHA=d6879f…", "_VERSION=v2.1.12": a setting nothing hides
    digits = sum(1 for char in core if char.isdigit())
    digit_like = sum(1 for char in core if _digit_like(char))
    enough = digit_like >= max(UNSURE_MIN_DIGITS, UNSURE_DIGIT_SHARE * len(core))
    # A path's numbers are ids in it ("/api/v2/invoices/INV-2024-0336"); a token in
    # a path is still judged below.
    path = stripped.count("/") >= PATH_SLASHES and "@" not in stripped
    if digits >= UNSURE_MIN_REAL_DIGITS and enough and not path:
        return True
    if _ADDRESS_LIKE.search(text) or _JUNK_AT_ADDRESS.search(text):
        return True  # an e-mail address whose "@" was misread ("robin.quinlangexample.org")
    if digits and _POSTCODE_CORE.fullmatch(core) and is_misread_postcode(core):
        return True  # "LI3BLS": L13 8LS with its halves glued
    if _IP_INSIDE.search(text) or _WEAK_PASSPHRASE.match(text.strip(VALUE_EDGES)):
        return True  # "10,145,33,106354323*srojsaturn…", "cobalt-summer-harbourd2"
    # A setting's value is judged without its name ("AWS_DEFAULT_REGION=eu-west-2").
    word = _SETTING_ASSIGNMENT.sub("", text.strip(VALUE_EDGES))
    if _password_shaped(word) and confidence < BARELY_READ and not path:
        return True  # capitals, small letters, digits and symbols: "P-@VMsIVLO%R@w8"
    # Judged part by part, so a shell prompt or a path ("admin@web-3:~/src") is
    # not random while a token inside a URL is; a short part of letters alone is a
    # word or a name ("PostgreSQL"), not a token.
    return any(
        looks_random(part, min_length=10) and (len(part) >= 16 or not part.isalpha())
        for part in _PARTS.split(text)
    )


# Symbols a password holds and ordinary words, paths, versions and prices rarely do.
_PASSWORD_SYMBOLS = frozenset("!#$%&*+?^~@")
# ...and characters that make a word something else: a path, a prompt, a
# pipeline, a quotation; and an assignment, unless what stands before its "="
# is no name ("UvMkRJ=i+1g2", where "maxRetries=retries+1" is code).
_NOT_PASSWORD = frozenset("/:|\\'\"‘’“”<>")
# Read this confidently at least: a weaker reading is judged by is_unsure_value.
BARE_PASSWORD_CONFIDENCE = 50.0
_URL_OR_ADDRESS = re.compile(r"://|^www\.|@[A-Za-z0-9-]+\.[A-Za-z]{2,}")
BARE_PASSWORD_CHARS = 8
CHOPPY_SWITCHES = 3
_VERSIONED = re.compile(r"^v?\d+\.\d+")  # "v2.1.0-RC1+build"


def is_bare_password(word: str) -> bool:
    """A word that can only be a password, wherever it stands ("use J+RB#Wf4E?gm2
    for the drive"): capitals, small letters, digits and a password symbol, and
    no address, link, path or file name."""
    core = word.strip(VALUE_EDGES)
    if len(core) < BARE_PASSWORD_CHARS or char_classes(core) < 4:
        return False
    if not _PASSWORD_SYMBOLS.intersection(core) or _NOT_PASSWORD.intersection(core):
        return False
    if "=" in core and not _not_a_name(core.split("=", 1)[0]):
        return False
    if _URL_OR_ADDRESS.search(core) or _LOGIN.match(core):
        return False
    return not (
        is_path(core) or _FILE_NAME.search(core) or is_version(core) or _VERSIONED.match(core)
    )


# A shell prompt's user@host, its "[" perhaps read as a capital ("Caisha@api-prod-1").
_LOGIN = re.compile(r"^[\[(]?[A-Za-z]?[a-z][a-z._-]{2,}@[a-z][a-z0-9-]{3,}(?:\.[a-z0-9-]+)*$")


# Digits written for the letters they look like, as in a made-up password.
_LEET = str.maketrans("013457", "oieast")
_LEET_STEM = re.compile(r"^[A-Za-z0-9]+")
# One or two such digits with letters on both sides, or starting the word.
_LEET_SWAP = re.compile(r"(?:^|(?<=[A-Za-z]))[013457]{1,2}(?=[A-Za-z])")
LEET_MIN_LETTERS = 6
LEET_MIN_SWAPS = 2
LEET_VOWELS = 0.2


def is_leet_word(word: str) -> bool:
    """A word spelled with digits for letters ("5un5h1ne_01", "Pa55w0rd"): a common
    password shape. At least two runs of such digits stand inside the letters, and
    read as letters they make a pronounceable word; ids ("5f12e5a"), counts and
    names with digits ("k8s", "i18n", "x86_64", "sha256") are not such words.
    """
    # A small "l" read as "]" ("Marm4]4d3-90").
    core = word.strip(VALUE_EDGES).replace("]", "l")
    match = _LEET_STEM.match(core)
    if match is None or is_hex_id(core):
        return False
    stem = match.group().rstrip("0123456789")
    swaps = len(_LEET_SWAP.findall(stem))
    if swaps < LEET_MIN_SWAPS or len(stem) < LEET_MIN_LETTERS:
        return False
    spelled = stem.translate(_LEET).lower()
    if not spelled.isalpha():
        return False
    return sum(char in "aeiouy" for char in spelled) >= LEET_VOWELS * len(spelled)


def is_passphrase(word: str) -> bool:
    """A generated passphrase (see :func:`values.is_passphrase`), punctuation aside."""
    return is_generated_passphrase(word.strip(VALUE_EDGES))


# A digit between two letters ("B7G"), as no setting's name of this length has.
_DIGIT_INSIDE = re.compile(r"[A-Za-z][0-9]+[A-Za-z]")
SHORT_KEY_CHARS = 4


def _not_a_name(text: str) -> bool:
    """What stands before an "=" inside a word is part of a password, not the name
    of a setting: choppy letters, or a short run with a digit inside ("B7G")."""
    short_mixed = len(text) <= SHORT_KEY_CHARS and _DIGIT_INSIDE.search(text) is not None
    return short_mixed or _choppy(text)


def _choppy(text: str) -> bool:
    """Letters that switch case at every turn ("UvMkRJ"), as no name does
    ("maxRetries", "DB_HOST", "iPhone")."""
    letters = [char for char in text if char.isalpha()]
    switches = sum(a.isupper() != b.isupper() for a, b in pairwise(letters))
    return switches >= max(CHOPPY_SWITCHES, len(letters) / 2)


def bare_password_hits(line: Line) -> Iterator[Hit]:
    """Words of ``line`` that are passwords by their shape alone."""
    for word, start in zip(line.words, line.starts, strict=True):
        if word.confidence >= BARE_PASSWORD_CONFIDENCE and (
            is_bare_password(word.text) or is_leet_word(word.text) or is_passphrase(word.text)
        ):
            yield Hit(start, start + len(word.text), "PASSWORD", "ocr_bare_password", 0.7)


def _digit_group(text: str) -> bool:
    return sum(_digit_like(char) for char in text) >= 2


def unsure_hits(line: Line) -> Iterator[Hit]:
    """Weakly read words of ``line`` that could be part of a sensitive value.

    Four plain digits on their own ("4096" in `ls -l`, a year, a count) are part of
    a value only beside another group of digits ("4111 1l11 …"). A misread hex id
    starting a line that goes on ("Sf1d95S7a2Fo   redis:7-alpine …", "ch0280e Use
    UTC …") is an id; digits alone there may be a number.
    """
    texts = [word.text for word in line.words]
    for index, (word, start) in enumerate(zip(line.words, line.starts, strict=True)):
        if not is_unsure_value(word.text, word.confidence):
            continue
        leading = index == 0 and len(texts) > 1 and not word.text.isdigit()
        if leading and is_hex_id(word.text, leading=True):
            continue
        if len(word.text) == 4 and word.text.isdigit():
            neighbours = texts[max(0, index - 1) : index] + texts[index + 1 : index + 2]
            if not any(_digit_group(other) for other in neighbours):
                continue
        yield Hit(start, start + len(word.text), "UNSURE", "ocr_low_confidence", 0.5)


def label_words(words: Sequence[str]) -> tuple[str, ...]:
    """The last words of a caption that ends with a credential keyword, else ().

    ``Wi-Fi password``, ``Password:``, ``your temporary password is`` (a sentence
    that continues on the next line) all end in a label.
    """
    tail = list(words[-3:])
    # A speck after the last word is read as a full stop ("password is.").
    while tail and is_separator(tail[-1].rstrip(".")):
        tail.pop()
    if tail and is_credential_keyword(tail[-1].rstrip(":=")):
        return tuple(words[-3:])
    return ()


def could_be_field_value(line: Line) -> bool:
    """A line that can be the value under a caption: one token (a field's content), or
    a line that starts with a password-shaped word (a sentence wrapped after
    "password is"), or with "is" and one ("…the guest wifi password" / "is
    thunder-otter-teapot68"). "Changing password for admin." under "$ passwd" is
    none of these.
    """
    if len(line.words) == 1:
        return True
    texts = [word.text for word in line.words]
    if is_separator(texts[0]):
        texts = texts[1:]
    first = texts[0].strip(VALUE_EDGES)
    return looks_password_like(first) or looks_random(first, min_length=8)
