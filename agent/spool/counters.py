"""What became of every batch the device made: the spool's accounting, read by operators.

Every batch the agent cuts from records is *created* once and then ends in
exactly one place: *delivered* (the collector acknowledged it), *evicted*
(deleted unsent, by a named reason), *quarantined* (refused by the collector
for good), or still *pending*. So at every moment::

    delivered + evicted + quarantined + pending == created

The counters live in the spool database and change in the same transaction as
the batches they count, so the equation holds across crashes and restarts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

#: Why a batch was deleted unsent. Each is a policy or the employee's decision,
#: never a silent loss:
#:
#: * ``quota`` — the spool reached ``retention.device_max_mb``; oldest first;
#: * ``age`` — older than ``retention.device_days``;
#: * ``disk_full`` — the disk had no room even for the spool's own bookkeeping;
#: * ``withdrawn`` — the employee withdrew consent: unsent data is deleted;
#: * ``deleted_by_user`` — the employee deleted what was not yet sent;
#: * ``no_study_key`` — the device never learnt the study's key (not enrolled),
#:   so the batch could not be sealed and was never written;
#: * ``too_large`` — one batch larger than the whole spool;
#: * ``unsealable`` — sealing refused the batch (a bug, logged by type);
#: * ``spool_error`` — the spool could not store a sealed batch (a damaged
#:   database, logged with the file and reason).
EvictionReason = Literal[
    "quota",
    "age",
    "disk_full",
    "withdrawn",
    "deleted_by_user",
    "no_study_key",
    "too_large",
    "unsealable",
    "spool_error",
]
EVICTION_REASONS: tuple[EvictionReason, ...] = get_args(EvictionReason)


@dataclass(frozen=True)
class SpoolCounters:
    created: int = 0
    #: Created batches that were sealed and reached the spool's checks (the rest
    #: were counted as evicted before: no key, unsealable, disk full, spool error).
    sealed: int = 0
    delivered: int = 0
    quarantined: int = 0
    evicted: Mapping[str, int] = field(default_factory=dict)
    pending: int = 0
    pending_bytes: int = 0
    #: The oldest pending batch's creation time (ms since the epoch), if any.
    oldest_pending_ms: int | None = None
    last_attempt_at: str | None = None
    last_result: str | None = None

    @property
    def evicted_total(self) -> int:
        return sum(self.evicted.values())

    @property
    def balanced(self) -> bool:
        """``delivered + evicted + quarantined + pending == created``."""
        return self.delivered + self.evicted_total + self.quarantined + self.pending == self.created

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "sealed": self.sealed,
            "delivered": self.delivered,
            "evicted": self.evicted_total,
            "evicted_by_reason": {
                reason: self.evicted.get(reason, 0) for reason in EVICTION_REASONS
            },
            "quarantined": self.quarantined,
            "pending": self.pending,
            "pending_bytes": self.pending_bytes,
            "oldest_pending_ms": self.oldest_pending_ms,
            "last_attempt_at": self.last_attempt_at,
            "last_result": self.last_result,
            "balanced": self.balanced,
        }
