"""What part of a message the fine-tuned encoder reads (training and the shipped head alike)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

CLS_ID: Final = 101
SEP_ID: Final = 102
# 128 rather than 256: twice the speed at equal real-dev scores (training/README.md, session 22).
MAX_TOKENS: Final = 128
# Parents put their question last: a long message is read from its beginning and its end.
TAIL_TOKENS: Final = 64


def clip_ids(ids: Sequence[int], max_tokens: int = MAX_TOKENS, tail: int = TAIL_TOKENS
             ) -> list[int]:
    """A message's word pieces as the encoder reads them: [CLS], the beginning, the last
    ``tail`` pieces when it is too long (where parents put their question), [SEP]."""
    body = max_tokens - 2
    kept = list(ids) if len(ids) <= body else [*ids[:body - tail], *ids[len(ids) - tail:]]
    return [CLS_ID, *kept, SEP_ID]
