"""Reading the enrolment secret from where the policy says it is, never from the policy.

``collector.enrolment_secret_ref`` names the secret's place: ``keyring:SERVICE/NAME``
(the OS keyring, where MDM or a script put it), ``file:/absolute/path`` (a file
MDM dropped, readable by the user), or ``env:VARIABLE``. Errors name the
reference and the reason, never the secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: An enrolment secret is a token, not a document.
MAX_SECRET_BYTES = 4096


class SecretUnavailable(Exception):
    """The secret cannot be read now; the message names the reference and why."""


def read_secret(ref: str, environ: Mapping[str, str] | None = None) -> str:
    scheme, _, rest = ref.partition(":")
    if scheme == "env":
        value = (os.environ if environ is None else environ).get(rest, "")
        return _checked(ref, value)
    if scheme == "file":
        return _checked(ref, _read_file(ref, Path(rest)))
    if scheme == "keyring":
        service, _, name = rest.partition("/")
        return _checked(ref, _read_keyring(ref, service, name))
    raise SecretUnavailable(f"{ref or '(empty)'}: not a secret reference")


def _read_file(ref: str, path: Path) -> str:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_SECRET_BYTES + 1)
    except OSError as error:
        raise SecretUnavailable(f"{ref}: {error.strerror or type(error).__name__}") from None
    if len(data) > MAX_SECRET_BYTES:
        raise SecretUnavailable(f"{ref}: longer than {MAX_SECRET_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SecretUnavailable(f"{ref}: not UTF-8 text") from None


def _read_keyring(ref: str, service: str, name: str) -> str:
    try:
        import keyring

        value = keyring.get_password(service, name)
    except Exception as error:  # every backend raises its own types
        raise SecretUnavailable(
            f"{ref}: the keyring cannot be read ({type(error).__name__})"
        ) from None
    return value or ""


def _checked(ref: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise SecretUnavailable(f"{ref}: empty or not set")
    if any(ord(character) < 0x20 for character in value):
        raise SecretUnavailable(f"{ref}: holds control characters")
    return value
