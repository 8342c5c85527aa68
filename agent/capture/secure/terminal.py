"""Password prompts in Linux terminal emulators, read from the terminal's pty.

A terminal window (xterm, GNOME Terminal, Konsole…) shows programs running on
a pseudo-terminal. Which program reads the keys, and whether it echoes them,
is known to the kernel:

* On focus change (:func:`open_terminal_probe`, one /proc scan): the window's
  process → its descendants → the ptys they run on (``tty_nr`` in
  ``/proc/PID/stat``, a Unix98 pty slave, not the window process's own
  terminal) → each pty opened ``O_RDONLY | O_NOCTTY | O_NONBLOCK`` (never read:
  opening a slave to query it takes no input), together with the
  ``/proc/PID/stat`` of a process on it (its session leader, the shell).
* Per key (:meth:`TerminalProbe.secure`, ~25 µs): ``tcgetattr`` and the
  terminal's foreground process group (field ``tpgid`` of the shell's stat,
  re-read with ``pread``) and its leader's name, judged by :func:`judge_pty`:
  a credential program in the foreground (:data:`CREDENTIAL_FOREGROUND`) ⇒
  ``True``; echo off ⇒ ``True`` (sudo, ssh, passwd, ``read -s``, getpass all
  turn it off), except bash's readline at its prompt
  (:func:`line_editor_at_prompt`: readline also turns echo off, and echoes by
  itself) ⇒ ``False``; echo on ⇒ ``False`` at a shell, ``None`` (counts only)
  while another program runs (keys typed ahead of its password prompt arrive
  with echo still on). Anything unreadable ⇒ ``None``.
  zsh and fish prompts cannot be told from their silent reads: they count as
  secure, and nothing typed in them is kept.

A terminal with several ptys (tabs) is secure if any of them is: which tab is
shown cannot be told from here. A tab opened after the probe was (same window,
same title, so no focus change) is found too: the number of ptys in use on the
system (:data:`PTY_COUNT_FILE`, one read per key) is compared with the number
at the last scan, and a change means a new scan of the window's ptys before
the key is judged. If that count cannot be read, nothing typed in the window
is judged (``None``). Any window whose processes run ptys gets this
probe — an IDE with a terminal panel too, where a password prompt in the
panel makes the whole window secure while it lasts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import termios
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: Where process information is read (injectable for tests).
PROC_ROOT = Path("/proc")
#: Unix98 pty slaves (/dev/pts/N) have device majors 136 to 143 (Linux devices.txt).
PTS_MAJORS = range(136, 144)
PTS_DIR = "/dev/pts"
#: A ``/proc/PID/stat`` line is well under this (52 fields of numbers and a 16-byte name).
STAT_READ_BYTES = 4096
#: Programs that take a password, a passphrase or a PIN from the terminal: while
#: one is in the foreground, every key is treated as secret even with echo on.
CREDENTIAL_FOREGROUND = frozenset(
    {
        "sudo", "sudoedit", "su", "doas", "pkexec", "login", "passwd", "chsh", "chfn",
        "ssh", "scp", "sftp", "ssh-add", "ssh-keygen", "ssh-askpass",
        "gpg", "gpg2", "gpg-agent", "kinit", "cryptsetup", "htpasswd", "smbpasswd",
        "vncpasswd", "openconnect", "mysql", "psql",
    }
)  # fmt: skip
#: Shells whose line editor's prompt can be told from their own password reads
#: (:func:`line_editor_at_prompt`): bash only, measured; zsh and fish cannot.
LINE_EDITOR_SHELLS = frozenset({"bash", "rbash"})
#: Shells: with echo on and one of these in the foreground, a command line is being
#: typed (no line editor), which is kept as text.
SHELLS = frozenset({"bash", "rbash", "sh", "dash", "ash", "ksh", "mksh", "zsh", "fish", "busybox"})
#: Any program whose name starts with one of these (pinentry-curses, pinentry-tty…).
CREDENTIAL_FOREGROUND_PREFIXES = ("pinentry",)
#: The number of ptys in use on the whole system (Linux ``kernel.pty.nr``): a
#: terminal tab or window opened since the last scan changes it.
PTY_COUNT_FILE = Path("/proc/sys/kernel/pty/nr")

TcGetAttr = Callable[[int], list[object]]
#: Reads the number of ptys in use now; ``None`` if it cannot be read.
PtyCount = Callable[[], "int | None"]


def read_pty_count(path: Path = PTY_COUNT_FILE) -> int | None:
    """The system's ptys in use (one small procfs read, a few µs); ``None`` if unreadable."""
    try:
        return int(path.read_bytes())
    except (OSError, ValueError):
        return None


def judge_pty(iflag: int, lflag: int, foreground: str | None) -> bool | None:
    """Is what is typed on this pty now secret? The per-key decision, from termios and a name.

    1. a credential program in the foreground ⇒ ``True`` (echo on or off);
    2. echo on ⇒ ``False`` with a shell in the foreground (:data:`SHELLS`: a
       command line typed without a line editor); with any other program
       ⇒ ``None`` (counts only) — a program just started by the shell may turn
       echo off for a password a moment later, and keys typed ahead of it
       (before its prompt shows) arrive with echo still on;
    3. echo off ⇒ ``True`` — a password prompt — except a shell's line editor
       waiting at its prompt (:func:`line_editor_at_prompt`) ⇒ ``False``.
    """
    if foreground is not None and is_credential_foreground(foreground):
        return True
    if lflag & termios.ECHO:
        return False if foreground in SHELLS else None
    return not line_editor_at_prompt(iflag, lflag, foreground)


def line_editor_at_prompt(iflag: int, lflag: int, foreground: str | None) -> bool:
    """bash's readline is reading a command line at the prompt, not a secret.

    readline turns echo *and* canonical mode off while it waits at the prompt
    (it echoes by itself) and clears ``ICRNL``. A password read by bash itself
    keeps ``ICRNL``: ``read -s`` stays canonical, and ``read -s -n 4`` (a PIN)
    goes non-canonical with ``ICRNL`` still on — both remain secure. Only this
    exact state with bash in the foreground counts as a prompt; any other
    program in raw mode without echo (an editor, a REPL, a TUI password box)
    is treated as a password prompt.

    Measured on real ptys, and why other shells are not exempted: zsh's zle
    keeps ``ICRNL`` at its prompt, exactly as its ``read -s -k 4`` does; fish
    reads ``read -s`` with the same terminal state as its prompt. Either
    exemption would let a password through, so their prompts stay secure
    (no text from them). The one bash case that looks like its prompt is
    ``read -e -s`` (readline used for a silent read): it is let through.
    """
    if foreground is None or foreground not in LINE_EDITOR_SHELLS:
        return False
    return not lflag & (termios.ECHO | termios.ICANON) and not iflag & termios.ICRNL


def is_credential_foreground(name: str) -> bool:
    """Whether the program named ``name`` (``comm``) takes credentials from the terminal."""
    folded = name.strip().casefold()
    return folded in CREDENTIAL_FOREGROUND or folded.startswith(CREDENTIAL_FOREGROUND_PREFIXES)


@dataclass(frozen=True, slots=True)
class ProcStat:
    """The fields of ``/proc/PID/stat`` this module uses."""

    pid: int
    ppid: int
    session: int
    tty_nr: int
    tpgid: int


def parse_stat(text: str) -> ProcStat | None:
    """``/proc/PID/stat`` parsed; ``None`` if it is not one (the name may hold spaces and ``)``)."""
    head, sep, tail = text.rpartition(")")
    if not sep:
        return None
    fields = tail.split()
    try:
        pid = int(head.split("(", 1)[0])
        # state ppid pgrp session tty_nr tpgid
        return ProcStat(pid, int(fields[1]), int(fields[3]), int(fields[4]), int(fields[5]))
    except (ValueError, IndexError):
        return None


def device_numbers(tty_nr: int) -> tuple[int, int]:
    """(major, minor) of a ``tty_nr``, decoded as the kernel's ``new_encode_dev`` packs it."""
    return (tty_nr >> 8) & 0xFFF, (tty_nr & 0xFF) | ((tty_nr >> 12) & 0xFFF00)


def pts_number(tty_nr: int) -> int | None:
    """The N of ``/dev/pts/N`` for a ``tty_nr``; ``None`` for anything but a pty slave."""
    major, minor = device_numbers(tty_nr)
    if major not in PTS_MAJORS:
        return None
    return (major - PTS_MAJORS.start) * 256 + minor


def scan(proc_root: Path = PROC_ROOT) -> list[ProcStat]:
    """Every process's stat that can be read now (processes come and go while scanning)."""
    out: list[ProcStat] = []
    for entry in proc_root.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        parsed = parse_stat(text)
        if parsed is not None:
            out.append(parsed)
    return out


def terminal_ptys(window_pid: int, processes: Iterable[ProcStat]) -> dict[int, int]:
    """The ptys a window's descendants run on: ``{tty_nr: pid of a process on it}``.

    The window process's own terminal is left out (a terminal started from
    another terminal inherits that one). Per pty the session leader is
    preferred (the shell: it lives as long as the tab), else the process
    nearest the window.
    """
    by_pid = {p.pid: p for p in processes}
    children: dict[int, list[ProcStat]] = {}
    for process in by_pid.values():
        children.setdefault(process.ppid, []).append(process)
    own = by_pid[window_pid].tty_nr if window_pid in by_pid else 0
    on_tty: dict[int, list[ProcStat]] = {}
    frontier, seen = [window_pid], {window_pid}
    while frontier:  # breadth first: nearer processes come first
        next_frontier: list[int] = []
        for pid in frontier:
            for child in children.get(pid, ()):
                if child.pid in seen:
                    continue
                seen.add(child.pid)
                next_frontier.append(child.pid)
                if child.tty_nr != own and pts_number(child.tty_nr) is not None:
                    on_tty.setdefault(child.tty_nr, []).append(child)
        frontier = next_frontier
    return {
        tty: next((p.pid for p in procs if p.pid == p.session), procs[0].pid)
        for tty, procs in on_tty.items()
    }


class _Pty:
    """One opened pty and the stat file of a process on it."""

    __slots__ = ("fd", "stat_fd")

    def __init__(self, fd: int, stat_fd: int) -> None:
        self.fd = fd
        self.stat_fd = stat_fd


class TerminalProbe:
    """Per key: is a password prompt (echo off) or a credential program on the terminal's ptys?

    ``ptys`` were found for ``window_pid`` when the system had ``count`` ptys
    in use; while ``pty_count()`` says the same, they are all the window's.
    """

    def __init__(
        self,
        ptys: list[_Pty],
        *,
        window_pid: int,
        count: int | None,
        proc_root: Path = PROC_ROOT,
        tcgetattr: TcGetAttr = termios.tcgetattr,
        pty_count: PtyCount = read_pty_count,
    ) -> None:
        self._ptys = ptys
        self._window_pid = window_pid
        self._count = count
        self._proc_root = proc_root
        self._tcgetattr = tcgetattr
        self._pty_count = pty_count

    def __repr__(self) -> str:
        return f"TerminalProbe(ptys={len(self._ptys)})"

    def secure(self) -> bool | None:
        if self._ptys and not self._ptys_current():
            self._rescan()
        if not self._ptys:
            return None
        answers = [self._pty_secure(pty) for pty in self._ptys]
        if True in answers:
            return True
        return None if None in answers else False

    def _ptys_current(self) -> bool:
        """No pty opened or closed on the system since the window's ptys were listed."""
        return self._count is not None and self._pty_count() == self._count

    def _rescan(self) -> None:
        """List the window's ptys again (a tab came or went); none if the count is unreadable."""
        _close(self._ptys)
        self._ptys = []
        self._count = self._pty_count()
        if self._count is None:
            log.info("the number of ptys cannot be read: a terminal's typing counts as unsure")
            return
        self._ptys = _open_window_ptys(self._window_pid, self._proc_root) or []

    def _pty_secure(self, pty: _Pty) -> bool | None:
        try:
            attrs = self._tcgetattr(pty.fd)
        except (termios.error, OSError):
            return None
        iflag, lflag = attrs[0], attrs[3]
        if not isinstance(iflag, int) or not isinstance(lflag, int):
            return None
        foreground = self._foreground(pty)
        return judge_pty(iflag, lflag, foreground)

    def _foreground(self, pty: _Pty) -> str | None:
        """The name of the terminal's foreground process group leader; ``None`` if unreadable."""
        try:
            text = os.pread(pty.stat_fd, STAT_READ_BYTES, 0).decode("utf-8", "replace")
            stat = parse_stat(text)
            if stat is None or stat.tpgid <= 0:
                return None
            name = (self._proc_root / str(stat.tpgid) / "comm").read_bytes()
        except OSError:
            return None
        return name.decode("utf-8", "replace").strip() or None

    def close(self) -> None:
        ptys, self._ptys = self._ptys, []
        self._count = None  # closed: no rescan brings ptys back
        _close(ptys)


def _close(ptys: Iterable[_Pty]) -> None:
    for pty in ptys:
        for fd in (pty.fd, pty.stat_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


def open_terminal_probe(
    window_pid: int,
    *,
    proc_root: Path = PROC_ROOT,
    tcgetattr: TcGetAttr = termios.tcgetattr,
    pty_count: PtyCount = read_pty_count,
) -> TerminalProbe | None:
    """A probe for the terminal window of ``window_pid``; ``None`` if it runs no pty.

    ``None`` also when a pty exists but cannot be opened (another user's, a
    vanished tab): a probe that can answer for some of a window's ptys only
    would say "not secure" for a tab it cannot see. The caller then treats
    the window as unknown.
    """
    count = pty_count()  # before the scan: a tab opened during it changes the count after
    ptys = _open_window_ptys(window_pid, proc_root)
    if not ptys:
        return None
    return TerminalProbe(
        ptys,
        window_pid=window_pid,
        count=count,
        proc_root=proc_root,
        tcgetattr=tcgetattr,
        pty_count=pty_count,
    )


def _open_window_ptys(window_pid: int, proc_root: Path) -> list[_Pty] | None:
    """Every pty the window's descendants run on, opened; ``None`` if one cannot be opened."""
    ptys: list[_Pty] = []
    try:
        found = terminal_ptys(window_pid, scan(proc_root))
    except OSError:
        return None
    for tty_nr, pid in found.items():
        pty = _open_pty(tty_nr, pid, proc_root=proc_root)
        if pty is None:
            _close(ptys)
            log.info("a terminal's pty could not be opened: its typing counts as unsure")
            return None
        ptys.append(pty)
    return ptys


def _open_pty(tty_nr: int, pid: int, *, proc_root: Path) -> _Pty | None:
    number = pts_number(tty_nr)
    if number is None:
        return None
    try:
        fd = os.open(f"{PTS_DIR}/{number}", os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not _same_device(fd, tty_nr):
            raise OSError("not the pty the process runs on")
        stat_fd = os.open(proc_root / str(pid) / "stat", os.O_RDONLY)
    except OSError:
        os.close(fd)
        return None
    return _Pty(fd, stat_fd)


def _same_device(fd: int, tty_nr: int) -> bool:
    rdev = os.fstat(fd).st_rdev
    return os.isatty(fd) and (os.major(rdev), os.minor(rdev)) == device_numbers(tty_nr)
