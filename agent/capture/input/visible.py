"""Typed text from fields no OS signal can judge: kept only when it is shown in clear on screen.

A password field never shows what is typed into it: bullets, asterisks or
nothing. Where the focused field cannot be asked whether it is a password
field — a Tk or Java application on X11 without accessibility — the typed-text
segment is held back (:meth:`agent.capture.keys.SegmentBuilder.take_unconfirmed`)
and this check reads the focused window once, when the segment ends: the
segment is kept only if every word of it can be read there (:func:`shown_in`),
otherwise it is dropped. Key counts are kept either way.

What this cannot see, and so what it assumes: a password field that shows its
text in clear (a "show password" toggle) in an application with no
accessibility and no telling title. Everything else fails closed: a window
that cannot be found, grabbed or read, a segment that scrolled out of view or
was cleared by Enter, a queue that is full — each drops the segment.

The pixels and the words read are held in memory for the check only, on this
thread, and never logged; the log says how many segments were kept and
dropped, and why by type.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from PIL import Image

from agent.capture.keys.segments import Unconfirmed
from agent.wire import TypedText
from redaction.image.failclosed import edit_distance_at_most

log = logging.getLogger(__name__)

#: Segments waiting for the check: a person ends a segment every few seconds;
#: more than this waiting means the check cannot keep up, and the rest is dropped.
MAX_PENDING = 16
#: Words shorter than this are not checked (``a``, ``I``): OCR drops them, and
#: they carry no secret on their own. A segment with no longer word is dropped.
MIN_WORD = 2
#: A typed word this long may differ from its reading by one character (OCR's
#: l/1, O/0); shorter words must match exactly or be found inside a word read.
FUZZY_FROM = 5
#: Words of this length and more may also be found inside a longer word read
#: (OCR glues words whose gap is narrow).
CONTAINED_FROM = 4
#: Windows up to this many pixels are read at twice their size: small UI text
#: (Tk's default 9 pt) is misread at 1×, and a dialog at 2× costs well under a
#: second of OCR. Larger windows are read as they are.
UPSCALE_UP_TO_PIXELS = 1_000_000
#: How long ``stop`` waits for the segments already queued to be checked.
STOP_SECONDS = 15.0

_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The words of ``text`` as compared: letters and digits, case folded."""
    return [word.casefold() for word in _WORD.findall(text)]


def shown_in(typed: str, read: Iterable[str]) -> bool:
    """Whether every word of ``typed`` can be read among the words ``read`` off the screen."""
    wanted = [word for word in words_of(typed) if len(word) >= MIN_WORD]
    if not wanted:
        return False
    seen = {word for text in read for word in words_of(text)}

    def found(word: str) -> bool:
        if word in seen:
            return True
        if len(word) >= CONTAINED_FROM and any(word in other for other in seen):
            return True
        if len(word) < FUZZY_FROM:
            return False
        return any(edit_distance_at_most(word, other, 1) for other in seen)

    return all(found(word) for word in wanted)


@dataclass
class VisibleStats:
    checked: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)


class WindowReader(Protocol):
    """Reads the words shown in the window with a focus token; raises when it cannot."""

    def read(self, token: int) -> list[str]: ...

    def close(self) -> None: ...


class VisibleTextCheck:
    """Checks held segments on its own thread; keeps (``emit``) those shown on screen.

    The reader is made on that thread on first use (``make_reader``, by
    default :class:`ScreenReader`: a window watcher, a screen grabber and an
    OCR engine, none of which is needed until an unjudged field is typed into).
    """

    def __init__(
        self,
        emit: Callable[[TypedText], None],
        *,
        make_reader: Callable[[], WindowReader] | None = None,
    ) -> None:
        self._emit = emit
        self._make_reader: Callable[[], WindowReader] = make_reader or ScreenReader
        self._pending: queue.Queue[tuple[Unconfirmed, int | None] | None] = queue.Queue(MAX_PENDING)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self.stats = VisibleStats()

    def submit(self, segment: Unconfirmed, window_token: int | None) -> None:
        """Queue ``segment`` (typed into the window ``window_token``); never blocks."""
        with self._lock:
            if self._stopped:
                self.stats.dropped["stopped"] += 1
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="visible-text", daemon=True)
                self._thread.start()
        try:
            self._pending.put_nowait((segment, window_token))
        except queue.Full:
            self.stats.dropped["queue full"] += 1

    def stop(self, timeout_s: float = STOP_SECONDS) -> None:
        """Check what is queued (within ``timeout_s``), then end; later segments are dropped."""
        with self._lock:
            self._stopped = True
            thread = self._thread
        if thread is None:
            return
        with contextlib.suppress(queue.Full):  # the thread is stuck: it is a daemon
            self._pending.put(None, timeout=timeout_s)
        thread.join(timeout_s)
        if self.stats.checked:
            log.info(
                "typed text from unjudged fields: %d kept, %d dropped (%s)",
                self.stats.kept,
                sum(self.stats.dropped.values()),
                ", ".join(f"{why} {n}" for why, n in sorted(self.stats.dropped.items())),
            )

    def _run(self) -> None:
        reader: WindowReader | None = None
        try:
            while (item := self._pending.get()) is not None:
                segment, token = item
                self.stats.checked += 1
                if token is None:
                    self.stats.dropped["no window"] += 1
                    continue
                try:
                    reader = reader or self._make_reader()
                    shown = shown_in(segment.text, reader.read(token))
                except Exception as error:  # cannot read the window: fail closed
                    self.stats.dropped[type(error).__name__] += 1
                    continue
                if not shown:
                    self.stats.dropped["not shown"] += 1
                    continue
                self.stats.kept += 1
                try:
                    self._emit(segment.record)
                except Exception as error:
                    log.error(
                        "a typed-text record could not be handed on: %s", type(error).__name__
                    )
        finally:
            if reader is not None:
                reader.close()


class WindowNotShown(Exception):
    """The window the text was typed into is no longer on screen."""


class ScreenReader:
    """A window's words: its rectangle from the watcher, its pixels from mss, its words by OCR.

    Made on the checking thread (X connections and mss belong to the thread
    that opens them).
    """

    def __init__(self) -> None:
        from agent.capture.screen.grab import MssGrabber
        from agent.capture.window import new_watcher
        from redaction.image.ocr import new_engine

        self._watcher = new_watcher()
        try:
            self._grabber = MssGrabber()
            self._engine = new_engine()
            self._desktop = _union([monitor.rect for monitor in self._grabber.monitors()])
        except BaseException:
            self._watcher.close()
            raise

    def read(self, token: int) -> list[str]:
        from agent.capture.screen.monitors import Monitor
        from redaction.image.redact import prepare, read_words

        shown = self._watcher.visible_windows()
        rect = next((w.rect for w in shown if w.window_id == token), None)
        if rect is None:
            raise WindowNotShown("the window is not shown")
        x0, y0 = max(rect[0], self._desktop[0]), max(rect[1], self._desktop[1])
        x1, y1 = min(rect[2], self._desktop[2]), min(rect[3], self._desktop[3])
        if x1 <= x0 or y1 <= y0:
            raise WindowNotShown("the window is off screen")
        image = self._grabber.grab(Monitor(0, x0, y0, x1 - x0, y1 - y0)).image()
        if image.width * image.height <= UPSCALE_UP_TO_PIXELS:
            image = image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS)
        page, _ = prepare(image, [])
        return [word.text for word in read_words(self._engine, page)]

    def close(self) -> None:
        self._grabber.close()
        self._watcher.close()


def _union(rects: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    if not rects:
        raise WindowNotShown("no monitor")
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )
