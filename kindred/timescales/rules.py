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


class UnknownRule(LookupError):
    pass


def rule(key: str) -> Rule:
    try:
        return Rule.objects.get(key=key)
    except Rule.DoesNotExist:
        raise UnknownRule(key) from None


def due_after(key: str | Rule, start: dt.datetime) -> dt.datetime:
    """When a clock under this rule that starts at `start` runs out. Working days are counted on the England
    calendar, in local time (so 10:00 stays 10:00 across a change of the clocks)."""
    found = key if isinstance(key, Rule) else rule(key)
    local = timezone.localtime(start)
    if found.unit == Rule.Unit.HOURS:
        return start + dt.timedelta(hours=found.value)
    if found.unit == Rule.Unit.DAYS:
        return local + dt.timedelta(days=found.value)
    return working_days_due(local, found.value)
