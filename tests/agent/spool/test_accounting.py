"""Whatever happens, each batch created is delivered, evicted, quarantined or still pending."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from agent.spool import Spool
from tests.agent.spool.sealed_batches import SEQUENCES, sealed

DAY = 86400.0


class SpoolLife(RuleBasedStateMachine):
    """Puts, deliveries (by two uploaders), quarantine, age, quota, purge and restarts."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="spool-life-"))
        self.now = time.time()
        self.agent = self._open()
        self.agent.open()  # as the agent's delivery does when it starts
        self.flush = self._open()
        self.made = 0

    def _open(self) -> Spool:
        return Spool(
            self.directory, max_bytes=12_000, max_age_seconds=2 * DAY, wall_clock=lambda: self.now
        )

    def teardown(self) -> None:
        self.agent.close()
        self.flush.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    @rule(size=st.sampled_from([800, 2500, 5000, 13_000]), withdrawn=st.booleans())
    def put(self, size: int, withdrawn: bool) -> None:
        sequence = next(SEQUENCES)
        batch = sealed(sequence, size, created_ms=int(self.now * 1000))
        self.agent.put(batch, allowed=lambda: not withdrawn)
        self.made += 1

    @rule(reason=st.sampled_from(["no_study_key", "unsealable"]))
    def unsealed(self, reason: str) -> None:
        self.agent.count_unsealed(reason)  # type: ignore[arg-type]
        self.made += 1

    @precondition(lambda self: bool(self.agent.pending()))
    @rule(twice=st.booleans())
    def deliver_oldest(self, twice: bool) -> None:
        oldest = self.agent.pending(limit=1)[0].sequence
        self.flush.mark_delivered([oldest])
        if twice:
            self.agent.mark_delivered([oldest])

    @precondition(lambda self: bool(self.agent.pending()))
    @rule()
    def quarantine_oldest(self) -> None:
        self.agent.quarantine(self.agent.pending(limit=1)[0].sequence, 400, "bad_envelope")

    @rule(days=st.sampled_from([0.5, 1.5, 3.0, -10.0]))
    def clock_moves(self, days: float) -> None:
        self.now += days * DAY
        self.agent.expire()

    @rule()
    def purge(self) -> None:
        self.flush.purge("withdrawn")  # as erasure does, keeping the (empty) database

    @rule()
    def restart(self) -> None:
        self.agent.close()
        self.agent = self._open()

    @invariant()
    def every_batch_is_accounted_for(self) -> None:
        counters = self.flush.counters()
        assert counters.balanced, counters
        assert counters.created == self.made

    @invariant()
    def the_spool_stays_within_its_quota(self) -> None:
        assert self.agent.counters().pending_bytes <= 12_000


SpoolLife.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
test_spool_accounting_holds_through_any_sequence_of_events = SpoolLife.TestCase
