"""Linux accessibility (AT-SPI): the role of the focused accessible object.

Toolkits that publish accessibility (GTK, Qt, Firefox, Chromium with
accessibility on) give a password entry the role ``PASSWORD_TEXT``. A
:class:`FocusTracker` listens for ``object:state-changed:focused`` events on
the AT-SPI bus and keeps the role of the object that last gained focus; the
probe reads that value per key (an attribute read). The focused field can
change without a window focus change (Tab from user name to password), which
is why it is an event listener, not a query made on focus change.

``pyatspi`` is a Debian package (``python3-pyatspi``), usually absent from a
virtual environment: without it :func:`start_tracker` returns ``None`` and the
probe answers ``None``. Only the logic is tested here, with a fake registry
and fake accessible objects; verification against a real AT-SPI bus is owed.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

log = logging.getLogger(__name__)

#: Roles of a text field known not to hide its text.
PLAIN_TEXT_ROLES = frozenset({"TEXT", "ENTRY", "PARAGRAPH", "DOCUMENT_TEXT", "EDITBAR"})
#: Roles of a field that hides its text.
SECURE_ROLES = frozenset({"PASSWORD_TEXT"})
FOCUS_EVENT = "object:state-changed:focused"


class FocusTracker:
    """The role name of the accessible that last gained focus, kept from AT-SPI events.

    Role and process are published as one tuple (:attr:`focused`), replaced
    in one assignment: the AT-SPI thread writes while the input worker reads,
    and two attributes could be read half-updated — a new role with the
    previous application's process.
    """

    def __init__(self, registry: Any) -> None:
        self._registry = registry
        #: (role name, process id) of what last gained focus; ``None`` where unknown.
        self.focused: tuple[str | None, int | None] = (None, None)
        self._thread: threading.Thread | None = None

    def on_event(self, event: Any) -> None:
        """An AT-SPI event: remember the role of what gained focus (``detail1 == 1``)."""
        if getattr(event, "detail1", 0) != 1:
            return
        try:
            source = event.source
            role = str(source.getRoleName()).upper().replace(" ", "_")
            app = source.getApplication()
            pid = int(app.get_process_id()) if app is not None else None
        except Exception:  # an object can vanish while read; any error is "unknown"
            role, pid = None, None
        self.focused = (role, pid)

    def start(self) -> None:
        self._registry.registerEventListener(self.on_event, FOCUS_EVENT)
        self._thread = threading.Thread(target=self._registry.start, name="atspi", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        try:
            self._registry.deregisterEventListener(self.on_event, FOCUS_EVENT)
            self._registry.stop()
        except Exception:
            log.info("the accessibility listener did not stop cleanly")


def role_secure(role: str | None) -> bool | None:
    """``True`` for a password role, ``False`` for a plain text role, else ``None``."""
    if role in SECURE_ROLES:
        return True
    if role in PLAIN_TEXT_ROLES:
        return False
    return None


class AtspiProbe:
    """Per key: the focused accessible's role, if it belongs to the focused window's process."""

    __slots__ = ("_pid", "_tracker")

    def __init__(self, tracker: FocusTracker, pid: int | None) -> None:
        self._tracker = tracker
        self._pid = pid

    def secure(self) -> bool | None:
        role, pid = self._tracker.focused
        if self._pid is None or pid != self._pid:
            return None  # the last focus event was of another application: stale
        return role_secure(role)

    def close(self) -> None:
        pass


_tracker: FocusTracker | None = None
_unavailable = False
_tracker_lock = threading.Lock()


def start_tracker() -> FocusTracker | None:
    """The process's one AT-SPI tracker, started on first use; ``None`` without pyatspi.

    Tried once per process: a missing library or bus does not come back
    between two focus changes.
    """
    global _tracker, _unavailable
    with _tracker_lock:
        if _tracker is None and not _unavailable:
            _unavailable = True
            try:
                pyatspi = importlib.import_module("pyatspi")
            except ImportError:
                return None
            tracker = FocusTracker(pyatspi.Registry)
            try:
                tracker.start()
            except Exception:
                log.info("the accessibility bus could not be used: fields count as unsure")
                return None
            _tracker, _unavailable = tracker, False
        return _tracker
