"""What enrolment gave the device: the study's public keys, kept in the state directory.

``enrolment.json`` (0600) records the collector and study the device enrolled
with, the device pseudonym it enrolled as, and every public key of the study
with its key id. Nothing in it is secret (the enrolment secret is never
kept); it is checked when read, since the keys decide who can read what the
device seals: a key whose id is not the id its bytes give is refused.

:class:`EnrolmentState` holds it in memory for the sealing thread and the
uploader, which refreshes the keys.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from agent.files import FileProblem, write_atomic
from agent.wire.keys import KemName, KeyFormatError, StudyPublicKey, b64decode

#: File name inside the state directory.
ENROLMENT_FILE = "enrolment.json"
#: A study with more keys than this is not a study's key history.
MAX_STUDY_KEYS = 64


class EnrolmentError(ValueError):
    """Keys from a collector or a file that cannot be trusted: why, never the key."""


class StudyKeyRecord(msgspec.Struct, frozen=True):
    key_id: str
    kem: KemName
    public_key: str
    created_at: str = ""
    current: bool = False

    def public(self) -> StudyPublicKey:
        return StudyPublicKey(self.kem, b64decode(self.public_key, "a study key"))


class Enrolment(msgspec.Struct, frozen=True):
    collector_url: str
    study_id: str
    device_id: str
    keys: tuple[StudyKeyRecord, ...]
    enrolled_at: str
    keys_checked_at: str = ""

    def matches(self, collector_url: str, study_id: str, device_id: str) -> bool:
        """Enrolled with this collector, in this study, as this device."""
        return (self.collector_url, self.study_id, self.device_id) == (
            collector_url,
            study_id,
            device_id,
        )

    def sealing_key(
        self, kem: KemName, allowed: frozenset[str] = frozenset()
    ) -> StudyPublicKey | None:
        """The key to seal to: the study's current key of ``kem``, else its newest of ``kem``.

        With ``allowed`` (the policy's ``study.key_ids``), only those keys count:
        whatever else a collector lists, nothing is sealed to it.
        """
        of_kem = [
            key for key in self.keys if key.kem == kem and (not allowed or key.key_id in allowed)
        ]
        chosen = next((key for key in of_kem if key.current), of_kem[-1] if of_kem else None)
        return None if chosen is None else chosen.public()


def checked_keys(items: Any) -> tuple[StudyKeyRecord, ...]:
    """Study keys as a collector sent them (a JSON list), each id checked against its key."""
    try:
        keys = msgspec.convert(items, tuple[StudyKeyRecord, ...])
    except msgspec.ValidationError as error:
        raise EnrolmentError(f"the study keys are malformed: {_without_values(error)}") from None
    if not keys or len(keys) > MAX_STUDY_KEYS:
        raise EnrolmentError(f"a study has 1 to {MAX_STUDY_KEYS} keys")
    for index, key in enumerate(keys):
        try:
            public = key.public()
        except KeyFormatError as error:
            raise EnrolmentError(f"study key {index}: {error}") from None
        if public.key_id_hex != key.key_id:
            raise EnrolmentError(f"study key {index}: its id is not the id of its key")
    return keys


def load_enrolment(state_dir: Path) -> Enrolment | None:
    path = state_dir / ENROLMENT_FILE
    try:
        enrolment = msgspec.json.decode(path.read_bytes(), type=Enrolment)
    except FileNotFoundError:
        return None
    except (OSError, msgspec.DecodeError) as error:
        reason = (
            getattr(error, "strerror", None) or "not an enrolment record (delete it to enrol again)"
        )
        raise FileProblem(path, reason) from None
    try:
        checked_keys(msgspec.to_builtins(enrolment.keys))
    except EnrolmentError as error:
        raise FileProblem(path, str(error)) from None
    return enrolment


def save_enrolment(state_dir: Path, enrolment: Enrolment) -> None:
    write_atomic(state_dir / ENROLMENT_FILE, msgspec.json.encode(enrolment) + b"\n")


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class EnrolmentState:
    """The enrolment in memory, shared by the sealing thread and the uploader."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        try:
            self._enrolment = load_enrolment(state_dir)
        except FileProblem:
            self._enrolment = None  # enrol again; the uploader reports why

    def current(self) -> Enrolment | None:
        with self._lock:
            return self._enrolment

    def update(self, enrolment: Enrolment) -> None:
        """Keep a new enrolment (or refreshed keys) on disk and in memory."""
        save_enrolment(self.state_dir, enrolment)
        with self._changed:
            self._enrolment = enrolment
            self._changed.notify_all()

    def sealing_key(
        self,
        collector_url: str,
        study_id: str,
        device_id: str,
        kem: KemName,
        allowed: frozenset[str] = frozenset(),
    ) -> StudyPublicKey | None:
        """The key to seal to, if the device is enrolled with exactly this collector and study."""
        enrolment = self.current()
        if enrolment is None or not enrolment.matches(collector_url, study_id, device_id):
            return None
        return enrolment.sealing_key(kem, allowed)


def _without_values(error: msgspec.ValidationError) -> str:
    return str(error).split("'", 1)[0].rstrip(" :,") or "invalid"
