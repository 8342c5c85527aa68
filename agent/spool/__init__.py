"""The spool: sealed batches on the device until the collector has them.

::

    from agent.spool import Spool

    spool = Spool(paths.spool_dir, max_bytes=256 * 2**20, max_age_seconds=7 * 86400)
    sequence = SequenceAllocator(paths.state_dir).next()   # into the batch's header
    spool.put(sealed)                         # ciphertext only; makes room first
    for batch in spool.pending():             # oldest first
        spool.mark_delivered([batch.sequence])
    spool.counters()                          # each created batch: delivered, evicted,
                                              # quarantined or pending

What is stored is envelopes (:mod:`agent.wire.envelope`) and counts; nothing
readable. :func:`spool_for` opens the spool the effective policy describes.
"""

from agent.spool.counters import EVICTION_REASONS, EvictionReason, SpoolCounters
from agent.spool.database import SpoolError, SpoolFull
from agent.spool.open import spool_for
from agent.spool.quarantine import QUARANTINE_DIR
from agent.spool.sequence import SequenceAllocator
from agent.spool.store import (
    SPOOL_FILE,
    PastBatch,
    PendingBatch,
    Spool,
)

__all__ = [
    "EVICTION_REASONS",
    "QUARANTINE_DIR",
    "SPOOL_FILE",
    "EvictionReason",
    "PastBatch",
    "PendingBatch",
    "SequenceAllocator",
    "Spool",
    "SpoolCounters",
    "SpoolError",
    "SpoolFull",
    "spool_for",
]
