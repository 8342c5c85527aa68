"""High-entropy tokens: credentials with no known prefix and no keyword nearby.

The last line of defence for secrets pasted into chat or read off a screen
(``use 9fK2xQ7LmZp4Rt8WvB3n to log in``). Guards keep ordinary technical prose
readable: identifiers (``getUserAccountInformation``), UUIDs, paths and URLs
made of words, version strings, and hex commit hashes.
"""

from __future__ import annotations

import re

from redaction.detector import LETTERS, RAW, Detector, ScanContext
from redaction.detectors.values import is_hex_id, looks_random
from redaction.ocr_views import TO_LETTER as _LETTER_VIEW

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_SEPARATORS = re.compile(r"[/.\-_~+=:]+")
HASH_CONTEXT = (
    "commit", "sha", "hash", "checksum", "digest", "md5", "sha1", "sha256", "revision", "rev",
    "merged", "merge", "cherry-pick", "revert", "git", "fixed in", "build", "etag", "object",
)  # fmt: skip


def _word_like(part: str) -> bool:
    """A path or identifier segment people write: letters with at most a short number."""
    letters = part.rstrip("0123456789")
    if not letters:
        return len(part) <= 8
    if not letters.isalpha():
        return False
    if letters.islower() or letters.isupper() or letters[1:].islower() or _camel(letters):
        return True
    # One odd-case letter in an otherwise upper-case word: an OCR repair ("PAsSWORD").
    return sum(char.islower() for char in letters) == 1 and len(letters) >= 5


_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


def _camel(word: str) -> bool:
    """``getUserAccountInformation``, ``XMLHttpRequest``: humps that read as words.

    Random mixed-case strings also split into humps; words have vowels, no long
    consonant runs, and acronyms stay short.
    """
    humps = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", word)
    if "".join(humps) != word:
        return False
    for hump in humps:
        if len(hump) < 2:
            return False
        if hump.isupper():
            if len(hump) > 5:
                return False
            continue
        lowered = hump.lower()
        if not any(vowel in lowered for vowel in "aeiouy") or _CONSONANT_RUN.search(lowered):
            return False
    return True


# An alternation has more than this many "|", each part shorter than ALTERNATION_PART.
ALTERNATION_MIN_PIPES = 2
ALTERNATION_PART = 10


def _structured(core: str) -> bool:
    """Word-like parts once OCR digit-for-letter misreads are undone (``acc0unt``)."""
    parts = [part for part in _SEPARATORS.split(core) if part]
    return bool(parts) and all(_word_like(part) for part in parts)


def _generated_name(core: str, parts: list[str]) -> bool:
    """Lower-case names with a random suffix: pods, branches, build ids.

    ``web-frontend-cff6ec973e-8rz6l`` has words and a hash, no upper case and no
    part long enough to be a key by itself. Credentials are rarely all lower
    case *and* made of short dash-separated parts that include words.
    """
    if any(char.isupper() for char in core) or len(parts) < 2:
        return False
    has_word = any(part.isalpha() and len(part) >= 3 for part in parts)
    return has_word and all(len(part) < 16 for part in parts)


def _alternation(raw: str) -> bool:
    """Short names joined by "|" (a grep pattern: 'sk_live|AKIA|xoxb|AIza'), which
    the letter view reads as one word ("|" for "l")."""
    parts = raw.split("|")
    short = all(len(part) < ALTERNATION_PART for part in parts)
    return len(parts) > ALTERNATION_MIN_PIPES and short


def _validate_token(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    core = value.strip("=")
    if _UUID.match(core) or _alternation(ctx.text[start:end]):
        return None
    if _HEX.match(core):
        if len(core) in (32, 48, 64, 96, 128) and not ctx.has_context(
            start, HASH_CONTEXT, window=30
        ):
            return 0.7
        return None
    if ctx.ocr and is_hex_id(core) and len(core) not in (32, 48, 64, 96, 128):
        return None  # a hex id read with misread capitals
    parts = [part for part in _SEPARATORS.split(core) if part]
    if parts and all(_word_like(part) for part in parts):
        return None
    if ctx.ocr and _structured(core.translate(_LETTER_VIEW)):
        return None
    if _generated_name(core, parts):
        return None
    if any(looks_random(part, min_length=16) for part in parts) or looks_random(
        core, min_length=20
    ):
        return 0.8
    return None


HIGH_ENTROPY = Detector(
    name="high_entropy_token",
    type="SECRET",
    patterns=(r"[A-Za-z0-9+/_\-~.]{20,}={0,3}",),
    validate=_validate_token,
    views=(RAW, LETTERS),
)


def _validate_split_token(value: str, start: int, end: int, ctx: ScanContext) -> float | None:
    left, right = value.split(" ")
    if not (looks_random(left, min_length=6) or looks_random(right, min_length=6)):
        return None
    if is_hex_id(left) != is_hex_id(right):
        return None  # a container or commit id beside a name ("20b1idF7dg5d6 postgres")
    return _validate_token(left + right, start, end, ctx)


HIGH_ENTROPY_OCR_SPLIT = Detector(
    name="high_entropy_token_ocr_split",
    type="SECRET",
    # OCR breaks a long token with a stray space ("Wv6VcZM1 2kDEBDiIGrOeh10RA").
    patterns=(r"[A-Za-z0-9+/_\-~]{6,} [A-Za-z0-9+/_\-~]{6,}={0,3}",),
    validate=_validate_split_token,
    ocr_only=True,
)

DETECTORS = (HIGH_ENTROPY, HIGH_ENTROPY_OCR_SPLIT)
