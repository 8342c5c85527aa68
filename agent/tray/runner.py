"""The thin pystray adapter: shows the :class:`TrayModel` and turns clicks into consent calls.

Everything the tray decides lives in :mod:`agent.tray.menu` (pure, tested
without a display); this module only maps that model onto ``pystray`` objects,
dispatches actions to the consent controller, and keeps the icon current:

* on every controller change (a listener), and
* on a short timer that calls :meth:`ConsentController.poll`, which notices a
  pause that expired and changes made by another process (``consentry consent
  pause`` in a terminal).

``pystray`` connects to the display when it is imported, so it is imported
here, lazily, inside :meth:`TrayRunner.run` — never at module import.

Backends: with PyGObject present pystray uses AppIndicator or GTK and shows the
full menu. Its plain X11 backend (``xorg``, used when PyGObject is absent)
docks the icon in any freedesktop system tray but cannot show menus; there a
left click opens the same menu as a Tk pop-up (:mod:`agent.tray.popup`).
"""

from __future__ import annotations

import logging
import threading
import webbrowser
from collections.abc import Callable, Sequence
from typing import Any

from agent.consent import ConsentController, ConsentError, ConsentStatus
from agent.consent.pause import PauseError
from agent.files import write_atomic
from agent.tray.icon import draw_icon
from agent.tray.menu import (
    NOTICE,
    PAUSE_PREFIX,
    QUIT,
    RESUME,
    SHOW_COLLECTED,
    WITHDRAW,
    LockedSetting,
    MenuEntry,
    TrayModel,
    build_menu,
)

log = logging.getLogger(__name__)

#: How often the tray re-checks consent: a pause that ends, or a change made in a terminal,
#: shows within this many seconds (the capture gate itself sees changes at once).
POLL_SECONDS = 2.0
#: The notice is written here (inside the state directory) for the viewer to open.
NOTICE_FILE = "notice.txt"

Dispatch = Callable[[str], None]


def open_notice_file(controller: ConsentController) -> None:
    """Write the notice next to the consent state and open it with the desktop's viewer."""
    path = controller.paths.state_dir / NOTICE_FILE
    write_atomic(path, controller.notice().encode("utf-8"))
    webbrowser.open(path.as_uri())


class TrayRunner:
    def __init__(
        self,
        controller: ConsentController,
        *,
        locks: Sequence[LockedSetting] = (),
        show_collected: Callable[[], None] | None = None,
        open_notice: Callable[[ConsentController], None] = open_notice_file,
        poll_seconds: float = POLL_SECONDS,
        on_visible: Callable[[], None] | None = None,
    ) -> None:
        self.controller = controller
        self.locks = tuple(locks)
        self.show_collected = show_collected
        self.open_notice = open_notice
        self.poll_seconds = poll_seconds
        #: Called once the icon is shown: the agent starts capture only then.
        self.on_visible = on_visible
        self._icon: Any = None
        self._stopped = threading.Event()
        self._shown: TrayModel | None = None
        self._refreshing = threading.Lock()

    # -- the model and the actions (no display needed) -------------------------------

    def model(self, status: ConsentStatus | None = None) -> TrayModel:
        return build_menu(
            status or self.controller.status(),
            self.controller.terms,
            self.locks,
            viewer_available=self.show_collected is not None,
        )

    def dispatch(self, action: str) -> None:
        """Carry out a menu action; a refusal is logged, never raised into the tray loop."""
        try:
            if action.startswith(PAUSE_PREFIX):
                self.controller.pause(action[len(PAUSE_PREFIX) :])
            elif action == RESUME:
                self.controller.resume()
            elif action == WITHDRAW:
                self.controller.withdraw()
            elif action == NOTICE:
                self.open_notice(self.controller)
            elif action == SHOW_COLLECTED and self.show_collected is not None:
                self.show_collected()
            elif action == QUIT:
                self.stop()
            else:
                log.warning("unknown tray action %r", action)
        except (ConsentError, PauseError, OSError) as error:
            log.error("tray action %s refused: %s", action, error)
        self.refresh()

    # -- pystray ---------------------------------------------------------------------

    def run(self) -> None:
        """Show the tray and block until Quit or :meth:`stop`."""
        import pystray

        model = self.model()
        self._icon = pystray.Icon(
            "consentry",
            icon=draw_icon(model.icon),
            title=self._title(pystray, model),
            menu=self._menu(pystray, model),
        )
        self._shown = model
        unsubscribe = self.controller.subscribe(lambda status: self.refresh(status))
        try:
            self._icon.run(setup=self._setup)
        finally:
            unsubscribe()
            self._stopped.set()

    def stop(self) -> None:
        self._stopped.set()
        if self._icon is not None:
            self._icon.stop()

    def refresh(self, status: ConsentStatus | None = None) -> None:
        """Bring the icon, tooltip and menu up to date (cheap when nothing changed)."""
        icon = self._icon
        if icon is None or self._stopped.is_set():
            return
        with self._refreshing:
            model = self.model(status)
            if model == self._shown:
                return
            import pystray

            if self._shown is None or model.icon != self._shown.icon:
                icon.icon = draw_icon(model.icon)
            if self._shown is None or model.title != self._shown.title:
                icon.title = self._title(pystray, model)
            icon.menu = self._menu(pystray, model)
            self._shown = model

    def _setup(self, icon: Any) -> None:
        # The poll thread first: the icon must follow consent even if showing it fails here.
        threading.Thread(target=self._poll, name="consentry-tray-poll", daemon=True).start()
        icon.visible = True
        _enable_xorg_clicks(icon)
        if self.on_visible is not None:
            self.on_visible()

    def _poll(self) -> None:
        while not self._stopped.wait(self.poll_seconds):
            try:
                self.refresh(self.controller.poll())
            except Exception:  # the indicator must outlive one failed refresh
                log.exception("tray refresh failed")

    def _menu(self, pystray: Any, model: TrayModel) -> Any:
        items = to_pystray(pystray, model.items, self.dispatch)
        if not getattr(self._icon_class(pystray), "HAS_MENU", True):
            from agent.tray.popup import show_popup

            items = (
                pystray.MenuItem(
                    "Consentry",
                    lambda icon, item: show_popup(self.model(), self.dispatch),
                    default=True,
                    visible=False,
                ),
                *items,
            )
        return pystray.Menu(*items)

    @staticmethod
    def _icon_class(pystray: Any) -> Any:
        return pystray.Icon

    def _title(self, pystray: Any, model: TrayModel) -> str:
        """The tooltip; the X11 backend stores it as a Latin-1 ``WM_NAME``."""
        if not str(getattr(self._icon_class(pystray), "__module__", "")).endswith("_xorg"):
            return model.title
        plain = model.title.replace("—", "-").replace("…", "...")
        return plain.encode("latin-1", "replace").decode("latin-1")


def _enable_xorg_clicks(icon: Any) -> None:
    """Let the X11 backend's icon window receive clicks (pystray 0.19 omits ``ButtonPress``).

    pystray's ``xorg`` icon handles ``ButtonPress`` but creates its window
    without selecting it (moses-palmer/pystray#151: "clicking does nothing"),
    so a left click — our only way to open the menu there — never arrives.
    Other backends are left alone.
    """
    window = getattr(icon, "_window", None)
    display = getattr(icon, "_display", None)
    if window is None or display is None or not type(icon).__module__.endswith("_xorg"):
        return
    from Xlib import X

    try:
        window.change_attributes(
            event_mask=X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
        )
        display.flush()
    except Exception:  # the icon still shows; only the pop-up is lost
        log.exception("could not enable clicks on the tray icon")


def to_pystray(pystray: Any, entries: tuple[MenuEntry, ...], dispatch: Dispatch) -> tuple[Any, ...]:
    """``pystray.MenuItem`` objects for ``entries`` (text lines disabled, submenus nested)."""
    items: list[Any] = []
    for entry in entries:
        if entry.is_separator:
            items.append(pystray.Menu.SEPARATOR)
        elif entry.children:
            submenu = pystray.Menu(*to_pystray(pystray, entry.children, dispatch))
            items.append(pystray.MenuItem(entry.label, submenu, enabled=entry.enabled))
        else:
            items.append(
                pystray.MenuItem(
                    entry.label, _action(entry.action, dispatch), enabled=entry.enabled
                )
            )
    return tuple(items)


def _action(action: str | None, dispatch: Dispatch) -> Callable[[Any, Any], None] | None:
    if action is None:
        return None

    def run(icon: Any, item: Any) -> None:
        dispatch(action)

    return run
