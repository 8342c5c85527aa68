"""Screen capture (issue 5, item 6): masked, redacted, minimised frames of every monitor.

* :mod:`~agent.capture.screen.capture` — :class:`ScreenCapture`, the source a
  capture session starts, triggers and stops;
* :mod:`~agent.capture.screen.schedule` — when a frame is due (pure);
* :mod:`~agent.capture.screen.masks` — which windows are filled unread, on
  every monitor (pure);
* :mod:`~agent.capture.screen.frame` — one monitor's grab to a frame: change
  check, redaction, minimisation;
* :mod:`~agent.capture.screen.grab` and :mod:`~agent.capture.screen.monitors`
  — pixels from mss, in memory only.
"""

from agent.capture.screen.capture import Clock, ScreenCapture, ScreenStats, SystemClock

__all__ = ["Clock", "ScreenCapture", "ScreenStats", "SystemClock"]
