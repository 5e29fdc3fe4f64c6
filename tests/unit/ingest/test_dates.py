"""Dates as clients write them in forwarded and quoted header blocks, read in London time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ingest.dates import parse_header_date, parse_loose_date

LONDON = ZoneInfo("Europe/London")
EXPECTED = datetime(2026, 6, 11, 8, 15, tzinfo=LONDON)


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 11 Jun 2026 at 08:15",
        "11 June 2026 08:15",
        "Thursday, June 11, 2026 8:15 AM",
        "Thursday, 11 June 2026 08:15",
        "11/06/2026 08:15",
        "2026-06-11 08:15",
        "Do., 11. Juni 2026 um 08:15 Uhr",
        "jeu. 11 juin 2026 à 08:15",
        "mar., 11 jun. 2026 8:15",
        "el 11 de junio de 2026 a las 8:15",
        "2026年6月11日 8:15",
    ],
)
def test_zone_less_forwarded_dates_are_read_in_london_time(text: str) -> None:
    assert parse_loose_date(text) == EXPECTED


def test_a_written_zone_wins_over_london() -> None:
    parsed = parse_loose_date("June 11, 2026 at 8:15:00 AM GMT+2")
    assert parsed == datetime(2026, 6, 11, 8, 15, tzinfo=timezone(timedelta(hours=2)))


def test_bst_abbreviation_is_an_hour_ahead_of_utc() -> None:
    parsed = parse_loose_date("11 June 2026 at 08:15:00 BST")
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=1)


def test_winter_dates_in_london_are_gmt() -> None:
    parsed = parse_loose_date("Thu, 15 Jan 2026 at 08:15")
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


def test_a_date_without_a_year_is_not_guessed() -> None:
    assert parse_loose_date("Thursday at 8:15") is None


def test_rfc_date_header_with_minus_zero_zone_is_utc() -> None:
    assert parse_header_date("Thu, 11 Jun 2026 08:15:00 -0000") == datetime(
        2026, 6, 11, 8, 15, tzinfo=UTC
    )


def test_garbage_date_header_is_none() -> None:
    assert parse_header_date("not a date") is None
