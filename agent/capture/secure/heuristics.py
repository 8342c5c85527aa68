"""Signals that a window takes credentials, readable on every OS.

* the application is a password manager or a credential prompt
  (:func:`agent.capture.credential_apps.is_credential_app`);
* the focused window's title says so: password, passphrase, PIN, passcode,
  unlock, sign in, log in, authenticate (:data:`CREDENTIAL_TITLE`). Titles are
  matched in English only; other languages rely on the OS signals.

Both are read once per focus change; either one settles the probe at ``True``.
"""

from __future__ import annotations

import re

from agent.capture.credential_apps import is_credential_app
from agent.capture.window import WindowInfo

#: Words in a window title that mean the window asks for a credential. ``PIN``
#: is matched as a whole word in capitals or not ("Enter PIN", "pin code") but
#: not inside another word ("pinned", "spinning").
CREDENTIAL_TITLE = re.compile(
    r"pass\s?(?:word|phrase|code)|\bpins?\b|\bunlock|\bsign[\s_-]?in\b|\blog[\s_-]?in\b|"
    r"\blogon\b|\bauthenticat",
    re.IGNORECASE,
)


def title_asks_for_credentials(title: str | None) -> bool:
    return title is not None and CREDENTIAL_TITLE.search(title) is not None


def window_takes_credentials(window: WindowInfo) -> bool:
    """The heuristics: a credential application, or a title asking for a credential."""
    return is_credential_app(window.app_id, window.process_name) or title_asks_for_credentials(
        window.title
    )
