"""The terminal probe: pty discovery in a /proc tree, and echo/foreground answers per key.

The /proc trees are written to a temporary directory (the layout the kernel
uses); the ptys are real ones from ``os.openpty``. Edge cases that a real pty
cannot be put in (an unreadable one) use an injected ``tcgetattr``.
"""

from __future__ import annotations

import os
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.capture.secure.terminal import (
    ProcStat,
    TerminalProbe,
    is_credential_foreground,
    judge_pty,
    open_terminal_probe,
    parse_stat,
    pts_number,
    terminal_ptys,
)

PTS_BASE = 136 << 8  # tty_nr of /dev/pts/0
CONSOLE_TTY = (4 << 8) | 1  # /dev/tty1, not a pty


def pts(n: int) -> int:
    return PTS_BASE + (n & 0xFF) + ((n & ~0xFF) << 12)


@pytest.mark.parametrize(("n",), [(0,), (7,), (255,), (256,), (4095,)])
def test_pts_numbers_round_trip(n: int) -> None:
    assert pts_number(pts(n)) == n


def test_a_console_is_not_a_pty() -> None:
    assert pts_number(CONSOLE_TTY) is None
    assert pts_number(0) is None


def test_stat_lines_with_spaces_and_parentheses_in_the_name_parse() -> None:
    line = f"42 (my (odd) name) S 1 42 42 {pts(3)} 77 4194560 0 0 0"
    assert parse_stat(line) == ProcStat(pid=42, ppid=1, session=42, tty_nr=pts(3), tpgid=77)
    assert parse_stat("garbage") is None
    assert parse_stat("1 (x) S") is None


def stat(pid: int, ppid: int, tty: int, session: int | None = None, tpgid: int = -1) -> ProcStat:
    return ProcStat(pid, ppid, pid if session is None else session, tty, tpgid)


def test_the_ptys_of_a_terminals_descendants_are_found_with_their_shell() -> None:
    processes = [
        stat(100, 1, pts(1)),  # the terminal, started from another terminal's pts/1
        stat(101, 100, pts(5)),  # its shell
        stat(102, 101, pts(5), session=101),  # a job in that shell
        stat(103, 100, pts(6)),  # a second tab's shell
        stat(104, 103, pts(1), session=101),  # something on the terminal's own pty: ignored
        stat(200, 1, pts(9)),  # another terminal's shell
    ]
    assert terminal_ptys(100, processes) == {pts(5): 101, pts(6): 103}


def test_a_window_with_no_pty_descendants_is_not_a_terminal() -> None:
    processes = [stat(300, 1, 0), stat(301, 300, 0), stat(302, 300, CONSOLE_TTY)]
    assert terminal_ptys(300, processes) == {}
    assert terminal_ptys(999, processes) == {}


def test_without_a_session_leader_the_nearest_process_on_the_pty_is_used() -> None:
    processes = [stat(100, 1, 0), stat(101, 100, pts(2), session=50), stat(102, 101, pts(2), 50)]
    assert terminal_ptys(100, processes) == {pts(2): 101}


# -- against real ptys ---------------------------------------------------------------------


class FakeProc:
    """A /proc tree in a temporary directory: stat and comm files per process."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def add(self, pid: int, ppid: int, tty_nr: int, name: str, tpgid: int = -1) -> None:
        d = self.root / str(pid)
        d.mkdir(exist_ok=True)
        (d / "stat").write_text(f"{pid} ({name}) S {ppid} {pid} {pid} {tty_nr} {tpgid} 0 0 0\n")
        (d / "comm").write_text(name + "\n")


@pytest.fixture
def pty() -> Iterator[tuple[int, int]]:
    """A real pty: (master fd, tty_nr of its slave)."""
    master, slave = os.openpty()
    rdev = os.fstat(slave).st_rdev
    major, minor = os.major(rdev), os.minor(rdev)
    yield slave, (minor & 0xFF) | (major << 8) | ((minor & ~0xFF) << 12)
    os.close(master)
    os.close(slave)


def terminal_with(proc: FakeProc, tty_nr: int, foreground: str) -> TerminalProbe:
    proc.add(100, 1, 0, "xterm")
    proc.add(101, 100, tty_nr, "bash", tpgid=150)
    proc.add(150, 101, tty_nr, foreground, tpgid=150)
    probe = open_terminal_probe(100, proc_root=proc.root)
    assert probe is not None
    return probe


def set_echo(fd: int, on: bool, canonical: bool = True, icrnl: bool = True) -> None:
    attrs = termios.tcgetattr(fd)
    flags = attrs[3]
    flags = flags | termios.ECHO if on else flags & ~termios.ECHO
    flags = flags | termios.ICANON if canonical else flags & ~termios.ICANON
    attrs[3] = flags
    attrs[0] = attrs[0] | termios.ICRNL if icrnl else attrs[0] & ~termios.ICRNL
    termios.tcsetattr(fd, termios.TCSANOW, attrs)


def test_echo_on_at_a_shell_is_not_secure(tmp_path: Path, pty: tuple[int, int]) -> None:
    fd, tty_nr = pty
    set_echo(fd, True)
    probe = terminal_with(FakeProc(tmp_path), tty_nr, "dash")
    assert probe.secure() is False
    probe.close()


def test_echo_on_while_a_program_runs_is_unsure(tmp_path: Path, pty: tuple[int, int]) -> None:
    """Keys typed ahead of a password prompt (the program has not turned echo off yet)."""
    fd, tty_nr = pty
    set_echo(fd, True)
    probe = terminal_with(FakeProc(tmp_path), tty_nr, "cat")
    assert probe.secure() is None
    probe.close()


@pytest.mark.parametrize("canonical", [True, False], ids=["canonical", "raw"])
def test_echo_off_is_a_password_prompt(
    tmp_path: Path, pty: tuple[int, int], canonical: bool
) -> None:
    fd, tty_nr = pty
    probe = terminal_with(FakeProc(tmp_path), tty_nr, "sh")
    set_echo(fd, False, canonical)
    assert probe.secure() is True
    set_echo(fd, True)
    assert probe.secure() is False, "the answer is read per key, not once"
    probe.close()


@pytest.mark.parametrize("program", ["sudo", "ssh", "passwd", "gpg", "pinentry-curses", "su"])
def test_a_credential_program_in_the_foreground_is_secure_even_with_echo_on(
    tmp_path: Path, pty: tuple[int, int], program: str
) -> None:
    fd, tty_nr = pty
    set_echo(fd, True)
    assert terminal_with(FakeProc(tmp_path), tty_nr, program).secure() is True


def test_a_vanished_foreground_process_is_unknown(tmp_path: Path, pty: tuple[int, int]) -> None:
    fd, tty_nr = pty
    set_echo(fd, True)
    proc = FakeProc(tmp_path)
    probe = terminal_with(proc, tty_nr, "vim")
    (proc.root / "150" / "comm").unlink()
    assert probe.secure() is None


def test_a_terminal_with_no_foreground_group_is_unknown(
    tmp_path: Path, pty: tuple[int, int]
) -> None:
    fd, tty_nr = pty
    set_echo(fd, True)
    proc = FakeProc(tmp_path)
    proc.add(100, 1, 0, "xterm")
    proc.add(101, 100, tty_nr, "bash", tpgid=-1)
    probe = open_terminal_probe(100, proc_root=proc.root)
    assert probe is not None and probe.secure() is None


def test_a_pty_that_cannot_be_read_is_unknown(tmp_path: Path, pty: tuple[int, int]) -> None:
    def failing(fd: int) -> list[object]:
        raise termios.error(5, "Input/output error")

    _, tty_nr = pty
    proc = FakeProc(tmp_path)
    proc.add(100, 1, 0, "xterm")
    proc.add(101, 100, tty_nr, "bash", tpgid=101)
    probe = open_terminal_probe(100, proc_root=proc.root, tcgetattr=failing)
    assert probe is not None and probe.secure() is None


def test_a_pty_that_cannot_be_opened_makes_no_probe(tmp_path: Path) -> None:
    proc = FakeProc(tmp_path)
    proc.add(100, 1, 0, "xterm")
    proc.add(101, 100, pts(4000), "bash", tpgid=101)  # no such pty here
    assert open_terminal_probe(100, proc_root=proc.root) is None


def test_a_window_without_ptys_makes_no_probe(tmp_path: Path) -> None:
    proc = FakeProc(tmp_path)
    proc.add(300, 1, 0, "wish")
    assert open_terminal_probe(300, proc_root=proc.root) is None


def test_two_tabs_any_secure_tab_makes_the_window_secure(tmp_path: Path) -> None:
    proc = FakeProc(tmp_path)
    opened = [os.openpty() for _ in range(2)]
    try:
        ttys = []
        for _, slave in opened:
            rdev = os.fstat(slave).st_rdev
            ttys.append((os.minor(rdev) & 0xFF) | (os.major(rdev) << 8))
            set_echo(slave, True)
        proc.add(100, 1, 0, "xterm")
        proc.add(101, 100, ttys[0], "bash", tpgid=101)
        proc.add(102, 100, ttys[1], "bash", tpgid=102)
        probe = open_terminal_probe(100, proc_root=proc.root)
        assert probe is not None and probe.secure() is False
        set_echo(opened[1][1], False)
        assert probe.secure() is True
        probe.close()
        assert probe.secure() is None, "a closed probe knows nothing"
    finally:
        for master, slave in opened:
            os.close(master)
            os.close(slave)


def tty_of(slave: int) -> int:
    rdev = os.fstat(slave).st_rdev
    return (os.minor(rdev) & 0xFF) | (os.major(rdev) << 8)


class PtyCount:
    """Stands in for ``kernel.pty.nr`` (the real one moves with every pty on the machine)."""

    def __init__(self, n: int | None) -> None:
        self.n = n

    def __call__(self) -> int | None:
        return self.n


def test_a_tab_opened_after_the_probe_is_found_before_the_next_key(tmp_path: Path) -> None:
    proc = FakeProc(tmp_path)
    opened = [os.openpty() for _ in range(2)]
    try:
        first, second = (tty_of(slave) for _, slave in opened)
        for _, slave in opened:
            set_echo(slave, True)
        proc.add(100, 1, 0, "gnome-terminal-server")
        proc.add(101, 100, first, "bash", tpgid=101)
        count = PtyCount(1)
        probe = open_terminal_probe(100, proc_root=proc.root, pty_count=count)
        assert probe is not None and probe.secure() is False
        # Ctrl+Shift+T: a new tab, same window, same title, no focus change; sudo in it.
        proc.add(102, 100, second, "bash", tpgid=102)
        set_echo(opened[1][1], False)
        count.n = 2
        assert probe.secure() is True
        probe.close()
    finally:
        for master, slave in opened:
            os.close(master)
            os.close(slave)


def test_without_a_pty_count_a_terminal_is_unknown(tmp_path: Path, pty: tuple[int, int]) -> None:
    fd, tty_nr = pty
    set_echo(fd, True)
    proc = FakeProc(tmp_path)
    proc.add(100, 1, 0, "xterm")
    proc.add(101, 100, tty_nr, "bash", tpgid=101)
    probe = open_terminal_probe(100, proc_root=proc.root, pty_count=PtyCount(None))
    assert probe is not None and probe.secure() is None
    probe.close()


def test_the_systems_pty_count_is_read(tmp_path: Path) -> None:
    from agent.capture.secure.terminal import read_pty_count

    master, slave = os.openpty()
    try:
        count = read_pty_count()  # other processes open ptys too: only a floor is certain
        assert count is not None and count >= 1
    finally:
        os.close(master)
        os.close(slave)
    assert read_pty_count(tmp_path / "missing") is None


@pytest.mark.parametrize(
    ("name", "credential"),
    [("sudo", True), ("SSH\n", True), ("pinentry-tty", True), ("bash", False),
     ("sudoku", False), ("vim", False)],
)  # fmt: skip
def test_credential_foreground_names(name: str, credential: bool) -> None:
    assert is_credential_foreground(name) is credential


ECHO, ICANON, ICRNL = termios.ECHO, termios.ICANON, termios.ICRNL


@pytest.mark.parametrize(
    ("why", "iflag", "lflag", "foreground", "secure"),
    [
        ("cat, cooked: a program may turn echo off any moment", ICRNL, ECHO | ICANON, "cat", None),
        ("a command line at a shell without a line editor", ICRNL, ECHO | ICANON, "dash", False),
        (
            "typed ahead of a prompt, the program just started",
            ICRNL,
            ECHO | ICANON,
            "python3",
            None,
        ),
        ("cat, echo on, foreground unknown", ICRNL, ECHO | ICANON, None, None),
        ("sudo with echo on", ICRNL, ECHO | ICANON, "sudo", True),
        ("getpass / read -s", ICRNL, ICANON, "python3", True),
        ("read -s in bash", ICRNL, ICANON, "bash", True),
        ("read -s -n 4 in bash", ICRNL, 0, "bash", True),
        ("readline at the bash prompt", 0, 0, "bash", False),
        ("zsh's zle prompt: looks like its read -s -k", ICRNL, 0, "zsh", True),
        ("fish's prompt: looks like its read -s", 0, 0, "fish", True),
        ("a raw-mode REPL or TUI password box", 0, 0, "python3", True),
        ("raw without echo, foreground unknown", 0, 0, None, True),
        ("echo off, foreground unknown", ICRNL, ICANON, None, True),
    ],
)
def test_judging_a_pty(
    why: str, iflag: int, lflag: int, foreground: str | None, secure: bool | None
) -> None:
    assert judge_pty(iflag, lflag, foreground) is secure, why


@pytest.mark.parametrize(
    ("icrnl", "foreground", "secure"),
    [(False, "bash", False), (True, "bash", True), (False, "node", True)],
    ids=["line-editor", "read-s-n", "raw-program"],
)
def test_raw_mode_without_echo_on_a_real_pty(
    tmp_path: Path, pty: tuple[int, int], icrnl: bool, foreground: str, secure: bool
) -> None:
    fd, tty_nr = pty
    set_echo(fd, False, canonical=False, icrnl=icrnl)
    assert terminal_with(FakeProc(tmp_path), tty_nr, foreground).secure() is secure
