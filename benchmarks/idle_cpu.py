"""Measure what an idle agent costs: CPU share of one core while nobody uses the desktop.

Run:  python benchmarks/idle_cpu.py [--windows 3] [--window-seconds 30] [--warmup 25]

On its own Xvfb + openbox display, with an xterm and a Tk form open, it
grants consent to every purpose (input activity, typed text, screens, with
every screen trigger on) in a temporary state directory and starts the real
agent, ``consentry run --headless``, so the whole capture session runs: the
focus and idle poll, the pynput listeners and their worker, the screen
capture's periodic check. After ``--warmup`` seconds (start-up and the first
full frame's OCR), it reads the agent's CPU time (user + system, all threads,
from ``/proc/PID/stat``) over ``--windows`` windows of ``--window-seconds``
each, with no input at all, and prints each window's share of one core and
their median. The same is measured, in the same run, for a baseline process
that only sleeps (what the measurement itself cannot tell from zero).

Target (issue 5): at most 0.5 % of one core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from agent.paths import AgentPaths  # noqa: E402
from tests.agent.agent_process import agent_env  # noqa: E402
from tests.agent.test_cli_preview import POLICY  # noqa: E402  (every purpose, every trigger)
from tests.desktop import Display, wait_for_window, x_display  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of every thread of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def shares(pid: int, windows: int, seconds: float) -> list[float]:
    """Per window, the percentage of one core ``pid`` used."""
    result = []
    for _ in range(windows):
        before, start = cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(pid) - before, time.monotonic() - start
        result.append(100.0 * used / elapsed)
    return result


def start_agent(display: Display, root: Path) -> subprocess.Popen[bytes]:
    paths = AgentPaths(root / "config", root / "state", root / "data")
    policy = root / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    env = {**agent_env(paths, policy, display.env), "OMP_THREAD_LIMIT": "1"}
    command = [sys.executable, "-m", "agent.cli"]
    subprocess.run([*command, "consent", "grant"], env=env, cwd=REPO, check=True,
                   capture_output=True)  # fmt: skip
    return subprocess.Popen(
        [*command, "run", "--headless"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--windows", type=int, default=3)
    parser.add_argument("--window-seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=25.0)
    args = parser.parse_args()
    with x_display(1280, 800) as display, tempfile.TemporaryDirectory() as temporary:
        term = display.spawn(["xterm", "-T", "idle shell"])
        wait_for_window(display, "idle shell")
        agent = start_agent(display, Path(temporary))
        baseline = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10**6)"])
        try:
            time.sleep(args.warmup)
            if agent.poll() is not None:
                _, err = agent.communicate()
                print(f"the agent exited ({agent.returncode}): {err.decode()[-800:]}")
                return 1
            agent_shares = shares(agent.pid, args.windows, args.window_seconds)
            base_shares = shares(baseline.pid, 1, args.window_seconds / 3)
        finally:
            for process in (agent, baseline, term):
                process.terminate()
            for process in (agent, baseline, term):
                process.wait(timeout=30)
    print(f"idle agent, % of one core per {args.window_seconds:g} s window: "
          + ", ".join(f"{share:.3f}" for share in agent_shares))  # fmt: skip
    print(f"idle agent, median: {statistics.median(agent_shares):.3f} % (target <= 0.5 %)")
    print(f"baseline (a sleeping process): {statistics.median(base_shares):.3f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
