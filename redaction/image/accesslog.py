"""The client of a web server's access log line, masked whatever OCR made of it. Pure.

A line of the common or combined log format starts with the client's address,
then the identity and user fields ("-" unless HTTP authentication named a user)
and the time in brackets: ``2001:db8::2a22 - - [01/Aug/2025:20:33:03 +0000]
"GET / HTTP/1.1" 200 …``. A small terminal font can garble an address past any
pattern ("2001 2db8332a22:371a", its colons read as 3s), but its place in the
line still says what it is, so everything before the identity field is masked
as the address, and a named user with it.

When OCR reads the address as a segment of its own ("192,0,2,145-" set apart
from "- [30/Jan/2024…"), :func:`client_before` finds it on the row to the left.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from redaction.detector import Hit
from redaction.image.layout import Line

TYPE = "IP_ADDRESS"
DETECTOR = "ocr_log_client"

# The time of a log line: "[01/Aug/2025:…", its bracket perhaps read as "(" or "|".
_STAMP = re.compile(r"^[\[(|{]?\d{1,2}/[A-Za-z]{3}/\d{4}")
# What precedes the time: the client, "-", then "-" or a user name.
_FIELDS = re.compile(r"^(?P<client>\S(?:.*\S)?)-?[ ]*-[ ]*(?P<user>\S+)[ ]*$")
_DASHES = re.compile(r"^[ ]*(?:-[ ]*-?[ ]*\S*)?[ ]*$")
# A client is an address or a host name: it has a digit, a dot or a colon.
_ADDRESS_LIKE = re.compile(r"[0-9.:,]")
# A segment to the left that holds the client is short.
CLIENT_MAX_WORDS = 3


def _stamp_start(line: Line) -> int | None:
    """Where the log time starts in ``line.text``, if a word of the line begins with one."""
    for word, start in zip(line.words, line.starts, strict=True):
        if _STAMP.match(word.text):
            return start
    return None


def client_hits(line: Line) -> Iterator[Hit]:
    """The client (and a named user) of an access log line read as one line."""
    stamp = _stamp_start(line)
    if stamp is None:
        return
    fields = _FIELDS.match(line.text[:stamp])
    if fields is None or fields.group("client") is None:
        return
    client = fields.group("client")
    if not _ADDRESS_LIKE.search(client):
        return
    end = fields.end("client")
    if fields.group("user") != "-":
        end = fields.end("user")
    yield Hit(fields.start("client"), end, TYPE, DETECTOR, 0.7)


def client_before(lines: Sequence[Line], left_of: Mapping[int, int]) -> Iterator[int]:
    """Indexes of lines that are the client of the log line to their right: that line
    starts with the identity field, not an address."""
    for index, line in enumerate(lines):
        stamp = _stamp_start(line)
        left = left_of.get(index)
        if stamp is None or left is None or _DASHES.match(line.text[:stamp]) is None:
            continue
        client = lines[left]
        if len(client.words) <= CLIENT_MAX_WORDS and _ADDRESS_LIKE.search(client.text):
            yield left
