"""Real xterm screenshots of shell sessions, labelled to the pixel from the character grid.

The synthetic corpus paints terminals with Pillow; the redactor meets xterm's
own rasterisation in the field: X core bitmap fonts, FreeType with hinting and
anti-aliasing, bold faces, ANSI colours, reverse video. Here a real xterm under
Xvfb shows a session written by this module, so the row and column of every
character is known, and xterm itself reports its cell size (``CSI 16 t``) and
grid (``CSI 18 t``); the window's position comes from the X server. A label's
box is its run of cells; :func:`labels.label` finds the ink inside.

Before any label is trusted the whole grid is checked against the capture: a
cell shows ink exactly when it holds a printable character. A grid off by a
pixel, a font xterm did not load, or a frame captured half-drawn fails that
check instead of producing shifted labels.

Everything shown is fictional (see :func:`screen_corpus.make_value`).

Run ``python -m benchmarks.corpora.real.terminal --out DIR`` to write PNGs with
JSON sidecars; it starts its own Xvfb.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import mss
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from benchmarks.corpora.real.inspect import sidecar, with_boxes
from benchmarks.corpora.real.labels import INK_SHARE, MIN_CONTRAST, OVERHANG, label
from benchmarks.corpora.screen_corpus import InkRegion, Screen, ScreenValue, make_value
from benchmarks.corpora.text_corpus import _FIRST, _LAST
from tests.desktop import Display, x_display

__all__ = ["FONTS", "THEMES", "Frame", "Grid", "TermFont", "generate", "render"]

THEMES: tuple[str, ...] = ("light", "reverse", "dark")
MIN_VALUES, MAX_VALUES = 10, 25
"""Sensitive values per frame, as on the busy screens of the synthetic corpus."""
MAX_ATTEMPTS = 6
"""Sessions drawn (each from a fresh sub-seed) before a frame with too few values is an error."""
BORDER = 2
"""xterm's internal border (``-b``) in pixels, between the window edge and the first cell."""
START_TIMEOUT_S = 10.0
"""How long xterm may take to start and answer its size reports."""
SETTLE_TIMEOUT_S = 10.0
"""How long the screen may keep changing after the session was written."""
SETTLE_POLL_S = 0.04
"""Pause between the captures compared to decide that xterm has finished drawing."""


class TerminalCorpusError(RuntimeError):
    """xterm or a font is missing, or xterm did not draw what it was given."""


@dataclass(frozen=True)
class TermFont:
    """A font as xterm is told to use it, and the tag the frame's Screen carries."""

    name: str  # "9x15", "DejaVu Sans Mono 10"
    args: tuple[str, ...]
    source: str  # "xterm-bitmap" or "xterm-ttf"

    @property
    def family(self) -> str:
        return self.name if self.source == "xterm-bitmap" else self.name.rsplit(" ", 1)[0]


_BITMAP = ("fixed", "6x10", "7x14", "8x13", "9x15")
_TRUETYPE = ("DejaVu Sans Mono", "Liberation Mono")
FONTS: tuple[TermFont, ...] = (
    *(TermFont(name, ("-fn", name), "xterm-bitmap") for name in _BITMAP),
    *(
        TermFont(f"{family} {pt}", ("-fa", family, "-fs", str(pt)), "xterm-ttf")
        for family in _TRUETYPE
        for pt in range(9, 13)
    ),
)
_NOMINAL = {"fixed": (6, 13), "6x10": (6, 10), "7x14": (7, 14), "8x13": (8, 13), "9x15": (9, 15)}
"""Cell size of each bitmap font; xterm falls back silently to another font if one is missing."""

_DARK = (("#1e1e1e", "#d0d0d0"), ("#282c34", "#abb2bf"), ("#002b36", "#93a1a1"),
         ("#300a24", "#eeeeec"), ("#0c0c0c", "#cccccc"))  # fmt: skip
"""Background and foreground of dark themes people use (VS Code, One Dark, Solarized, Ubuntu)."""


def _theme_args(theme: str, rng: random.Random) -> tuple[str, ...]:
    if theme == "light":
        return ("-fg", "black", "-bg", "white")
    if theme == "reverse":
        return ("-fg", "black", "-bg", "white", "-rv")
    if theme == "dark":
        bg, fg = rng.choice(_DARK)
        return ("-fg", fg, "-bg", bg)
    raise ValueError(f"unknown theme {theme!r}; known: {', '.join(THEMES)}")


# --------------------------------------------------------------------------------------
# The grid and the frame
# --------------------------------------------------------------------------------------

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Grid:
    """Where xterm's character cells are on the screen: origin of cell (0, 0), cell size."""

    x: int
    y: int
    cell_w: int
    cell_h: int
    cols: int
    rows: int

    def box(self, row: int, col: int, length: int) -> Box:
        """The cells ``col .. col + length - 1`` of ``row``, in screen pixels (exclusive)."""
        x0, y0 = self.x + col * self.cell_w, self.y + row * self.cell_h
        return (x0, y0, x0 + length * self.cell_w, y0 + self.cell_h)


Cells = tuple[int, int, int]
"""A run of cells: row, first column, length."""


@dataclass(frozen=True)
class Frame:
    """A labelled screen, the grid its labels came from, and the text of each row.

    ``cells`` follow ``screen.values``: where on the grid each value was written.
    """

    screen: Screen
    grid: Grid
    cells: tuple[Cells, ...]
    lines: tuple[str, ...]


# --------------------------------------------------------------------------------------
# Sessions: rows of segments, each a piece of text, its value type or None, its SGR
# --------------------------------------------------------------------------------------

Seg = tuple[str, str | None, str]
Row = tuple[Seg, ...]


def _o(text: str, sgr: str = "") -> Seg:
    return (text, None, sgr)


def _row(*parts: str | Seg) -> Row:
    return tuple(_o(p) if isinstance(p, str) else p for p in parts if p and p[0])


def _text(row: Row) -> str:
    return "".join(seg[0] for seg in row)


def _values(rows: Sequence[Row]) -> int:
    return sum(seg[1] is not None for row in rows for seg in row)


def _ansi(rows: Sequence[Row]) -> bytes:
    """What the program in the xterm writes: clear, hide the cursor, rows in their colours."""
    out = ["\x1b[?25l\x1b[H\x1b[2J"]
    for k, row in enumerate(rows):
        if k:
            out.append("\r\n")
        out.extend(f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text for text, _, sgr in row)
    return "".join(out).encode("ascii")


# --------------------------------------------------------------------------------------
# xterm under the display
# --------------------------------------------------------------------------------------

_RUNNER = r"""
import json, os, select, sys, termios, time, tty
report, content, drawn = sys.argv[1:4]
tty.setraw(0)
os.write(1, b"\x1b[?25l\x1b[16t\x1b[18t")
reply, deadline = b"", time.monotonic() + 5
while reply.count(b"t") < 2 and time.monotonic() < deadline:
    if select.select([0], [], [], 0.05)[0]:
        reply += os.read(0, 256)
with open(report + ".part", "w") as f:
    json.dump({"reply": reply.decode("ascii", "replace"), "window": os.environ.get("WINDOWID")}, f)
os.replace(report + ".part", report)
if content:
    data = open(content, "rb").read()
    while data:
        data = data[os.write(1, data):]
    termios.tcdrain(1)
    open(drawn, "w").close()
time.sleep(600)
"""
"""Runs inside the xterm: asks xterm for its cell size and grid, then writes the session."""

_XRM = ("allowWindowOps: true", "cursorBlink: false", "scrollBar: false", "visualBell: false",
        "utf8: 0", "locale: false")  # fmt: skip


@dataclass(frozen=True)
class _Report:
    cell_w: int
    cell_h: int
    cols: int
    rows: int
    window: str


class _Xterm:
    """One xterm running the runner; a context manager so it is always terminated."""

    def __init__(self, display: Display, args: Sequence[str], work: Path, content: bytes) -> None:
        self.display, self.work = display, work
        for name in ("report", "content", "drawn", "stderr"):
            (work / name).unlink(missing_ok=True)
        if content:
            (work / "content").write_bytes(content)
        xrm = [a for line in _XRM for a in ("-xrm", f"XTerm*{line}")]
        command = ["xterm", *xrm, *args, "-e", sys.executable, "-I", "-c", _RUNNER,
                   str(work / "report"), str(work / "content") if content else "",
                   str(work / "drawn")]  # fmt: skip
        self.stderr = (work / "stderr").open("wb")
        self.process = subprocess.Popen(
            command, env=display.env, stdout=subprocess.DEVNULL, stderr=self.stderr
        )

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()

    def _died(self, what: str) -> TerminalCorpusError:
        err = (self.work / "stderr").read_text(errors="replace").strip()
        return TerminalCorpusError(f"xterm {what} (exit {self.process.returncode}): {err}")

    def wait_for(self, name: str, what: str) -> Path:
        path, deadline = self.work / name, time.monotonic() + START_TIMEOUT_S
        while not path.exists():
            if self.process.poll() is not None:
                raise self._died(f"exited before it {what}")
            if time.monotonic() > deadline:
                raise TerminalCorpusError(f"xterm had not {what} after {START_TIMEOUT_S:.0f} s")
            time.sleep(0.01)
        return path

    def report(self) -> _Report:
        data = json.loads(self.wait_for("report", "reported its size").read_text())
        cell = re.search(r"\x1b\[6;(\d+);(\d+)t", data["reply"])
        grid = re.search(r"\x1b\[8;(\d+);(\d+)t", data["reply"])
        if cell is None or grid is None or not data["window"]:
            raise TerminalCorpusError(
                f"xterm did not answer CSI 16 t / CSI 18 t (allowWindowOps?): {data!r}"
            )
        return _Report(int(cell[2]), int(cell[1]), int(grid[2]), int(grid[1]), data["window"])


@contextmanager
def _xterm(display: Display, args: Sequence[str], work: Path, content: bytes) -> Iterator[_Xterm]:
    term = _Xterm(display, args, work, content)
    try:
        yield term
    finally:
        term.close()


def _require(font: TermFont, display: Display) -> None:
    """Fail with what to install, not with a frame drawn in xterm's fallback font."""
    if shutil.which("xterm") is None:
        raise TerminalCorpusError("xterm is not installed: apt-get install xterm")
    if font.source == "xterm-bitmap":
        if shutil.which("xlsfonts") and not display.run("xlsfonts", "-fn", font.name).strip():
            raise TerminalCorpusError(
                f"X core font {font.name!r} is not available: apt-get install xfonts-base"
            )
        return
    listed = subprocess.run(
        ["fc-list", f":family={font.family}", "family"], capture_output=True, text=True
    ).stdout
    if not listed.strip():
        package = "fonts-dejavu-core" if "DejaVu" in font.family else "fonts-liberation"
        raise TerminalCorpusError(
            f"font {font.family!r} is not installed: apt-get install {package}"
        )


@dataclass(frozen=True)
class _Metrics:
    cell_w: int
    cell_h: int
    frame: tuple[int, int, int, int]  # window-manager frame: left, right, top, bottom


@functools.cache
def _metrics(display: Display, font: TermFont) -> _Metrics:
    """Cell size and window frame of ``font``, from an xterm started only to ask (cached)."""
    _require(font, display)
    with tempfile.TemporaryDirectory(prefix="consentry-xterm-") as tmp:
        args = (*font.args, "-b", str(BORDER), "-geometry", "80x24+0+0", "-T", "calibration")
        with _xterm(display, args, Path(tmp), b"") as term:
            report = term.report()
            extents = ""
            for _ in range(100):
                extents = display.run("xprop", "-id", report.window, "_NET_FRAME_EXTENTS")
                if "=" in extents:
                    break
                time.sleep(0.02)
    numbers = tuple(int(n) for n in re.findall(r"\d+", extents.split("=", 1)[-1]))
    if len(numbers) != 4:
        raise TerminalCorpusError(f"no window frame extents for xterm: {extents!r}")
    nominal = _NOMINAL.get(font.name)
    if nominal is not None and nominal != (report.cell_w, report.cell_h):
        raise TerminalCorpusError(
            f"xterm drew {font.name!r} in {report.cell_w}x{report.cell_h} cells, not "
            f"{nominal[0]}x{nominal[1]}: the font is missing (apt-get install xfonts-base)"
        )
    left, right, top, bottom = numbers
    return _Metrics(report.cell_w, report.cell_h, (left, right, top, bottom))


def _grid_size(display: Display, metrics: _Metrics) -> tuple[int, int]:
    """Columns and rows of the largest xterm whose window frame fits on the screen."""
    left, right, top, bottom = metrics.frame
    width, height = display.size
    cols = (width - left - right - 2 * BORDER) // metrics.cell_w
    rows = (height - top - bottom - 2 * BORDER) // metrics.cell_h
    return cols, rows


def _capture(grabber: mss.base.MSSBase) -> Image.Image:
    shot = grabber.grab(grabber.monitors[0])
    return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def _settled(grabber: mss.base.MSSBase) -> Image.Image:
    """A capture equal to the one before it: xterm draws asynchronously after the write."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    frame = _capture(grabber)
    while time.monotonic() < deadline:
        time.sleep(SETTLE_POLL_S)
        again = _capture(grabber)
        if again.tobytes() == frame.tobytes():
            return again
        frame = again
    raise TerminalCorpusError(f"the screen was still changing after {SETTLE_TIMEOUT_S:.0f} s")


def _origin(
    display: Display, window: str, cols: int, rows: int, metrics: _Metrics
) -> tuple[int, int]:
    """Cell (0, 0)'s top-left on the screen: the window's position plus xterm's border.

    The window must be exactly the grid plus the border on each side; anything
    else (a scrollbar, a menu bar, another border) would shift every label.
    """
    info = display.run("xwininfo", "-id", window)
    found = {
        key: int(m[1])
        for key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
        if (m := re.search(rf"{key}:\s+(-?\d+)", info))
    }
    if len(found) != 4:
        raise TerminalCorpusError(f"xwininfo gave no geometry for window {window}: {info!r}")
    size = (found["Width"], found["Height"])
    grid = (cols * metrics.cell_w + 2 * BORDER, rows * metrics.cell_h + 2 * BORDER)
    if size != grid:
        raise TerminalCorpusError(
            f"xterm's window is {size[0]}x{size[1]} px, not its {cols}x{rows} cells plus a "
            f"{BORDER} px border ({grid[0]}x{grid[1]}): the text area is not where it is assumed"
        )
    return found["Absolute upper-left X"] + BORDER, found["Absolute upper-left Y"] + BORDER


# --------------------------------------------------------------------------------------
# Checking the capture against the grid, and labelling it
# --------------------------------------------------------------------------------------


def _cell_ink(image: Image.Image, grid: Grid) -> NDArray[np.bool_]:
    """(rows, cols): whether each cell holds ink by labels.ink's measure.

    The background is the colour of xterm's internal border just above the
    first row. As in labels, a pixel is ink when it differs by INK_SHARE of the
    strongest contrast around it (here: in its row), so the faint anti-aliased
    fringe a TrueType glyph spills into the next cell does not count.
    """
    x1, y1 = grid.x + grid.cols * grid.cell_w, grid.y + grid.rows * grid.cell_h
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    background = np.median(pixels[grid.y - 1, grid.x : x1], axis=0)
    contrast = np.abs(pixels[grid.y : y1, grid.x : x1] - background).max(axis=2)
    bands = contrast.reshape(grid.rows, grid.cell_h, grid.cols, grid.cell_w)
    strongest = bands.max(axis=(1, 2, 3)).reshape(-1, 1, 1, 1)
    ink = bands >= np.maximum(MIN_CONTRAST, INK_SHARE * strongest)
    return np.asarray(ink.any(axis=(1, 3)), dtype=np.bool_)


_FAINT = frozenset("_")
"""Characters drawn as one anti-aliased line, which at some sizes stays under the ink threshold."""


def _check_grid(image: Image.Image, grid: Grid, lines: Sequence[str], name: str) -> None:
    """Every printable character's cell has ink and every blank cell has none."""
    expected = np.zeros((grid.rows, grid.cols), dtype=bool)
    faint = np.zeros((grid.rows, grid.cols), dtype=bool)
    for r, text in enumerate(lines):
        expected[r, : len(text)] = [c != " " for c in text]
        faint[r, : len(text)] = [c in _FAINT for c in text]
    wrong = np.argwhere((_cell_ink(image, grid) != expected) & ~faint)
    if len(wrong):
        where = ", ".join(
            f"row {r} col {c} ({lines[r][c : c + 1] if r < len(lines) else ''!r})"
            for r, c in wrong[:6]
        )
        raise TerminalCorpusError(
            f"{name}: {len(wrong)} cells disagree with the session text ({where}); "
            f"the grid {grid} is off or xterm had not finished drawing"
        )


def _inner(box: Box) -> Box:
    """The box that labels.label, widening it by OVERHANG, searches as exactly ``box``."""
    return (box[0] + OVERHANG, box[1] + OVERHANG, box[2] - OVERHANG, box[3] - OVERHANG)


def _label(
    image: Image.Image, grid: Grid, rows: Sequence[Row]
) -> tuple[list[ScreenValue], list[InkRegion], list[Cells]]:
    """Each value's own cells, and each row without a value as one ordinary line."""
    values: list[ScreenValue] = []
    ordinary: list[InkRegion] = []
    cells: list[Cells] = []
    for r, row in enumerate(rows):
        text = _text(row)
        if not any(seg[1] for seg in row):
            stripped = text.strip()
            if stripped:
                col = len(text) - len(text.lstrip())
                ordinary.append(label(image, stripped, _inner(grid.box(r, col, len(stripped)))))
            continue
        col = 0
        for seg_text, type_, _ in row:
            if type_ is not None:
                box = _inner(grid.box(r, col, len(seg_text)))
                found = label(image, seg_text, box, type_)
                assert isinstance(found, ScreenValue)
                values.append(found)
                cells.append((r, col, len(seg_text)))
            col += len(seg_text)
    return values, ordinary, cells


# --------------------------------------------------------------------------------------
# Shell sessions
# --------------------------------------------------------------------------------------

_USERS = ("jane", "deploy", "marco", "ubuntu", "ops", "sam", "aisha", "tom", "root")
_HOSTS = ("web-3", "db-2", "build-01", "laptop-jd", "api-prod-1", "worker-7", "bastion",
          "dev-box", "mbp-sam", "ci-runner-2")  # fmt: skip
_REPOS = ("billing", "consentry-agent", "shop-api", "infra", "payroll", "crm-sync", "website",
          "ledger", "hr-portal")  # fmt: skip
_PROMPTS = ("debian", "debian", "plain", "rhel", "git", "zsh", "venv")
_DOMAINS = ("example.com", "example.org", "example.net", "corp.example.com", "mail.example.org")
_HEX = "0123456789abcdef"
_MESSAGES = (
    "Fix retry loop in uploader", "Bump requests from 2.31.0 to 2.32.3", "Add NINO detector tests",
    "Refactor invoice export (#482)", "Merge pull request #517 from acme/feature/sso",
    "Update README", "Handle empty CSV rows in importer", "Drop Python 3.9 support",
    "Rotate staging certificates", "Tidy logging config", "Cache exchange rates for 10 min",
    "Use UTC everywhere in reports", "Revert \"Enable HTTP/2 on the API\"", "Pin numpy<2",
    "Fix off-by-one in pagination", "Add healthcheck endpoint", "Speed up payroll export by 3x",
)  # fmt: skip


@dataclass
class _Shell:
    """Who is typing where: the prompt follows ``cd`` and ``ssh`` scenes."""

    rng: random.Random
    cols: int
    user: str
    host: str
    cwd: str
    style: str
    now: dt.datetime

    @classmethod
    def new(cls, rng: random.Random, cols: int) -> _Shell:
        user = rng.choice(_USERS)
        cwd = "/etc/nginx" if user == "root" else rng.choice(("~", f"~/{rng.choice(_REPOS)}"))
        now = dt.datetime(2024, 1, 1, 8) + dt.timedelta(minutes=rng.randrange(600 * 24 * 60))
        return cls(rng, cols, user, rng.choice(_HOSTS), cwd, rng.choice(_PROMPTS), now)

    @property
    def home(self) -> str:
        return "/root" if self.user == "root" else f"/home/{self.user}"

    def prompt(self) -> list[Seg]:
        mark = "#" if self.user == "root" else "$"
        who, cwd = f"{self.user}@{self.host}", self.cwd
        if self.style == "plain":
            return [_o(f"{who}:{cwd}{mark} ")]
        if self.style == "rhel":
            return [_o(f"[{who} {cwd.rsplit('/', 1)[-1]}]{mark} ")]
        if self.style == "zsh":
            return [_o(who, "1;32"), _o(" "), _o(cwd, "1;36"), _o(" % ")]
        colour = "1;31" if self.user == "root" else "1;32"
        head = [_o("(.venv) ")] if self.style == "venv" else []
        tail = [_o(" (main)", "33")] if self.style == "git" and cwd.startswith("~/") else []
        return [*head, _o(who, colour), _o(":"), _o(cwd, "1;34"), *tail, _o(f"{mark} ")]

    def cmd(self, *parts: str | Seg) -> Row:
        return _row(*self.prompt(), *parts)

    def v(self, type_: str, variant: str = "", sgr: str = "") -> Seg:
        return (make_value(type_, self.rng, variant), type_, sgr)

    def person(self) -> tuple[str, str]:
        return self.rng.choice(_FIRST), self.rng.choice(_LAST)

    def email(self, first: str, last: str, sgr: str = "") -> Seg:
        f, s = (re.sub(r"[^a-z]", "", n.lower()) for n in (first, last))
        local = self.rng.choice((f"{f}.{s}", f"{f[0]}.{s}", f"{f}{s[0]}", f"{f}_{s}", f))
        return (f"{local}@{self.rng.choice(_DOMAINS)}", "EMAIL", sgr)

    def ago(self, hours: float) -> dt.datetime:
        return self.now - dt.timedelta(seconds=self.rng.randrange(max(1, int(hours * 3600))))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice(_HEX) for _ in range(n))

    def n(self, low: int, high: int, room: int, per: int = 1, budget: int = 99) -> int:
        """How many items of ``per`` rows (and values) fit in ``room`` and ``budget``."""
        return max(0, min(self.rng.randint(low, high), room // per, budget))


def _pad(seg: Seg, width: int, right: bool = False) -> list[Seg]:
    fill = _o(" " * (width - len(seg[0])))
    return [fill, seg] if right else [seg, fill]


def _columns(cells: Sequence[Seg], widths: Sequence[int], gap: str = "  ") -> Row:
    """Cells left-aligned in fixed columns, as ``last``, ``docker ps`` and ``ls`` print them."""
    parts: list[Seg] = []
    for k, cell in enumerate(cells):
        parts += [_o(gap)] if k else []
        parts += _pad(cell, widths[k]) if k < len(cells) - 1 else [cell]
    return _row(*parts)


def _psql(header: Sequence[str], body: Sequence[Sequence[Seg]], right: Sequence[bool]) -> list[Row]:
    widths = [max(len(h), *(len(r[k][0]) for r in body)) for k, h in enumerate(header)]
    head: list[Seg] = []
    for k, (h, w) in enumerate(zip(header, widths, strict=True)):
        left = (w - len(h)) // 2
        head.append(_o(("|" if k else "") + " " + " " * left + h + " " * (w - len(h) - left) + " "))
    rows = [_row(*head), _row("+".join("-" * (w + 2) for w in widths))]
    for cells in body:
        parts: list[Seg] = []
        for k, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            parts += [_o("|" if k else ""), _o(" "), *_pad(cell, w, right[k]), _o(" ")]
        rows.append(_row(*parts))
    return [*rows, _row(f"({len(body)} row{'s' if len(body) != 1 else ''})"), ()]


def _mysql(
    header: Sequence[str], body: Sequence[Sequence[Seg]], right: Sequence[bool]
) -> list[Row]:
    widths = [max(len(h), *(len(r[k][0]) for r in body)) for k, h in enumerate(header)]
    rule = _row("+" + "+".join("-" * (w + 2) for w in widths) + "+")
    rows = [rule, _row("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
                       + " |"), rule]  # fmt: skip
    for cells in body:
        parts: list[Seg] = [_o("| ")]
        for k, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            parts += [_o(" | ") if k else _o(""), *_pad(cell, w, right[k])]
        rows.append(_row(*parts, " |"))
    seconds = f"{len(body) * 0.01 / 7:.2f}"
    return [*rows, rule, _row(f"{len(body)} rows in set ({seconds} sec)"), ()]


# A table is its name and columns: (header, cell maker, right-aligned).
Column = tuple[str, Callable[[_Shell, tuple[str, str], int], Seg], bool]


def _name_cell(sh: _Shell, who: tuple[str, str], k: int) -> Seg:
    return _o(f"{who[0]} {who[1]}")


def _id_cell(sh: _Shell, who: tuple[str, str], k: int) -> Seg:
    return _o(str(1000 + 17 * k + sh.rng.randint(0, 16)))


def _date_cell(sh: _Shell, who: tuple[str, str], k: int) -> Seg:
    return _o(sh.ago(24 * 900).date().isoformat())


def _birth_cell(sh: _Shell, who: tuple[str, str], k: int) -> Seg:
    return _o((dt.date(1940, 1, 1) + dt.timedelta(days=sh.rng.randrange(65 * 365))).isoformat())


def _money_cell(sh: _Shell, who: tuple[str, str], k: int) -> Seg:
    return _o(f"{sh.rng.uniform(5, 4000):.2f}")


def _value_cell(type_: str, variant: str = "") -> Callable[[_Shell, tuple[str, str], int], Seg]:
    return lambda sh, who, k: sh.v(type_, variant)


_TABLES: dict[str, tuple[Column, ...]] = {
    "customers": (
        ("id", _id_cell, True),
        ("name", _name_cell, False),
        ("email", lambda sh, who, k: sh.email(*who), False),
        ("phone", _value_cell("PHONE"), False),
        ("postcode", _value_cell("UK_POSTCODE"), False),
    ),
    "patients": (
        ("nhs_number", _value_cell("NHS_NUMBER"), False),
        ("name", _name_cell, False),
        ("date_of_birth", _birth_cell, False),
        ("postcode", _value_cell("UK_POSTCODE"), False),
    ),
    "employees": (
        ("id", _id_cell, True),
        ("name", _name_cell, False),
        ("ni_number", _value_cell("UK_NINO"), False),
        ("start_date", _date_cell, False),
        ("mobile", _value_cell("PHONE", "mobile"), False),
    ),
    "payees": (
        ("id", _id_cell, True),
        ("payee", _name_cell, False),
        ("sort_code", _value_cell("SORT_CODE", "dash"), False),
        ("account_no", _value_cell("BANK_ACCOUNT"), False),
        ("amount", _money_cell, True),
    ),
    "mandates": (
        ("id", _id_cell, True),
        ("account_holder", _name_cell, False),
        ("iban", _value_cell("IBAN"), False),
        ("amount", _money_cell, True),
    ),
    "orders": (
        ("order_id", _id_cell, True),
        ("customer", _name_cell, False),
        ("card_number", _value_cell("CARD"), False),
        ("total", _money_cell, True),
        ("placed", _date_cell, False),
    ),
    "us_staff": (
        ("id", _id_cell, True),
        ("name", _name_cell, False),
        ("ssn", _value_cell("US_SSN"), False),
        ("phone", _value_cell("PHONE", "us"), False),
        ("hired", _date_cell, False),
    ),
}


def _table_body(sh: _Shell, columns: Sequence[Column], n: int) -> list[list[Seg]]:
    return [
        [make(sh, who, k) for _, make, _ in columns]
        for k, who in enumerate(sh.person() for _ in range(n))
    ]


def _db_table(sh: _Shell, room: int, budget: int) -> list[Row]:
    """A query in psql, mysql or sqlite3, with the rows a support engineer would pull."""
    table = sh.rng.choice(sorted(_TABLES))
    columns = _TABLES[table]
    plain = (_id_cell, _name_cell, _date_cell, _birth_cell, _money_cell)
    per = sum(make not in plain for _, make, _ in columns)
    client = sh.rng.choice(("psql", "psql", "mysql", "sqlite"))
    n = sh.n(2, 7, room - 13, 1, (budget - 1) // per)
    if n < 1:
        return []
    body = _table_body(sh, columns, n)
    names = ", ".join(h for h, _, _ in columns)
    query = f"select {names} from {table} order by 1 limit {n};"
    right, header = [r for _, _, r in columns], [h for h, _, _ in columns]
    db = sh.rng.choice(("crm", "billing", "hr", "clinic", "shop"))
    if client == "psql":
        return [
            sh.cmd(f"psql -h db.internal -U app {db}"),
            _row("psql (15.6 (Debian 15.6-0+deb12u1))"),
            _row('Type "help" for help.'),
            (),
            _row(f"{db}=> {query}"),
            *_psql(header, body, right),
            _row(f"{db}=> \\q"),
        ]
    if client == "mysql":
        return [
            sh.cmd("mysql -u root -p", sh.v("PASSWORD", "shell"), f" {db}"),
            _row(
                "mysql: [Warning] Using a password on the command line interface can be insecure."
            ),
            _row("Welcome to the MySQL monitor.  Commands end with ; or \\g."),
            _row("Server version: 8.0.36 MySQL Community Server - GPL"),
            (),
            _row(f"mysql> SELECT {names} FROM {table} ORDER BY 1 LIMIT {n};"),
            *_mysql(header, body, right),
            _row("mysql> exit"),
            _row("Bye"),
        ]
    rows = [sh.cmd(f"sqlite3 {db}.db '{query}'")]
    for cells in body:
        parts: list[Seg] = []
        for k, cell in enumerate(cells):
            parts += [_o("|")] if k else []
            parts.append(cell)
        rows.append(_row(*parts))
    return rows


def _git_log(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(1, 4, room - 1, 6, budget)
    rows = [sh.cmd(f"git log -{n}" if sh.rng.random() < 0.6 else "git log")]
    when = sh.now
    for k in range(n):
        deco: list[Seg] = []
        if k == 0:
            deco = [_o(" (", "33"), _o("HEAD -> ", "1;36"), _o("main", "1;32"), _o(", ", "33"),
                    _o("origin/main", "1;31"), _o(")", "33")]  # fmt: skip
        rows.append(_row(_o(f"commit {sh.hexid(40)}", "33"), *deco))
        first, last = sh.person()
        rows.append(_row(f"Author: {first} {last} <", sh.email(first, last), ">"))
        when -= dt.timedelta(minutes=sh.rng.randint(20, 3000))
        stamp = f"{when:%a %b} {when.day} {when:%H:%M:%S %Y} {sh.rng.choice(('+0000', '+0100'))}"
        rows += [_row(f"Date:   {stamp}"), (), _row(f"    {sh.rng.choice(_MESSAGES)}"), ()]
    return rows


def _git_oneline(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(4, 12, room - 1)
    rows = [sh.cmd(f"git log --oneline -{n}")]
    for k in range(n):
        deco = [_o(" (", "33"), _o("HEAD -> ", "1;36"), _o("main", "1;32"), _o(")", "33")]
        rows.append(_row(_o(sh.hexid(7), "33"), *(deco if k == 0 else []),
                         " " + sh.rng.choice(_MESSAGES)))  # fmt: skip
    return rows


def _git_authors(sh: _Shell, room: int, budget: int) -> list[Row]:
    if sh.rng.random() < 0.5:
        n = sh.n(2, 6, room - 1, 1, budget)
        rows = [sh.cmd("git shortlog -sne | head -n ", str(n))]
        for count in sorted((sh.rng.randint(1, 400) for _ in range(n)), reverse=True):
            first, last = sh.person()
            rows.append(_row(f"{count:>6}  {first} {last} <", sh.email(first, last), ">"))
        return rows
    token = sh.v("SECRET", "gh")
    repo, host = sh.rng.choice(_REPOS), "git.example.com"
    return [sh.cmd("git remote -v"),
            *(_row("origin  https://x-access-token:", token, f"@{host}/acme/{repo}.git ({how})")
              for how in ("fetch", "push"))]  # fmt: skip


_ENV_PLAIN = (
    "HOME={home}", "LANG=en_GB.UTF-8", "LOGNAME={user}", "SHELL=/bin/bash", "SHLVL=1",
    "PATH={home}/.local/bin:/usr/local/bin:/usr/bin:/bin", "TERM=xterm", "USER={user}",
    "EDITOR=vim", "HISTSIZE=1000", "NODE_ENV=production", "APP_ENV=staging", "LOG_LEVEL=info",
    "TZ=Europe/London", "DB_NAME=billing", "DB_PORT=5432", "DB_USER=app", "MAIL=/var/mail/{user}",
    "REDIS_URL=redis://cache.internal:6379/0", "XDG_RUNTIME_DIR=/run/user/1000",
    "SSH_TTY=/dev/pts/0", "PYTHONUNBUFFERED=1", "GOPATH={home}/go", "PAGER=less",
    "AWS_DEFAULT_REGION=eu-west-2", "OLDPWD={home}", "COLORTERM=truecolor",
)  # fmt: skip
_ENV_VALUES: tuple[tuple[str, str, str], ...] = (
    ("DB_PASSWORD", "PASSWORD", "env"),
    ("POSTGRES_PASSWORD", "PASSWORD", "env"),
    ("API_TOKEN", "SECRET", "generic"),
    ("GITHUB_TOKEN", "SECRET", "gh"),
    ("AWS_ACCESS_KEY_ID", "SECRET", "aws_id"),
    ("AWS_SECRET_ACCESS_KEY", "SECRET", "aws_secret"),
    ("SLACK_BOT_TOKEN", "SECRET", "slack"),
    ("STRIPE_SECRET_KEY", "SECRET", "stripe"),
    ("DB_HOST", "IP_ADDRESS", "v4"),
    ("SMTP_USER", "EMAIL", ""),
    ("MAIL_PASSWORD", "PASSWORD", "env"),
    ("SUPPORT_PHONE", "PHONE", ""),
    ("JWT_SECRET", "SECRET", "generic"),
    ("GOOGLE_API_KEY", "SECRET", "google"),
    ("ADMIN_EMAIL", "EMAIL", ""),
)


def _env(sh: _Shell, room: int, budget: int) -> list[Row]:
    grep = sh.rng.random() < 0.3
    k = sh.n(2, 7, room - 1, 1, budget)
    plain = 0 if grep else sh.n(4, 14, room - 1 - k)
    entries: list[tuple[str, Seg | None]] = [
        (line.format(user=sh.user, home=sh.home), None) for line in sh.rng.sample(_ENV_PLAIN, plain)
    ]
    entries += [
        (key + "=", sh.v(type_, variant)) for key, type_, variant in sh.rng.sample(_ENV_VALUES, k)
    ]
    command = sh.rng.choice(("env", "printenv", "env | sort"))
    if grep:
        command = "env | grep -iE 'pass|token|key|secret|host|user|mail|phone'"
    if command == "env" or command == "printenv":
        sh.rng.shuffle(entries)
    else:
        entries.sort(key=lambda e: e[0])
    return [sh.cmd(command), *(_row(key, value) if value else _row(key) for key, value in entries)]


def _pgpass(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(2, 5, room - 1, 2, budget // 2)
    rows = [sh.cmd(sh.rng.choice(("cat ~/.pgpass", "cat .pgpass", "less ~/.pgpass")))]
    for _ in range(n):
        host = sh.v("IP_ADDRESS", "v4") if sh.rng.random() < 0.6 else _o("db-2.internal")
        db, user = sh.rng.choice(("billing", "crm", "*", "reporting")), sh.rng.choice(("app", "ro"))
        rows.append(_row(host, f":5432:{db}:{user}:", sh.v("PASSWORD")))
    return rows


def _logins(sh: _Shell, room: int, budget: int) -> list[Row]:
    """``last`` or ``who``: who logged in from where."""
    n = sh.n(3, 8, room - 3, 1, budget)
    if n < 1:
        return []
    if sh.rng.random() < 0.35:
        rows = [sh.cmd("who")]
        for k in range(n):
            when = sh.ago(30)
            rows.append(_row(f"{sh.rng.choice(_USERS[:-1]):<8} pts/{k:<8} {when:%Y-%m-%d %H:%M} (",
                             sh.v("IP_ADDRESS", "v4"), ")"))  # fmt: skip
        return rows
    rows = [sh.cmd(f"last -n {n + 1}")]
    boot = sh.ago(24 * 5)
    for k in range(n):
        when = sh.ago(24 * 4)
        still = (
            "  still logged in" if k == 0 else f" - {when:%H:%M}  (00:{sh.rng.randint(1, 59):02d})"
        )
        cells = [_o(sh.rng.choice(_USERS[:-1])), _o(f"pts/{k}"), sh.v("IP_ADDRESS", "v4"),
                 _o(f"{when:%a %b} {when.day:2d} {when:%H:%M}{still}")]  # fmt: skip
        rows.append(_columns(cells, (8, 12, 16), " "))
    rows.append(_columns([_o("reboot"), _o("system boot"), _o("6.1.0-18-amd64"),
                          _o(f"{boot:%a %b} {boot.day:2d} {boot:%H:%M}   still running")],
                         (8, 12, 16), " "))  # fmt: skip
    return [*rows, (), _row(f"wtmp begins {boot:%a %b} {boot.day:2d} {boot:%H:%M:%S %Y}")]


_PATHS = ("/", "/login", "/api/v1/orders?page=2", "/api/v1/customers/4821", "/static/app.3f9a1c.js",
          "/favicon.ico", "/healthz", "/wp-login.php", "/api/v1/invoices/INV-2024-0192.pdf",
          "/account/settings", "/robots.txt", "/.env")  # fmt: skip
_AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1)",
    "kube-probe/1.29",
)


def _access_log(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(3, 10, room - 1, 1, budget)
    site = sh.rng.choice(("nginx", "apache2"))
    rows = [sh.cmd(f"tail -n {n} /var/log/{site}/access.log")]
    combined = sh.cols >= 150
    for _ in range(n):
        when = sh.ago(2)
        method = sh.rng.choice(("GET", "GET", "GET", "POST", "HEAD"))
        status = sh.rng.choice((200, 200, 200, 304, 404, 301, 500, 401))
        tail = f' "{sh.rng.choice(("-", "https://shop.example.com/"))}" "{sh.rng.choice(_AGENTS)}"'
        request = f'"{method} {sh.rng.choice(_PATHS)} HTTP/1.1" {status} {sh.rng.randint(0, 90000)}'
        stamp = f"[{when:%d/%b/%Y:%H:%M:%S} +0000]"
        rows.append(_row(sh.v("IP_ADDRESS"), f" - - {stamp} {request}{tail if combined else ''}"))
    return rows


def _auth_log(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(3, 8, room - 1, 1, budget + 2)
    rows = [sh.cmd(f"sudo tail -n {n} /var/log/auth.log")]
    for _ in range(n):
        when, pid = sh.ago(6), sh.rng.randint(1000, 40000)
        head = f"{when:%b} {when.day:2d} {when:%H:%M:%S} {sh.host} sshd[{pid}]: "
        kind = sh.rng.random()
        if kind < 0.25 or _values(rows) >= budget:
            rows.append(_row(head.replace("sshd", "CRON"),
                             "pam_unix(cron:session): session closed for user root"))  # fmt: skip
            continue
        port = f" port {sh.rng.randint(1024, 65000)} ssh2"
        if kind < 0.6:
            rows.append(_row(head + "Failed password for invalid user admin from ",
                             sh.v("IP_ADDRESS", "v4"), port))  # fmt: skip
        else:
            rows.append(_row(head + f"Accepted publickey for {sh.user} from ",
                             sh.v("IP_ADDRESS", "v4"), port))  # fmt: skip
    return rows


def _history_entry(sh: _Shell) -> list[str | Seg]:
    pick = sh.rng.randrange(11)
    if pick == 0:
        return ["mysql -u root -p'", sh.v("PASSWORD", "shell"), "' billing"]
    if pick == 1:
        token = sh.v("SECRET", sh.rng.choice(("generic", "gh", "stripe")))
        return ['curl -H "Authorization: Bearer ', token, '" https://api.example.com/v1/me']
    if pick == 2:
        return [f"ssh {sh.rng.choice(('admin', 'root', 'deploy'))}@", sh.v("IP_ADDRESS", "v4")]
    if pick == 3:
        return ["ping ", sh.v("EMAIL")]
    if pick == 4:
        return ["scp backup.sql deploy@", sh.v("IP_ADDRESS", "v4"), ":/srv/backups/"]
    if pick == 5:
        return ["export GITHUB_TOKEN=", sh.v("SECRET", "gh")]
    if pick == 6:
        return ['psql "postgresql://app:', sh.v("PASSWORD", "shell"), "@",
                sh.v("IP_ADDRESS", "v4"), ':5432/billing"']  # fmt: skip
    if pick == 7:
        return ["sshpass -p '", sh.v("PASSWORD", "shell"), "' ssh root@", sh.v("IP_ADDRESS", "v4")]
    if pick == 8:
        return ["curl -u ", sh.v("EMAIL"), ":", sh.v("PASSWORD", "shell"),
                " https://api.example.com/v2/export"]  # fmt: skip
    if pick == 9:
        return ['mail -s "payslip" ', sh.v("EMAIL"), " < payslip-march.pdf"]
    return ["export AWS_SECRET_ACCESS_KEY=", sh.v("SECRET", "aws_secret")]


_HISTORY_PLAIN = (
    "cd ~/{repo}", "ls -la", "git status", "git pull --rebase", "vim config/app.ini", "make test",
    "sudo systemctl restart nginx", "docker compose logs -f api", "python3 manage.py migrate",
    "tail -f /var/log/syslog", "htop", "df -h", "kubectl get pods -n staging", "clear",
    "git checkout -b fix/export-dates", "npm run build", "sudo apt update && sudo apt upgrade",
    "grep -rn TODO src/ | wc -l", "du -sh * | sort -h", "history | grep ssh",
)  # fmt: skip


def _history(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(5, 14, room - 1)
    start = sh.rng.randint(200, 1900)
    rows = [sh.cmd(f"history | tail -n {n}")]
    for k in range(n):
        number = f"{start + k:>5}  "
        if sh.rng.random() < 0.45 and _values(rows) < budget:
            entry = _row(number, *_history_entry(sh))
            if len(_text(entry)) <= sh.cols and _values([*rows, entry]) <= budget:
                rows.append(entry)
                continue
        line = sh.rng.choice(_HISTORY_PLAIN).format(repo=sh.rng.choice(_REPOS))
        rows.append(_row(number + line))
    return rows


def _ssh(sh: _Shell, room: int, budget: int) -> list[Row]:
    """Logging in to another machine; later prompts are the remote host's."""
    ip = sh.v("IP_ADDRESS", "v4")
    user, host = sh.rng.choice(("admin", "deploy", "ubuntu")), sh.rng.choice(_HOSTS)
    last, when = sh.v("IP_ADDRESS", "v4"), sh.ago(48)
    rows = [sh.cmd(f"ssh {user}@", ip)]
    if sh.rng.random() < 0.5:
        rows += [_row(f"{user}@", (ip[0], ip[1], ""), "'s password: "),
                 _row(f"Linux {host} 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 "
                      "(2024-02-01) x86_64"), (),
                 _row("The programs included with the Debian GNU/Linux system are free software;"),
                 _row("the exact distribution terms for each program are described in the"),
                 _row("individual files in /usr/share/doc/*/copyright."), ()]  # fmt: skip
    else:
        rows += [_row("Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic x86_64)"), (),
                 _row(" * Documentation:  https://help.ubuntu.com"),
                 _row(" * Management:     https://landscape.canonical.com"), (),
                 _row(f"  System load:  0.{sh.rng.randint(0, 99):02d}               "
                      f"Processes:             {sh.rng.randint(90, 300)}"),
                 _row(f"  Usage of /:   {sh.rng.uniform(10, 90):.1f}% of 38.58GB   "
                      "Users logged in:       1"),
                 _row(f"  Memory usage: {sh.rng.randint(5, 80)}%                "
                      "IPv4 address for eth0: ", sh.v("IP_ADDRESS", "v4")), ()]  # fmt: skip
    rows.append(_row(f"Last login: {when:%a %b} {when.day:2d} {when:%H:%M:%S %Y} from ", last))
    sh.user, sh.host, sh.cwd = user, host, "~"
    return rows


def _json(sh: _Shell, room: int, budget: int) -> list[Row]:
    """``curl | jq`` of a customer record, in jq's colours."""
    token = sh.v("SECRET", sh.rng.choice(("generic", "stripe", "gh")))
    first, last = sh.person()
    record = sh.rng.randint(1000, 99999)
    fields: list[tuple[str, Seg | int]] = [
        ("id", record), ("name", _o(f"{first} {last}")), ("email", sh.email(first, last)),
        ("phone", sh.v("PHONE")), ("postcode", sh.v("UK_POSTCODE")),
        ("iban", sh.v("IBAN", "plain")), ("ni_number", sh.v("UK_NINO")),
        ("created_at", _o(f"{sh.ago(9000):%Y-%m-%dT%H:%M:%SZ}")), ("marketing_opt_in", 0),
    ]  # fmt: skip
    keep = [f for f in fields if not isinstance(f[1], tuple) or f[1][1] is None]
    valued = [f for f in fields if isinstance(f[1], tuple) and f[1][1] is not None]
    keep += sh.rng.sample(valued, max(0, min(len(valued), budget - 1, room - len(keep) - 3)))
    order = [f[0] for f in fields]
    keep.sort(key=lambda f: order.index(f[0]))
    rows = [sh.cmd('curl -s -H "Authorization: Bearer ', token,
                   f'" https://api.example.com/v1/customers/{record} | jq .')]  # fmt: skip
    rows.append(_row(_o("{", "1")))
    for k, (key, value) in enumerate(keep):
        comma = "," if k < len(keep) - 1 else ""
        head = [_o("  "), _o(f'"{key}"', "1;34"), _o(": ")]
        if isinstance(value, int):
            rows.append(_row(*head, _o("false" if key.startswith("marketing") else str(value)),
                             comma))  # fmt: skip
        else:
            rows.append(
                _row(*head, _o('"', "32"), (value[0], value[1], "32"), _o('"', "32"), comma)
            )
    return [*rows, _row(_o("}", "1"))]


def _config_file(sh: _Shell, room: int, budget: int) -> list[Row]:
    """``cat`` of a .env, an ini file, a YAML file, AWS credentials or a .netrc."""
    kind = sh.rng.choice(("env", "ini", "yaml", "aws", "netrc"))
    rows: list[Row]
    if kind == "env":
        rows = [sh.cmd("cat .env"), _row("APP_NAME=", sh.rng.choice(_REPOS)),
                _row("APP_ENV=production"), _row("APP_DEBUG=false"),
                _row("APP_URL=https://billing.example.com"), (), _row("DB_CONNECTION=pgsql"),
                _row("DB_HOST=", sh.v("IP_ADDRESS", "v4")), _row("DB_PORT=5432"),
                _row("DB_DATABASE=billing"), _row("DB_USERNAME=app"),
                _row('DB_PASSWORD="', sh.v("PASSWORD"), '"'), (),
                _row("MAIL_HOST=smtp.example.com"), _row("MAIL_PORT=587"),
                _row("MAIL_USERNAME=", sh.v("EMAIL", "role")),
                _row("MAIL_PASSWORD=", sh.v("PASSWORD", "env")), (),
                _row("STRIPE_SECRET=", sh.v("SECRET", "stripe"))]  # fmt: skip
    elif kind == "ini":
        rows = [
            sh.cmd("cat config/app.ini"),
            _row(_o("[database]", "1")),
            _row("host = ", sh.v("IP_ADDRESS", "v4")),
            _row("port = 5432"),
            _row("name = ledger"),
            _row("user = ledger_rw"),
            _row("password = ", sh.v("PASSWORD")),
            _row("pool_size = 10"),
            (),
            _row(_o("[smtp]", "1")),
            _row("server = smtp.example.com"),
            _row("username = ", sh.v("EMAIL", "role")),
            _row("password = ", sh.v("PASSWORD")),
            _row("use_tls = true"),
            (),
            _row(_o("[alerts]", "1")),
            _row("on_call = ", sh.v("PHONE", "mobile")),
            _row("threshold_ms = 750"),
        ]
    elif kind == "yaml":
        rows = [
            sh.cmd("cat docker-compose.yml"),
            _row("services:"),
            _row("  db:"),
            _row("    image: postgres:16"),
            _row("    environment:"),
            _row("      POSTGRES_USER: app"),
            _row("      POSTGRES_PASSWORD: ", sh.v("PASSWORD", "env")),
            _row("    volumes:"),
            _row("      - pgdata:/var/lib/postgresql/data"),
            _row("  api:"),
            _row("    build: ."),
            _row("    environment:"),
            _row('      SECRET_KEY: "', sh.v("SECRET", "generic"), '"'),
            _row("      SMTP_USER: ", sh.v("EMAIL", "role")),
            _row("    ports:"),
            _row('      - "8080:8080"'),
            _row("volumes:"),
            _row("  pgdata: {}"),
        ]
    elif kind == "aws":
        rows = [
            sh.cmd("cat ~/.aws/credentials"),
            _row("[default]"),
            _row("aws_access_key_id = ", sh.v("SECRET", "aws_id")),
            _row("aws_secret_access_key = ", sh.v("SECRET", "aws_secret")),
            (),
            _row("[backup]"),
            _row("aws_access_key_id = ", sh.v("SECRET", "aws_id")),
            _row("aws_secret_access_key = ", sh.v("SECRET", "aws_secret")),
            _row("region = eu-west-2"),
        ]
    else:
        rows = [sh.cmd("cat ~/.netrc")]
        for machine in sh.rng.sample(("api.example.com", "git.example.org", "ftp.example.net"), 2):
            rows.append(_row(f"machine {machine} login ", sh.v("EMAIL"), " password ",
                             sh.v("PASSWORD", "shell")))  # fmt: skip
    return _trim_values(rows, budget)


def _trim_values(rows: list[Row], budget: int) -> list[Row]:
    """Drop value rows from the end (keeping the command) until the file is within budget."""
    while _values(rows) > budget:
        last = max(k for k, row in enumerate(rows) if any(seg[1] for seg in row))
        if last == 0:
            return []
        del rows[last]
    return rows


def _network(sh: _Shell, room: int, budget: int) -> list[Row]:
    """ping, a mistaken ping of an e-mail address, dig, /etc/hosts."""
    kind = sh.rng.choice(("ping", "mistake", "dig", "hosts", "hostname"))
    if kind == "mistake":
        email = sh.v("EMAIL")
        return [sh.cmd("ping ", email), _row("ping: ", email, ": Name or service not known")]
    if kind == "dig":
        n = sh.n(1, 3, room - 1, 1, budget)
        return [sh.cmd(f"dig +short {sh.rng.choice(('api', 'www', 'db'))}.example.com"),
                *(_row(sh.v("IP_ADDRESS", "v4")) for _ in range(n))]  # fmt: skip
    if kind == "hostname":
        return [
            sh.cmd("hostname -I"),
            _row(sh.v("IP_ADDRESS", "v4"), " ", sh.v("IP_ADDRESS", "v4")),
        ]
    if kind == "hosts":
        n = sh.n(2, 6, room - 3, 1, budget)
        rows = [sh.cmd("cat /etc/hosts"), _row("# managed by ansible - do not edit")]
        for k in range(n):
            name = f"{sh.rng.choice(('db', 'web', 'cache', 'queue'))}-{k + 1}"
            rows.append(_row(sh.v("IP_ADDRESS", "v4"), f"    {name}.internal {name}"))
        return rows
    ip = sh.v("IP_ADDRESS", "v4")
    n = sh.n(2, 4, room - 6, 1, budget - 3)
    rows = [sh.cmd(f"ping -c {n} ", ip), _row("PING ", ip, " (", ip, ") 56(84) bytes of data.")]
    for k in range(n):
        rows.append(_row("64 bytes from ", ip, f": icmp_seq={k + 1} ttl=63 "
                         f"time={sh.rng.uniform(0.2, 40):.3f} ms"))  # fmt: skip
    times = sorted(sh.rng.uniform(0.2, 40) for _ in range(3))
    return [
        *rows,
        (),
        _row("--- ", ip, " ping statistics ---"),
        _row(f"{n} packets transmitted, {n} received, 0% packet loss, time {1000 * n + 3}ms"),
        _row(f"rtt min/avg/max/mdev = {times[0]:.3f}/{times[1]:.3f}/{times[2]:.3f}/0.214 ms"),
    ]


def _grep_log(sh: _Shell, room: int, budget: int) -> list[Row]:
    """An application log grepped for failures: cards, accounts and addresses in the lines."""
    n = sh.n(2, 6, room - 1, 2, budget // 2)
    rows = [sh.cmd(f"grep -h declined logs/payments-{sh.now:%Y-%m}-*.log | tail -n {n}")]
    for _ in range(n):
        when = sh.ago(300)
        level = _o("WARN", "33") if sh.rng.random() < 0.7 else _o("ERROR", "31")
        rows.append(
            _row(
                f"{when:%Y-%m-%dT%H:%M:%SZ} ",
                level,
                " payment declined card=",
                sh.v("CARD", "plain"),
                f" amount={sh.rng.uniform(3, 900):.2f} GBP customer=",
                sh.v("EMAIL"),
            )
        )
    return rows


def _csv(sh: _Shell, room: int, budget: int) -> list[Row]:
    kind = sh.rng.choice(("staff", "payroll", "patients", "suppliers"))
    per = {"staff": 3, "payroll": 2, "patients": 2, "suppliers": 2}[kind]
    n = sh.n(2, 6, room - 2, 1, budget // per)
    if n < 1:
        return []
    header = {"staff": "employee_id,name,ni_number,email,mobile",
              "payroll": "employee_id,name,sort_code,account_number,net_pay",
              "patients": "nhs_number,surname,postcode,gp_practice",
              "suppliers": "supplier_id,contact,iban,email,terms"}[kind]  # fmt: skip
    rows = [sh.cmd(f"head -n {n + 1} exports/{kind}.csv"), _row(header)]
    for k in range(n):
        first, last = sh.person()
        if kind == "staff":
            cells = [_o(f"E{4000 + k}"), _o(f"{first} {last}"), sh.v("UK_NINO"),
                     sh.email(first, last), sh.v("PHONE", "mobile")]  # fmt: skip
        elif kind == "payroll":
            cells = [_o(f"E{4000 + k}"), _o(f"{first} {last}"), sh.v("SORT_CODE", "dash"),
                     sh.v("BANK_ACCOUNT"), _o(f"{sh.rng.uniform(1200, 5200):.2f}")]  # fmt: skip
        elif kind == "suppliers":
            cells = [
                _o(f"S{700 + k}"),
                _o(f"{first} {last}"),
                sh.v("IBAN", "plain"),
                sh.email(first, last),
                _o(sh.rng.choice(("net 30", "net 60", "on receipt"))),
            ]
        else:
            cells = [
                sh.v("NHS_NUMBER"),
                _o(last),
                sh.v("UK_POSTCODE"),
                _o(f"{sh.rng.choice(('B', 'M', 'L'))}{sh.rng.randint(81000, 89999)}"),
            ]
        parts: list[Seg] = []
        for j, cell in enumerate(cells):
            parts += [_o(",")] if j else []
            parts.append(cell)
        rows.append(_row(*parts))
    return rows


def _notes(sh: _Shell, room: int, budget: int) -> list[Row]:
    """Notes grepped for numbers someone wrote down: SSNs, cards, IBANs, sort codes."""
    home = sh.home
    makers: tuple[Callable[[], list[str | Seg]], ...] = (
        lambda: [
            "onboarding.txt:12:SSN: ",
            sh.v("US_SSN"),
            f" (start date {sh.ago(9000):%Y-%m-%d})",
        ],
        lambda: ["travel.txt:3:Card for travel bookings: ", sh.v("CARD"), " exp 09/27"],
        lambda: ["suppliers.txt:8:Acme Ltd IBAN ", sh.v("IBAN"), " (net 30)"],
        lambda: ["payroll.txt:21:new sort code ", sh.v("SORT_CODE"), " acc ", sh.v("BANK_ACCOUNT")],
        lambda: ["visa-application.txt:5:SSN ", sh.v("US_SSN"), "  passport renewal due May"],
        lambda: ["refunds.txt:14:refund to card ", sh.v("CARD"), " - approved by finance"],
        lambda: ["landlord.txt:2:rent to IBAN ", sh.v("IBAN", "plain"), " on the 1st"],
    )
    n = sh.n(2, 5, room - 1, 1, budget // 2)
    rows = [sh.cmd("grep -rn -iE 'ssn|card|iban|sort code' ~/notes/")]
    for make in sh.rng.sample(makers, n):
        rows.append(_row(_o(f"{home}/notes/", "35"), *make()))
    return _trim_values(rows, budget)


def _secrets(sh: _Shell, room: int, budget: int) -> list[Row]:
    """Tokens where they leak: a grep of the source, gh's config, an echoed variable, .npmrc."""
    kind = sh.rng.choice(("grep", "gh", "echo", "npmrc"))
    if kind == "gh":
        return [sh.cmd("cat ~/.config/gh/hosts.yml"), _row("github.com:"),
                _row(f"    user: {sh.user}"), _row("    oauth_token: ", sh.v("SECRET", "gh")),
                _row("    git_protocol: https")]  # fmt: skip
    if kind == "echo":
        key, variant = sh.rng.choice(
            (
                ("SLACK_BOT_TOKEN", "slack"),
                ("GITHUB_TOKEN", "gh"),
                ("STRIPE_SECRET_KEY", "stripe"),
                ("API_KEY", "generic"),
            )
        )
        return [sh.cmd(f"echo ${key}"), _row(sh.v("SECRET", variant))]
    if kind == "npmrc":
        return [sh.cmd("cat ~/.npmrc"), _row("registry=https://registry.npmjs.org/"),
                _row("//npm.example.com/:_authToken=", sh.v("SECRET", "generic")),
                _row("save-exact=true")]  # fmt: skip
    found = (
        ("src/settings.py", 41, 'STRIPE_KEY = "', ("SECRET", "stripe"), '"'),
        ("scripts/upload.sh", 7, "export AWS_ACCESS_KEY_ID=", ("SECRET", "aws_id"), ""),
        ("scripts/upload.sh", 8, "export AWS_SECRET_ACCESS_KEY=", ("SECRET", "aws_secret"), ""),
        ("config/slack.json", 3, '  "token": "', ("SECRET", "slack"), '",'),
        ("tests/fixtures/env", 2, "GOOGLE_MAPS_KEY=", ("SECRET", "google"), ""),
    )
    n = sh.n(2, 5, room - 1, 1, budget)
    rows = [sh.cmd("grep -rnE 'sk_live|AKIA|xoxb|AIza|SECRET' --exclude-dir=.git .")]
    for path, line, head, (type_, variant), tail in found[:n]:
        rows.append(_row(_o(path, "35"), _o(":", "36"), _o(str(line), "32"), _o(":", "36"),
                         head, sh.v(type_, variant), tail))  # fmt: skip
    return rows


# Scenes without values: the ordinary text between and around them.


def _docker_ps(sh: _Shell, room: int, budget: int) -> list[Row]:
    n = sh.n(2, 7, room - 2)
    images = {
        "postgres:16": "5432/tcp",
        "redis:7-alpine": "6379/tcp",
        "nginx:1.25": "80/tcp, 443/tcp",
        "acme/billing-api:2.14.0": "8080/tcp",
        "grafana/grafana:10.4.1": "3000/tcp",
        "rabbitmq:3-management": "5672/tcp",
        "minio/minio:latest": "9000-9001/tcp",
    }
    rows = [
        sh.cmd("docker ps"),
        _columns(
            [_o(h) for h in ("CONTAINER ID", "IMAGE", "STATUS", "PORTS", "NAMES")],
            (12, 24, 14, 20),
            "   ",
        ),
    ]
    for image in sh.rng.sample(sorted(images), n):
        name = image.split("/")[-1].split(":")[0]
        cells = [sh.hexid(12), image, f"Up {sh.rng.randint(2, 59)} minutes",
                 images[image],
                 f"{sh.rng.choice(_REPOS)}-{name}-1"]  # fmt: skip
        rows.append(_columns([_o(c) for c in cells], (12, 24, 14, 20), "   "))
    return rows


def _system(sh: _Shell, room: int, budget: int) -> list[Row]:
    """uname, dpkg -l, df -h, free -m, uptime: versions and numbers that are not values."""
    kind = sh.rng.choice(("uname", "dpkg", "df", "free", "uptime", "systemctl"))
    if kind == "uname":
        return [
            sh.cmd("uname -a"),
            _row(
                f"Linux {sh.host} 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC "
                "Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux"
            ),
        ]
    if kind == "dpkg":
        packages = (
            ("openssl", "3.0.11-1~deb12u2", "Secure Sockets Layer toolkit - cryptographic utility"),
            (
                "libssl3:amd64",
                "3.0.11-1~deb12u2",
                "Secure Sockets Layer toolkit - shared libraries",
            ),
            ("openssh-server", "1:9.2p1-2+deb12u2", "secure shell (SSH) server"),
            ("nginx", "1.22.1-9", "small, powerful, scalable web/proxy server"),
            ("python3.11", "3.11.2-6", "Interactive high-level object-oriented language"),
            ("postgresql-15", "15.6-0+deb12u1", "The World's Most Advanced Open Source DB"),
        )
        rows = [sh.cmd("dpkg -l | grep -E 'ssl|ssh|nginx|python3.11|postgres'")]
        for name, version, about in packages[: sh.n(2, 6, room - 1)]:
            rows.append(
                _columns([_o("ii"), _o(name), _o(version), _o("amd64"), _o(about)], (2, 16, 20, 6))
            )
        return rows
    if kind == "df":
        rows = [sh.cmd("df -h"), _row("Filesystem      Size  Used Avail Use% Mounted on")]
        for fs, mount in (
            ("udev", "/dev"),
            ("tmpfs", "/run"),
            ("/dev/sda1", "/"),
            ("tmpfs", "/dev/shm"),
            ("/dev/sdb1", "/srv/data"),
        ):
            size = sh.rng.randint(2, 500)
            used = sh.rng.randint(0, size)
            rows.append(_row(f"{fs:<15} {size:>4}G {used:>4}G {size - used:>4}G "
                             f"{100 * used // size:>3}% {mount}"))  # fmt: skip
        return rows
    if kind == "free":
        total = sh.rng.choice((3914, 7951, 15990, 32011))
        used = sh.rng.randint(600, total - 300)
        return [
            sh.cmd("free -m"),
            _row(
                "               total        used        free      shared  buff/cache   available"
            ),
            _row(
                f"Mem:      {total:>10} {used:>11} {total - used:>11} {sh.rng.randint(10, 300):>11}"
                f" {sh.rng.randint(100, 3000):>11} {total - used:>11}"
            ),
            _row(f"Swap:     {1023:>10} {0:>11} {1023:>11}"),
        ]
    if kind == "uptime":
        return [
            sh.cmd("uptime"),
            _row(
                f" {sh.now:%H:%M:%S} up {sh.rng.randint(1, 90)} days,  {sh.rng.randint(0, 23)}:"
                f"{sh.rng.randint(0, 59):02d},  2 users,  load average: 0.08, 0.12, 0.10"
            ),
        ]
    return [
        sh.cmd("systemctl status nginx --no-pager"),
        _row("* nginx.service - A high performance web server and a reverse proxy server"),
        _row("     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; preset: enabled)"),
        _row(
            "     Active: ",
            _o("active (running)", "1;32"),
            f" since {sh.ago(48):%a %Y-%m-%d %H:%M:%S} UTC; 1 day 2h ago",
        ),
        _row("       Docs: man:nginx(8)"),
        _row(f"   Main PID: {sh.rng.randint(400, 9000)} (nginx)"),
        _row("      Tasks: 3 (limit: 4557)"),
        _row(f"     Memory: {sh.rng.uniform(3, 30):.1f}M"),
        _row(f"        CPU: {sh.rng.uniform(0.2, 9):.3f}s"),
    ]


_FILES = (
    "README.md",
    "Makefile",
    "pyproject.toml",
    "docker-compose.yml",
    "setup.cfg",
    ".env.example",
    "CHANGELOG.md",
    "requirements.txt",
    "manage.py",
    "LICENSE",
    "alembic.ini",
)
_DIRS = ("src", "tests", "docs", "scripts", "config", "migrations", "exports", "node_modules")


def _ls(sh: _Shell, room: int, budget: int) -> list[Row]:
    entries = [(d, "d") for d in sh.rng.sample(_DIRS, 4)]
    entries += [(f, "f") for f in sh.rng.sample(_FILES, sh.n(3, 8, room - 6))]
    entries.append(("deploy.sh", "x"))
    entries.sort()
    owner = sh.user
    rows = [
        sh.cmd(sh.rng.choice(("ls -l", "ls -la", "ll"))),
        _row(f"total {sh.rng.randint(20, 400)}"),
    ]
    for name, kind in entries:
        mode = {"d": "drwxr-xr-x", "f": "-rw-r--r--", "x": "-rwxr-xr-x"}[kind]
        size = 4096 if kind == "d" else sh.rng.randint(80, 40000)
        when = sh.ago(24 * 60)
        colour = {"d": "01;34", "f": "", "x": "01;32"}[kind]
        rows.append(
            _row(
                f"{mode} {1 if kind != 'd' else sh.rng.randint(2, 9)} {owner:<6} {owner:<6} "
                f"{size:>6} {when:%b} {when.day:2d} {when:%H:%M} ",
                _o(name, colour),
            )
        )
    return rows[:room]


def _tests(sh: _Shell, room: int, budget: int) -> list[Row]:
    """pytest's banner, dots and coloured summary between rules of = and -."""
    width = min(sh.cols, 80)
    files = sh.rng.sample(
        (
            "tests/test_api.py",
            "tests/test_export.py",
            "tests/test_models.py",
            "tests/test_auth.py",
            "tests/test_invoices.py",
            "tests/test_utils.py",
        ),
        sh.n(2, 5, room - 9),
    )
    passed = 0

    def rule(title: str, char: str = "=", sgr: str = "") -> Row:
        side = (width - len(title) - 2) // 2
        return _row(_o(f"{char * side} {title} {char * (width - len(title) - 2 - side)}", sgr))

    rows = [
        sh.cmd("python3 -m pytest"),
        rule("test session starts", sgr="1"),
        _row("platform linux -- Python 3.11.2, pytest-8.1.1, pluggy-1.4.0"),
        _row(f"rootdir: {sh.home}/{sh.rng.choice(_REPOS)}"),
        _row(f"collected {sh.rng.randint(40, 400)} items"),
        (),
    ]
    for k, name in enumerate(files):
        dots = sh.rng.randint(3, width - len(name) - 10)
        passed += dots
        pct = f"[{100 * (k + 1) // len(files):>3}%]"
        rows.append(
            _row(
                name + " ",
                _o("." * dots, "32"),
                " " * (width - len(name) - dots - 7),
                _o(pct, "32"),
            )
        )
    rows += [(), rule(f"{passed} passed in {sh.rng.uniform(0.5, 30):.2f}s", sgr="1;32")]
    return rows


def _small(sh: _Shell, room: int, budget: int) -> list[Row]:
    """One- and two-line commands that fill the last rows."""
    kind = sh.rng.choice(("cd", "pwd", "date", "whoami", "empty", "echo"))
    if kind == "cd":
        repo = sh.rng.choice(_REPOS)
        sh.cwd = f"~/{repo}"
        return [sh.cmd(f"cd ~/{repo}")]
    if kind == "pwd":
        home = sh.home
        return [sh.cmd("pwd"), _row(sh.cwd.replace("~", home, 1))]
    if kind == "date":
        return [
            sh.cmd("date"),
            _row(f"{sh.now:%a %b} {sh.now.day:2d} {sh.now:%H:%M:%S} UTC {sh.now:%Y}"),
        ]
    if kind == "whoami":
        return [sh.cmd("whoami"), _row(sh.user)]
    if kind == "echo":
        return [sh.cmd("echo $SHELL"), _row("/bin/bash")]
    return [sh.cmd()]


Scene = Callable[[_Shell, int, int], list[Row]]
_VALUED: tuple[tuple[Scene, int], ...] = (
    (_db_table, 6), (_git_log, 2), (_git_authors, 1), (_env, 3), (_pgpass, 1), (_logins, 1),
    (_access_log, 1), (_auth_log, 1), (_history, 3), (_ssh, 1), (_json, 2), (_config_file, 3),
    (_network, 1), (_grep_log, 2), (_csv, 3), (_notes, 3), (_secrets, 3),
)  # fmt: skip
"""Weighted so that every type is common; IP addresses and e-mails come in many scenes anyway."""
_PLAIN: tuple[tuple[Scene, int], ...] = (
    (_git_oneline, 2),
    (_docker_ps, 2),
    (_system, 4),
    (_ls, 3),
    (_tests, 2),
    (_small, 2),
)


def _pick(rng: random.Random, scenes: Sequence[tuple[Scene, int]], used: set[Scene]) -> Scene:
    """A scene by weight; one already on the screen only now and then, as people repeat few."""
    while True:
        scene = rng.choices([s for s, _ in scenes], weights=[w for _, w in scenes])[0]
        if scene not in used or scene is _small or rng.random() < 0.15:
            return scene


def _session(rng: random.Random, cols: int, rows: int) -> tuple[list[Row], _Shell]:
    """Rows for a full screen: scenes until it is full, the newest prompt on the last row.

    Scenes with values are drawn until the frame's target is met, ordinary ones
    after; a scene that does not fit the rows, the columns or the value budget is
    drawn again. Most screens have scrolled, so the first rows are often the end
    of an earlier command's output.
    """
    sh = _Shell.new(rng, cols)
    target = rng.randint(MIN_VALUES + 2, MAX_VALUES - 5)
    out: list[Row] = []
    used: set[Scene] = set()
    if rng.random() < 0.7:
        block = _pick(rng, _PLAIN, set())(sh, rows, 0)
        if len(block) > 2 and all(len(_text(r)) <= cols for r in block):
            out = block[-rng.randint(2, len(block) - 1) :]
    for _ in range(300):
        room, have = rows - 1 - len(out), _values(out)
        if room <= 0:
            break
        valued = have < target and room > 1
        trial = dataclasses.replace(sh)
        scene = _pick(rng, _VALUED if valued else _PLAIN, used)
        block = scene(trial, room, MAX_VALUES - have)
        fresh = _values(block)
        if (
            not block
            or len(block) > room
            or have + fresh > MAX_VALUES
            or (not valued and fresh)
            or any(len(_text(r)) > cols for r in block)
        ):
            continue
        out += block
        used.add(scene)
        sh = trial
    return [*out, sh.cmd()], sh


# --------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------


def render(display: Display, seed: int, *, font: TermFont, theme: str, index: int = 0) -> Frame:
    """One labelled xterm screenshot of a session drawn from ``seed``, in ``font`` and ``theme``."""
    rng = random.Random(seed)
    theme_args = _theme_args(theme, rng)
    metrics = _metrics(display, font)
    cols, rows = _grid_size(display, metrics)
    name = f"t{index}-{font.name.replace(' ', '')}-{theme}"
    session: list[Row] = []
    for _ in range(MAX_ATTEMPTS):
        session, sh = _session(rng, cols, rows)
        if _values(session) >= MIN_VALUES:
            break
    else:
        raise TerminalCorpusError(
            f"{name}: no session with {MIN_VALUES} values fits {cols}x{rows} cells"
        )
    title = f"{sh.user}@{sh.host}: {sh.cwd}"
    args = (*font.args, *theme_args, "-b", str(BORDER), "-geometry", f"{cols}x{rows}+0+0",
            "-T", title, "-n", title)  # fmt: skip
    with (
        tempfile.TemporaryDirectory(prefix="consentry-xterm-") as tmp,
        _xterm(display, args, Path(tmp), _ansi(session)) as term,
        mss.MSS(display=display.name) as grabber,
    ):
        report = term.report()
        if (report.cell_w, report.cell_h, report.cols, report.rows) != (
            metrics.cell_w, metrics.cell_h, cols, rows
        ):  # fmt: skip
            raise TerminalCorpusError(
                f"{name}: xterm has {report.cols}x{report.rows} cells of "
                f"{report.cell_w}x{report.cell_h} px, not the {cols}x{rows} of "
                f"{metrics.cell_w}x{metrics.cell_h} px it was started with"
            )
        x, y = _origin(display, report.window, cols, rows, metrics)
        term.wait_for("drawn", "drawn the session")
        image = _settled(grabber)
    grid = Grid(x, y, metrics.cell_w, metrics.cell_h, cols, rows)
    lines = tuple(_text(row) for row in session)
    _check_grid(image, grid, lines, name)
    values, ordinary, cells = _label(image, grid, session)
    screen = Screen(image, name, theme, font.family, metrics.cell_h, tuple(values),
                    tuple(ordinary), source=font.source)  # fmt: skip
    return Frame(screen, grid, tuple(cells), lines)


def frames(count: int, seed: int, display: Display) -> Iterator[Frame]:
    """``count`` frames; bitmap and TrueType fonts, and the themes, in shuffled rounds.

    Frame ``i`` does not depend on ``count``: each round is drawn from the master
    generator when it starts, and each frame's session from its own sub-seed.
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    master = random.Random(seed)
    themes: list[str] = []
    kinds: list[str] = []
    for index in range(count):
        if not themes:
            themes = master.sample(THEMES, len(THEMES))
        if not kinds:
            kinds = master.sample(("xterm-bitmap", "xterm-ttf"), 2)
        kind = kinds.pop()
        font = master.choice([f for f in FONTS if f.source == kind])
        yield render(display, master.getrandbits(48), font=font, theme=themes.pop(), index=index)


def generate(count: int, seed: int, display: Display) -> list[Screen]:
    """``count`` labelled screenshots of xterm sessions on ``display``, the same for a seed."""
    return [frame.screen for frame in frames(count, seed, display)]


# --------------------------------------------------------------------------------------
# python -m benchmarks.corpora.real.terminal --out DIR
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--out", type=Path, help="directory for PNGs and JSON sidecars")
    parser.add_argument("--size", default="1280x800", help="screen size, WIDTHxHEIGHT")
    parser.add_argument("--boxes", action="store_true", help="also write NAME.boxes.png")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    made: list[Frame] = []
    with x_display(width, height) as display:
        started = time.perf_counter()
        for frame in frames(args.count, args.seed, display):
            made.append(frame)
            screen = frame.screen
            print(
                f"{screen.name:<36} {len(screen.values):>3} values {len(screen.ordinary):>4} "
                f"ordinary  cell {frame.grid.cell_w}x{frame.grid.cell_h}",
                flush=True,
            )
            if args.out is not None:
                args.out.mkdir(parents=True, exist_ok=True)
                screen.image.save(args.out / f"{screen.name}.png")
                labels = json.dumps(
                    sidecar(frame.screen, grid=dataclasses.asdict(frame.grid)),
                    indent=1,
                    ensure_ascii=False,
                )
                (args.out / f"{screen.name}.json").write_text(labels, encoding="utf-8")
                if args.boxes:
                    with_boxes(screen).save(args.out / f"{screen.name}.boxes.png")
        elapsed = time.perf_counter() - started
    n = max(1, len(made))
    types = Counter(v.type for f in made for v in f.screen.values)
    print(f"\n{len(made)} frames in {elapsed:.1f}s ({elapsed / n:.2f}s each); per frame "
          f"{sum(len(f.screen.values) for f in made) / n:.1f} values, "
          f"{sum(len(f.screen.ordinary) for f in made) / n:.1f} ordinary lines")  # fmt: skip
    print("types:", dict(types.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
