"""Lines of a credentials file shown in a terminal, masked whole. Pure.

Some files hold nothing but secrets, one record per line: ``~/.pgpass``
(host:port:database:user:password), ``~/.netrc``, ``~/.git-credentials``, an
``.htpasswd``, ``/etc/shadow``, a private key. A small terminal font garbles the
colons between a record's fields ("10,13 ,231 4125432:reporting app tpumpk
in-shadow-…", each ":" read as a "t" or lost) past any pattern, but the command
that printed them still says what every line is: the lines under ``cat
~/.pgpass`` (or ``less``, ``head`` …) up to the next prompt are masked whole,
fail closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from redaction.image.layout import Line

TYPE = "PASSWORD"
DETECTOR = "ocr_credentials_file"

# A file of credentials, as OCR reads its name ("“Y.pgpass" for ~/.pgpass); a
# public key ("id_rsa.pub") holds none.
_FILES = re.compile(
    r"(?i)(?:pgpass|netrc|git-credentials|htpasswd|etc/shadow|id_(?:rsa|ecdsa|ed25519|dsa)(?!\.pub))"
)
# A command that prints a file, as a word of its own.
_READERS = re.compile(r"(?i)(?:^|\s)(?:cat|less|more|head|tail|bat|tac|nl|type|get-content|gc)\s")
# A shell prompt in a line's first two words ("jane@laptop:~$", "(.venv)
# admin@worker-7:~$", "[ops@db-2 ~]$", "$"), however OCR garbled its host. A
# record ending in "$" has no "@" before it.
_PROMPT = re.compile(r"^(?:\S*@\S*[$#%>]|\S*\][$#%>]|[$#%>])$")
# The listing's lines start at the command line's left edge, give or take this
# many line heights...
LEFT_SLACK_HEIGHTS = 2.0
# ...and follow each other closer than this many (a wider gap ends the listing).
LINE_GAP_HEIGHTS = 2.5
# A listing longer than this is no credentials file a person pages through.
MAX_LINES = 60


def _prints_credentials(line: Line) -> bool:
    """``line`` runs a command that prints a credentials file (``cat ~/.pgpass``)."""
    reader = _READERS.search(line.text)
    return reader is not None and _FILES.search(line.text, reader.end()) is not None


def _is_prompt(line: Line, prompt: str) -> bool:
    """``line`` starts with a shell prompt: the command line's own, or any other."""
    first = line.words[0].text
    return first == prompt or any(_PROMPT.match(word.text) for word in line.words[:2])


def credentials_file_lines(lines: Sequence[Line]) -> Iterator[int]:
    """Indexes of the lines printed by a command that shows a credentials file, and
    of the segments on their rows to the right (a record OCR read in two pieces)."""
    for command in lines:
        if not _prints_credentials(command):
            continue
        height = command.height
        prompt = command.words[0].text
        bottom = command.box[3]
        rows: list[Line] = []
        below = sorted(
            (other for other in lines if other.box[1] >= command.box[3] - height // 2),
            key=lambda other: other.box[1],
        )
        for line in below:
            if abs(line.box[0] - command.box[0]) > LEFT_SLACK_HEIGHTS * height:
                continue
            if line.box[1] - bottom > LINE_GAP_HEIGHTS * height or _is_prompt(line, prompt):
                break
            rows.append(line)
            bottom = line.box[3]
            if len(rows) >= MAX_LINES:
                break
        for position, line in enumerate(lines):
            if any(line is row or _beside(line, row) for row in rows):
                yield position


def _beside(line: Line, row: Line) -> bool:
    """``line`` is a segment of ``row`` to its right: it shares most of its height."""
    shared = min(line.box[3], row.box[3]) - max(line.box[1], row.box[1])
    return line.box[0] >= row.box[2] and 2 * shared >= min(
        line.box[3] - line.box[1], row.box[3] - row.box[1]
    )
