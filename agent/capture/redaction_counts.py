"""Finding types counted the way the wire format's ``redactions`` fields take them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from agent.wire.fields import REDACTION_TYPE_PATTERN

_TYPE_NAME = re.compile(REDACTION_TYPE_PATTERN)

#: The type a finding is counted under when its name does not fit the wire
#: format's redaction-type field: counted rather than refused.
OTHER = "OTHER"


def redaction_counts(types: Iterable[str]) -> dict[str, int]:
    """How many findings of each type, names that do not fit counted under :data:`OTHER`."""
    return dict(Counter(kind if _TYPE_NAME.match(kind) else OTHER for kind in types))
