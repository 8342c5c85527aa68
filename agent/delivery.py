"""The path off the device for one run of the agent: capture → batcher → spool → uploader.

``consentry run`` makes one :class:`Delivery` when its policy names a study,
hands it every record capture makes (:meth:`Delivery.emit`), and subscribes
it to consent: a withdrawal drops what is not yet sealed (the consent
controller deletes the spool), and every consent change wakes the uploader,
since it queued a receipt for the collector.

If the delivery cannot be set up — the device key, the spool or the TLS
settings are unusable — :class:`DeliveryError` says why and the agent
captures nothing: records that could not be sealed would only be dropped.
"""

from __future__ import annotations

import logging

from agent.consent import ConsentController, ConsentStatus
from agent.consent.controller import ConsentError
from agent.files import FileProblem
from agent.instance import FLUSHED_META, read_flush_request
from agent.paths import AgentPaths
from agent.policy import EffectivePolicy
from agent.sealing import Batcher, BatchLimits, EnrolmentState, device_signing_key
from agent.spool import SequenceAllocator, Spool, SpoolError, spool_for
from agent.upload import TlsSettingsError, Uploader, UploadTarget
from agent.wire import Blob, Record
from agent.wire.keys import StudyPublicKey

log = logging.getLogger(__name__)

#: How long stopping waits for the batcher to seal and store what it holds.
STOP_SECONDS = 30.0
#: The spool's meta entry: batches the agent holds unsealed for want of the study's key.
AWAITING_KEY_META = "awaiting_key"


class DeliveryError(Exception):
    """The path off the device cannot be set up; the message says why (never content)."""


class Delivery:
    def __init__(
        self,
        paths: AgentPaths,
        spool: Spool,
        batcher: Batcher,
        uploader: Uploader,
        controller: ConsentController,
    ) -> None:
        self.paths = paths
        self.controller = controller
        self.spool = spool
        self.batcher = batcher
        self.uploader = uploader
        batcher.on_flush_request = self._flushed

    @classmethod
    def open(
        cls, paths: AgentPaths, policy: EffectivePolicy, controller: ConsentController
    ) -> Delivery:
        try:
            device_id = controller.pseudonym()
            device_key = device_signing_key(paths.state_dir, device_id)
            spool = spool_for(paths, policy)
            spool.open()  # a spool that cannot be used shows now, before anything is captured
            enrolment = EnrolmentState(paths.state_dir)
            target = UploadTarget.from_policy(policy)
            uploader = Uploader(
                target, paths, spool, enrolment, device_id=device_id, device_key=device_key
            )
        except (ConsentError, FileProblem, SpoolError, TlsSettingsError, ValueError) as error:
            raise DeliveryError(str(error)) from None

        def sealing_target() -> tuple[str, StudyPublicKey] | None:
            key = enrolment.sealing_key(
                target.collector_url, target.study_id, device_id, target.kem, target.key_ids
            )
            return None if key is None else (target.study_id, key)

        batcher = Batcher(
            device_id=device_id,
            limits=BatchLimits.from_policy(policy),
            spool=spool,
            sequences=SequenceAllocator(paths.state_dir),
            device_key=device_key,
            target=sealing_target,
            consent_allows=lambda generation: (
                controller.withdrawals() == generation and controller.status().mode != "withdrawn"
            ),
            on_stored=uploader.wake,
        )
        return cls(paths, spool, batcher, uploader, controller)

    def start(self) -> None:
        self.batcher.start()
        self.uploader.start()

    def emit(self, record: Record, blob: Blob | None = None) -> None:
        """Capture's sink: never blocks. A record carries the consent generation it was made in."""
        self.batcher.add(record, blob, self.controller.withdrawals())

    def follow(self, status: ConsentStatus) -> None:
        """Consent listener: a withdrawal drops what is unsealed; every change queued a receipt."""
        if status.mode == "withdrawn":
            self.batcher.discard(self.controller.withdrawals())
        self.uploader.wake()

    def request_flush(self) -> None:
        """Seal now (``consentry spool flush``). Safe in a signal handler: it only sets a flag."""
        self.batcher.flush_requested = True

    def _flushed(self) -> None:
        token = read_flush_request(self.paths.state_dir)
        values = {AWAITING_KEY_META: str(self.batcher.awaiting_key)}
        if token is not None:
            values[FLUSHED_META] = token
        try:
            self.spool.set_meta(values)
        except SpoolError as error:
            log.warning("the flush could not be recorded: %s", type(error).__name__)
        self.uploader.wake()

    def stop(self) -> None:
        """Seal and store what is held, stop uploading, close the spool."""
        self.batcher.stop(STOP_SECONDS)
        self.uploader.stop()
        self.spool.close()
