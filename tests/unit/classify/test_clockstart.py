"""Choosing the date that starts the route's legal clock."""

from __future__ import annotations

from datetime import date

from classify.clockstart import choose_clock_start
from classify.dates import find_dates
from classify.rules import split_sentences

TODAY = date(2026, 3, 12)


def clock(text: str, step: str, today: date = TODAY):  # type: ignore[no-untyped-def]
    return choose_clock_start(text, find_dates(text, today), step, [0], today)


def test_the_letter_date_starts_an_appeal_clock_not_the_request_date() -> None:
    text = (
        "We requested an assessment on 5 December 2025. The council refused in a letter "
        "dated 2 March 2026."
    )
    assert clock(text, "appeal").decision_date == date(2026, 3, 2)


def test_dated_beats_received() -> None:
    text = "The refusal letter is dated 2 March but we received it on 6 March."
    assert clock(text, "appeal").decision_date == date(2026, 3, 2)


def test_a_date_next_to_certificate_is_the_certificate_date() -> None:
    text = "The decision letter is dated 10/02/2026 and the mediation certificate is dated 1 March."
    result = clock(text, "appeal")
    assert result.decision_date == date(2026, 2, 10)
    assert result.certificate_date == date(2026, 3, 1)


def test_the_governors_letter_starts_the_exclusion_clock() -> None:
    text = (
        "He was permanently excluded on 2 February. The governors met and upheld the "
        "exclusion; their letter is dated 3 March 2026."
    )
    result = clock(text, "challenge_exclusion")
    assert result.decision_date == date(2026, 3, 3)
    assert result.governors_decision


def test_without_the_governors_the_exclusion_date_is_kept_but_is_no_deadline_start() -> None:
    result = clock("He was permanently excluded on 2 February 2026.", "challenge_exclusion")
    assert result.decision_date == date(2026, 2, 2)
    assert not result.governors_decision


def test_the_latest_incident_starts_a_discrimination_clock() -> None:
    text = (
        "On 12 January he was left out of swimming, and on 3 March he was told he can't go on "
        "the trip because of his autism."
    )
    assert clock(text, "discrimination_claim").decision_date == date(2026, 3, 3)


def test_a_future_date_never_starts_a_clock() -> None:
    text = "They refused to assess; the tribunal hearing is on 20 April."
    assert clock(text, "appeal").decision_date is None


def test_a_vague_date_asks_for_the_letter_date() -> None:
    result = clock("They refused to assess him a few weeks ago.", "appeal")
    assert result.decision_date is None
    assert any("date on the letter" in note for note in result.notes)


def test_complaint_steps_have_no_clock() -> None:
    assert clock("The letter dated 2 March said no.", "formal_complaint").decision_date is None


def test_the_governors_letter_date_beats_the_day_they_met() -> None:
    text = (
        "The governors considered the exclusion last Thursday and decided he should not be "
        "reinstated. We got their decision letter on Monday (13 April)."
    )
    result = choose_clock_start(
        text, find_dates(text, date(2026, 4, 15)), "challenge_exclusion",
        split_sentences(text), date(2026, 4, 15),
    )
    assert result.decision_date == date(2026, 4, 13)
    assert result.governors_decision


def test_a_reply_to_the_request_is_the_decision_not_the_request() -> None:
    text = "The LA replied to our request for an EHCNA on 23 December saying they will not assess."
    assert clock(text, "appeal", date(2026, 1, 5)).decision_date == date(2025, 12, 23)


def test_a_letter_received_today_but_dated_the_ninth_starts_on_the_ninth() -> None:
    text = "Got a letter today (it's dated the 9th) saying they won't carry out the assessment."
    assert clock(text, "appeal").decision_date == date(2026, 3, 9)


def test_the_letter_was_dated_3rd_without_the() -> None:
    text = "The refusal came on Monday but the letter was dated 3rd."
    assert clock(text, "appeal").decision_date == date(2026, 3, 3)


def test_a_letter_that_came_today_dated_last_friday_starts_last_friday() -> None:
    text = "The letter came today but it's dated last Friday: they refused to issue a plan."
    assert clock(text, "appeal").decision_date == date(2026, 3, 6)


def test_the_governors_decision_letter_in_its_own_sentence_starts_the_irp_clock() -> None:
    text = (
        "He was permanently excluded on 2 February. We got the governors' decision letter "
        "today. They have decided to uphold the exclusion."
    )
    result = choose_clock_start(
        text, find_dates(text, TODAY), "challenge_exclusion", split_sentences(text), TODAY
    )
    assert result.decision_date == TODAY
    assert result.governors_decision


def test_the_letter_date_is_a_dated_letter() -> None:
    text = "We asked in January. The letter date is 08/02/2026 and it says they won't assess."
    assert clock(text, "appeal").decision_date == date(2026, 2, 8)


def test_the_exclusion_in_the_dates_own_sentence_beats_a_school_start_before_it() -> None:
    text = "She started a new school Monday. Today I had a call to pick her up after an hour."
    assert clock(text, "challenge_exclusion").decision_date == TODAY


def test_a_call_to_collect_the_child_dates_an_informal_exclusion() -> None:
    text = ("The school keeps sending my daughter home. Yesterday afternoon the school rang "
            "asking me to collect [child] from class.")
    assert clock(text, "challenge_exclusion").decision_date == date(2026, 3, 11)
