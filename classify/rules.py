"""Finding the rule cues in a text: where each cue matches, and whether it counts.

The cues themselves are data (``classify.cues``, one module per route). ``find_cues`` runs them
once over the text and marks each hit negated when a negation or a hypothetical ("if they
refuse") governs it in its clause. The cues' alternatives are compiled once, at import, into
one ``classify.matching.PatternSet``: each is tried only where its words occur, with the same
matches as scanning the text with every one of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from classify.cues import ALL_CUES
from classify.cues.spec import Cue
from classify.matching import PatternSet

NEGATION_RE: Final = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|yet to|instead of|rather than|"
    r"no longer|haven't|hasn't|hadn't|didn't|don't|doesn't|isn't|aren't|wasn't|weren't|"
    r"havent|hasnt|didnt|dont|doesnt|isnt|arent|wasnt|werent|cannot say|unlikely)\b",
    re.IGNORECASE,
)
# A condition governs its whole clause ("if the council refuses to assess"); an intention or a
# fear only the words right after it ("they want to exclude him", not "I want to appeal the
# exclusion").
CONDITIONAL_RE: Final = re.compile(
    r"\b(?:if|whether|in case|what happens if|what if|suppose|supposing|should they|"
    r"in the event|hypothetically|before they)\b"
)
INTENT_RE: Final = re.compile(
    r"\b(?:might|may|could|would|worried (?:that )?(?:they|he|she)(?:'ll| will)|"
    r"threaten(?:ed|ing|s)? (?:to|with)|talk(?:ed|ing)? (?:of|about)|mentioned|considering|"
    r"thinking (?:of|about)|planning to|want(?:s|ed)? to|trying to|try to|afraid|scared|"
    r"worried|fear|risk of|on the verge|close to|nearly|almost)\b(?:\s+\S+)?\s*$"
)
# "Isn't this discrimination?" asks the adviser to agree: the "n't" does not negate the cue.
RHETORICAL_RE: Final = re.compile(
    r"(?:^|[?!.]\s*)(?:isn't|isnt|is not|wasn't|surely)\s+(?:this|that|it)\s+(?:just\s+|"
    r"clearly\s+|basically\s+|a case of\s+|a form of\s+)?$|\b(?:is|was)\s+(?:this|that|it)\s+"
    r"not\s+(?:a case of\s+|a form of\s+)?$"
)
CLAUSE_BREAK_RE: Final = re.compile(
    r"(?:[,;:()\"]|\s-\s|\b(?:but|and then|and|so|because|however|although|though|whereas|"
    r"then|now|after|when|which|who|since)\b)",
    re.IGNORECASE,
)


def _branches(cue: Cue) -> list[str]:
    # Patterns are written in lower case and run over the lower-cased text: a case-insensitive
    # regex is several times slower in CPython's engine. Each top-level alternative runs on its
    # own without its leading \b (checked on each match in ``find_cues`` instead).
    return [branch[2:] if branch.startswith("\\b") else branch
            for branch in _top_level_branches(cue.pattern)]


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """``(index, char, depth)`` for each character of ``pattern`` outside escapes and ``[...]``
    classes, where ``depth`` is the group nesting after that character."""
    depth = 0
    in_class = False
    escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += (char == "(") - (char == ")")
            yield index, char, depth


def _top_level_branches(pattern: str) -> list[str]:
    """Split ``a|b|(c|d)`` into ``a``, ``b``, ``(c|d)``; also splits a single outer group."""
    cuts = [index for index, char, depth in _structure(pattern) if char == "|" and depth == 0]
    edges = [-1, *cuts, len(pattern)]
    branches = [pattern[a + 1:b] for a, b in pairwise(edges)]
    if len(branches) == 1:
        inner = _outer_group(pattern)
        if inner is not None:
            return _top_level_branches(inner)
    return branches


def _outer_group(pattern: str) -> str | None:
    """``X`` for a pattern that is ``\\b(?:X)`` or ``(?:X)`` as a whole, else None."""
    body = pattern[2:] if pattern.startswith("\\b") else pattern
    if not body.startswith("(?:") or not body.endswith(")"):
        return None
    closes_early = any(char == ")" and depth == 0 and index != len(body) - 1
                       for index, char, depth in _structure(body))
    if closes_early:
        return None
    prefix = "\\b" if pattern.startswith("\\b") else ""
    return "|".join(f"{prefix}{branch}" for branch in _split_inner(body[3:-1]))


def _split_inner(inner: str) -> list[str]:
    return _top_level_branches(inner) if inner else [inner]


# "If they refuse to assess..." is a question, not a decision; delay and risk are not waved
# away by an "if".
HYPOTHETICAL_KINDS: Final = frozenset({"appeal", "exclusion", "discrimination"})


@dataclass(frozen=True)
class CueHit:
    """One cue found in the text: where, which, and whether a negation or "if" governs it."""

    cue: str
    kind: str
    subtype: str
    weight: float
    start: int
    end: int
    sentence: int
    negated: bool


_WORD_CHAR: Final = re.compile(r"\w")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS: Final = ("e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "vs", "no", "approx")
# The characters Python's case-insensitive matching takes for a letter besides its two cases.
_OTHER_CASES: Final = {"i": "İı", "s": "ſ"}


def _any_case(word: str) -> str:
    """``word`` as a pattern matching it in any case, as re.IGNORECASE would (faster: the
    engine need not fold every character it tries)."""
    return "".join(
        f"[{char}{char.upper()}{_OTHER_CASES.get(char, '')}]" if char.isalpha() else re.escape(char)
        for char in word
    )


# A sentence ends at . ! ? (not after a common abbreviation) or at a blank line. Done by regex
# over the text: spaCy keeps "F." (as in "section F.") together as an initial, which would join
# two sentences that say different things. The abbreviations are checked after the first mark
# (behind it and the mark), so the engine only looks back where there is a mark.
SENTENCE_END_RE: Final = re.compile(
    r"(?:[.!?]" + "".join(rf"(?<!\b{_any_case(word)}.)" for word in ABBREVIATIONS)
    + r"[.!?]*[\"')\]]*[ \t]+|[ \t]*\n[ \t]*\n\s*|(?<=[.!?])[\"')\]]*[ \t]*\n\s*)(?=\S)"
)


def split_sentences(text: str) -> list[int]:
    """Character offsets where sentences start (the first is always 0)."""
    return [0, *(match.end() for match in SENTENCE_END_RE.finditer(text) if match.end() > 0)]


def sentence_index(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence (given by its start offsets) that contains ``offset``."""
    return max(bisect_right(starts, offset) - 1, 0)


def _clause_before(text: str, sentence_start: int, hit_start: int) -> str:
    window = text[max(sentence_start, hit_start - 90):hit_start]
    breaks = list(CLAUSE_BREAK_RE.finditer(window))
    return window[breaks[-1].end():] if breaks else window


# Every alternative of every cue, in order, run together (see classify.matching), and its cue.
_BRANCH_CUES: Final = tuple(cue for cue in ALL_CUES for _ in _branches(cue))
_BRANCHES: Final = PatternSet([branch for cue in ALL_CUES for branch in _branches(cue)])


def cue_patterns() -> list[tuple[str, int]]:
    """Every cue alternative (source, flags), in the order they run."""
    return [(source, _BRANCHES.flags) for source in _BRANCHES.sources]


def find_cues(text: str, sentence_starts: Sequence[int] = (0,)) -> list[CueHit]:
    """Every cue hit in ``text``; ``sentence_starts`` are the character offsets of sentences."""
    hits: list[CueHit] = []
    starts = list(sentence_starts) or [0]
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters (e.g. "İ") change length when lower-cased; keep offsets exact.
        lowered = "".join(ch.lower()[0] if ch.lower() else ch for ch in text)
    # Branches in order (cue by cue), matches in text order: the order ties are reported in.
    for index, matches in _BRANCHES.matches(lowered).items():
        cue = _BRANCH_CUES[index]
        for match in matches:
            start = match.start()
            if start and _WORD_CHAR.match(lowered, start - 1) and _WORD_CHAR.match(lowered, start):
                continue  # inside a word: the \b the pattern began with fails here
            sent = sentence_index(starts, start)
            negated = False
            if cue.negatable or cue.hypothetical:
                clause = _clause_before(lowered, starts[sent], match.start())
                negated = bool(
                    cue.negatable and NEGATION_RE.search(clause)
                    and not RHETORICAL_RE.search(clause)
                ) or bool(
                    cue.hypothetical
                    and cue.kind in HYPOTHETICAL_KINDS
                    and (CONDITIONAL_RE.search(clause) or INTENT_RE.search(clause))
                )
            hits.append(CueHit(
                cue.name, cue.kind, cue.subtype, cue.weight, match.start(), match.end(), sent,
                negated,
            ))
    hits.sort(key=lambda hit: (hit.start, hit.end))
    return hits
