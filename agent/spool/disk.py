"""Room on the disk: how much is free, the reserve file, and what a full disk looks like.

The spool leaves :data:`DISK_HEADROOM_BYTES` free for everything else on the
employee's computer. When another program fills the disk to the last byte,
SQLite cannot even write the log pages that deleting a batch needs; the spool
therefore keeps a small *reserve* file while there is room, and releases it
then, so that evicting the oldest batches can work at all.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from agent.files import write_atomic

#: Free space the spool leaves on the disk beyond the batch it stores.
DISK_HEADROOM_BYTES = 4 * 1024 * 1024
#: The reserve file in the spool directory, and its size.
RESERVE_FILE = "reserve"
RESERVE_BYTES = 1024 * 1024
#: SQLite's result codes for a full disk and a failed write (ENOSPC may be either;
#: other I/O errors are not a full disk, and evict nothing).
_SQLITE_FULL = 13
_SQLITE_IOERR_WRITE = 10 | (3 << 8)


def free_bytes(directory: Path) -> int:
    """Bytes an unprivileged writer may still use on ``directory``'s file system."""
    try:
        info = os.statvfs(directory)
    except (OSError, AttributeError):  # no statvfs (Windows): rely on the disk-full path
        return 2**62
    return info.f_bavail * info.f_frsize


def is_disk_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", 0)
    return code & 0xFF == _SQLITE_FULL or code == _SQLITE_IOERR_WRITE


class Reserve:
    def __init__(self, spool_dir: Path) -> None:
        self.path = spool_dir / RESERVE_FILE

    def release(self) -> bool:
        """Delete the reserve to give SQLite room; False when it was already gone."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError:
            return False
        return True

    def keep(self) -> None:
        """Make the reserve again once the disk has room for it beside the headroom."""
        if self.path.exists() or free_bytes(self.path.parent) < 2 * RESERVE_BYTES + (
            DISK_HEADROOM_BYTES
        ):
            return
        try:
            write_atomic(self.path, bytes(RESERVE_BYTES))
        except OSError:
            with contextlib.suppress(OSError):
                self.path.unlink()
