"""What the parent's own words ask of a reply, beyond the triage: read from the message text.

Plain words, thanks only, the young person's age, how long a suspension is, and help in an EHC
plan that is not being given. Pure functions over text; wrong or missing signals only change
the wording of a draft an adviser reviews, never a route or a deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_NUMBERS: Final = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                   "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1}

# "he is 17", "aged 17", "17-year-old", "17 yrs old". Ages outside 16-25 say nothing here.
_AGE: Final = re.compile(
    r"\b(?:is|aged|age|turned|now|i'?m|i’m|i am)\s+(1[6-9]|2[0-5])\b"
    r"(?!\s*(?:weeks|months|days|hours|%))"
    r"|\b(1[6-9]|2[0-5])[\s-]*(?:year|yr)s?[\s-]*old\b|\b(1[6-9]|2[0-5])\s*yo\b",
    re.IGNORECASE,
)
_SON_OR_DAUGHTER: Final = re.compile(r"\b(?:my|our) (son|daughter)\b", re.IGNORECASE)
_POST_16_YEAR: Final = re.compile(r"\b(?:year|yr)\s*1[234]\b", re.IGNORECASE)
_WRITER_IS_YOUNG_PERSON: Final = re.compile(
    r"\bmy (?:ehcp|ehc plan|plan)\b|\b(?:i'?m|i’m|i am) (?:1[6-9]|2[0-5])\b", re.IGNORECASE)
_WRITES_ABOUT_A_CHILD: Final = re.compile(
    r"\b(?:my|our) (?:son|daughter|child|boy|girl|grandson|granddaughter|nephew|niece)\b",
    re.IGNORECASE)

# The parent says reading or English is hard for them (not their child's dyslexia).
_PLAIN_WORDS: Final = re.compile(
    r"\b(?:i|we)\s+(?:can ?not|can'?t|cant|do ?n[o']?t|dont|don’t|can’t)\s+(?:read|understand)\b"
    r"(?!\s+(?:why|how|what|when|that|this school))"
    r"|\bmy english (?:is )?(?:not|isn'?t|isn’t|is bad|is poor|is weak)"
    r"|\b(?:english|reading) is (?:hard|difficult) for me\b"
    r"|\bi (?:struggle|find it hard|find it difficult) (?:to read|with reading|with english)"
    r"|\bi am dyslexic\b|\bi'?m dyslexic\b|\bi have dyslexia\b"
    r"|\bsimple (?:english|words)\b|\beasy read\b",
    re.IGNORECASE,
)

# Thanks for help given, or news that the problem is over; a "Thanks," sign-off is not enough.
_THANKS: Final = re.compile(
    r"\bthank(?:s| you)(?: so(?:,? so)? much| very much)?(?: again)? for (?:all )?"
    r"(?:your|the|you're|you’re)?\s*(?:help|advice|support)"
    r"|\bgood news\b|\bgreat news\b|\bwe won\b|\b(?:has|have|is|was|all) (?:been )?"
    r"(?:resolved|sorted)\b",
    re.IGNORECASE,
)
THANKS_ONLY_WORDS: Final = 120
_ASKS: Final = re.compile(r"\?|\b(?:can you|could you|please (?:help|advise|tell))\b",
                          re.IGNORECASE)

_SUSPENDED_FOR: Final = re.compile(
    r"\b(?:suspen\w*|exclu\w*|sent\s+(?:\w+\s+){0,3}home|home)\s+(?:\w+\s+){0,3}?for\s+"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?:school\s+)?days?\b",
    re.IGNORECASE,
)

_PLAN: Final = re.compile(r"\b(?:section f|ehcp|ehc plan|education,? health and care plan)\b",
                          re.IGNORECASE)
_NOT_GIVEN: Final = re.compile(
    r"\bnot (?:being )?(?:delivered|provided|happening|in place|getting|had)\b"
    r"|\b(?:has|have|hasn'?t|haven'?t) had (?:nothing|no|any)\b|\bhad nothing\b"
    r"|\bno (?:ta|salt|therapy|therapist|sessions?|1:1|one[- ]to[- ]one)\b"
    r"|\bonly getting\b|\bisn'?t getting\b|\bmoved to cover\b|\bwaiting list\b",
    re.IGNORECASE,
)
_PROVISION: Final = re.compile(
    r"\b(?:hours?|support|therap\w*|ta|1:1|one[- ]to[- ]one|salt|speech|provision|sessions?"
    r"|specif\w*|says?)\b", re.IGNORECASE)
_NO_PLAN: Final = re.compile(r"\b(?:no|without an?|didn'?t need an?|didn’t need an?|refused)\s+"
                             r"(?:ehcp|ehc plan)", re.IGNORECASE)
_SALUTATION: Final = re.compile(r"^\s*(?:dear|hi|hello|good (?:morning|afternoon|evening))\b"
                                r"[^.!?\n]{0,40}[,!]?\s*$", re.IGNORECASE)
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")
# The sentence saying help is missing follows the one about the plan closely.
NEAR: Final = 2
MAX_PROVISION_SENTENCES: Final = 2


@dataclass(frozen=True)
class Signals:
    """What the text says about the writer and the help asked for; unknowns are None/False."""

    age: int | None = None
    post_16: bool = False
    writer_is_young_person: bool = False
    plain_words: bool = False
    thanks_only: bool = False
    suspension_days: int | None = None
    provision_gap: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    child_word: str | None = None


def read_signals(text: str, subject: str = "") -> Signals:
    """The signals in a parent's message (``text`` is what they newly wrote)."""
    flat = " ".join(f"{subject}. {text}".split())
    return Signals(
        age=find_age(flat),
        post_16=bool(_POST_16_YEAR.search(flat)),
        writer_is_young_person=bool(_WRITER_IS_YOUNG_PERSON.search(flat))
        and not _WRITES_ABOUT_A_CHILD.search(flat),
        plain_words=bool(_PLAIN_WORDS.search(flat)),
        thanks_only=bool(_THANKS.search(flat)) and not _ASKS.search(text)
        and len(text.split()) <= THANKS_ONLY_WORDS,
        suspension_days=find_suspension_days(flat),
        provision_gap=find_provision_gap(text),
        questions=find_questions(text),
        child_word=_child_word(flat),
    )


def _child_word(text: str) -> str | None:
    """"son" or "daughter" when the parent writes about one ("my son", "our daughter")."""
    match = _SON_OR_DAUGHTER.search(text)
    return match.group(1).lower() if match else None


def find_age(text: str) -> int | None:
    """The first age from 16 to 25 written in ``text``, else None."""
    match = _AGE.search(text)
    if match is None:
        return None
    return int(next(g for g in match.groups() if g))


def find_suspension_days(text: str) -> int | None:
    """The length of a suspension as the parent gave it ("suspended for 3 days"), else None."""
    match = _SUSPENDED_FOR.search(text)
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBERS[word]


def find_questions(text: str) -> tuple[str, ...]:
    """The parent's questions, in their words (sentences ending with a question mark)."""
    flat = " ".join(text.split())
    return tuple(dict.fromkeys(s.strip() for s in _SENTENCE_END.split(flat)
                               if s.strip().endswith("?")))


def find_provision_gap(text: str) -> tuple[str, ...]:
    """The parent's sentences saying what the plan provides and that it is not given.

    Empty unless the text both names the plan and says help is missing: up to two sentences,
    the plan's provision first, in the parent's own words.
    """
    lines = text.splitlines()
    if lines and _SALUTATION.match(lines[0]):
        lines = lines[1:]
    flat = " ".join(" ".join(lines).split())
    sentences = [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]
    for i, sentence in enumerate(sentences):
        if sentence.endswith("?") or not _PLAN.search(sentence) or _NO_PLAN.search(sentence) \
                or not _PROVISION.search(sentence):
            continue
        for later in sentences[i: i + NEAR + 1]:
            if _NOT_GIVEN.search(later) and not later.endswith("?"):
                return tuple(dict.fromkeys([sentence, later]))[:MAX_PROVISION_SENTENCES]
    return ()
