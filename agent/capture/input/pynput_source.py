"""The pynput hooks: a keyboard and a mouse listener whose callbacks only call the sink.

pynput is imported when the source starts, not before: on Linux importing it
needs a display (``$DISPLAY``), and on macOS it needs the Accessibility and
Input Monitoring permissions. Xorg: keys and pointer events come through the
RECORD extension; events injected with XTest (xdotool) are seen like a
person's.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from agent.capture.input.source import (
    CLICK,
    KEY_DOWN,
    KEY_UP,
    MOVE,
    SCROLL,
    InputSourceError,
    Sink,
)

log = logging.getLogger(__name__)

#: How long to wait for a listener to be live before giving up.
START_TIMEOUT_S = 10.0


class PynputSource:
    """Keyboard and mouse listeners (pynput) feeding a sink."""

    def __init__(self) -> None:
        self._listeners: list[Any] = []

    def __repr__(self) -> str:
        return f"PynputSource(listeners={len(self._listeners)})"

    def start(self, sink: Sink) -> None:
        try:
            keyboard: Any = importlib.import_module("pynput.keyboard")
            mouse: Any = importlib.import_module("pynput.mouse")
        except ImportError as error:
            raise InputSourceError(
                f"the input hooks cannot be loaded ({type(error).__name__}): "
                "is a display available and pynput installed?"
            ) from None

        def on_press(key: object) -> None:
            sink(KEY_DOWN, key, None)

        def on_release(key: object) -> None:
            sink(KEY_UP, key, None)

        def on_move(x: float, y: float) -> None:
            sink(MOVE, x, y)

        def on_click(x: float, y: float, button: object, pressed: bool) -> None:
            sink(CLICK, button, pressed)

        def on_scroll(x: float, y: float, dx: float, dy: float) -> None:
            sink(SCROLL, dx, dy)

        self._listeners = [
            keyboard.Listener(on_press=on_press, on_release=on_release),
            mouse.Listener(on_move=on_move, on_click=on_click, on_scroll=on_scroll),
        ]
        for listener in self._listeners:
            listener.daemon = True
            listener.start()
        for listener in self._listeners:
            listener.wait()
            if not listener.is_alive():
                self.stop()
                raise InputSourceError("an input listener stopped as it started")

    def alive(self) -> bool:
        """False once a listener thread has ended: pynput's Xorg listener ends silently
        when its X connection fails (it swallows the error), so this is the only sign."""
        listeners = self._listeners
        return bool(listeners) and all(listener.is_alive() for listener in listeners)

    def stop(self) -> None:
        """Stop both listeners; one whose X connection already broke does not stop the other."""
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            try:
                listener.stop()
            except Exception as error:  # Xlib's ConnectionClosedError: it has ended anyway
                log.info("an input listener could not be stopped cleanly: %s", type(error).__name__)
            _end_xrecord(listener)
        for listener in listeners:
            if listener.is_alive():
                listener.join(START_TIMEOUT_S)


def _end_xrecord(listener: Any) -> None:
    """Xorg: make a stopped listener's thread return now, not at the next input event.

    pynput (1.8) disables its RECORD context on the connection that is blocked
    reading events, so the request is not sent until an event wakes it
    (pynput pull request #583). Disabling it on the listener's other
    connection and flushing ends the blocking read at once. No-op elsewhere.
    """
    display = getattr(listener, "_display_stop", None)
    context = getattr(listener, "_context", None)
    if display is None or context is None:
        return
    try:
        display.record_disable_context(context)
        display.flush()
    except Exception:  # the connection may already be closed: the thread is ending anyway
        return
