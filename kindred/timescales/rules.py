"""Due times from the rule catalogue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kindred.timescales.calendar import working_days_due
from kindred.timescales.models import Rule

# The catalogue's rules, as the data migrations create them. Code refers to a rule by its key.
CONTACT_RED = "contact-red"
CONTACT_AMBER = "contact-amber"
CONTACT_GREEN = "contact-green"


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
    return working_days_due(local, found.value)
