from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindred.timescales.calendar import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
    working_days_due,
)

LONDON = ZoneInfo("Europe/London")
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))


def test_calendar_knows_englands_bank_holidays_and_days_in_lieu() -> None:
    assert bank_holiday_name(dt.date(2026, 4, 3)) == "Good Friday"
    assert bank_holiday_name(dt.date(2026, 4, 6)) == "Easter Monday"
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day falls on a Saturday: Monday in lieu
    assert is_working_day(dt.date(2026, 3, 17))  # St Patrick's Day is a holiday in Northern Ireland only
    assert bank_holiday_name(dt.date(2026, 3, 17)) is None


def test_add_working_days_skips_the_easter_bank_holiday_weekend() -> None:
    maundy_thursday = dt.date(2026, 4, 2)
    assert add_working_days(maundy_thursday, 1) == dt.date(2026, 4, 7)  # past Good Friday to Easter Monday
    assert working_days_between(maundy_thursday, dt.date(2026, 4, 7)) == 1


def test_add_working_days_gives_the_statutory_assessment_deadline() -> None:
    # 45 working days from a referral on Monday 2 March 2026, across Easter and the May Day holiday.
    assert add_working_days(dt.date(2026, 3, 2), 45) == dt.date(2026, 5, 7)


def test_add_working_days_from_a_weekend_starts_on_the_next_working_day() -> None:
    saturday = dt.date(2026, 5, 2)
    assert add_working_days(saturday, 0) == dt.date(2026, 5, 5)  # Monday 4 May is the May Day holiday
    assert add_working_days(saturday, 1) == dt.date(2026, 5, 6)


def test_working_days_due_keeps_the_time_of_day_and_starts_weekend_clocks_at_midnight() -> None:
    received = dt.datetime(2026, 4, 2, 16, 30, tzinfo=LONDON)
    assert working_days_due(received, 1) == dt.datetime(2026, 4, 7, 16, 30, tzinfo=LONDON)
    saturday = dt.datetime(2026, 3, 28, 11, 0, tzinfo=LONDON)
    assert working_days_due(saturday, 1) == dt.datetime(2026, 3, 31, 0, 0, tzinfo=LONDON)
    with pytest.raises(ValueError):
        working_days_due(dt.datetime(2026, 4, 2, 9, 0), 1)


@given(start=days, n=st.integers(min_value=0, max_value=200))
def test_add_working_days_lands_on_a_working_day_that_counts_back_to_n(start: dt.date, n: int) -> None:
    due = add_working_days(start, n)
    assert is_working_day(due)
    assert due >= start
    assert working_days_between(start, due) == n


@given(start=days, n=st.integers(min_value=0, max_value=100))
def test_add_working_days_is_monotonic_and_never_skips_a_working_day(start: dt.date, n: int) -> None:
    a, b = add_working_days(start, n), add_working_days(start, n + 1)
    assert a < b
    between = [a + dt.timedelta(days=i) for i in range(1, (b - a).days)]
    assert not any(is_working_day(d) for d in between)


@given(a=days, b=days)
def test_working_days_between_is_antisymmetric(a: dt.date, b: dt.date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)


@given(day=days)
def test_next_working_day_is_the_first_working_day_on_or_after(day: dt.date) -> None:
    found = next_working_day(day)
    assert is_working_day(found)
    assert all(not is_working_day(day + dt.timedelta(days=i)) for i in range((found - day).days))


@given(day=days)
def test_previous_working_day_is_the_last_working_day_on_or_before(day: dt.date) -> None:
    found = previous_working_day(day)
    assert found <= day and is_working_day(found)
    assert all(not is_working_day(found + dt.timedelta(days=n)) for n in range(1, (day - found).days + 1))


@pytest.mark.django_db
def test_a_review_due_in_months_on_a_weekend_or_bank_holiday_is_due_the_working_day_before() -> None:
    from kindred.timescales import rules

    # 29 May + 3 months is Saturday 29 August 2026: the review must be held by Friday 28 August.
    assert rules.due_date_after(rules.CIN_REVIEW, dt.date(2026, 5, 29)) == dt.date(2026, 8, 28)
    # 25 September + 3 months is Christmas Day: Thursday 24 December.
    assert rules.due_date_after(rules.FIRST_REVIEW_CONFERENCE, dt.date(2026, 9, 25)) == dt.date(2026, 12, 24)
    # On a working day it stays where it falls.
    assert rules.due_date_after(rules.CIN_REVIEW, dt.date(2026, 5, 27)) == dt.date(2026, 8, 27)
