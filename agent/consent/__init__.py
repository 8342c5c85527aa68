"""Consent: the gate every capture source passes, held by the employee.

Public interface::

    controller = ConsentController(AgentPaths.resolve(), terms_from_policy(load_policy()))
    controller.allows("typed_text")      # ask before every event
    controller.grant(["input_activity"]); controller.pause("1h"); controller.resume()
    controller.withdraw()                 # stop, delete unsent data, queue a deletion request
    controller.subscribe(listener); controller.poll()
"""

from agent.consent.controller import ConsentController, ConsentError, Withdrawal
from agent.consent.notice import render_notice
from agent.consent.status import ConsentStatus, evaluate
from agent.consent.terms import PURPOSES, ConsentTerms, terms_from_policy

__all__ = [
    "PURPOSES",
    "ConsentController",
    "ConsentError",
    "ConsentStatus",
    "ConsentTerms",
    "Withdrawal",
    "evaluate",
    "render_notice",
    "terms_from_policy",
]
