"""Sealing on the device: the device key, what enrolment gave it, and the batcher.

::

    from agent.sealing import Batcher, BatchLimits, EnrolmentState, device_signing_key

    key = device_signing_key(paths.state_dir, pseudonym)        # keyring or 0600 file
    batcher = Batcher(device_id=pseudonym, limits=BatchLimits.from_policy(policy),
                      spool=spool, sequences=SequenceAllocator(paths.state_dir),
                      device_key=key, target=lambda: (study_id, study_key))
    batcher.start()
    batcher.add(record, blob)                                   # capture's sink

Records are held in memory until their batch is sealed; only envelopes
(:mod:`agent.wire.envelope`) reach the spool.
"""

from agent.sealing.batcher import Batcher, BatchLimits, SealingTarget
from agent.sealing.device_key import DeviceKeyError, device_signing_key
from agent.sealing.enrolment import Enrolment, EnrolmentState, load_enrolment

__all__ = [
    "BatchLimits",
    "Batcher",
    "DeviceKeyError",
    "Enrolment",
    "EnrolmentState",
    "SealingTarget",
    "device_signing_key",
    "load_enrolment",
]
