"""The pynput hooks against a real X server that goes away while they run.

pynput's Xorg listener ends on its own when its X connection breaks (it
swallows the error); the source must say so (``alive``) and still stop
cleanly, so that the pipeline's stop goes on to end its worker.
"""

from __future__ import annotations

import time

import pytest

from agent.capture.input.pynput_source import PynputSource
from tests.desktop import x_display

#: How long the listener threads may take to notice the server is gone.
SETTLE_S = 8.0


# pynput's listener threads end with Xlib's ConnectionClosedError (its own code, not ours).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_hooks_report_their_death_when_the_x_server_goes_and_stop_does_not_raise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = PynputSource()
    assert not source.alive(), "not started: no hooks"
    with x_display() as display:
        monkeypatch.setenv("DISPLAY", display.name)
        source.start(lambda kind, a, b: None)
        assert source.alive()
    deadline = time.monotonic() + SETTLE_S
    while source.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not source.alive()
    source.stop()  # the connections are closed: stopping must not raise
    source.stop()


def test_stopped_hooks_are_not_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    with x_display() as display:
        monkeypatch.setenv("DISPLAY", display.name)
        source = PynputSource()
        source.start(lambda kind, a, b: None)
        source.stop()
        assert not source.alive()
