"""``consentry redact text``: redact a file or standard input.

Reads the whole input (UTF-8), writes the redacted text to stdout, and with
``--json`` a JSON object with the redacted text and the findings (types and
offsets only). Invalid input is refused with the reason; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from agent.commands.errors import CommandError
from redaction import RedactionError, RedactionPolicy, redact_text
from redaction.types import SOURCES

#: Refuse inputs above this size rather than exhaust memory on a mistaken path.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def register(groups: Any) -> None:
    parser = groups.add_parser("redact", help="redact text (images: a later release)")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    text = kinds.add_parser("text", help="redact a text file or standard input")
    text.add_argument("file", nargs="?", help="file to read (default: standard input)")
    text.add_argument("--json", action="store_true", help="print the findings as JSON too")
    text.add_argument(
        "--source",
        choices=SOURCES,
        default="typed",
        help="where the text came from (ocr tolerates misread characters)",
    )
    text.add_argument(
        "--deny-term",
        action="append",
        default=[],
        metavar="TERM",
        help="a term to redact wherever it appears (repeatable)",
    )
    text.add_argument(
        "--deny-file",
        metavar="FILE",
        help="file of deny-list terms, one per line (# starts a comment)",
    )
    text.set_defaults(handler=run_text)


def _read_bytes(path: str | None) -> tuple[bytes, str]:
    if path is None or path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "standard input"
    else:
        file = Path(path)
        name = str(file)
        if file.is_dir():
            raise CommandError(f"cannot read {name}: it is a directory")
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as error:
            raise CommandError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise CommandError(f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    return data, name


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{name} is not UTF-8 text (invalid byte at offset {error.start})"
        ) from None


def _deny_terms(args: argparse.Namespace) -> tuple[str, ...]:
    terms = list(args.deny_term)
    if args.deny_file:
        data, name = _read_bytes(args.deny_file)
        for line in _decode(data, name).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                terms.append(line)
    return tuple(terms)


def run_text(args: argparse.Namespace) -> int:
    policy = RedactionPolicy(deny_terms=_deny_terms(args))
    data, name = _read_bytes(args.file)
    text = _decode(data, name)
    try:
        result = redact_text(text, source=args.source, policy=policy)
    except RedactionError as error:
        raise CommandError(str(error)) from None
    if args.json:
        payload = {
            "text": result.text,
            "findings": [finding.to_dict() for finding in result.findings],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(result.text)
    sys.stdout.flush()
    return 0
