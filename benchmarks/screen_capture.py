"""Screen capture's cost per shot on a real X display: unchanged, one line changed, full.

    .venv/bin/python benchmarks/screen_capture.py [--runs 5] [--size 1280x800]

Starts Xvfb + openbox, shows an xterm with a screenful of synthetic text and
a window of a denied application (masked), then times a whole shot of the one
monitor the way :class:`agent.capture.screen.ScreenCapture` takes it: list the
visible windows, grab, list again, masks, change check, incremental redaction,
minimisation (the default policy's ``[screen.output]``: 1280 px, greyscale,
WebP):

* **unchanged** — the screen is as it was at the last shot (a grab and a hash);
* **one line** — one line typed into the xterm since the last shot;
* **full** — the monitor's redactor has forgotten everything (the first shot).

Medians over ``--runs`` shots each; the machine may be shared, so compare the
three figures with each other rather than across runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.capture.screen.frame import MonitorFrames, OutputSettings
from agent.capture.screen.grab import MssGrabber
from agent.capture.screen.masks import masked_rects, monitor_masks
from agent.capture.window.x11 import X11Watcher
from agent.policy import EffectivePolicy, check_policy_file
from redaction.image.ocr import new_engine
from tests.agent.capture.screen.desktop import show_window
from tests.desktop import Display, wait_for_window, x_display

ROOT = Path(__file__).resolve().parents[1]
POLICY = '[screen]\ntriggers = ["click", "periodic"]\n'
#: Synthetic lines shown in the terminal (an email and a card number among them).
LINES = [
    f"{n:02d}  ticket {4810 + n} updated by support team, status pending review" for n in range(14)
] + ["    contact jane.doe@example.com  card 4111 1111 1111 1111"]


def _policy(tmp: Path) -> EffectivePolicy:
    path = tmp / "policy.toml"
    path.write_text(POLICY)
    policy = check_policy_file(path, defaults=ROOT / "config" / "default-policy.toml")
    policy.raise_for_problems()
    return policy


def _median_ms(action: Callable[[], object], before: Callable[[], object], runs: int) -> float:
    times: list[float] = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    policy = _policy(tmp)
    with x_display(width, height) as display:
        script = "printf '%s\\n' \"$@\"; exec cat >/dev/null"
        terminal = display.spawn(
            ["xterm", "-geometry", "100x50+0+0", "-T", "Bench terminal",
             "-e", "sh", "-c", script, "sh", *LINES]
        )  # fmt: skip
        try:
            window = wait_for_window(display, "Bench terminal")
            with show_window(
                display, "keepassxc", "Bench vault", "300x200+900+100", ["Vault", "Entries"]
            ):
                display.run("xdotool", "windowactivate", "--sync", window)
                time.sleep(0.5)
                _measure(display, policy, window, args.runs)
        finally:
            terminal.kill()
            terminal.wait(timeout=10)


def _measure(display: Display, policy: EffectivePolicy, window: str, runs: int) -> None:
    grabber = MssGrabber(display.name)
    watcher = X11Watcher(display.name)
    frames = MonitorFrames(policy, new_engine(), OutputSettings.from_policy(policy))
    (monitor,) = grabber.monitors()
    typed = iter(range(1000))
    emitted: list[bool] = []

    def shot() -> None:
        before = masked_rects(watcher.visible_windows(), policy)
        grab = grabber.grab(monitor)
        after = masked_rects(watcher.visible_windows(), policy)
        masks = monitor_masks(list(dict.fromkeys([*before, *after])), monitor, grab.size)
        emitted.append(frames.next_frame(grab, masks) is not None)

    def type_a_line() -> None:
        display.run("xdotool", "type", "--window", window, f"note {next(typed)} added")
        time.sleep(0.3)  # let xterm draw it

    try:
        shot()  # the first (full) read, so the figures below start from a known state
        full = _median_ms(shot, frames.reset, runs)
        unchanged = _median_ms(shot, lambda: None, runs)
        one_line = _median_ms(shot, type_a_line, runs)
    finally:
        frames.reset()
        watcher.close()
        grabber.close()
    print(f"screen capture, one {monitor.width}x{monitor.height} monitor, median of {runs} shots")
    print(f"  full frame       {full:8.1f} ms")
    print(f"  one line changed {one_line:8.1f} ms  ({one_line / full:.0%} of full)")
    print(f"  unchanged        {unchanged:8.1f} ms  ({unchanged / full:.1%} of full)")
    print(f"  frames emitted {sum(emitted)} of {len(emitted)} shots")


if __name__ == "__main__":
    main()
