"""Date forms as parents write them (issue 9 item 4, round 3): made-up sentences, one form each."""

from __future__ import annotations

from datetime import date

import pytest

from classify.clockstart import choose_clock_start
from classify.dates import find_dates
from classify.rules import split_sentences

# Thursday 12 March 2026.
TODAY = date(2026, 3, 12)


def mentions(text: str, today: date | None = TODAY) -> list[tuple[str, date | None]]:
    return [(m.text, m.value) for m in find_dates(text, today)]


def only_value(text: str, today: date | None = TODAY) -> date | None:
    found = find_dates(text, today)
    assert len(found) == 1, f"{text!r}: {found}"
    return found[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The letter came on the 8th of March.", date(2026, 3, 8)),
        ("It is dated March 8th.", date(2026, 3, 8)),
        ("We got it 8 Mar.", date(2026, 3, 8)),
        ("The letter is dated 08.03.26.", date(2026, 3, 8)),
        ("He was put in the reflection room on the 4th.", date(2026, 3, 4)),
        ("The school rang last Tues about it.", date(2026, 3, 10)),
        ("They told me on weds that he cannot go.", date(2026, 3, 11)),
        ("He was sent home on Monday just gone.", date(2026, 3, 9)),
        ("They phoned me last night to say so.", date(2026, 3, 11)),
        ("The refusal came 2 weeks ago.", date(2026, 2, 26)),
        ("And four days on, I am still upset.", date(2026, 3, 8)),
        ("They want me to collect him early tomorrow.", date(2026, 3, 13)),
    ],
)
def test_a_form_parents_write_is_found_and_resolved(text: str, expected: date) -> None:
    assert only_value(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We applied at the beginning of March.",
        "The plan was issued in December 2025.",
        "Things went wrong back in 2024.",
        "He has been out of school since 2023.",
        "Speech therapy stopped during the 2024/25 school year.",
        "His diagnosis came six months ago.",
        "He moved school a year ago.",
        "The review is next month.",
        "It has been like this all this term.",
    ],
)
def test_a_month_year_or_vague_time_is_found_but_gives_no_day(text: str) -> None:
    assert only_value(text) is None


def test_a_month_and_two_digit_year_is_not_read_as_a_day() -> None:
    # "Feb 25" written in 2026 is as likely February 2025 as 25 February: ask, never guess.
    assert mentions("We started the process in Feb 25 and still have no plan.") == [
        ("Feb 25", None)
    ]


def test_a_month_with_an_ordinal_is_still_a_day() -> None:
    assert only_value("It was dated Feb 25th.") == date(2026, 2, 25)


def test_a_day_and_month_without_a_sent_date_is_kept_without_a_day() -> None:
    assert mentions("On 8 August I emailed them.", today=None) == [("8 August", None)]


def test_an_ordinal_day_still_to_come_is_resolved_forward() -> None:
    assert only_value("The social worker is coming on the 20th.") == date(2026, 3, 20)


def test_a_weekday_still_to_come_is_resolved_forward() -> None:
    assert only_value("Their answer is due on Tuesday.") == date(2026, 3, 17)


@pytest.mark.parametrize(
    "text",
    [
        "She attends Monday - Friday.",
        "It is a residential place, mon_fri.",
        "They put him on a reduced timetable on a Friday.",
        "He is 4 1/2 and loves trains.",
        "The tour took 10/15 mins.",
        "It was the 2nd time this term that it happened, on the 2nd day.",
        "The council may decide and may not.",
        "They will march him out.",
        "This is covered by the Equality Act 2010.",
    ],
)
def test_words_that_only_look_like_dates_are_not_dates(text: str) -> None:
    assert [value for _, value in mentions(text)] == [None] * len(mentions(text))
    assert not [m for m in find_dates(text, TODAY) if m.kind != "vague"]


def test_a_lower_case_month_after_in_is_still_a_month() -> None:
    assert mentions("The school referred him in march.") == [("in march", None)]


def test_a_pasted_letters_date_line_starts_the_appeal_clock() -> None:
    text = (
        "I got their letter on 10 March 2026 and I want to appeal. Here it is:\n"
        "Date: 3 March 2026\n"
        "Dear parent, the local authority has decided not to issue a plan."
    )
    found = find_dates(text, TODAY)
    chosen = choose_clock_start(text, found, "appeal", split_sentences(text), TODAY)
    assert chosen.decision_date == date(2026, 3, 3)
