"""``python -m agent.tray``: run the tray for this user until Quit (or SIGTERM).

Terms and locked settings come from the effective policy; a policy that does
not load still shows the tray — in the error state, with the reason — because
the indicator and the controls must never depend on a valid policy.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable

from agent.consent import ConsentController, ConsentTerms
from agent.consent.terms import broken_terms, load_policy_view, terms_from_policy
from agent.paths import AgentPaths
from agent.tray.locks import locked_settings
from agent.tray.menu import LockedSetting
from agent.tray.runner import TrayRunner

Loader = Callable[[], tuple[ConsentTerms, tuple[LockedSetting, ...]]]


def load() -> tuple[ConsentTerms, tuple[LockedSetting, ...]]:
    policy = load_policy_view()
    if isinstance(policy, str):
        return broken_terms(policy), ()
    return terms_from_policy(policy), locked_settings(policy)


def main(loader: Loader = load) -> int:
    logging.basicConfig(level=logging.INFO, format="consentry tray: %(levelname)s %(message)s")
    terms, locks = loader()
    runner = TrayRunner(ConsentController(AgentPaths.resolve(), terms), locks=locks)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: runner.stop())
    runner.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
