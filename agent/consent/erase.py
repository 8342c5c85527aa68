"""Deleting data that was not uploaded: what withdrawal does to the disk.

Everything under the agent's data directory is data not yet uploaded — the
spool of sealed batches (``AgentPaths.spool_dir``) and any staging the capture
pipeline keeps next to it — so withdrawal empties the whole data directory
(the directory itself stays, empty). Consent state, receipts, queued
messages and the device pseudonym live in the state directory and are kept —
even when an administrator points the data directory at it or above it: the
withdrawal must stay recorded, and the deletion request must name the same
device as the data it asks to erase.

The spool database is first emptied through its own interface
(:meth:`agent.spool.Spool.purge`): an agent process that has it open sees the
batches go inside a transaction, so a batch it seals at that moment can never
land after the purge, and the deleted pages are zeroed. Then each regular
file is overwritten with zeros and flushed before it is unlinked. On
copy-on-write or wear-levelled storage an overwrite is not a guarantee,
which is why the spool holds ciphertext only; the overwrite is defence in
depth. Symbolic links are removed, never followed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from agent.paths import AgentPaths

log = logging.getLogger(__name__)

#: Overwrite in chunks of this size (bounded memory for large batches).
CHUNK_BYTES = 1024 * 1024


@dataclass
class ErasureReport:
    """What was removed, and the paths that could not be (with the reason)."""

    files: int = 0
    #: Sealed batches deleted from the spool (pending or quarantined), when it could be read.
    batches: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)


def unsent_data_roots(paths: AgentPaths) -> tuple[Path, ...]:
    """The directories whose whole content is data not yet uploaded."""
    return (paths.data_dir,)


def erase_unsent(paths: AgentPaths) -> ErasureReport:
    report = ErasureReport()
    report.batches = _purge_spool(paths)
    for root in unsent_data_roots(paths):
        erase_tree_contents(root, report, keep=paths.state_dir)
    return report


def _purge_spool(paths: AgentPaths) -> int:
    """Empty the spool database in place, if there is one; the files go next either way."""
    from agent.spool import SpoolError, spool_for

    try:
        with spool_for(paths) as spool:
            return spool.purge("withdrawn")
    except (SpoolError, OSError, sqlite3.Error) as error:  # the files are overwritten anyway
        log.warning("spool could not be emptied in place: %s", type(error).__name__)
        return 0


def erase_tree_contents(root: Path, report: ErasureReport, keep: Path | None = None) -> None:
    """Securely delete everything inside ``root``, keeping ``root`` itself and ``keep``."""
    if not root.is_dir() or root.is_symlink():
        return
    top = root.resolve()
    kept = keep.resolve() if keep is not None else None
    if kept == top:
        report.failures.append((root, "it is the state directory: set the data directory apart"))
        return
    if kept is not None and not kept.is_relative_to(top):
        kept = None  # not inside this tree: nothing in it to spare
    for directory, subdirs, files in os.walk(top, topdown=False, followlinks=False):
        base = Path(directory)
        if kept is not None and base.is_relative_to(kept):
            continue
        for name in files:
            _erase_file(base / name, report)
        for name in subdirs:
            if kept is None or not kept.is_relative_to(base / name):
                _remove_dir(base / name, report)


def _erase_file(path: Path, report: ErasureReport) -> None:
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            _overwrite(path, info.st_size)
        path.unlink()
        report.files += 1
    except FileNotFoundError:
        pass
    except OSError as error:
        report.failures.append((path, error.strerror or "cannot delete"))


def _overwrite(path: Path, size: int) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        zeros = bytes(min(size, CHUNK_BYTES))
        left = size
        while left > 0:
            left -= os.write(fd, zeros[: min(left, CHUNK_BYTES)])
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_dir(path: Path, report: ErasureReport) -> None:
    try:
        if path.is_symlink():
            path.unlink()
        else:
            path.rmdir()
    except FileNotFoundError:
        pass
    except OSError as error:
        report.failures.append((path, error.strerror or "cannot delete"))
