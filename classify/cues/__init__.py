"""The rule cues as data, one module per route, each cue with its purpose and examples.

``ALL_CUES`` is every cue in the order ``classify.rules.find_cues`` reports ties in.
"""

from __future__ import annotations

from typing import Final

from classify.cues import (
    appeal,
    delay,
    discrimination,
    exclusion,
    near_misses,
    safeguarding,
    stages,
)
from classify.cues.spec import Cue

ALL_CUES: Final[tuple[Cue, ...]] = (
    appeal.CUES + near_misses.CUES + exclusion.CUES + discrimination.CUES + delay.CUES
    + safeguarding.CUES + stages.CUES
)
