"""The working-day calendar: Monday to Friday, except England's bank holidays.

Statutory timescales in children's social care are counted in working days (Working Together to Safeguard
Children 2023: a decision on a referral within one working day, an assessment within 45 working days of
referral, an initial child protection conference within 15 working days of the strategy discussion). Bank
holidays come from the `holidays` package (England: the UK calendar with subdivision ENG), including days
in lieu when a holiday falls at a weekend.

Counting convention: the day something happens is day 0; "within N working days" means by the end of the
Nth working day after it. Something that happens on a weekend or a bank holiday starts its clock from the
next working day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

WEEKEND = {5, 6}  # Saturday, Sunday


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holiday_name(day: dt.date) -> str | None:
    if day not in _bank_holidays(day.year):
        return None
    names = holidays.country_holidays("GB", subdiv="ENG", years=day.year)
    return str(names.get(day))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() not in WEEKEND and day not in _bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, otherwise the last working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The Nth working day after `start` (0: `start` itself, or the next working day if it is not one)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = next_working_day(start)
    for _ in range(days):
        day = next_working_day(day + dt.timedelta(days=1))
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days after `start` `end` falls: add_working_days(start, n) == end gives n. Negative
    when `end` is before `start` (an item overdue by that many working days)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = next_working_day(start)
    while True:
        day = next_working_day(day + dt.timedelta(days=1))
        if day > end:
            return count
        count += 1


def working_days_due(start: dt.datetime, days: int) -> dt.datetime:
    """A due moment for a clock that starts at `start`: the same local time of day on the Nth working day
    after it. Pass local time (django.utils.timezone.localtime), so that 10:00 stays 10:00 across a change
    of the clocks. A clock started outside working days starts at 00:00 on the next working day: a contact
    received on a Saturday, with one working day for the decision, is due at 00:00 on Tuesday."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    day = start.date()
    if is_working_day(day):
        due_day = add_working_days(day, days)
        return start.replace(year=due_day.year, month=due_day.month, day=due_day.day)
    first = next_working_day(day)
    due_day = add_working_days(first, days)
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.replace(year=due_day.year, month=due_day.month, day=due_day.day)
