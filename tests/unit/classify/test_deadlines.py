"""Deadline arithmetic: every worked example in send-routes.md §0 and the roll-over edges."""

from __future__ import annotations

from datetime import date

import pytest

from classify.deadlines import (
    add_months,
    add_school_days,
    compute_deadline,
    is_bank_holiday,
    is_working_day,
)
from core.labels import NextStep


def deadline(step: NextStep, decided: date, certificate: date | None = None) -> date | None:
    return compute_deadline(step, decided, certificate).deadline


# --- §0 worked examples -----------------------------------------------------------------------

def test_d5a_letter_on_a_tuesday_rolls_a_sunday_deadline_to_monday() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 3, 10)) == date(2026, 5, 11)


def test_d5a_a_later_certificate_date_plus_one_month_wins() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 3, 10), date(2026, 4, 20)) == date(2026, 5, 20)


def test_d5b_august_deadline_moves_past_the_summer_bank_holiday() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 6, 15)) == date(2026, 9, 1)


def test_d5c_christmas_deadline_moves_to_the_first_working_day_of_january() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 10, 29)) == date(2027, 1, 4)


def test_d10_discrimination_claim_is_the_day_before_six_months_later() -> None:
    assert deadline(NextStep.DISCRIMINATION_CLAIM, date(2026, 3, 10)) == date(2026, 9, 9)


def test_discrimination_month_end_is_clipped_before_taking_the_day_before() -> None:
    # 31 Mar + 6 months = 30 Sep (no 31 Sep), less a day = 29 Sep.
    assert deadline(NextStep.DISCRIMINATION_CLAIM, date(2026, 3, 31)) == date(2026, 9, 29)


def test_discrimination_deadline_on_a_sunday_does_not_roll_over() -> None:
    assert deadline(NextStep.DISCRIMINATION_CLAIM, date(2026, 1, 13)) == date(2026, 7, 12)


def test_discrimination_deadline_in_august_does_not_roll_over() -> None:
    assert deadline(NextStep.DISCRIMINATION_CLAIM, date(2026, 2, 15)) == date(2026, 8, 14)


# --- month-end (D7) ---------------------------------------------------------------------------

def test_appeal_from_31_december_uses_the_last_day_of_february_then_the_next_working_day() -> None:
    # 28 Feb 2026 is a Saturday.
    assert deadline(NextStep.APPEAL, date(2025, 12, 31)) == date(2026, 3, 2)


def test_appeal_month_end_in_a_leap_year_keeps_29_february() -> None:
    assert deadline(NextStep.APPEAL, date(2027, 12, 31)) == date(2028, 2, 29)


def test_month_end_clipping_is_flagged_for_a_person() -> None:
    result = compute_deadline(NextStep.APPEAL, date(2025, 12, 31))
    assert any("D7" in note for note in result.notes)


def test_add_months_reports_clipping() -> None:
    assert add_months(date(2026, 1, 31), 1) == (date(2026, 2, 28), True)
    assert add_months(date(2026, 1, 15), 1) == (date(2026, 2, 15), False)


# --- Christmas and August roll-overs (D3) -----------------------------------------------------

@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (date(2026, 10, 25), date(2027, 1, 4)),  # lands on 25 Dec
        (date(2026, 11, 1), date(2027, 1, 4)),  # lands on 1 Jan
        (date(2026, 11, 2), date(2027, 1, 4)),  # lands on Sat 2 Jan: next working day
        (date(2026, 10, 24), date(2026, 12, 24)),  # 24 Dec is outside the window
    ],
)
def test_christmas_window_is_25_december_to_1_january(decided: date, expected: date) -> None:
    assert deadline(NextStep.APPEAL, decided) == expected


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (date(2026, 6, 1), date(2026, 9, 1)),  # 1 Aug
        (date(2026, 6, 30), date(2026, 9, 1)),  # 30 Aug
        (date(2026, 5, 31), date(2026, 7, 31)),  # 31 Jul is a Friday: stays
        (date(2027, 6, 10), date(2027, 9, 1)),  # 31 Aug 2027 is not a bank holiday
    ],
)
def test_august_deadlines_move_to_the_first_working_day_after_31_august(
    decided: date, expected: date
) -> None:
    assert deadline(NextStep.APPEAL, decided) == expected


def test_certificate_roll_over_applies_to_the_certificate_limb_too() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 5, 1), date(2026, 7, 20)) == date(2026, 9, 1)


def test_an_earlier_certificate_date_leaves_the_two_month_limb() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 3, 10), date(2026, 4, 1)) == date(2026, 5, 11)


# --- bank holidays and working days (D4) ------------------------------------------------------

def test_bank_holidays_come_from_the_library() -> None:
    assert is_bank_holiday(date(2026, 4, 6))  # Easter Monday
    assert is_bank_holiday(date(2026, 8, 31))  # summer bank holiday
    assert not is_bank_holiday(date(2026, 4, 7))
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute


def test_appeal_deadline_on_easter_monday_moves_to_tuesday() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 2, 6)) == date(2026, 4, 7)


def test_appeal_deadline_on_good_friday_skips_the_whole_easter_weekend() -> None:
    assert deadline(NextStep.APPEAL, date(2026, 2, 3)) == date(2026, 4, 7)


def test_appeal_deadline_on_the_early_may_bank_holiday_moves_on() -> None:
    # 2 May 2026 is a Saturday and 4 May the early May bank holiday.
    assert deadline(NextStep.APPEAL, date(2026, 3, 2)) == date(2026, 5, 5)


def test_appeal_notes_carry_the_earlier_safe_target() -> None:
    result = compute_deadline(NextStep.APPEAL, date(2026, 3, 17))
    assert result.safe_target == date(2026, 5, 16)
    assert any("D6" in note for note in result.notes)


# --- exclusion: 15 school days after the governors' decision ----------------------------------

def test_irp_deadline_is_15_weekdays_after_the_governors_decision() -> None:
    assert deadline(NextStep.CHALLENGE_EXCLUSION, date(2026, 3, 3)) == date(2026, 3, 24)


def test_irp_deadline_skips_bank_holidays() -> None:
    assert deadline(NextStep.CHALLENGE_EXCLUSION, date(2026, 3, 25)) == date(2026, 4, 17)


def test_irp_deadline_tells_the_adviser_to_check_school_holidays() -> None:
    result = compute_deadline(NextStep.CHALLENGE_EXCLUSION, date(2026, 3, 3))
    assert any("term dates" in note for note in result.notes)


def test_only_the_exclusion_itself_dated_gives_no_deadline() -> None:
    result = compute_deadline(NextStep.CHALLENGE_EXCLUSION, date(2026, 3, 3),
                              governors_decision=False)
    assert result.deadline is None


def test_add_school_days_counts_from_the_next_day() -> None:
    assert add_school_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


# --- no legal deadline ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "step", [NextStep.RAISE_INFORMALLY, NextStep.FORMAL_COMPLAINT, NextStep.ESCALATE_OMBUDSMAN,
             NextStep.GENERAL_ADVICE]
)
def test_complaint_steps_and_general_advice_have_no_deadline(step: NextStep) -> None:
    assert deadline(step, date(2026, 3, 10)) is None


def test_no_decision_date_gives_no_deadline() -> None:
    assert compute_deadline(NextStep.APPEAL, None).deadline is None
