"""Keyboard and mouse capture: pynput hooks → bounded queue → worker → minimised records.

* :class:`InputPipeline` — what the capture session starts and stops;
* :mod:`.keymap` — pynput keys to :class:`~agent.capture.keys.KeyEvent` (pure);
* :mod:`.mouse` — clicks, scrolls and path length per application (pure);
* :mod:`.pynput_source` — the OS hooks, behind :class:`InputSource`.
"""

from agent.capture.input.keymap import KeyMapper
from agent.capture.input.mouse import MouseAggregator
from agent.capture.input.pipeline import (
    BURST_PAUSE_NS,
    QUEUE_CAPACITY,
    FocusToken,
    InputPipeline,
)
from agent.capture.input.source import InputSource, InputSourceError, Sink
from agent.capture.input.stats import InputStats
from agent.capture.keys import DEFAULT_INTERVAL_NS

__all__ = [
    "BURST_PAUSE_NS",
    "DEFAULT_INTERVAL_NS",
    "QUEUE_CAPACITY",
    "FocusToken",
    "InputPipeline",
    "InputSource",
    "InputSourceError",
    "InputStats",
    "KeyMapper",
    "MouseAggregator",
    "Sink",
]
