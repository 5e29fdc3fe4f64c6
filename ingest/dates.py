"""Dates as mail writes them: RFC 5322 Date headers and the zone-less forms in forwarded blocks."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime, parsedate_tz
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

# Forwarded header blocks carry no zone; the helpline and its parents are in England.
LONDON = ZoneInfo("Europe/London")
MIN_YEAR = 1980
MAX_YEAR = 2100
_MAX_DATE_CHARS = 200

_ZONE_NAMES: dict[str, int] = {
    "gmt": 0,
    "utc": 0,
    "ut": 0,
    "z": 0,
    "bst": 60,
    "wet": 0,
    "west": 60,
    "cet": 60,
    "cest": 120,
    "met": 60,
    "mest": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "ist": 330,
    "jst": 540,
    "kst": 540,
    "aest": 600,
    "aedt": 660,
}
_OFFSET_ZONE = re.compile(
    r"(?:\b(?:gmt|utc|ut)\s*|(?<![\w:/.\-]))([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)", re.IGNORECASE
)
_NAMED_ZONE = re.compile(r"\(?\b(" + "|".join(_ZONE_NAMES) + r")\b\)?", re.IGNORECASE)
_TOKEN = re.compile(r"\d{1,4}(?:[:/.\-]\d{1,4}){0,3}|[^\W\d_]+\.?", re.UNICODE)
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_YEAR_FIRST = re.compile(r"\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")

_MONTHS: dict[str, str] = {}
for _english, _names in {
    "January": "january jan januar janv janvier enero ene gennaio gen januari janeiro sty styczeń",
    "February": "february feb februar févr fevr février fevrier febrero febbraio februari "
    "fevereiro fev lut luty",
    "March": "march mar märz maerz mär mrz mars marzo maart mrt março marco",
    "April": "april apr avril avr abril abr aprile kwi kwiecień",
    "May": "may mai mayo maggio mag mei maio maj",
    "June": "june jun juni juin junio giugno giu junho",
    "July": "july jul juli juillet juil julio luglio lug julho",
    "August": "august aug août aout agosto ago augustus augusti",
    "September": "september sep sept septembre septiembre settembre set setembro",
    "October": "october oct oktober okt octobre octubre ottobre ott outubro out",
    "November": "november nov noviembre novembre novembro",
    "December": "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro",
}.items():
    for _name in _names.split():
        _MONTHS[_name] = _english
_MERIDIEM = {"am": "AM", "pm": "PM", "a.m.": "AM", "p.m.": "PM", "vorm.": "AM", "nachm.": "PM"}


def in_range(value: datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def parse_header_date(value: str | None) -> datetime | None:
    """A Date header as an aware datetime (UTC for -0000 or no zone); None if unreadable/absurd."""
    if not value:
        return None
    text = value[:_MAX_DATE_CHARS]
    parsed: datetime | None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = parse_loose_date(text, UTC)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed if in_range(parsed) else None


def _take_zone(text: str) -> tuple[str, tzinfo | None]:
    match = _OFFSET_ZONE.search(text)
    if match:
        sign, hours, minutes = match.group(1), match.group(2), match.group(3)
        total = int(hours) * 60 + int(minutes or 0)
        if total <= 14 * 60:
            offset = timedelta(minutes=total if sign == "+" else -total)
            return text[: match.start()] + " " + text[match.end() :], timezone(offset)
    named = _NAMED_ZONE.search(text)
    if named:
        minutes_east = _ZONE_NAMES[named.group(1).lower()]
        return text[: named.start()] + " " + text[named.end() :], timezone(
            timedelta(minutes=minutes_east)
        )
    return text, None


def _english_tokens(text: str) -> str:
    tokens = _TOKEN.findall(text)
    # The first word followed by a comma is a weekday in every client's format ("Thu,", "jeu.,",
    # "Do.,"); dropping all other non-month words removes "at", "um", "à", "de", "Uhr", …
    kept: list[str] = []
    for token in tokens:
        lower = token.lower()
        if token[0].isdigit():
            kept.append(token.rstrip("."))
        elif lower in _MERIDIEM:
            kept.append(_MERIDIEM[lower])
        elif lower.rstrip(".") in _MONTHS and not _is_weekday_position(text, token, kept):
            kept.append(_MONTHS[lower.rstrip(".")])
    return " ".join(kept)


def _is_weekday_position(text: str, token: str, kept: list[str]) -> bool:
    # "mar., 11 jun." (Spanish Tuesday) would otherwise read as March.
    if kept:
        return False
    after = text.split(token, 1)[1][:3] if token in text else ""
    return after.lstrip(".").startswith(",")


def parse_loose_date(value: str | None, default_zone: tzinfo = LONDON) -> datetime | None:
    """A date written by a mail client in a quoted or forwarded header block, as an aware datetime.

    Understands RFC 5322 dates, "Thu, 11 Jun 2026 at 08:15", "11 June 2026 08:15", "Thursday, June
    11, 2026 8:15 AM", numeric day-first dates and German, French, Spanish, Italian, Dutch,
    Portuguese, Swedish and Polish month names. A date without a zone is read in ``default_zone``
    (Europe/London). None when the text holds no complete date (day, month and year).
    """
    text = html.unescape(value or "")[:_MAX_DATE_CHARS].strip()
    if not text:
        return None
    return _rfc_5322_date(text) or _written_date(text, default_zone)


def _rfc_5322_date(text: str) -> datetime | None:
    """``text`` as an RFC 5322 date with a zone and a four-digit year, else None."""
    rfc = parsedate_tz(text)
    if rfc is None or rfc[9] is None or not _FOUR_DIGIT_YEAR.search(text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None and in_range(parsed) else None


def _written_date(text: str, default_zone: tzinfo) -> datetime | None:
    """A date as people and mail clients write it, in any of the known languages, else None."""
    text = _CJK_DATE.sub(r"\1-\2-\3 ", text)
    if not (_FOUR_DIGIT_YEAR.search(text) or _NUMERIC_DATE.search(text)):
        return None
    text, zone = _take_zone(text)
    cleaned = _english_tokens(text)
    if not cleaned:
        return None
    try:
        year_first = bool(_YEAR_FIRST.match(cleaned))
        parsed = dateutil_parser.parse(
            cleaned, dayfirst=not year_first, yearfirst=year_first, default=datetime(1900, 1, 1)
        )
    except (ValueError, OverflowError, TypeError):
        return None
    if not in_range(parsed):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone or default_zone)
