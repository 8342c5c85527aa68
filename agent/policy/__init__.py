"""Policy: what IT and the study configure, layered, checked, failing closed.

::

    from agent.policy import load_policy

    policy = load_policy()                     # defaults < managed < user; never raises
    policy.value("screen.interval_seconds")    # the effective value
    policy.setting("keystrokes.default_level") # Setting(key, value, source, locked, ...)
    policy.capture_allowed                     # False on any problem, or with no study
    policy.stop_reasons                        # why, one line each (file: key: reason)

A policy can narrow what is captured; it can never hide the indicator, skip
the notice, or remove the employee's pause, opt-out, withdrawal or deletion
(:mod:`agent.policy.forbidden`).
"""

from agent.policy.effective import SOURCES, EffectivePolicy, Setting, Source
from agent.policy.loader import check_policy_file, default_policy_path, load_policy
from agent.policy.problems import PolicyError, PolicyProblem
from agent.policy.sources import ManagedSource, NoManagedPolicy

__all__ = [
    "SOURCES",
    "EffectivePolicy",
    "ManagedSource",
    "NoManagedPolicy",
    "PolicyError",
    "PolicyProblem",
    "Setting",
    "Source",
    "check_policy_file",
    "default_policy_path",
    "load_policy",
]
