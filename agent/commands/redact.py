"""``consentry redact text|image``: redact a text file, standard input or a screenshot.

``text`` reads the whole input (UTF-8) and writes the redacted text to stdout;
with ``--json`` a JSON object with the redacted text and the findings (types and
offsets only). ``image`` reads a PNG/JPEG/WebP/… screenshot and writes the
redacted image (same size) to ``-o``; with ``--json`` it prints the filled boxes
and the redacted text read off the image. Invalid input is refused with the
reason; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.commands.errors import CommandError
from redaction import RedactionError, RedactionPolicy, redact_text
from redaction.types import SOURCES

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from redaction import ImageRedaction

#: Refuse inputs above this size rather than exhaust memory on a mistaken path.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def register(groups: Any) -> None:
    parser = groups.add_parser("redact", help="redact a text or a screenshot")
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
    _add_deny_options(text)
    text.set_defaults(handler=run_text)
    image = kinds.add_parser("image", help="redact a screenshot (PNG, JPEG, WebP, ...)")
    image.add_argument("file", metavar="IN", help="image to read")
    image.add_argument("-o", "--output", metavar="OUT", required=True, help="image to write")
    image.add_argument("--json", action="store_true", help="print boxes and text as JSON")
    image.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="X0,Y0,X1,Y1",
        help="a rectangle to fill without reading it (repeatable)",
    )
    _add_deny_options(image)
    image.set_defaults(handler=run_image)


def _add_deny_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--deny-term",
        action="append",
        default=[],
        metavar="TERM",
        help="a term to redact wherever it appears (repeatable)",
    )
    parser.add_argument(
        "--deny-file",
        metavar="FILE",
        help="file of deny-list terms, one per line (# starts a comment)",
    )


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
    data, name = _read_bytes(args.file)
    text = _decode(data, name)
    try:
        policy = RedactionPolicy(deny_terms=_deny_terms(args))
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


#: Output formats by file extension (what Pillow calls them).
IMAGE_FORMATS = {".png": "PNG", ".webp": "WEBP", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP"}


def _open_image(path: str) -> PILImage:
    from PIL import Image, UnidentifiedImageError

    file = Path(path)
    if file.is_dir():
        raise CommandError(f"cannot read {file}: it is a directory")
    try:
        with Image.open(file) as opened:
            opened.load()
            return opened.copy() if opened.mode in ("RGB", "RGBA", "L") else opened.convert("RGB")
    except FileNotFoundError:
        raise CommandError(f"cannot read {file}: no such file") from None
    except UnidentifiedImageError:
        raise CommandError(f"cannot read {file}: not an image Pillow can decode") from None
    except Image.DecompressionBombError:
        raise CommandError(f"cannot read {file}: the image is too large") from None
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror or 'damaged image'}") from None


def _parse_box(text: str) -> tuple[int, int, int, int]:
    parts = text.split(",")
    try:
        x0, y0, x1, y1 = (int(part) for part in parts)
    except ValueError:
        raise CommandError(f"--exclude {text!r}: expected four integers X0,Y0,X1,Y1") from None
    if x1 <= x0 or y1 <= y0:
        raise CommandError(f"--exclude {text!r}: X1 and Y1 must be larger than X0 and Y0")
    return (x0, y0, x1, y1)


def _output_format(path: str) -> str:
    kind = IMAGE_FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        known = ", ".join(sorted(IMAGE_FORMATS))
        raise CommandError(f"cannot write {path}: unknown image type (use {known})")
    return kind


def _write_image(result: ImageRedaction, path: str, kind: str) -> None:
    """Write atomically next to the target (a half-written file is never left behind)."""
    target = Path(path)
    image = result.image
    if kind == "JPEG" and image.mode == "RGBA":
        image = image.convert("RGB")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".consentry-", suffix=".tmp")
    except OSError as error:
        raise CommandError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            image.save(stream, format=kind)
        os.replace(temporary, target)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "the encoder refused the image"
        raise CommandError(f"cannot write {target}: {reason}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)  # gone already after a successful replace


def run_image(args: argparse.Namespace) -> int:
    from redaction import redact_image
    from redaction.image.ocr import default_engine

    exclude = [_parse_box(box) for box in args.exclude]
    kind = _output_format(args.output)
    try:
        policy = RedactionPolicy(deny_terms=_deny_terms(args))
        image = _open_image(args.file)
        engine = default_engine()
        result = redact_image(image, policy=policy, exclude=exclude, engine=engine)
    except RedactionError as error:
        raise CommandError(str(error)) from None
    _write_image(result, args.output, kind)
    if args.json:
        payload = {
            "output": args.output,
            "size": list(result.image.size),
            "boxes": [box.to_dict() for box in result.boxes],
            "text": result.text,
            # Which tesseract read the image; a fallback is slower and reads differently.
            "ocr": {
                "engine": engine.name,
                "fallback_reason": getattr(engine, "fallback_reason", None),
            },
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
    return 0
