"""The device pseudonym: who a consent receipt or a batch comes from.

It is a random UUID4 made once, on first use, and kept (0600) in the state
directory. It is never derived from the user name, the host name or any
hardware identifier, so it says nothing about the person; deleting the file
(or withdrawing and re-enrolling) makes a new, unlinkable pseudonym.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from agent.files import FileProblem, create_once

#: File name of the pseudonym inside the state directory.
PSEUDONYM_FILE = "device-id"


class IdentityError(FileProblem):
    """The pseudonym file exists but cannot be used (file and reason, no content)."""


def device_pseudonym(state_dir: Path) -> str:
    """The device's pseudonym, created on first call.

    A new pseudonym is made with :func:`agent.files.create_once`: two
    processes starting at once agree on one pseudonym, and no reader ever
    sees an empty file.
    """
    path = state_dir / PSEUDONYM_FILE
    if not path.exists():
        _create(path)
    existing = existing_pseudonym(state_dir)
    if existing is None:  # deleted between the two calls
        raise IdentityError(path, "vanished while being read")
    return existing


def existing_pseudonym(state_dir: Path) -> str | None:
    """The device's pseudonym if one was made, ``None`` if not; never creates one."""
    path = state_dir / PSEUDONYM_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not a pseudonym file"
        raise IdentityError(path, reason) from None
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        raise IdentityError(path, "not a UUID (delete it to make a new pseudonym)") from None
    if parsed.version != 4:
        raise IdentityError(path, "not a random (version 4) UUID")
    return str(parsed)


def _create(path: Path) -> None:
    try:
        create_once(path, str(uuid.uuid4()).encode("ascii") + b"\n")
    except OSError as error:
        raise IdentityError(path, error.strerror or "cannot create") from None
