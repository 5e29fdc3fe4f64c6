"""Date mentions in a parent's email: found by regex, resolved (UK order) against the sent date."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from classify.deadlines import add_months
from classify.matching import PatternSet

UK: Final = ZoneInfo("Europe/London")

MONTHS: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "febuary": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS: Final = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6, "weds": 2,
}
NUMBER_WORDS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary|uary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:\.(?=\s*\d))?"
)
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)"
)
_WEEKDAY_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# After "on", "last", "next": the short forms too ("last Tues", "on weds") - not "sat"/"sun",
# which are words of their own.
_WEEKDAY_SHORT = r"(?:mon|tues?|weds?|thu(?:rs?)?|fri)\.?(?![a-z])"
# "Monday - Friday", "mon_fri", "Monday to Friday": a span of days, not a date.
_NOT_RANGE = rf"(?!\s*(?:[-\u2013_/]+|to|till|until)\s*_?{_WEEKDAY})"
_YEAR4 = r"(?:19[89]\d|20\d\d)"
# Words after which a month or year alone is a time ("in March", "since 2019", "until July").
_TIME_LEAD = (r"(?:in|since|from|until|till|by|before|after|between|during|and|to|of|last|this|"
              r"next|early|mid|late|dated|around|about|(?:the\s+)?(?:beginning|start|middle|end)"
              r"\s+of)")
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'\d{2})"
_COUNT = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# The forms a date is written in, tried in this order where two start at the same place. Each
# is compiled on its own, lower-case only, without a leading \b (checked per match instead):
# that lets CPython's engine jump straight to the characters a form can start with.
_FORMS: Final = (
    ("iso", r"(?P<iy>20\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b"),
    ("num", r"(?P<nd>\d{1,2})[/.\-](?P<nm>\d{1,2})[/.\-](?P<ny>\d{4}|\d{2})\b"),
    ("numshort", r"""(?<!\d\s)(?P<sd>\d{1,2})/(?P<sm>\d{1,2})\b(?![/.\-]?\d)(?<!\b24/7)
        (?!\s*(?:of|weeks?|days?|hours?|hrs?|mins?|minutes?|months?|years?|times?|sessions?|
        pupils?)\b)"""),
    ("dmy", rf"""(?:(?P<dw>{_WEEKDAY})\.?,?\s+)?(?:the\s+)?(?P<dd>\d{{1,2}}){_ORD}(?:\s+of)?
        \s*(?P<dmon>{_MONTH})(?![a-z])(?!\s+(?:be|not|have|need|also|well|help)\b)
        (?:,?\s*(?P<dy>{_YEAR})\b)?"""),
    ("mdy", rf"""(?:(?P<mw>{_WEEKDAY})\.?,?\s+)?(?P<mmon>{_MONTH})\s+(?P<mthe>the\s+)?
        (?P<md>\d{{1,2}})(?P<mord>st|nd|rd|th)?\b(?!\s*(?:weeks?|days?|hours?|months?|years?|pupils?|%))
        (?:,?\s*(?P<my>{_YEAR})\b)?"""),
    # "March 2024", "the end of July 2025": a month, no day.
    ("month_year", rf"""(?:(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+|early\s+|mid[\s-]?|
        late\s+)?{_MONTH}(?![a-z])\.?,?\s+(?:of\s+)?{_YEAR4}\b"""),
    ("ago", rf"(?P<an>{_COUNT})\s+(?P<au>days?|weeks?|fortnights?|months?|years?)\s+ago\b"),
    # "And four days on, I am still ...": counted back from when the parent wrote.
    ("days_on", rf"(?P<an>{_COUNT})\s+(?P<au>days?|weeks?)\s+on(?=\s*,)"),
    ("yesterday", r"(?:the\s+day\s+before\s+)?yesterday\b|last\s+night\b"),
    ("today", r"(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight)\b"),
    ("tomorrow", r"tomorrow\b"),
    ("rel_wd",
     rf"""(?P<rw_mod>last|this\s+past|this|next|on|since|from)\s+
        (?P<rw>{_WEEKDAY_FULL}\b|{_WEEKDAY_SHORT})
        (?:\s+just\s+gone\b)?{_NOT_RANGE}"""
     # "on Wednesday the 3rd March": the weekday only names a date written in full.
     r"(?!,?\s+(?:the\s+)?\d)"),
    ("bare_wd", rf"(?P<bw>{_WEEKDAY_FULL})\b(?!\s+\d)(?!s){_NOT_RANGE}"),
    ("nth", rf"""(?:(?:on|since|from|by|until|till|before|after)\s+the|dated(?:\s+the)?)\s+
        (?P<nd2>\d{{1,2}})(?:st|nd|rd|th)\b
        (?!\s*(?:of\s+)?{_MONTH})
        (?!\s+(?:day|time|week|month|year|stage|attempt|floor|occasion|term|lesson|session|
        place|step|meeting|draft)s?\b)"""),
    # "it's dated the same day": the day of the date just before (resolved in find_dates).
    ("same_day", r"dated\s+(?:on\s+)?the\s+same\s+day\b"),
    ("vague", rf"""(?:(?:a\s+)?(?:few|couple\s+of|several|number\s+of)\s+(?:days|weeks|months)\s+ago
        |(?:a\s+)?(?:few|couple\s+of|several|number\s+of)\s+years\s+ago
        |(?:last|this|next)\s+(?:week|month|term|year|half[\s-]term)
        |earlier\s+this\s+(?:week|month|term|year)
        |a\s+while\s+(?:ago|back)|recently|the\s+other\s+day
        |{_TIME_LEAD}\s+(?:the\s+)?{_MONTH}(?![a-z])(?:\s+{_YEAR})?(?!\s*\d)
        |{_TIME_LEAD}\s+{_YEAR4}(?!\s*(?:pounds|words|%|[/\-]\d))
        |{_YEAR4}[/\-](?:{_YEAR4}|\d\d)(?![/\-]?\d))\b"""),
)
# The forms run together: each is only tried where its words or digits occur.
_FORM_SET: Final = PatternSet([pattern for _, pattern in _FORMS], re.VERBOSE)


def form_patterns() -> list[tuple[str, int]]:
    """Every date form (source, flags), in order."""
    return [(source, _FORM_SET.flags) for source in _FORM_SET.sources]


_WORD: Final = re.compile(r"\w")
_MONTH_ONLY: Final = frozenset({"vague", "month_year"})
_WEEKDAY_FORMS: Final = frozenset({"rel_wd", "bare_wd"})
_RANGE_END: Final = re.compile(rf"{_WEEKDAY}\.?\s*(?:[-\u2013_/]+|to|till|until)\s*_?$")
_MONTH_VERB: Final = re.compile(r"\b(?:may|march)\b")
# Lead words after which lower-case "may"/"march" is the verb ("and may be", "to march").
_VERB_LEAD: Final = re.compile(r"(?:and|to|of|by|this|next|last|about|around)\s")


def _lower_case_verb(text: str, match: re.Match[str]) -> bool:
    """A month-only form whose month is "may" or "march" written in lower case."""
    found = _MONTH_VERB.search(match.string, match.start(), match.end())
    if found is None or not text[found.start()].islower():
        return False
    if found.start() == match.start():
        return True
    return _VERB_LEAD.match(match.string, match.start()) is not None


_HABITUAL: Final = ("every ", "each ", "on a ")


def _not_a_date(form: str, text: str, lowered: str, match: re.Match[str]) -> bool:
    """Whether a form's match is words that only look like a date."""
    start = match.start()
    if start and _WORD.match(lowered, start - 1):
        return True  # starts inside a word
    if form == "bare_wd" and lowered[max(0, start - 6):start].endswith(_HABITUAL):
        return True  # "every Tuesday", "on a Friday": a habit, not a date
    if form in _WEEKDAY_FORMS and _RANGE_END.search(lowered, max(0, start - 16), start):
        return True  # the "Friday" of "Monday - Friday": a span of days, not a date
    # "and may be", "to march": words, not months
    return form in _MONTH_ONLY and _lower_case_verb(text, match)


@dataclass(frozen=True)
class DateMention:
    """A date written in the text: where, how, and the day it means (None when too vague)."""

    start: int
    end: int
    text: str
    value: date | None
    kind: str  # "absolute", "relative" or "vague"
    year_given: bool = True


def sent_day(sent: datetime | None) -> date | None:
    """The calendar day (UK time) the message was written."""
    if sent is None:
        return None
    if sent.tzinfo is None:
        return sent.date()
    return sent.astimezone(UK).date()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lstrip("'")
    value = int(text)
    return 2000 + value if value < 100 else value


def _infer_year(month: int, day: int, today: date | None) -> date | None:
    """The year that puts day/month nearest before ``today``; up to ~2 months ahead allowed."""
    if today is None:
        return None
    candidate = _safe_date(today.year, month, day)
    if candidate is None:
        # 29 Feb in a non-leap year: try the previous year only.
        return _safe_date(today.year - 1, month, day)
    if candidate > today + timedelta(days=62):
        return _safe_date(today.year - 1, month, day)
    return candidate


# Words before a day in its clause that put it ahead of when the parent wrote.
_FUTURE: Final = re.compile(
    r"\b(?:will|(?:is|are|am)\s+(?:coming|going|due|booked|planned|scheduled)|going\s+to|"
    r"due|booked|planned|scheduled|until|till)\b[^.,;:!?\n]*$"
)


def _is_future(match: re.Match[str]) -> bool:
    """Whether the clause before the day says it is still to come ("is coming on the 11th")."""
    return _FUTURE.search(match.string, max(0, match.start() - 60), match.start()) is not None


def _previous_weekday(today: date, weekday: int, *, include_today: bool = False) -> date:
    delta = (today.weekday() - weekday) % 7
    if delta == 0 and not include_today:
        delta = 7
    return today - timedelta(days=delta)


def _next_weekday(today: date, weekday: int) -> date:
    delta = (weekday - today.weekday()) % 7
    return today + timedelta(days=delta or 7)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


# What a date form's match means: the day (None when it cannot be told), the kind
# ("absolute", "relative" or "vague") and whether the year was written.
_Reading = tuple[date | None, str, bool]


def _iso(g: dict[str, str], today: date | None) -> _Reading:
    return _safe_date(int(g["iy"]), int(g["im"]), int(g["id"])), "absolute", True


def _numeric(g: dict[str, str], today: date | None) -> _Reading:
    year = _year(g["ny"])
    assert year is not None
    return _safe_date(year, int(g["nm"]), int(g["nd"])), "absolute", True


def _numeric_short(g: dict[str, str], today: date | None) -> _Reading:
    day, month = int(g["sd"]), int(g["sm"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None, "vague", False
    if today is None:
        return None, "vague", False  # a day and month, but which year cannot be told
    return _infer_year(month, day, today), "absolute", False


def _day_and_month(g: dict[str, str], today: date | None) -> _Reading:
    day = int(g.get("dd") or g["md"])
    month = MONTHS[(g.get("dmon") or g["mmon"]).rstrip(".")]
    year = _year(g.get("dy") or g.get("my"))
    if year is not None:
        return _safe_date(year, month, day), "absolute", True
    if _safe_date(2000, month, day) is None:
        return None, "absolute", False  # "31 Feb": not a date
    if today is None or _month_and_year(g, today):
        return None, "vague", False  # the year cannot be told, or "Feb 23" may be February 2023
    return _infer_year(month, day, today), "absolute", False


def _month_and_year(g: dict[str, str], today: date) -> bool:
    """ "Nov 25", "Feb 23": a month and a two-digit year as much as a day - ask, never guess.

    Only a bare two-digit number after the month (no "th", no "the") that is within three
    years before, or one after, the year the parent wrote."""
    number = g.get("md")
    if not number or len(number) != 2 or g.get("mord") or g.get("mthe"):
        return False
    return -3 <= int(number) - today.year % 100 <= 1


def _ago(match: re.Match[str], today: date) -> date | None:
    amount, unit = _count(match["an"]), match["au"]
    if unit.startswith(("month", "year")):
        return None  # "six months ago", "a year ago": a time, not a day - ask the parent
    if unit.startswith("day"):
        return today - timedelta(days=amount)
    if unit.startswith("fortnight"):
        return today - timedelta(weeks=2 * amount)
    return today - timedelta(weeks=amount)


def _yesterday(match: re.Match[str], today: date) -> date:
    return today - timedelta(days=2 if "before" in match.group(0) else 1)


def _tomorrow(match: re.Match[str], today: date) -> date:
    return today + timedelta(days=1)


def _today(match: re.Match[str], today: date) -> date:
    return today


def _named_weekday(match: re.Match[str], today: date) -> date:
    weekday = WEEKDAYS[match["rw"].rstrip(".")]
    modifier = " ".join(match["rw_mod"].split())
    if modifier == "next" or (modifier == "on" and _is_future(match)):
        return _next_weekday(today, weekday)
    if modifier == "this":
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=weekday)
    return _previous_weekday(today, weekday)


def _bare_weekday(match: re.Match[str], today: date) -> date:
    return _previous_weekday(today, WEEKDAYS[match["bw"]])


def _nth(match: re.Match[str], today: date) -> date | None:
    day = int(match["nd2"])
    if _is_future(match):
        # "the social worker is coming on the 11th": the next 11th from when the parent wrote.
        candidate = _safe_date(today.year, today.month, day)
        if candidate is None or candidate < today:
            following = add_months(today.replace(day=1), 1)[0]
            candidate = _safe_date(following.year, following.month, day)
        return candidate
    candidate = _safe_date(today.year, today.month, day)
    if candidate is None or candidate > today:
        previous = add_months(today.replace(day=1), -1)[0]
        candidate = _safe_date(previous.year, previous.month, day)
    return candidate


# Forms that name the day itself; the year may be inferred from when the parent wrote.
_ABSOLUTE: Final[dict[str, Callable[[dict[str, str], date | None], _Reading]]] = {
    "iso": _iso, "num": _numeric, "numshort": _numeric_short, "dmy": _day_and_month,
    "mdy": _day_and_month,
}
# Forms counted from when the parent wrote; without that day they stay unresolved.
_RELATIVE: Final[dict[str, Callable[[re.Match[str], date], date | None]]] = {
    "ago": _ago, "days_on": _ago, "yesterday": _yesterday, "today": _today,
    "tomorrow": _tomorrow, "rel_wd": _named_weekday,
    "bare_wd": _bare_weekday, "nth": _nth,
}


def _resolve(form: str, match: re.Match[str], today: date | None) -> _Reading:
    absolute = _ABSOLUTE.get(form)
    if absolute is not None:
        return absolute(match.groupdict(), today)
    if today is None:
        return None, "relative", False
    relative = _RELATIVE.get(form)
    if relative is None:
        return None, "vague", False
    value = relative(match, today)
    return value, "relative" if value is not None else "vague", False


def find_dates(text: str, sent: datetime | date | None = None) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``sent`` (UK day/month order).

    Relative mentions ("yesterday", "last Tuesday", "two weeks ago", "on the 14th") need
    ``sent``; without it they stay unresolved (value None). Vague ones ("a few weeks ago",
    "in March") are kept with value None so callers can ask the parent for the date.
    """
    today = sent_day(sent) if isinstance(sent, datetime) else sent
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[0] if ch.lower() else ch for ch in text)
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for order, matches in _FORM_SET.matches(lowered).items():
        form = _FORMS[order][0]
        for match in matches:
            if not _not_a_date(form, text, lowered, match):
                found.append((match.start(), order, form, match))
    found.sort(key=lambda item: (item[0], item[1]))
    mentions: list[DateMention] = []
    reached = 0
    for start, _, form, match in found:
        if start < reached:
            continue  # overlaps a form already taken
        if form == "same_day":
            earlier = next((m for m in reversed(mentions) if m.value is not None), None)
            value, kind, year_given = (earlier.value, "relative", False) if earlier else (
                None, "vague", False)
        else:
            value, kind, year_given = _resolve(form, match, today)
        if kind == "absolute" and value is None:
            continue  # "31/02/2026" or a fraction: not a date
        reached = match.end()
        mentions.append(
            DateMention(start, match.end(), text[start:match.end()], value, kind, year_given)
        )
    return mentions
