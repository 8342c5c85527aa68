"""macOS: secure event input, the mode password fields turn on.

``IsSecureEventInputEnabled()`` (Carbon, through ctypes) is true while any
application has secure input on — a focused ``NSSecureTextField``, a browser
password field, Terminal's "Secure Keyboard Entry". A key typed then is
treated as secret (``True``); otherwise ``False``. One C call per key.

The logic is tested with an injected function standing in for Carbon (a
fake); verification on a real Mac is owed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"


def load_secure_input_check() -> Callable[[], bool] | None:
    """Carbon's ``IsSecureEventInputEnabled`` as a Python callable; ``None`` if unavailable."""
    try:
        carbon = ctypes.cdll.LoadLibrary(CARBON)
        function = carbon.IsSecureEventInputEnabled
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_bool
    function.argtypes = []
    return lambda: bool(function())


class SecureInputProbe:
    """Per key: is secure event input on?"""

    __slots__ = ("_check",)

    def __init__(self, check: Callable[[], bool] | None) -> None:
        self._check = check

    def secure(self) -> bool | None:
        if self._check is None:
            return None
        try:
            return bool(self._check())
        except OSError:
            return None

    def close(self) -> None:
        pass
