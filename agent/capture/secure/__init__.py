"""Password-safe typing: is the focused field a password field? One interface, a module per OS.

::

    probe = open_probe(window, window_id)   # on focus change; may scan /proc
    probe.secure()                          # per key press; µs: True | False | None
    probe.close()                           # on the next focus change, or stop

``True`` — keys are dropped whole (no text, no count); ``None`` — counts only;
``False`` — the policy's level (:func:`agent.capture.keys.effective_level`).

What answers, strongest first:

1. everywhere: a credential application, or a title asking for a credential
   (:mod:`.heuristics`) ⇒ ``True`` for the whole focus period;
2. the OS signal, chosen once by platform (:data:`BACKENDS`):

   * Linux: a terminal's pty (:mod:`.terminal`, verified under Xvfb with
     xterm) and AT-SPI roles when ``pyatspi`` is installed (:mod:`.atspi`);
     any ``True`` wins, then any ``False``. A non-terminal X11 window without
     AT-SPI (a Tk or Java application) has no signal ⇒ ``None``;
   * macOS: ``IsSecureEventInputEnabled`` (:mod:`.macos`);
   * Windows: UI Automation ``IsPassword`` of the focused element (:mod:`.windows`).

   The macOS and Windows modules are tested with fake OS calls only; their
   verification on a real machine is owed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from agent.capture.secure.base import FieldProbe, FixedProbe
from agent.capture.secure.heuristics import title_asks_for_credentials, window_takes_credentials
from agent.capture.window import WindowInfo


class AnyTrueProbe:
    """Several OS signals for one window: any ``True`` wins, then any ``False``, else ``None``."""

    __slots__ = ("_probes",)

    def __init__(self, probes: list[FieldProbe]) -> None:
        self._probes = probes

    def __repr__(self) -> str:
        return f"AnyTrueProbe({len(self._probes)})"

    def secure(self) -> bool | None:
        answers = [probe.secure() for probe in self._probes]
        if True in answers:
            return True
        return False if False in answers else None

    def close(self) -> None:
        for probe in self._probes:
            probe.close()


def _linux_probe(window: WindowInfo, window_id: int | None) -> FieldProbe:
    from agent.capture.secure.atspi import AtspiProbe, start_tracker
    from agent.capture.secure.terminal import open_terminal_probe

    probes: list[FieldProbe] = []
    if window.pid is not None:
        terminal = open_terminal_probe(window.pid)
        if terminal is not None:
            probes.append(terminal)
        tracker = start_tracker()
        if tracker is not None:
            probes.append(AtspiProbe(tracker, window.pid))
    return AnyTrueProbe(probes) if probes else FixedProbe(None)


def _macos_probe(window: WindowInfo, window_id: int | None) -> FieldProbe:
    from agent.capture.secure.macos import SecureInputProbe, load_secure_input_check

    return SecureInputProbe(load_secure_input_check())


def _windows_probe(window: WindowInfo, window_id: int | None) -> FieldProbe:
    from agent.capture.secure.windows import UiaPasswordProbe, load_password_query

    return UiaPasswordProbe(load_password_query())


#: The OS signal for each platform (``sys.platform`` prefix).
BACKENDS: dict[str, Callable[[WindowInfo, int | None], FieldProbe]] = {
    "linux": _linux_probe,
    "darwin": _macos_probe,
    "win32": _windows_probe,
}


def open_probe(
    window: WindowInfo | None, window_id: int | None, *, platform: str = sys.platform
) -> FieldProbe:
    """The probe for the newly focused ``window``; close it when focus moves on."""
    if window is None:
        return FixedProbe(None)
    if window_takes_credentials(window):
        return FixedProbe(True)
    for prefix, backend in BACKENDS.items():
        if platform.startswith(prefix):
            return backend(window, window_id)
    return FixedProbe(None)


__all__ = [
    "BACKENDS",
    "AnyTrueProbe",
    "FieldProbe",
    "FixedProbe",
    "open_probe",
    "title_asks_for_credentials",
    "window_takes_credentials",
]
