"""Date mentions: UK day/month order, relative dates against the sent date, vague ones."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from classify.dates import find_dates, sent_day

# Thursday 12 March 2026, 09:40 UTC.
SENT = datetime(2026, 3, 12, 9, 40, tzinfo=UTC)


def first_value(text: str, sent: datetime | date | None = SENT) -> date | None:
    mentions = find_dates(text, sent)
    assert mentions, f"no date found in {text!r}"
    return mentions[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("letter dated 03/03/2026", date(2026, 3, 3)),
        ("dated 03/05/2026", date(2026, 5, 3)),  # UK order: 3 May
        ("on 3.3.26", date(2026, 3, 3)),
        ("on 2026-02-01", date(2026, 2, 1)),
        ("on 3rd March", date(2026, 3, 3)),
        ("on the 3rd of March", date(2026, 3, 3)),
        ("March 3rd, 2026", date(2026, 3, 3)),
        ("Tuesday 10 March", date(2026, 3, 10)),
        ("on 5 March '26", date(2026, 3, 5)),
        ("on 17 Nov 2025", date(2025, 11, 17)),
    ],
)
def test_written_dates_are_read_day_first(text: str, expected: date) -> None:
    assert first_value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", date(2026, 3, 11)),
        ("the day before yesterday", date(2026, 3, 10)),
        ("this morning", date(2026, 3, 12)),
        ("last Tuesday", date(2026, 3, 10)),
        ("on Monday", date(2026, 3, 9)),
        ("two weeks ago", date(2026, 2, 26)),
        ("3 days ago", date(2026, 3, 9)),
        ("a week ago", date(2026, 3, 5)),
        ("on the 14th", date(2026, 2, 14)),  # the 14th has not come yet this month
        ("on the 2nd", date(2026, 3, 2)),
        ("next Thursday", date(2026, 3, 19)),
    ],
)
def test_relative_dates_resolve_against_the_sent_date(text: str, expected: date) -> None:
    assert first_value(text) == expected


def test_last_weekday_on_that_weekday_means_a_week_before() -> None:
    assert first_value("last Thursday") == date(2026, 3, 5)


def test_a_date_without_a_year_is_the_most_recent_one() -> None:
    sent = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert first_value("letter dated 28 December", sent) == date(2025, 12, 28)


def test_a_date_without_a_year_a_few_weeks_ahead_stays_in_this_year() -> None:
    assert first_value("the meeting is on 2 April") == date(2026, 4, 2)


@pytest.mark.parametrize(
    "text", ["a few weeks ago", "last month", "in January", "recently", "a couple of weeks ago"]
)
def test_vague_dates_are_kept_without_a_value(text: str) -> None:
    mentions = find_dates(text, SENT)
    assert len(mentions) == 1
    assert mentions[0].value is None
    assert mentions[0].kind == "vague"


@pytest.mark.parametrize(
    "text", ["3/4 of the day", "2/3 weeks", "24/7 care", "31/02/2026", "12 months"]
)
def test_fractions_and_impossible_dates_are_not_dates(text: str) -> None:
    assert [m for m in find_dates(text, SENT) if m.value is not None] == []


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("Section 2 may be wrong", SENT) == []


def test_relative_dates_without_a_sent_date_stay_unresolved() -> None:
    assert first_value("yesterday", None) is None


def test_sent_day_uses_uk_time() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    assert sent_day(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_mentions_carry_their_offsets() -> None:
    text = "We got it on 3rd March."
    mention = find_dates(text, SENT)[0]
    assert text[mention.start:mention.end] == mention.text == "3rd March"


def test_a_fortnight_ago_is_fourteen_days_before_the_sent_date() -> None:
    assert first_value("She was suspended a fortnight ago.") == date(2026, 2, 26)


def test_a_weekday_before_a_full_date_reads_as_that_date() -> None:
    assert first_value("He was excluded on Wednesday the 3rd March at 1 pm.") == date(2026, 3, 3)


def test_dated_the_same_day_takes_the_day_of_the_date_before() -> None:
    mentions = find_dates("We got the final plan on Monday - it's dated the same day.", SENT)
    assert [m.value for m in mentions] == [date(2026, 3, 9), date(2026, 3, 9)]


def test_dated_the_same_day_with_no_date_before_stays_unresolved() -> None:
    assert first_value("The letter is dated the same day.") is None
