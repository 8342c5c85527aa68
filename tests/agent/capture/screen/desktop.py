"""Test helpers for screen capture on a real X display: windows, monitors, frames.

* :func:`split_into_monitors` makes one Xvfb screen two RandR 1.5 monitors
  side by side (what ``xrandr --setmonitor`` does), which mss lists as two
  monitors — so masking on a monitor without focus is tested for real;
* :func:`show_window` starts :mod:`tests.agent.capture.screen.screen_app`
  and returns where its lines are drawn.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from Xlib import display as xdisplay
from Xlib.ext import randr
from Xlib.protocol import rq

from tests.desktop import Display

Box = tuple[int, int, int, int]
#: How long a window or a frame may take to appear on a loaded machine.
SETTLE_S = 20.0


class _SetMonitor(rq.Request):
    """RRSetMonitor spelled out: python-xlib's own ``set_monitor`` cannot pack its argument."""

    _request = rq.Struct(
        rq.Card8("opcode"),
        rq.Opcode(43),
        rq.RequestLength(),
        rq.Window("window"),
        rq.Card32("name"),
        rq.Bool("primary"),
        rq.Bool("automatic"),
        rq.LengthOf("outputs", 2),
        rq.Int16("x"),
        rq.Int16("y"),
        rq.Card16("width_in_pixels"),
        rq.Card16("height_in_pixels"),
        rq.Card32("width_in_millimeters"),
        rq.Card32("height_in_millimeters"),
        rq.List("outputs", rq.Card32Obj),
    )


def split_into_monitors(display: Display) -> list[Box]:
    """Make the screen two monitors, left and right halves; their desktop boxes."""
    width, height = display.size
    half = width // 2
    connection = xdisplay.Display(display.name)
    try:
        root = connection.screen().root
        opcode = connection.display.get_extension_major(randr.extname)
        outputs = list(root.xrandr_get_screen_resources().outputs)
        halves = (("CONSENTRY-LEFT", 0, True, outputs), ("CONSENTRY-RIGHT", half, False, []))
        for name, x, primary, owned in halves:
            _SetMonitor(
                display=connection.display,
                opcode=opcode,
                window=root,
                name=connection.intern_atom(name),
                primary=primary,
                automatic=False,
                x=x,
                y=0,
                width_in_pixels=half,
                height_in_pixels=height,
                width_in_millimeters=half // 4,
                height_in_millimeters=height // 4,
                outputs=owned,
            )
        connection.sync()
    finally:
        connection.close()
    return [(0, 0, half, height), (half, 0, width, height)]


@dataclass
class ShownWindow:
    process: subprocess.Popen[str]
    window_id: str
    #: Each line shown and its label's box, in root coordinates.
    lines: dict[str, Box]


@contextmanager
def show_window(
    display: Display, klass: str, title: str, geometry: str, lines: list[str]
) -> Iterator[ShownWindow]:
    """A Tk window with ``lines`` shown, closed when the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.agent.capture.screen.screen_app", klass, title, geometry,
         *lines],
        env=display.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        boxes: dict[str, Box] = {}
        for _ in lines:
            entry = json.loads(process.stdout.readline())
            boxes[entry["line"]] = tuple(entry["box"])  # type: ignore[assignment]
        out = display.run("xdotool", "search", "--sync", "--onlyvisible", "--name", title)
        yield ShownWindow(process, out.split()[0], boxes)
    finally:
        process.kill()
        process.wait(timeout=10)


def eventually(check: Callable[[], bool], timeout: float = SETTLE_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
