"""Keystroke minimisation, the pure core (issue 5, items 3 and 4).

From platform-neutral key events to wire records, at the level the policy
sets for the focused application:

* ``off`` — nothing;
* ``counts`` and ``classes`` — :class:`ActivityAggregator` →
  :class:`agent.wire.KeyActivity` (counts; classes adds class and timing per
  press); shortcuts kept as shortcuts (:func:`shortcut_name`);
* ``text`` — :class:`SegmentBuilder` → :class:`agent.wire.TypedText`: edits
  applied, flushed on Enter, focus change, pause or length, redacted with
  ``source="typed"`` together with the field's previous tail.

Keys into a secure field or a credential application are dropped whole at
every level (:func:`keystrokes_allowed`); keys into a field the OS detector
cannot judge are counted, nothing more (:func:`effective_level`). No OS input,
no threads: the pynput adapter produces :class:`KeyEvent` and
:class:`KeyContext` and calls these.
"""

from agent.capture.keys.activity import DEFAULT_INTERVAL_NS, ActivityAggregator
from agent.capture.keys.classify import classify, is_shortcut, key_class, shortcut_name
from agent.capture.keys.events import KeyContext, KeyEvent, effective_level, keystrokes_allowed
from agent.capture.keys.segments import PAUSE_NS, SEGMENT_LENGTH_LIMIT, SegmentBuilder
from agent.capture.rules import KeystrokeLevel

__all__ = [
    "DEFAULT_INTERVAL_NS",
    "PAUSE_NS",
    "SEGMENT_LENGTH_LIMIT",
    "ActivityAggregator",
    "KeyContext",
    "KeyEvent",
    "KeystrokeLevel",
    "SegmentBuilder",
    "classify",
    "effective_level",
    "is_shortcut",
    "key_class",
    "keystrokes_allowed",
    "shortcut_name",
]
