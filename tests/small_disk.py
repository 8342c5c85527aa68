"""A small, really full file system for disk-full tests: a tmpfs mounted for the test.

Mounting needs root (CI runs as root here). Elsewhere the test is skipped with
the reason printed, as the project's rules allow only where the real thing
cannot be had.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(where: Path, size_kb: int) -> Iterator[Path]:
    """``where`` with a tmpfs of ``size_kb`` mounted on it, unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        reason = mounted.stderr.strip() or f"exit {mounted.returncode}"
        print(f"SKIP: cannot mount a tmpfs for a disk-full test: {reason}")
        pytest.skip(f"cannot mount a small file system here ({reason})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def fill(directory: Path) -> Path:
    """Fill the file system under ``directory`` to the last byte; returns the filler file."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1024 * 1024, 64 * 1024, 4096, 512, 1):
            chunk = bytes(size)
            while True:
                try:
                    if os.write(fd, chunk) < size:
                        break
                except OSError:
                    break
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
    return filler
