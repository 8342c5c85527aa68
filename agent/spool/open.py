"""Opening the spool with the bounds the policy sets."""

from __future__ import annotations

from agent.paths import AgentPaths
from agent.policy import EffectivePolicy
from agent.spool.store import Spool

#: Used where no valid policy says otherwise (``spool status`` under a broken
#: policy, a withdrawal): the built-in defaults' bounds.
DEFAULT_MAX_MB = 256
DEFAULT_DAYS = 7


def spool_for(paths: AgentPaths, policy: EffectivePolicy | None = None) -> Spool:
    """The device's spool, bounded by ``retention.device_max_mb`` and ``retention.device_days``."""
    max_mb, days = DEFAULT_MAX_MB, DEFAULT_DAYS
    if policy is not None and not policy.problems:
        max_mb = int(policy.value("retention.device_max_mb"))
        days = int(policy.value("retention.device_days"))
    return Spool(paths.spool_dir, max_bytes=max_mb * 1024 * 1024, max_age_seconds=days * 86400)
