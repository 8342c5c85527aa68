"""Capture: the sources that sense what happens on the device, and the rules that limit them.

* :mod:`agent.capture.window` — the active window and idle time, one module
  per OS behind one small interface, chosen once at start-up;
* :mod:`agent.capture.rules` — the application rules from policy as named
  predicates (``should_capture_app``, ``should_capture_window``,
  ``keystroke_level``, ``screen_capture_enabled``);
* :mod:`agent.capture.focus` — a focused window turned into a ``window_focus``
  record: rules, then title redaction, then the wire format's bounds;
* :mod:`agent.capture.idle` — idle/active transitions from idle-time readings;
* :mod:`agent.capture.credential_apps` — password managers and credential
  prompts, never captured whatever the policy says;
* :mod:`agent.capture.keys` — keystroke minimisation, the pure core (counts,
  classes, redacted typed-text segments);
* :mod:`agent.capture.input` — the pynput hooks (enqueue only) and the worker
  that turns key and mouse events into records;
* :mod:`agent.capture.secure` — is the focused field a password field? one
  probe per OS, asked per key;
* :mod:`agent.capture.screen` — screens of every monitor on the policy's
  triggers, excluded windows masked, redacted and minimised;
* :mod:`agent.capture.session` — one capture session per consent state: the
  focus thread and the sources above, every record checked against consent.

Sources hand back content (titles, later keys and screens) to their caller
only: nothing here logs content, and everything leaves the device as records
of :mod:`agent.wire` after redaction and minimisation.
"""
