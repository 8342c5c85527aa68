"""What the tray shows, as a value: built from the consent status and nothing else.

The menu is the employee's side of the consent gate, so two rules are built
in here rather than left to callers: pause, withdraw and the notice are always
in the menu (policy can grey out a setting, never remove a control), and every
setting IT has locked is shown, greyed, with who set it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from agent.consent.pause import PRESETS
from agent.consent.status import ConsentStatus
from agent.consent.terms import PURPOSE_LABELS, ConsentTerms

IconState = Literal["recording", "paused", "off", "error"]

#: Menus cut long reasons here (the full text is in ``consentry consent status``).
MAX_LABEL = 90
#: At most this many policy problems are listed in the menu.
MAX_PROBLEMS = 3

# Action names the runner dispatches on.
PAUSE_PREFIX = "pause:"
RESUME = "resume"
SHOW_COLLECTED = "show-collected"
NOTICE = "notice"
WITHDRAW = "withdraw"
QUIT = "quit"


@dataclass(frozen=True)
class MenuEntry:
    """One line of the menu: text only (``action is None``), a command, or a submenu."""

    label: str
    action: str | None = None
    enabled: bool = True
    children: tuple[MenuEntry, ...] = ()

    @property
    def is_separator(self) -> bool:
        return self.label == SEPARATOR.label


SEPARATOR = MenuEntry("----", enabled=False)


@dataclass(frozen=True)
class LockedSetting:
    """A setting the organisation fixed, shown greyed: ``label: value (reason)``."""

    label: str
    value: str
    reason: str = "set by your organisation"

    @property
    def text(self) -> str:
        return f"{self.label}: {self.value} ({self.reason})"


@dataclass(frozen=True)
class TrayModel:
    icon: IconState
    title: str
    items: tuple[MenuEntry, ...]

    def entry(self, label_start: str) -> MenuEntry:
        """The first entry (at any depth) whose label starts with ``label_start``."""
        for item in _walk(self.items):
            if item.label.startswith(label_start):
                return item
        raise KeyError(label_start)

    def labels(self) -> list[str]:
        return [item.label for item in self.items]


def _walk(items: tuple[MenuEntry, ...]) -> list[MenuEntry]:
    found: list[MenuEntry] = []
    for item in items:
        found.append(item)
        found.extend(_walk(item.children))
    return found


ICON_FOR_MODE: dict[str, IconState] = {
    "recording": "recording",
    "paused": "paused",
    "off": "off",
    "withdrawn": "off",
    "error": "error",
}


def build_menu(
    status: ConsentStatus,
    terms: ConsentTerms,
    locks: Sequence[LockedSetting] = (),
    *,
    viewer_available: bool = False,
) -> TrayModel:
    """The tray's icon, tooltip and menu for ``status`` under ``terms``."""
    headline = _headline(status, terms)
    items: list[MenuEntry] = [MenuEntry(headline, enabled=False)]
    items += [MenuEntry(line, enabled=False) for line in _problem_lines(status, terms)]
    items.append(MenuEntry(f"Collecting: {_collecting(status)}", enabled=False))
    if status.notice_pending:
        items.append(
            MenuEntry("The notice has changed: read it and consent again", NOTICE, enabled=True)
        )
    can_pause = bool(status.granted) and status.mode in ("recording", "paused")
    items += [
        SEPARATOR,
        MenuEntry(
            "Pause",
            enabled=can_pause,
            children=tuple(
                MenuEntry(label, PAUSE_PREFIX + spec, enabled=can_pause) for spec, label in PRESETS
            ),
        ),
        MenuEntry("Resume", RESUME, enabled=status.mode == "paused"),
        SEPARATOR,
        MenuEntry("Show what is collected…", SHOW_COLLECTED, enabled=viewer_available),
        MenuEntry("Read the notice", NOTICE),
    ]
    if locks:
        items.append(SEPARATOR)
        items += [MenuEntry(_cut(lock.text), enabled=False) for lock in locks]
    can_withdraw = status.mode != "withdrawn"
    items += [
        SEPARATOR,
        MenuEntry(
            "Withdraw consent…",
            enabled=can_withdraw,
            children=(
                MenuEntry(
                    "Withdraw: stop now and delete unsent data", WITHDRAW, enabled=can_withdraw
                ),
            ),
        ),
        MenuEntry("Quit", QUIT),
    ]
    return TrayModel(
        icon=ICON_FOR_MODE[status.mode],
        title=f"Consentry — {headline[len('Consentry: ') :]}",
        items=tuple(items),
    )


def _headline(status: ConsentStatus, terms: ConsentTerms) -> str:
    if status.mode == "recording":
        return "Consentry: recording"
    if status.mode == "paused" and status.paused_until is not None:
        return f"Consentry: paused until {_local_time(status.paused_until)}"
    if status.mode == "withdrawn":
        return "Consentry: off — consent withdrawn"
    if status.mode == "error":  # the details follow as menu lines
        what = "the policy has problems" if terms.problems else "the consent state cannot be read"
        return f"Consentry: error — {what}"
    return _cut(f"Consentry: off — {status.reason or 'not recording'}")


def _problem_lines(status: ConsentStatus, terms: ConsentTerms) -> list[str]:
    if status.mode != "error":
        return []
    if terms.problems:
        lines = [f"Policy problem: {problem}" for problem in terms.problems[:MAX_PROBLEMS]]
        if len(terms.problems) > MAX_PROBLEMS:
            lines.append(f"… and {len(terms.problems) - MAX_PROBLEMS} more (consentry policy show)")
        return [_cut(line) for line in lines]
    return [_cut(status.reason or "unknown problem")]


def _collecting(status: ConsentStatus) -> str:
    if status.active:
        return ", ".join(PURPOSE_LABELS[p] for p in status.active)
    if status.mode == "paused":
        return "nothing while paused"
    return "nothing"


def _local_time(moment: datetime) -> str:
    local = moment.astimezone()
    today = datetime.now(local.tzinfo).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return local.strftime("%a %H:%M")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
