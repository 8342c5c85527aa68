"""Upload: the only part of the agent that talks to the network.

::

    from agent.upload import Uploader, UploadTarget

    uploader = Uploader(UploadTarget.from_policy(policy), paths, spool, enrolment,
                        device_id=pseudonym, device_key=key)
    uploader.start()          # a thread: enrol, then messages, then batches
    uploader.wake()           # a new batch is in the spool
    uploader.round()          # or one round in the foreground (spool flush)

The contract with the collector is ``agent/wire/protocol-v1.md``.
"""

from agent.upload.client import CollectorClient, NetworkProblem, Reply
from agent.upload.tls import TlsSettings, TlsSettingsError
from agent.upload.uploader import Uploader, UploadTarget

__all__ = [
    "CollectorClient",
    "NetworkProblem",
    "Reply",
    "TlsSettings",
    "TlsSettingsError",
    "UploadTarget",
    "Uploader",
]
