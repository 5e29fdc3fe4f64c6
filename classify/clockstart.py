"""Which written date starts the legal clock for the chosen route (and the certificate date)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from classify.cues.exclusion import GOVERNORS_UPHELD_RE
from classify.cues.vocabulary import EHCP, EHCP_OR_VERSION, GOVERNING_BODY
from classify.dates import DateMention
from classify.rules import CLAUSE_BREAK_RE, sentence_index
from core.labels import NextStep

WINDOW: Final = 90

CERTIFICATE_RE: Final = re.compile(r"\bcertificate\b", re.IGNORECASE)
# "dated", "the date on the letter is", "the letter date is 08/04/2026", "letter of".
DATED_RE: Final = re.compile(
    r"\b(?:dated|date on (?:the|it|the letter|the decision)|date of (?:the )?(?:letter|decision)|"
    r"(?:letter|decision|notice)(?:'s)? date)(?:\s+(?:is|was|says|reads|shows))?\W*$|"
    r"\b(?:letter|decision|notice) of\W*$|"
    # A pasted or forwarded letter's own header line: "Date: 3 March 2026".
    r"(?:^|\n)[ \t]*date[ \t]*:[ \t]*$",
    re.I,
)
LETTER_RE: Final = re.compile(
    r"\b(?:letter|decision|notice|notification|e-?mail|emailed|wrote|written|outcome)\b", re.I
)
APPEAL_EVENT_RE: Final = re.compile(
    r"\b(?:refus\w*|turn(?:ed)? down|declin\w*|reject\w*|said no|not to (?:assess|issue|amend|"
    r"name)|won't|will not|not going to|ceas\w*|stop\w*|end(?:ing)? (?:his|her|the)|final "
    rf"{EHCP_OR_VERSION}|amended {EHCP}|issued|finali[sz]ed|"
    r"no changes|keep(?:ing)? (?:it|the plan) the same|decided|decision|not meet\w*|"
    r"wrong school|named|section [bfi])",
    re.I,
)
RECEIPT_RE: Final = re.compile(
    r"\b(?:received|got|came|arrived|sent|told|informed|heard|landed|posted)\b", re.I
)
# "the LA replied to our request on 23 December saying ..." - a reply is the decision.
REPLY_RE: Final = re.compile(
    r"\b(?:replied|responded|wrote back|came back|answered|got back)\b", re.I
)
NOT_DECISION_RE: Final = re.compile(
    r"\b(?:request(?:ed)?|applied|application|asked (?:for|them)|submitted|put in|meeting|"
    r"review|born|birthday|diagnos\w*|started|began|moved|hearing|appointment|deadline|due|"
    r"until|mediat\w*|certificate|visit|observation|report from|assessed on|chased|"
    r"complain\w*|phoned|rang)\b",
    re.I,
)
GOVERNORS_RE: Final = re.compile(rf"\b(?:{GOVERNING_BODY}|panel)\b", re.I)
# The governors' meeting or hearing: its date comes before the letter that starts the clock.
MEETING_RE: Final = re.compile(r"\b(?:met|meeting|hearing|considered)\b", re.I)
EXCLUSION_EVENT_RE: Final = re.compile(
    r"\b(?:exclu\w*|suspen\w*|(?:sent|send(?:s|ing)?|taken|take|took) (?:\S+ ){0,2}?home|"
    r"expel\w*|px|kicked out|cool(?:ing)?[- ]off|collect (?:\S+ )?(?:him|her|them|son|daughter|"
    r"child|boy|girl|\[child\])|pick (?:him|her|them) up|timetable)(?!\w)",
    re.I,
)
DISCRIMINATION_EVENT_RE: Final = re.compile(
    r"\b(?:refus\w*|banned|not allowed|wasn't allowed|couldn't go|can't go|told|stopped|"
    r"excluded|left out|trip|prom|happened|incident|punish\w*|detention|isolation|restrain\w*|"
    r"said|removed|made (?:him|her|them)|kept|sent|shouted|humiliat\w*|discriminat\w*|"
    r"taken off|dropped|uninvited)\b",
    re.I,
)


@dataclass(frozen=True)
class ClockStart:
    """The date that starts the route's legal clock, the certificate date, and what to check."""

    decision_date: date | None
    certificate_date: date | None = None
    governors_decision: bool = False
    evidence: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Bounds:
    """Where the neighbouring date mentions are, so two dates never share their context."""

    previous_end: int
    next_start: int


def _neighbours(mentions: Sequence[DateMention]) -> dict[int, _Bounds]:
    ordered = sorted(mentions, key=lambda m: m.start)
    bounds: dict[int, _Bounds] = {}
    for index, mention in enumerate(ordered):
        previous_end = ordered[index - 1].end if index else 0
        next_start = ordered[index + 1].start if index + 1 < len(ordered) else 10**9
        bounds[mention.start] = _Bounds(previous_end, next_start)
    return bounds


def _context(
    text: str,
    starts: Sequence[int],
    mention: DateMention,
    bounds: _Bounds | None = None,
    *,
    previous: bool = False,
) -> tuple[str, str, str]:
    """The text before the mention, the mention, and after it, within its sentence and not
    reaching past the neighbouring dates.

    With ``previous`` the text before also takes in the sentence before ("The governors upheld
    it. Their letter is dated 3 March." - the date's sentence only says "their letter").
    """
    index = sentence_index(starts, mention.start)
    sentence_start = starts[max(index - 1, 0)] if previous else starts[index]
    sentence_end = starts[index + 1] if index + 1 < len(starts) else len(text)
    left = sentence_start if previous else max(sentence_start, mention.start - WINDOW)
    right = min(sentence_end, mention.end + WINDOW)
    if bounds is not None:
        left = max(left, bounds.previous_end) if not previous else left
        right = min(right, bounds.next_start)
    before = text[left:mention.start]
    if mention.text[:5].lower() == "dated":
        # "(it's dated the 9th)": the date form took the word in; it still says "dated".
        before += "dated "
    return before, mention.text, text[mention.end:right]


def _near_certificate(before: str, after: str) -> bool:
    """ "the certificate is dated 1 April", "on 1 April we got the certificate" - within one
    clause of the date, so "dated 10 Feb and the certificate ..." stays the letter's date."""
    clause_before = CLAUSE_BREAK_RE.split(before[-60:])[-1]
    clause_after = CLAUSE_BREAK_RE.split(after[:40])[0]
    return bool(CERTIFICATE_RE.search(clause_before) or CERTIFICATE_RE.search(clause_after))


def _appeal_score(before: str, after: str) -> float:
    around = f"{before} {after}"
    score = 0.0
    if DATED_RE.search(before):
        # The date printed on the letter is the one the tribunal counts from (D1).
        score += 5.0
    if LETTER_RE.search(around):
        score += 2.0
    if APPEAL_EVENT_RE.search(around):
        score += 2.0
    if RECEIPT_RE.search(around):
        score += 0.5
    if REPLY_RE.search(before):
        score += 2.0
    if NOT_DECISION_RE.search(around):
        score -= 2.5
    return score


def _discrimination_score(before: str, after: str) -> float:
    around = f"{before} {after}"
    score = 0.0
    if DISCRIMINATION_EVENT_RE.search(around):
        score += 2.0
    if NOT_DECISION_RE.search(around):
        score -= 1.0
    return score


def _past(mentions: Sequence[DateMention], today: date | None) -> list[DateMention]:
    return [
        m for m in mentions
        if m.value is not None and (today is None or m.value <= today)
    ]


def _best(
    scored: list[tuple[float, DateMention]], *, floor: float = 0.0
) -> DateMention | None:
    positive = [(score, m) for score, m in scored if score > floor]
    if not positive:
        return None
    # Highest score; among equals the latest date (the most recent decision or incident).
    positive.sort(key=lambda item: (item[0], item[1].value or date.min))
    return positive[-1][1]


@dataclass(frozen=True)
class _Dates:
    """The text and where its sentences and date mentions are: what each date is read with."""

    text: str
    starts: list[int]
    bounds: dict[int, _Bounds]

    def around(self, mention: DateMention, *, previous: bool = False) -> tuple[str, str]:
        """The text before and after ``mention`` (see ``_context``)."""
        before, _, after = _context(self.text, self.starts, mention, self.bounds[mention.start],
                                    previous=previous)
        return before, after


@dataclass(frozen=True)
class _Choice:
    """The date a route's rules picked (if any), whether it is the governors', and notes."""

    chosen: DateMention | None = None
    governors: bool = False
    notes: tuple[str, ...] = ()


UPHELD_DATE_UNCLEAR: Final = (
    "The governors upheld the exclusion but the date of their letter is not clear: ask the "
    "parent for the date on the letter (IRP deadline is 15 school days from it)."
)
SCHOOL_DAYS: Final = (
    "Exclusion time limits count school days: check the school's term dates and holidays."
)
ASK_INCIDENT_DATE: Final = "Ask the parent the date of the last incident (six-month limit)."
NO_EXACT_DATE: Final = "No exact date found: ask the parent for the date on the letter."
NO_CLEAR_DATE: Final = "Dates found but none clearly starts the clock: check the letter's date."


def choose_clock_start(
    text: str,
    mentions: Sequence[DateMention],
    next_step: str,
    sentence_starts: Sequence[int] = (0,),
    today: date | None = None,
) -> ClockStart:
    """Pick the decision date for ``next_step`` from the date mentions in ``text``.

    - appeal: the date of the LA's decision letter ("dated" beats "received"); a date next to
      "certificate" is the mediation certificate date instead.
    - challenge_exclusion: the date the parent heard of the governors' decision to uphold a
      permanent exclusion (``governors_decision`` True), else the exclusion's own date.
    - discrimination_claim: the (latest) date of the unfair treatment.
    - other steps: None.
    Future dates never start a clock. Pure.
    """
    dates = _Dates(text, list(sentence_starts) or [0], _neighbours(mentions))
    certificate, candidates = _split_off_certificate(dates, _past(mentions, today))
    choose = _CHOOSERS.get(next_step)
    choice = choose(dates, candidates) if choose else _Choice()
    chosen = choice.chosen
    notes = [*choice.notes]
    if choose and chosen is None:
        vague = any(mention.value is None for mention in mentions)
        notes.append(NO_EXACT_DATE if vague or not candidates else NO_CLEAR_DATE)
    notes += _reading_notes(chosen)
    return ClockStart(
        chosen.value if chosen else None, certificate.value if certificate else None,
        choice.governors, chosen.text if chosen else "", tuple(notes),
    )


def _split_off_certificate(
    dates: _Dates, past: Sequence[DateMention]
) -> tuple[DateMention | None, list[DateMention]]:
    """The (latest) mediation certificate date, and the other past dates: the candidates."""
    certificate: DateMention | None = None
    candidates: list[DateMention] = []
    for mention in past:
        if not _near_certificate(*dates.around(mention)):
            candidates.append(mention)
        elif certificate is None or (mention.value or date.min) > (certificate.value or date.min):
            certificate = mention
    return certificate, candidates


def _appeal_choice(dates: _Dates, candidates: Sequence[DateMention]) -> _Choice:
    """The decision letter's date."""
    return _Choice(_best([(_appeal_score(*dates.around(m)), m) for m in candidates]))


def _exclusion_choice(dates: _Dates, candidates: Sequence[DateMention]) -> _Choice:
    """The governors' letter upholding the exclusion, else the exclusion's own date."""
    upheld = GOVERNORS_UPHELD_RE.search(dates.text) is not None
    governor_dates, exclusion_dates = _score_exclusion_dates(dates, candidates)
    if upheld and governor_dates:
        # With the governors' date the deadline note already says school days count.
        return _Choice(_best(governor_dates), governors=True)
    notes = (UPHELD_DATE_UNCLEAR,) if upheld else ()
    return _Choice(_best(exclusion_dates) or _best(governor_dates), notes=(*notes, SCHOOL_DAYS))


def _score_exclusion_dates(
    dates: _Dates, candidates: Sequence[DateMention]
) -> tuple[list[tuple[float, DateMention]], list[tuple[float, DateMention]]]:
    """The dates near the governors (scored) and the dates near the exclusion itself."""
    governor_dates: list[tuple[float, DateMention]] = []
    exclusion_dates: list[tuple[float, DateMention]] = []
    for mention in candidates:
        around = " ".join(dates.around(mention, previous=True))
        own_before, own_after = dates.around(mention)
        own = f"{own_before} {own_after}"
        if GOVERNORS_RE.search(around) or GOVERNORS_UPHELD_RE.search(around):
            # The IRP clock starts when the parent is given written notice of the decision:
            # the letter's date beats the date the governors met.
            score = 2.0
            if DATED_RE.search(own_before) or LETTER_RE.search(own) or RECEIPT_RE.search(own):
                score += 1.5
            if MEETING_RE.search(own):
                score -= 0.5
            governor_dates.append((score, mention))
        elif EXCLUSION_EVENT_RE.search(around):
            # The exclusion told in the date's own sentence beats one in the sentence before;
            # a start, a meeting or an appointment on that day is not the exclusion.
            score = 1.5 if EXCLUSION_EVENT_RE.search(own) else 1.0
            if NOT_DECISION_RE.search(own):
                score -= 1.0
            exclusion_dates.append((score, mention))
    return governor_dates, exclusion_dates


def _discrimination_choice(dates: _Dates, candidates: Sequence[DateMention]) -> _Choice:
    """The (latest) date of the unfair treatment."""
    scored = [(_discrimination_score(*dates.around(m)), m) for m in candidates]
    # Parents usually date only the incident itself: with no clearer cue, take the latest
    # date that nothing marks as something else (a meeting, a request, a complaint).
    chosen = _best(scored) or _best(scored, floor=-0.5)
    if chosen is None and not candidates:
        return _Choice(notes=(ASK_INCIDENT_DATE,))
    return _Choice(chosen)


# The routes with a legal clock, by next step, and how each picks its date.
_CHOOSERS: Final[Mapping[str, Callable[[_Dates, Sequence[DateMention]], _Choice]]] = {
    NextStep.APPEAL: _appeal_choice,
    NextStep.CHALLENGE_EXCLUSION: _exclusion_choice,
    NextStep.DISCRIMINATION_CLAIM: _discrimination_choice,
}


def _reading_notes(chosen: DateMention | None) -> list[str]:
    """What the parent should confirm about how the chosen date was read."""
    if chosen is None:
        return []
    if chosen.kind == "absolute" and not chosen.year_given:
        return [f"The year of '{chosen.text}' was inferred from when the parent wrote."]
    if chosen.kind == "relative":
        return [f"'{chosen.text}' was resolved against the email's date: confirm with the parent."]
    return []
