"""Due times from the rule catalogue."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kindred.timescales.calendar import add_working_days, previous_working_day, working_days_due
from kindred.timescales.models import Rule

# The catalogue's rules, as the data migrations create them. Code refers to a rule by its key.
CONTACT_RED = "contact-red"
CONTACT_AMBER = "contact-amber"
CONTACT_GREEN = "contact-green"
ASSESSMENT = "assessment"
ASSESSMENT_AUTHORISATION = "assessment-authorisation"
ICPC = "icpc"
FIRST_CORE_GROUP = "first-core-group"
FIRST_REVIEW_CONFERENCE = "first-review-conference"
REVIEW_CONFERENCE = "review-conference"
CP_VISIT = "cp-visit"
CIN_VISIT = "cin-visit"
CIN_REVIEW = "cin-review"


# The national (or local standard) defaults, as migration 0002 loads them. Kept here too so that a catalogue
# emptied by a database flush (a transactional test, a restored backup of the schema only) refills itself
# rather than stopping the front door.
DEFAULTS: dict[str, dict[str, object]] = {
    CONTACT_RED: {
        "name": "Decision on a red (urgent) contact",
        "basis": "Local MASH standard: urgent safeguarding concerns",
        "unit": Rule.Unit.HOURS,
        "national_default": 4,
    },
    CONTACT_AMBER: {
        "name": "Decision on an amber contact",
        "basis": "Working Together to Safeguard Children 2023, chapter 2: decision within one working day",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 1,
    },
    CONTACT_GREEN: {
        "name": "Decision on a green contact",
        "basis": "Local MASH standard: multi-agency checks with no immediate risk",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 3,
    },
    ASSESSMENT: {
        "name": "Child and family assessment",
        "basis": "Working Together to Safeguard Children 2023, 3.2: within 45 working days of the referral",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 45,
    },
    ASSESSMENT_AUTHORISATION: {
        "name": "Manager's authorisation of an assessment",
        "basis": "Local standard: a manager reads and authorises a completed assessment",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 3,
    },
    ICPC: {
        "name": "Initial child protection conference",
        "basis": "Working Together to Safeguard Children 2023, 2.2: within 15 working days of the strategy "
        "discussion that started the section 47 enquiry",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 15,
    },
    FIRST_CORE_GROUP: {
        "name": "First core group meeting",
        "basis": "Working Together to Safeguard Children 2023, 2.2: within 10 working days of the initial "
        "conference",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 10,
    },
    FIRST_REVIEW_CONFERENCE: {
        "name": "First review conference",
        "basis": "Working Together to Safeguard Children 2023, 2.2: within 3 months of the initial "
        "conference",
        "unit": Rule.Unit.MONTHS,
        "national_default": 3,
    },
    REVIEW_CONFERENCE: {
        "name": "Review conference",
        "basis": "Working Together to Safeguard Children 2023, 2.2: then at intervals of no more than "
        "6 months",
        "unit": Rule.Unit.MONTHS,
        "national_default": 6,
    },
    CP_VISIT: {
        "name": "Visit to a child on a child protection plan",
        "basis": "Local standard: every 10 working days unless the plan sets another frequency",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 10,
    },
    CIN_VISIT: {
        "name": "Visit to a child on a child in need plan",
        "basis": "Local standard: every 20 working days unless the plan sets another frequency",
        "unit": Rule.Unit.WORKING_DAYS,
        "national_default": 20,
    },
    CIN_REVIEW: {
        "name": "Child in need plan review",
        "basis": "Local standard: the plan is reviewed at least every 3 months",
        "unit": Rule.Unit.MONTHS,
        "national_default": 3,
    },
}


class UnknownRule(LookupError):
    pass


def rule(key: str) -> Rule:
    found = Rule.objects.filter(key=key).first()
    if found is not None:
        return found
    if key not in DEFAULTS:
        raise UnknownRule(key)
    found, _ = Rule.objects.get_or_create(key=key, defaults=DEFAULTS[key])
    return found


def due_after(key: str | Rule, start: dt.datetime) -> dt.datetime:
    """When a clock under this rule that starts at `start` runs out. Working days are counted on the England
    calendar, in local time (so 10:00 stays 10:00 across a change of the clocks)."""
    found = key if isinstance(key, Rule) else rule(key)
    local = timezone.localtime(start)
    if found.unit == Rule.Unit.HOURS:
        # Elapsed hours: added in UTC, so 4 hours is 4 real hours across a change of the clocks (adding to a
        # local time would add wall-clock hours).
        return start.astimezone(dt.UTC) + dt.timedelta(hours=found.value)
    if found.unit == Rule.Unit.DAYS:
        return local + dt.timedelta(days=found.value)
    if found.unit == Rule.Unit.MONTHS:
        return local + relativedelta(months=found.value)
    return working_days_due(local, found.value)


def due_date_after(key: str | Rule, start: dt.date, *, value: int | None = None) -> dt.date:
    """The day a casework clock under this rule runs out, counted from the day of its start event: working
    days on the England calendar (a start on a weekend or bank holiday counts from the next working day), or
    calendar months (31 January + 1 month is 28 or 29 February). A month-based date that falls on a weekend or
    bank holiday is brought back to the working day before: a review "within three months" due on a Saturday
    has to be held by the Friday. `value` overrides the rule's number where a plan sets its own frequency."""
    found = key if isinstance(key, Rule) else rule(key)
    amount = found.value if value is None else value
    if found.unit == Rule.Unit.MONTHS:
        return previous_working_day(start + relativedelta(months=amount))
    if found.unit == Rule.Unit.DAYS:
        return start + dt.timedelta(days=amount)
    if found.unit == Rule.Unit.HOURS:
        return start + dt.timedelta(days=-(-amount // 24))
    return add_working_days(start, amount)
