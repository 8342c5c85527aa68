"""Where tesseract's language data is, when the tesserocr binding does not know.

The tesserocr wheel that pip installs bundles its own libtesseract, built for a
prefix that does not exist on the user's machine: its default data path is
"./", and ``PyTessBaseAPI()`` fails there. The system's tesseract knows where
its data is, so it is asked, after the user's own ``TESSDATA_PREFIX``; then the
paths the usual packages install to are tried.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# Where packages put the data: Debian/Ubuntu (tesseract 5 and 4), Fedora, Arch,
# Homebrew (Apple silicon and Intel), MacPorts, the Windows installer.
USUAL_PATHS: tuple[str, ...] = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "/opt/local/share/tessdata",
    r"C:\Program Files\Tesseract-OCR\tessdata",
)
# `tesseract --list-langs` starts: List of available languages in "/path/" (2):
_LISTED_PATH = re.compile(r'languages in "([^"]+)"')
LIST_LANGS_TIMEOUT_S = 10.0


def _from_environment() -> Iterator[Path]:
    """TESSDATA_PREFIX names the tessdata folder itself or (tesseract 3) its parent."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        yield Path(prefix)
        yield Path(prefix) / "tessdata"


def _from_program() -> Iterator[Path]:
    """The folder the system's ``tesseract`` program reads its languages from."""
    program = shutil.which("tesseract")
    if program is None:
        return
    try:
        done = subprocess.run(
            [program, "--list-langs"],
            capture_output=True,
            timeout=LIST_LANGS_TIMEOUT_S,
            check=False,
            text=True,
        )
    except (OSError, subprocess.TimeoutExpired):
        return
    match = _LISTED_PATH.search(done.stdout + done.stderr)
    if match:
        yield Path(match.group(1))


def candidates() -> Iterator[Path]:
    """Folders to look in, in the order they are trusted."""
    yield from _from_environment()
    yield from _from_program()
    paths = USUAL_PATHS if sys.platform == "win32" else USUAL_PATHS[:-1]
    yield from map(Path, paths)


def find_tessdata(lang: str) -> Path | None:
    """The first folder holding ``{lang}.traineddata`` for every ``+``-joined language."""
    wanted = lang.split("+")
    for folder in candidates():
        if all((folder / f"{name}.traineddata").is_file() for name in wanted):
            return folder
    return None


def searched() -> str:
    """Where :func:`find_tessdata` looks, in words, for an error message."""
    return "TESSDATA_PREFIX, the folder `tesseract --list-langs` reports, and " + ", ".join(
        USUAL_PATHS
    )
