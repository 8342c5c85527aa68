"""The tray: the always-visible indicator and the employee's controls.

:mod:`agent.tray.menu` builds what the tray shows from the consent status (a
pure function, tested without a display), :mod:`agent.tray.icon` draws the
icon for each state, and :mod:`agent.tray.runner` is the thin pystray adapter
that shows them and turns clicks into consent controller calls.
"""

from agent.tray.menu import IconState, LockedSetting, MenuEntry, TrayModel, build_menu

__all__ = ["IconState", "LockedSetting", "MenuEntry", "TrayModel", "build_menu"]
