"""Which windows are filled unread in a screen, and where on each monitor.

One named predicate, :func:`should_mask_window`, decides for a window; the
rest is rectangle arithmetic. Masks are computed for **every** monitor (a
window of an excluded application on a monitor that does not have focus is
masked as well), and a masked window covers its whole rectangle, frame and
title bar included, even where other windows lie on top of it: over-masking
is the safe side, and the stacking order reported by a window system can be
stale by the time the pixels are grabbed.

Fail closed:

* a window whose application cannot be read has the application id
  ``unknown`` (:data:`agent.capture.window.UNKNOWN_APP_ID`) and follows the
  default rules like any unlisted application; with an allow list it is not
  on the list, so it is masked;
* a window whose title cannot be read is judged by its application alone
  (a title that cannot be read cannot be matched), as
  :func:`agent.capture.rules.should_capture_window` does;
* a policy with problems masks every window (its rules capture nothing) — and
  screen capture takes no frame at all under such a policy;
* when the window list itself cannot be read, no frame is taken (the caller's
  job: :class:`agent.capture.window.WindowListUnavailable`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from agent.capture.rules import AppRules, screen_capture_enabled, should_capture_window
from agent.capture.screen.monitors import Monitor
from agent.capture.window import Rect, VisibleWindow, WindowInfo
from agent.policy import EffectivePolicy


def should_mask_window(info: WindowInfo, policy: AppRules | EffectivePolicy) -> bool:
    """Whether this window is filled unread in screens.

    Yes for a window not captured at all (a denied or credential application,
    an application outside the allow list, a private or incognito title) and
    for one whose application has screen capture turned off.
    """
    process = info.process_name
    if not should_capture_window(info.app_id, info.title, policy, process_name=process):
        return True
    return not screen_capture_enabled(info.app_id, policy, process_name=process)


def masked_rects(
    windows: Iterable[VisibleWindow], policy: AppRules | EffectivePolicy
) -> list[Rect]:
    """The desktop rectangles of the windows to mask, in the order given, without repeats."""
    rects = (window.rect for window in windows if should_mask_window(window.info, policy))
    return list(dict.fromkeys(rect for rect in rects if rect[2] > rect[0] and rect[3] > rect[1]))


def on_monitor(rect: Rect, monitor: Monitor) -> Rect | None:
    """``rect`` clipped to ``monitor`` in the monitor's own pixels; None when off it."""
    x0 = max(rect[0], monitor.left)
    y0 = max(rect[1], monitor.top)
    x1 = min(rect[2], monitor.left + monitor.width)
    y1 = min(rect[3], monitor.top + monitor.height)
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0 - monitor.left, y0 - monitor.top, x1 - monitor.left, y1 - monitor.top)


def monitor_masks(
    rects: Sequence[Rect], monitor: Monitor, pixels: tuple[int, int] | None = None
) -> tuple[Rect, ...]:
    """The parts of the masked rectangles that fall on ``monitor``, in the grab's pixels.

    ``pixels`` is the size of the grab when it differs from the monitor's
    size in desktop units (a Retina Mac: points on the desktop, twice as many
    pixels in the grab); boxes are scaled outward, never inward.
    """
    local = [box for box in (on_monitor(rect, monitor) for rect in rects) if box is not None]
    if pixels is None or pixels == (monitor.width, monitor.height):
        return tuple(local)
    sx, sy = pixels[0] / monitor.width, pixels[1] / monitor.height
    return tuple(
        (
            math.floor(x0 * sx),
            math.floor(y0 * sy),
            min(pixels[0], math.ceil(x1 * sx)),
            min(pixels[1], math.ceil(y1 * sy)),
        )
        for x0, y0, x1, y1 in local
    )
