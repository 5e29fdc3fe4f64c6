"""Adviser notes in plain words: no rule numbers from send-routes.md, real plurals, each once.

The classifier and the composer cite the rules they applied ("(D6 ?)", "(§9.7 ?)") so that a
developer can trace them; an adviser needs only to know whether a rule is unconfirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# One reference: a date rule (D6, D2-D4), a section (§9.7, §2E), a confidence mark (?, S/?, P).
_ONE_REF: Final = r"(?:D\d+(?:-D\d+)?|§\d+[A-Z]?(?:\.\d+)*|S/\?|P/S|P|S|\?|check)"
# A bracketed group made only of references, with the space before it.
_REFERENCES: Final = re.compile(rf"\s*\(\s*{_ONE_REF}(?:\s*[ ,;]\s*{_ONE_REF})*\s*\)")
_MAYBE_PLURAL: Final = re.compile(r"\b(\d+) (\w+)\(s\)")
UNCONFIRMED: Final = " (not confirmed, check)"


def plain_note(note: str) -> str:
    """``note`` without rule references; an unconfirmed rule says so in words.

    "(D6 ?)" becomes "(not confirmed: check)" unless the note already says to check or that
    the rule is unconfirmed; "(D3)" and "(§9.13)" go. "19 day(s)" becomes "19 days".
    """
    def replace(match: re.Match[str]) -> str:
        if "?" not in match.group(0):
            return ""
        rest = (note[: match.start()] + note[match.end():]).lower()
        return "" if "check" in rest or "confirm" in rest else UNCONFIRMED

    text = _REFERENCES.sub(replace, note)
    text = _MAYBE_PLURAL.sub(_plural, text)
    return " ".join(text.split())


def plain_notes(notes: Iterable[str]) -> list[str]:
    """Each note in plain words, in order, each once."""
    return list(dict.fromkeys(plain_note(n) for n in notes if n.strip()))


def count(number: int, noun: str) -> str:
    """``"1 day"``, ``"19 days"``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _plural(match: re.Match[str]) -> str:
    return count(int(match.group(1)), match.group(2))
