"""What a collector's answer means for the batch or message that was sent: one decision, named.

The rules (``protocol-v1.md``): any 2xx is done (a repeated batch answers
"already stored", so a retry after a lost answer is done too); 408, 429 and
503 mean "later", at the time ``Retry-After`` gives; other 5xx and no answer
at all mean "later", after back-off; 401 ``unknown_device`` means the
collector does not know the device, so it enrols again (any other 401 is
waited out); any other 4xx is a refusal for good: a batch goes to quarantine,
a message waits at the longest back-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from agent.upload.client import Reply

#: Statuses whose ``Retry-After`` is honoured.
RETRY_AFTER_STATUSES = frozenset({408, 429, 503})
#: ``Retry-After: 0`` (or a date already past on this clock) still waits this long:
#: a collector asking for "now" must not be answered with a tight loop.
MIN_RETRY_AFTER_SECONDS = 1.0
#: The only 401 that means "enrol again": any other 401 (an authenticating proxy in
#: the way, say) is waited out, and the enrolment secret is not sent to it.
UNKNOWN_DEVICE = "unknown_device"


class Verdict(Enum):
    DONE = "done"
    RETRY_AFTER = "retry_after"
    BACK_OFF = "back_off"
    ENROL_AGAIN = "enrol_again"
    REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    #: Seconds to wait, for RETRY_AFTER.
    wait: float = 0.0


def judge(reply: Reply) -> Outcome:
    status = reply.status
    if 200 <= status < 300:
        return Outcome(Verdict.DONE)
    if status in RETRY_AFTER_STATUSES:
        if reply.retry_after is not None:
            return Outcome(Verdict.RETRY_AFTER, max(reply.retry_after, MIN_RETRY_AFTER_SECONDS))
        return Outcome(Verdict.BACK_OFF)
    if status >= 500 or status < 200 or 300 <= status < 400:
        return Outcome(Verdict.BACK_OFF)  # a redirect is not followed: a misconfigured proxy
    if status == 401:
        return Outcome(Verdict.ENROL_AGAIN if reply.error == UNKNOWN_DEVICE else Verdict.BACK_OFF)
    return Outcome(Verdict.REFUSED)
