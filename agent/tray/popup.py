"""The tray menu as a Tk pop-up, for tray backends that cannot show menus.

pystray's plain X11 backend docks an icon but has no menus; without this the
employee would see the indicator and have no pause or withdraw at hand. A
left click on the icon opens the same :class:`TrayModel` here, at the pointer.
Tk runs in its own short-lived thread (one interpreter per pop-up, all Tk
calls on that thread); the chosen action is dispatched after it closes.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from agent.tray.menu import MenuEntry, TrayModel
from agent.tray.runner import Dispatch

log = logging.getLogger(__name__)

#: A pop-up left open this long closes by itself.
POPUP_TIMEOUT_MS = 120_000

_open = threading.Lock()


def show_popup(model: TrayModel, dispatch: Dispatch) -> None:
    """Open the menu at the pointer (ignored while one is already open)."""
    if not _open.acquire(blocking=False):
        return
    threading.Thread(
        target=_run, args=(model, dispatch), name="consentry-tray-popup", daemon=True
    ).start()


def _run(model: TrayModel, dispatch: Dispatch) -> None:
    chosen: list[str] = []
    try:
        import tkinter

        root = tkinter.Tk(className="consentry-menu")
        root.withdraw()
        menu = _build(tkinter, root, model.items, chosen)
        menu.bind("<Unmap>", lambda event: root.after(50, root.quit))
        root.after(POPUP_TIMEOUT_MS, root.quit)
        x, y = root.winfo_pointerxy()
        menu.tk_popup(x, y)
        menu.focus_force()  # arrow keys and Return work without touching the mouse
        root.mainloop()
        root.destroy()
    except Exception:
        log.exception("tray pop-up menu failed")
    finally:
        _open.release()
    for action in chosen[:1]:
        dispatch(action)


def _build(tkinter: Any, parent: Any, entries: tuple[MenuEntry, ...], chosen: list[str]) -> Any:
    menu = tkinter.Menu(parent, tearoff=0)
    for entry in entries:
        state = "normal" if entry.enabled else "disabled"
        if entry.is_separator:
            menu.add_separator()
        elif entry.children:
            submenu = _build(tkinter, menu, entry.children, chosen)
            menu.add_cascade(label=entry.label, menu=submenu, state=state)
        else:
            action = entry.action
            menu.add_command(
                label=entry.label,
                state=state,
                command=(lambda a=action: chosen.append(a)) if action else None,
            )
    return menu
