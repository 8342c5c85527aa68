"""Enrolment: registering the device's key with the collector and learning the study's keys.

The device proves it holds the key it registers (it signs the request), sends
the enrolment secret MDM delivered, and gets the study's public keys back —
each checked against its key id before it is kept.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import msgspec

from agent.sealing.enrolment import Enrolment, EnrolmentError, checked_keys, now_text
from agent.upload.client import ENROL_CONTEXT, CollectorClient, Reply
from agent.wire.keys import DeviceSigningKey, b64encode


class EnrolmentRefused(Exception):
    """The collector answered, and not with the keys asked for: status and error code only."""

    def __init__(self, reply: Reply, reason: str | None = None) -> None:
        self.reply = reply
        detail = reason or reply.error or "no reason given"
        super().__init__(f"the collector answered {reply.status}: {detail}")


def agent_version() -> str:
    try:
        return metadata.version("consentry")
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


def enrol(
    client: CollectorClient,
    *,
    collector_url: str,
    study_id: str,
    device_id: str,
    device_key: DeviceSigningKey,
    secret: str,
) -> Enrolment:
    """Enrol this device; raises :class:`EnrolmentRefused` or the client's ``NetworkProblem``."""
    body = msgspec.json.encode(
        {
            "study": study_id,
            "secret": secret,
            "device_id": device_id,
            "device_key": b64encode(device_key.public_raw),
            "agent_version": agent_version(),
        }
    )
    reply = client.enrol(body, b64encode(device_key.sign(ENROL_CONTEXT + body)))
    if not reply.ok:
        raise EnrolmentRefused(reply)
    answer = _json(reply)
    if answer.get("study") != study_id or answer.get("device_id") != device_id:
        raise EnrolmentRefused(reply, "the answer is for another study or device")
    try:
        keys = checked_keys(answer.get("keys"))
    except EnrolmentError as error:
        raise EnrolmentRefused(reply, str(error)) from None
    now = now_text()
    return Enrolment(
        collector_url=collector_url,
        study_id=study_id,
        device_id=device_id,
        keys=keys,
        enrolled_at=now,
        keys_checked_at=now,
    )


def refresh_keys(client: CollectorClient, enrolment: Enrolment) -> Enrolment:
    """The enrolment with the study's keys as the collector lists them now."""
    reply = client.study_keys(enrolment.study_id)
    if not reply.ok:
        raise EnrolmentRefused(reply)
    try:
        keys = checked_keys(_json(reply).get("keys"))
    except EnrolmentError as error:
        raise EnrolmentRefused(reply, str(error)) from None
    return msgspec.structs.replace(enrolment, keys=keys, keys_checked_at=now_text())


def _json(reply: Reply) -> dict[str, Any]:
    try:
        answer = reply.json()
    except msgspec.DecodeError:
        raise EnrolmentRefused(reply, "the answer is not JSON") from None
    if not isinstance(answer, dict):
        raise EnrolmentRefused(reply, "the answer is not a JSON object")
    return answer
