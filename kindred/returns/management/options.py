"""Options the returns commands share."""

from __future__ import annotations

import argparse

from django.core.management.base import CommandError

from kindred.organisation.models import User


def census_year(value: str) -> int:
    """A census year, as --year takes it: the year it ends (2026: 1 April 2025 to 31 March 2026)."""
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a year like 2026, not {value!r}") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"must be a year like 2026, not {value!r}")
    return year


def system_or_user(username: str | None) -> User | None:
    """The person a command acts for (--by), or None: the system (the audit trail shows "system")."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user called {username!r}")
    return user
