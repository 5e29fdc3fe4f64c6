"""What we already said on a case: the reply a parent is answering, for a follow-up draft.

The reply we sent is on the case as a sent draft; a parent may also answer a reply sent before
this service kept the case, which then survives only as quoted history under their message.
Either way the adviser's own greeting ("Hi Louise,") and sign-off ("Kate") are kept, so the
follow-up reads as the same conversation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from core.labels import NextStep

MAX_SALUTATION_WORDS: Final = 6
MAX_CLOSING_LINES: Final = 3
_SALUTATION: Final = re.compile(
    r"^(?:dear|hi|hello|good (?:morning|afternoon|evening))\b[^.!?]{0,60},$", re.IGNORECASE)
_CLOSING: Final = re.compile(
    r"^(?:best(?: wishes)?|with best wishes|kind regards|warm(?:est)? (?:wishes|regards)|"
    r"regards|many thanks|thanks(?: again)?|thank you|all the best|take care|"
    r"yours sincerely|yours)[,.!]?$", re.IGNORECASE)
# "On Thu, 6 Nov 2025 at 16:51, Kate Mullins <advice@...>\nwrote:" then "> " lines.
_ATTRIBUTION: Final = re.compile(
    r"<(?P<address>[^<>\s]+@[^<>\s]+)>\s*(?:wrote|schrieb|a écrit)\s*:[ \t]*\n"
    r"(?P<quoted>(?:>.*(?:\n|$))+)",
    re.IGNORECASE,
)
_NESTED_ATTRIBUTION: Final = re.compile(r"^on .+(?:wrote|schrieb):?$|^-+ ?original message",
                                        re.IGNORECASE)


@dataclass(frozen=True)
class EarlierReply:
    """Our last reply on the case: how it greeted and signed off, when, and about what step."""

    salutation: str | None = None
    closing: tuple[str, ...] = ()
    sent_on: date | None = None
    next_step: NextStep | None = None


def reply_from_body(body: str, *, sent_on: date | None = None,
                    next_step: NextStep | None = None) -> EarlierReply:
    """The greeting and sign-off of a reply we wrote, read from its text."""
    lines = [line.strip() for line in body.strip().splitlines()]
    salutation = lines[0] if lines and _is_salutation(lines[0]) else None
    return EarlierReply(salutation=salutation, closing=_closing(lines), sent_on=sent_on,
                        next_step=next_step)


def reply_quoted_in(full_text: str, own_addresses: Collection[str]) -> EarlierReply | None:
    """Our reply as quoted under a parent's message (``> `` lines after "... <us> wrote:").

    None when no quoted block is attributed to one of ``own_addresses`` (a quoted email from
    the council or the school is not ours to continue).
    """
    ours = {a.lower() for a in own_addresses}
    for match in _ATTRIBUTION.finditer(full_text):
        if match.group("address").lower() not in ours:
            continue
        return reply_from_body("\n".join(_first_level(match.group("quoted").splitlines())))
    return None


def _first_level(quoted: Sequence[str]) -> list[str]:
    """The quoted reply's own lines, up to the older history quoted inside it."""
    lines = []
    for raw in quoted:
        if raw.startswith(">>"):
            break
        line = raw[1:].strip()
        if _NESTED_ATTRIBUTION.match(line):
            break
        lines.append(line)
    return lines


def _is_salutation(line: str) -> bool:
    return bool(_SALUTATION.match(line)) and len(line.split()) <= MAX_SALUTATION_WORDS


def _closing(lines: list[str]) -> tuple[str, ...]:
    """The sign-off: from the last closing phrase to the end, or a short last paragraph."""
    while lines and not lines[-1]:
        lines = lines[:-1]
    for i in range(len(lines) - 1, max(-1, len(lines) - 1 - MAX_CLOSING_LINES - 1), -1):
        if _CLOSING.match(lines[i]):
            return tuple(line for line in lines[i:] if line)
    tail: list[str] = []
    for line in reversed(lines):
        if not line:
            break
        tail.insert(0, line)
    short = len(tail) <= MAX_CLOSING_LINES and all(len(t.split()) <= 4 for t in tail)
    if tail and short and len(tail) < len(lines):
        return tuple(tail)
    # "Good luck - let me know how it goes.\nSam": a name alone on the last line.
    last = lines[-1] if lines else ""
    if last and len(last.split()) <= 3 and last[-1].isalpha() and last[0].isupper():
        return (last,)
    return ()
