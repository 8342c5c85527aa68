"""Tesseract behind one small interface: words with boxes, confidences and glyph boxes.

Two back-ends read the same way:

* :class:`TesserocrEngine` — the in-process binding with a persistent engine (the
  model loads once, ~0.2 s, instead of once per frame). Preferred.
* :class:`CliEngine` — the ``tesseract`` binary, fed the image as PNG on stdin and
  read as TSV on stdout, so no screenshot ever touches a file. This replaces
  pytesseract, which always writes its input to a temporary file on disk.

A binding that does not know where tesseract's language data is (the prebuilt
wheel pip installs) is pointed at the system's (see :mod:`tessdata`). When the
binding cannot run at all, the fallback to the binary is logged once with its
reason, and the engine carries the reason (``fallback_reason``) for the commands
that report which engine reads the screen.

Both run tesseract single-threaded: ``OMP_THREAD_LIMIT=1`` is set (unless the
process already sets it) before the library loads (tesseract's OpenMP pool makes
recognition several times slower on small machines: 1.8 s against 11.7 s for
one 1920×1080 frame on two cores).
"""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import io
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from PIL import Image, ImageOps

from redaction.image.boxes import Box, shifted
from redaction.image.tessdata import find_tessdata, searched
from redaction.types import RedactionError

_log = logging.getLogger(__name__)

# Must precede the first load of libtesseract (libgomp reads it when it loads).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


# The CLI engine gives up on a frame after this long rather than hang capture.
CLI_TIMEOUT_S = 60.0
# Page segmentation: tesseract's automatic layout analysis (PSM 3) reads the
# columns, panels and tables of a screen; a single-block mode merges columns.
PAGE_SEGMENTATION = 3
# Binarisation: tesseract's global Otsu threshold (0). Its local Sauvola
# threshold (2) reads text on mid-grey panels but costs up to twice the time on
# busy tables; preprocess whitens such panels instead.
THRESHOLDING_METHOD = "0"
# Ink tesseract finds but cannot read comes back as a blank word; shaped like
# text (this high, this many times wider than high) it is kept as UNREAD.
UNREAD = "\ufffd"
UNREAD_MIN_PX = 7
UNREAD_MAX_PX = 48
UNREAD_ASPECT = 2.0
# A glyph box wider than this many glyph widths or heights is a runaway box
# (see _trim_glyphs); the widest real glyphs ("W", "—") are about 1.5.
RUNAWAY_GLYPH = 4
# White margin (px) around a region read on its own.
CROP_MARGIN = 16
# Leptonica's message level: errors only go to stderr, where a user would see
# internal box-clipping complaints that mean nothing to them (6 = none).
LEPTONICA_SILENT = 6


class OcrUnavailable(RedactionError):
    """No tesseract back-end can run here (neither the binding nor the binary)."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as tesseract read it.

    ``glyphs`` holds one box per character of ``text`` (a glyph read as two
    characters repeats its box), or is empty when the back-end only knows words.
    """

    text: str
    confidence: float
    box: Box
    glyphs: tuple[Box, ...] = ()

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


class OcrEngine(Protocol):
    """Reads the words of a greyscale image (dark text on a light background)."""

    name: str

    def read(
        self, image: Image.Image, region: Box | None = None, *, inverted_text: bool = True
    ) -> list[OcrWord]:
        """Words inside ``region`` (whole image when None), boxes in image coordinates.

        ``inverted_text=False`` says the page has no light-on-dark panel, so the
        engine need not retry weak lines inverted.
        """
        ...


class TesserocrEngine:
    """A persistent tesseract engine; one thread, one lock (the API is not re-entrant)."""

    name = "tesserocr"

    def __init__(self, lang: str = "eng") -> None:
        try:
            import tesserocr
        except ImportError as exc:
            raise OcrUnavailable("the tesserocr binding is not installed") from exc
        path = _tessdata_for(tesserocr, lang)
        try:
            self._api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=PAGE_SEGMENTATION)
        except RuntimeError as exc:
            raise OcrUnavailable(
                f"the tesserocr binding could not load language {lang!r} from {path}"
            ) from exc
        # The page is normalised to dark-on-light (see preprocess), so tesseract's
        # retry of a weak line inverted is needed only where a light-on-dark
        # panel remains; each read says whether one does (``inverted_text``).
        self._api.SetVariable("thresholding_method", THRESHOLDING_METHOD)
        _quiet_leptonica()
        self._lock = threading.Lock()
        self._ril = tesserocr.RIL
        self._iterate = tesserocr.iterate_level

    def read(
        self, image: Image.Image, region: Box | None = None, *, inverted_text: bool = True
    ) -> list[OcrWord]:
        ril = self._ril
        page, (dx, dy) = crop_for_ocr(image, region)
        with self._lock:
            self._api.SetVariable("tessedit_do_invert", "1" if inverted_text else "0")
            self._api.SetImage(page)
            self._api.Recognize()
            words: list[OcrWord] = []
            text: list[str] = []
            glyphs: list[Box] = []
            head: tuple[float, Box] | None = None
            iterator = self._api.GetIterator()
            for symbol in self._iterate(iterator, ril.SYMBOL):
                if symbol.IsAtBeginningOf(ril.WORD):
                    if head is not None:
                        words.append(build_word(text, glyphs, head))
                    box = symbol.BoundingBox(ril.WORD)
                    head = (symbol.Confidence(ril.WORD), box) if box else None
                    text, glyphs = [], []
                if head is None:
                    continue
                char = symbol.GetUTF8Text(ril.SYMBOL) or ""
                glyph = symbol.BoundingBox(ril.SYMBOL) or head[1]
                text.append(char)
                glyphs.extend([glyph] * len(char))
            if head is not None:
                words.append(build_word(text, glyphs, head))
            self._api.Clear()
        found = [_unread_or_word(word) for word in words]
        kept = [word for word in found if word is not None]
        return kept if region is None else [shift(word, dx, dy) for word in kept]


def _tessdata_for(tesserocr: object, lang: str) -> str:
    """The language data folder for the binding: its own default when that holds
    ``lang``, else the system's (a wheel's bundled tesseract knows only "./")."""
    default, known = tesserocr.get_languages()  # type: ignore[attr-defined]
    if all(name in known for name in lang.split("+")):
        return str(default)
    found = find_tessdata(lang)
    if found is None:
        raise OcrUnavailable(
            f"the tesserocr binding has no language data for {lang!r} at its default path "
            f"{default!r}, and none was found in {searched()}; set TESSDATA_PREFIX to the "
            f"folder holding {lang.split('+')[0]}.traineddata"
        )
    return str(found) + os.sep


def crop_for_ocr(image: Image.Image, region: Box | None) -> tuple[Image.Image, tuple[int, int]]:
    """The part of ``image`` to read and the offset of its pixels in ``image``.

    A crop rather than SetRectangle (tesseract 5.3 returns nothing for some thin
    rectangles it reads correctly as a cropped image), with a margin of white
    around it: a strip one line high leaves layout analysis no room at its
    edges, and the first word is lost.
    """
    if region is None:
        return image, (0, 0)
    crop = image.crop(region)
    fill = 255 if image.mode == "L" else (255,) * len(image.getbands())
    framed = ImageOps.expand(crop, border=CROP_MARGIN, fill=fill)
    return framed, (region[0] - CROP_MARGIN, region[1] - CROP_MARGIN)


@cache
def _quiet_leptonica() -> None:
    """Silence leptonica's stderr messages, once per process (best effort)."""
    name = ctypes.util.find_library("lept") or ctypes.util.find_library("leptonica")
    if name is None:
        return
    try:
        ctypes.CDLL(name).setMsgSeverity(LEPTONICA_SILENT)
    except (OSError, AttributeError):
        return


def _unread_or_word(word: OcrWord) -> OcrWord | None:
    """``word``; or, when tesseract found ink it could not read, an UNREAD word if
    the ink is shaped like text (a run wider than tall, a text line high), so
    that it is masked rather than passed; or None for other blank results."""
    if word.text.strip():
        return word
    x0, y0, x1, y1 = word.box
    height, width = y1 - y0, x1 - x0
    if UNREAD_MIN_PX <= height <= UNREAD_MAX_PX and width >= UNREAD_ASPECT * height:
        return OcrWord(UNREAD, 0.0, word.box)
    return None


def build_word(text: list[str], glyphs: list[Box], head: tuple[float, Box]) -> OcrWord:
    """A word from tesseract's glyphs (text and box per glyph) and its (confidence, box);
    a runaway glyph box is cut back first (see :func:`_trim_glyphs`)."""
    confidence, box = head
    trimmed = _trim_glyphs(glyphs) if all(_within(g, box) for g in glyphs) else glyphs
    if trimmed != glyphs:
        glyphs = trimmed
        box = (
            max(box[0], min(g[0] for g in glyphs)),
            box[1],
            min(box[2], max(g[2] for g in glyphs)),
            box[3],
        )
    return OcrWord("".join(text), float(confidence), box, tuple(glyphs))


def _within(glyph: Box, box: Box) -> bool:
    """The glyph lies inside its word's box (not so for text tesseract read rotated:
    a column of row numbers read as one word has glyph boxes off the page)."""
    return box[0] <= glyph[0] <= glyph[2] <= box[2] and box[1] <= glyph[1] <= glyph[3] <= box[3]


def _trim_glyphs(glyphs: list[Box]) -> list[Box]:
    """Glyph boxes with the odd runaway one cut back to a typical glyph's width.

    Tesseract now and then gives a word's last glyph (a full stop) a box running
    hundreds of pixels over the words after it ("config/app." reaching over
    "ini:12: password=x"); the word's box grows with it, and the line grouping
    then glues the next words to the wrong line. Those words are read as words
    of their own, so the runaway box holds no ink of this word.
    """
    if len(glyphs) < 2:
        return glyphs
    widths = sorted(g[2] - g[0] for g in glyphs)
    typical = max(1, widths[len(widths) // 2])
    height = max(g[3] - g[1] for g in glyphs)
    limit = RUNAWAY_GLYPH * max(typical, height)
    if widths[-1] <= limit:
        return glyphs
    return [(g[0], g[1], g[0] + typical, g[3]) if g[2] - g[0] > limit else g for g in glyphs]


def shift(word: OcrWord, dx: int, dy: int) -> OcrWord:
    """``word`` read from a crop, in the coordinates of the whole image."""
    glyphs = tuple(shifted(glyph, dx, dy) for glyph in word.glyphs)
    return OcrWord(word.text, word.confidence, shifted(word.box, dx, dy), glyphs)


class CliEngine:
    """The ``tesseract`` binary over pipes: PNG in on stdin, TSV out on stdout."""

    name = "tesseract-cli"
    # Why the binding was not used (None: the binary was asked for).
    fallback_reason: str | None

    def __init__(
        self, lang: str = "eng", binary: str | None = None, *, fallback_reason: str | None = None
    ) -> None:
        found = binary or shutil.which("tesseract")
        if not found:
            raise OcrUnavailable("the tesseract program is not installed")
        self._binary = found
        self._lang = lang
        self.fallback_reason = fallback_reason

    def read(
        self, image: Image.Image, region: Box | None = None, *, inverted_text: bool = True
    ) -> list[OcrWord]:
        image, offset = crop_for_ocr(image, region)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        command = [
            self._binary, "stdin", "stdout", "-l", self._lang,
            "--psm", str(PAGE_SEGMENTATION), "-c", f"thresholding_method={THRESHOLDING_METHOD}",
            "-c", f"tessedit_do_invert={int(inverted_text)}", "tsv",
        ]  # fmt: skip
        try:
            done = subprocess.run(
                command,
                input=buffer.getvalue(),
                capture_output=True,
                timeout=CLI_TIMEOUT_S,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            # "from None": a timeout carries the partial output, which is screen text.
            raise OcrUnavailable(f"tesseract did not run: {type(exc).__name__}") from None
        if done.returncode != 0:
            raise OcrUnavailable(f"tesseract exited with status {done.returncode}")
        return parse_tsv(done.stdout.decode("utf-8", "replace"), offset)


def parse_tsv(tsv: str, offset: tuple[int, int] = (0, 0)) -> list[OcrWord]:
    """Words of tesseract's TSV output (level 5 rows), shifted by ``offset``."""
    words: list[OcrWord] = []
    rows = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    header: Sequence[str] | None = None
    for row in rows:
        if header is None:
            header = row
            continue
        if len(row) < 12 or row[0] != "5":
            continue
        left, top, width, height = (int(v) for v in row[6:10])
        x0, y0 = left + offset[0], top + offset[1]
        word = _unread_or_word(OcrWord(row[11], float(row[10]), (x0, y0, x0 + width, y0 + height)))
        if word is not None:
            words.append(word)
    return words


_DEFAULT_LOCK = threading.Lock()


@cache
def _default() -> OcrEngine:
    return new_engine()


def default_engine() -> OcrEngine:
    """The best engine available here, created once per process (threads share it
    and take turns; a thread that reads screens all day should have its own)."""
    with _DEFAULT_LOCK:
        return _default()


def new_engine() -> OcrEngine:
    """A fresh engine (one per thread that reads screens): the binding, else the binary.

    The binary is slower (a process and a PNG per read) and reads a little
    differently, so falling back to it is logged, once per process and reason.
    """
    try:
        return TesserocrEngine()
    except OcrUnavailable as exc:
        reason = str(exc)
    engine = CliEngine(fallback_reason=reason)
    _log_fallback(reason)
    return engine


@cache
def _log_fallback(reason: str) -> None:
    _log.warning("OCR runs the slower tesseract program instead of the binding: %s", reason)


def describe(engine: OcrEngine) -> str:
    """One line for a user: which engine reads the screen and, for a fallback, why."""
    if engine.name == TesserocrEngine.name:
        return "tesserocr (tesseract in-process)"
    reason = getattr(engine, "fallback_reason", None)
    if reason:
        return f"{engine.name} (the slower tesseract program, because {reason})"
    return engine.name
