"""Shared judgement about *values* found after a keyword.

After ``password:`` or ``token=`` the question is where the value ends and
whether it is a value at all (``password: must be 12 characters`` is prose,
``token_ttl = 3600`` is a setting). These helpers answer that once, for the
password and the secret detectors.
"""

from __future__ import annotations

import math
import re

from redaction.validators import shannon_entropy

# Words that follow "password is" / "password:" in prose rather than being the
# password. Deliberately function words, auxiliaries and the adjectives and
# verbs people use *about* passwords — not nouns, since "sunshine" is a password.
PROSE_WORDS = frozenset(
    """
    a an the this that these those it its my your our their his her them they we you i me is are
    was were be been being am will would can could may might must shall should do does did has
    have had not no never always only just also still now then here there below above at in on
    for of to from with without by as and or but if so than like about into onto over under
    after before during until since via per each every any all some same different incorrect
    invalid wrong required expired expiring expires due too case sensitive case-sensitive
    missing empty blank weak strong changed reset updated saved stored encrypted hashed hidden
    masked protected shared correct right ok okay fine secure insecure compromised leaked long
    short complex simple easy hard needed needs need set unset managed provided given available
    unknown known attached enclosed sent please see check use using used enter entered type
    typed click change update create generate generated rotate rotated rotating expire validate
    validated verify verified protect what which who whom whose how why when where while whether
    field box prompt dialog policy policies rules rule requirements requirement manager managers
    length characters chars letters digits symbols minimum maximum least most more less very
    quite really mandatory optional disabled enabled active inactive locked unlocked new old
    current previous default temporary temp one-time same-as sent-to great good bad useful
    important essential recommended helpful annoying handy vital critical better worse best
    worst stronger weaker longer shorter reused guessable unique personal private visible stolen
    """.split()
)

# Settings that sit next to secret keywords but are not secrets themselves.
BENIGN_KEY_SEGMENTS = frozenset(
    """
    method type mode provider url uri endpoint path file dir name id header scheme enabled
    required length len ttl expiry expires expiration timeout count max min policy version
    format label hint field prompt strategy domain realm server host port user username email
    backend plugin service flow scope scopes audience issuer algorithm alg size bits limit
    rotation days age reset link manager store storage location env var prefix suffix pattern
    regex rules rule level status state changed updated created strength history attempts
    complexity chars characters placeholder description desc title text help error message msg
    tokens keys
    """.split()
)

_NON_VALUES = frozenset(
    """
    true false yes no null none nil undefined on off n/a na tbd todo changeme required optional
    empty blank unset
    """.split()
)

# Python ``re`` is safe here: these run only on values already cut to
# MAX_VALUE_CHARS, so even a backtracking match is bounded.
_REFERENCE = re.compile(
    r"""^(?:
        \$\{?[A-Za-z_][\w.]*\}?          # $VAR ${VAR}
      | \$\([^)]*\)                      # $(cmd)
      | %[A-Za-z_]\w*%                   # %VAR%
      | \{\{.*\}\}                       # {{ template }}
      | <[^<>]{1,40}>                    # <placeholder>
      | (?:process\.env|os\.environ|os\.getenv|getenv|env|ENV|secrets|vars)\b.*
    )$""",
    re.VERBOSE,
)
# A call or subscript (``getpass.getpass(``, ``os.environ[``), or an attribute
# chain from a name code uses for objects (``settings.DB_PASSWORD``). A bare
# dotted chain is *not* code by itself: ``harbour.marble.monkey`` is a password.
_CALL_OR_ATTRIBUTE = re.compile(
    r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:\(|\[)"
    r"|^(?:self|this|cls|os|sys|settings|config|conf|cfg|env|process|user|form|request|req|"
    r"app|ctx|context|params|args|options|opts|secrets|vault|data|props|state|window|document|"
    r"current_app|credentials|creds|obj|item|record|row|model|instance|payload|body|response|"
    r"res|resp|account|profile|auth|session)(?:\.[A-Za-z_]\w*)+$"
)
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:\\")
_PATH_PART = re.compile(r"^[A-Za-z_][A-Za-z_\-]*[0-9]{0,6}$|^[0-9]{1,4}$|^[A-Za-z]:$")
_MASK_CHARS = frozenset("*•●·xX#.-_")
_VERSION = re.compile(r"^v?\d+(?:\.\d+)+[a-z0-9-]*$", re.IGNORECASE)
_NEXT_PARAM = re.compile(r"[;&,][A-Za-z_][\w.\-]*=")
_TRAILING = ".,;:)]}>"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}

#: Longest value taken after a keyword; longer runs are cut (and still redacted).
MAX_VALUE_CHARS = 512


def value_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a raw value span: surrounding quotes, trailing punctuation, next parameter.

    ``end`` never moves right, so the span stays inside the match.
    """
    if end - start > MAX_VALUE_CHARS:
        end = start + MAX_VALUE_CHARS
    if end - start >= 2 and text[start] in "\"'`" and text[end - 1] == text[start]:
        return start + 1, end - 1
    if text[start] in "\"'`":
        start += 1
    value = text[start:end]
    cut = _NEXT_PARAM.search(value)
    if cut is not None and cut.start() > 0:
        end = start + cut.start()
    while end - start > 1 and text[end - 1] in _TRAILING + "\"'`":
        closing = text[end - 1]
        opener = _PAIRS.get(closing)
        if opener is not None and opener in text[start : end - 1]:
            break
        end -= 1
    return start, end


def is_non_value(value: str) -> bool:
    """A setting, reference or mask rather than a secret (``true``, ``${DB_PASS}``, ``****``)."""
    stripped = value.strip()
    if not stripped:
        return True
    if stripped.lower() in _NON_VALUES:
        return True
    if all(char in _MASK_CHARS for char in stripped) and len(stripped) >= 3:
        return True
    # An empty form field drawn as "[ ]" or "(" — nothing typed.
    if len(stripped) < 4 and not any(char.isalnum() for char in stripped):
        return True
    return _REFERENCE.match(stripped) is not None


def is_code_expression(value: str) -> bool:
    """An unquoted value that is code, not a literal: ``getpass.getpass(``, ``user.password``."""
    return _CALL_OR_ATTRIBUTE.match(value) is not None


def is_path(value: str) -> bool:
    """A file path made of ordinary names (``/etc/app/jwt.pub``, ``prod/db/credentials``)."""
    rooted = value.startswith(("/", "~/", "./", "../")) or _WINDOWS_PATH.match(value) is not None
    if not rooted and (value.count("/") < 2 or not value.islower()):
        return False
    parts = [part for part in re.split(r"[/\\.]+", value) if part and part != "~"]
    return all(_PATH_PART.match(part) is not None for part in parts)


def is_prose_word(value: str) -> bool:
    return value.lower().strip(".,;:!?\"'()") in PROSE_WORDS


def is_version(value: str) -> bool:
    return _VERSION.match(value) is not None


def char_classes(value: str) -> int:
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() for c in value)
    return lower + upper + digit + symbol


# Three or more words joined by hyphens, the last with two digits: a generated
# passphrase ("pirate-panda-summer94"), not a host or container name, whose
# parts are shorter or end in a number of their own ("web-frontend-db-1").
_PASSPHRASE = re.compile(r"^[A-Za-z]{4,12}(?:-[A-Za-z]{4,12}){2,}\d{2}$")


def is_passphrase(value: str) -> bool:
    return _PASSPHRASE.match(value) is not None


def looks_password_like(value: str) -> bool:
    """Without a separator (``password Hunter2!``) only a value that looks made up counts."""
    if len(value) < 6 or is_prose_word(value) or is_version(value):
        return False
    if value.lower().startswith(("http://", "https://", "www.")):
        return False
    has_alpha = any(c.isalpha() for c in value)
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    return (has_alpha and (has_digit or has_symbol)) or (value.isdigit() and len(value) >= 6)


_RUN = re.compile(r"[a-z]+|[A-Z][a-z]*|\d+|[^A-Za-z\d]+")


def looks_random(value: str, *, min_length: int = 16) -> bool:
    """Machine-generated rather than written: high entropy and choppy character runs.

    Identifiers (``getUserAccountInfo``), words joined by separators, and pure
    hex are not random by this test; the hex case is judged by the caller.
    """
    if len(value) < min_length:
        return False
    classes = char_classes(value.replace("-", "").replace("_", ""))
    if classes < 2:
        return False
    runs = _RUN.findall(value)
    average_run = len(value) / max(1, len(runs))
    entropy = shannon_entropy(value)
    ceiling = min(6.0, math.log2(len(value)))
    return average_run < 3.2 and entropy >= 0.78 * ceiling


# Glyphs OCR reads in place of hex digits ("F" for "f", "O" for "0", "S" for "5").
_HEX_LOOKALIKES = str.maketrans("OoSsIilLGZgBD|@¢", "005511116298010c")
_LEADING_LOOKALIKES = str.maketrans("h¥", "bf")
_HEX_ONLY_LETTERS = frozenset("acef")
HEX_ID_MIN = 7
HEX_ID_TOLERANT = 12
HEX_ID_LONG = 20


def is_hex_id(word: str, *, leading: bool = False) -> bool:
    """A hex identifier (commit, container or image id, digest) as OCR may misread it.

    Once look-alikes are mapped back it is all hex, in lower case but for a few
    misread capitals, with one of the letters a, c, e, f that no digit
    resembles. A random key in base64 or mixed case is almost never so.

    ``leading``: the word starts a line that goes on (``git log --oneline``,
    ``docker ps``), where ids stand: any number of misread capitals, and a small
    bitmap font's "h" for "b" and "¥" for "f", are allowed.
    """
    core = word.strip(".,;:()[]{}<>\"'`|")
    if len(core) < HEX_ID_MIN:
        return False
    # A UUID's or a digest's groups: "9a8610ae-9c37-4a34-96d1-3784d8c34ad2".
    mapped = core.replace("-", "").translate(_HEX_LOOKALIKES).lower()
    if leading:
        mapped = mapped.translate(_LEADING_LOOKALIKES)
    # A long id keeps its shape through one misread glyph ("…275272270a0t").
    allowed = 1 if len(mapped) >= HEX_ID_TOLERANT else 0
    if sum(char not in "0123456789abcdef" for char in mapped) > allowed:
        return False
    letters = [char for char in core if char.isalpha()]
    upper = sum(char.isupper() for char in letters)
    hex_letters = sum(char in _HEX_ONLY_LETTERS for char in mapped)
    # "b" and "d" are hex letters too, but "b" is also a misread "6": two are needed.
    enough = hex_letters >= 1 or sum(char in "bd" for char in mapped) >= 2
    # An id holds real digits; a word of hex letters ("decades") does not.
    digits = any(char.isdigit() for char in core)
    # A long id may have many capitals misread ("B934b2c426b4d3FOb6al420ec3SFS7"):
    # a random mixed-case key that long is almost never all hex look-alikes.
    capitals = len(letters) // (2 if len(mapped) >= HEX_ID_LONG else 4)
    # OCR puts F, B, S, O … for small glyphs; a capital A, C or E among small
    # letters was written so ("9009041CF1i5": cells glued, not an id).
    written = upper < len(letters) and any(char in "ACE" for char in core)
    return enough and digits and not written and (leading or upper <= max(2, capitals))
