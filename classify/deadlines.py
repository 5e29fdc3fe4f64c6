"""Legal deadline arithmetic for each next step, exactly as ``send-routes.md`` (top table, §0)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from core.labels import NextStep

# The IRP must be asked for within 15 school days of the governors' decision (Sch 1 para 2(1)).
IRP_SCHOOL_DAYS = 15
APPEAL_MONTHS = 2
CERTIFICATE_MONTHS = 1
DISCRIMINATION_MONTHS = 6


@dataclass(frozen=True)
class DeadlineResult:
    """The last day to act, how it was reached, and what a person should double-check.

    ``deadline`` is None when the route has no legal deadline or the clock-start date is unknown.
    ``safe_target`` is the earlier reading of "two months" some services use (D6), for appeals.
    """

    deadline: date | None
    rule: str
    notes: tuple[str, ...] = ()
    safe_target: date | None = None


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share the same bank holidays; the library keeps the list current.
    # Imported here: it takes ~50 ms to import, and most emails never need a bank holiday.
    import holidays  # noqa: PLC0415

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """True if ``day`` is a bank holiday in England (and Wales)."""
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day_on_or_after(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_months(day: date, months: int) -> tuple[date, bool]:
    """``day`` plus calendar months, same day number; clipped to month-end (D7).

    Returns the date and whether it had to be clipped (the target month was too short).
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last)), day.day > last


def add_school_days(day: date, count: int) -> date:
    """The ``count``-th weekday after ``day`` that is not a bank holiday (term dates unknown)."""
    current = day
    remaining = count
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def roll_appeal_deadline(day: date) -> tuple[date, tuple[str, ...]]:
    """Apply the SEN-appeal roll-overs (D3 Christmas and August, then D4 working day)."""
    notes: list[str] = []
    if (day.month == 12 and day.day >= 25) or (day.month == 1 and day.day == 1):
        year = day.year + 1 if day.month == 12 else day.year
        rolled = next_working_day_on_or_after(date(year, 1, 2))
        notes.append(
            f"{day:%d %b %Y} falls between 25 Dec and 1 Jan: moved to the first working day "
            f"after 1 Jan, {rolled:%a %d %b %Y} (D3)."
        )
        return rolled, tuple(notes)
    if day.month == 8:
        rolled = next_working_day_on_or_after(date(day.year, 9, 1))
        notes.append(
            f"{day:%d %b %Y} falls in August: moved to the first working day after 31 Aug, "
            f"{rolled:%a %d %b %Y} (D3)."
        )
        return rolled, tuple(notes)
    rolled = next_working_day_on_or_after(day)
    if rolled != day:
        notes.append(
            f"{day:%a %d %b %Y} is not a working day: moved to {rolled:%a %d %b %Y} (D4)."
        )
    return rolled, tuple(notes)


def _appeal_deadline(decision_date: date, certificate_date: date | None) -> DeadlineResult:
    notes: list[str] = []
    two_months, clipped = add_months(decision_date, APPEAL_MONTHS)
    if clipped:
        notes.append(
            f"{decision_date:%d %b} + 2 months has no matching day: used the last day of the "
            "month (D7 ?, check)."
        )
    base = two_months
    rule = "decision date + 2 calendar months"
    if certificate_date is not None:
        after_certificate, cert_clipped = add_months(certificate_date, CERTIFICATE_MONTHS)
        if after_certificate > two_months:
            base = after_certificate
            rule = "mediation certificate date + 1 calendar month (later than decision + 2 months)"
            if cert_clipped:
                notes.append(
                    "Certificate date + 1 month has no matching day: used the last day of the "
                    "month (D7 ?, check)."
                )
        notes.append("Check the date printed on the mediation certificate (D2).")
    deadline, roll_notes = roll_appeal_deadline(base)
    notes.extend(roll_notes)
    safe_target = base - timedelta(days=1)
    notes.append(
        f"Some services count two months one day earlier (D6 ?): advise lodging by "
        f"{safe_target:%d %b %Y} to be safe, and by 5pm on the day (D4)."
    )
    return DeadlineResult(deadline, rule, tuple(notes), safe_target)


def _discrimination_deadline(decision_date: date) -> DeadlineResult:
    six_months, clipped = add_months(decision_date, DISCRIMINATION_MONTHS)
    deadline = six_months - timedelta(days=1)
    notes = [
        "Six months starting with the date of the act, received by the tribunal by this day "
        "(D10 ?); no Christmas/August roll-over. If the treatment is continuing, time runs from "
        "its last day."
    ]
    if clipped:
        notes.append("Month-end: six months later has no matching day (D7 ?, check).")
    return DeadlineResult(deadline, "day before decision date + 6 calendar months", tuple(notes))


def _exclusion_deadline(decision_date: date) -> DeadlineResult:
    deadline = add_school_days(decision_date, IRP_SCHOOL_DAYS)
    notes = (
        "Counted 15 weekdays that are not bank holidays after the governors' decision: check "
        "the school's term dates and holidays (D9).",
    )
    return DeadlineResult(deadline, "governors' decision + 15 school days", notes)


def compute_deadline(
    next_step: NextStep,
    decision_date: date | None,
    certificate_date: date | None = None,
    *,
    governors_decision: bool = True,
) -> DeadlineResult:
    """The last day to act for ``next_step`` whose legal clock started on ``decision_date``.

    - ``appeal``: later of decision + 2 months and certificate + 1 month, then the Christmas
      (25 Dec-1 Jan) and August roll-overs, then the next working day.
    - ``discrimination_claim``: the day before decision + 6 months; no roll-over.
    - ``challenge_exclusion``: decision + 15 school days, only when ``decision_date`` is the
      governors' decision to uphold a permanent exclusion (``governors_decision``); when only the
      exclusion itself is dated there is no parent deadline yet (None).
    - complaint steps and ``general_advice``: None.

    Pure; safe to call any number of times.
    """
    if decision_date is None:
        return DeadlineResult(None, "no clock-start date")
    if next_step == NextStep.APPEAL:
        return _appeal_deadline(decision_date, certificate_date)
    if next_step == NextStep.DISCRIMINATION_CLAIM:
        return _discrimination_deadline(decision_date)
    if next_step == NextStep.CHALLENGE_EXCLUSION:
        if not governors_decision:
            return DeadlineResult(
                None,
                "only the exclusion is dated",
                (
                    "The governors must consider a permanent exclusion within 15 school days; "
                    "the 15-school-day IRP deadline starts from their written decision.",
                ),
            )
        return _exclusion_deadline(decision_date)
    return DeadlineResult(None, "no legal deadline for this step")
