"""Reads at the front door."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kindred.frontdoor.models import Contact, ContactChild


def queue(user: Any, *, team_id: int | None = None, rag: str = "") -> QuerySet[Contact]:
    """Every open contact this user may see, the least time left first, in three queries however many."""
    contacts = (
        Contact.objects.visible_to(user)
        .open()
        .select_related("held_by__team", "decision", "submitting_organisation")
        .prefetch_related(
            Prefetch("children", queryset=ContactChild.objects.select_related("person").order_by("position"))
        )
        .order_by("due_at", "received_at", "pk")
    )
    if team_id is not None:
        contacts = contacts.filter(held_by__team_id=team_id)
    if rag:
        contacts = contacts.filter(rag=rag)
    return contacts


def decided_late(user: Any, *, since: dt.datetime) -> QuerySet[Contact]:
    """Contacts decided after their due time, with the reasons recorded."""
    from django.db.models import F

    return (
        Contact.objects.visible_to(user)
        .filter(decision__decided_at__gt=F("due_at"), decision__decided_at__gte=since)
        .select_related("decision__decided_by")
        .prefetch_related(
            Prefetch("children", queryset=ContactChild.objects.select_related("person").order_by("position"))
        )
        .order_by("-decision__decided_at")
    )


def time_left(due_at: dt.datetime, *, now: dt.datetime | None = None) -> str:
    """Plain English: "3 hours 10 minutes left", "Overdue by 2 days"."""
    now = now or timezone.now()
    seconds = int((due_at - now).total_seconds())
    words = _duration(abs(seconds))
    return f"{words} left" if seconds >= 0 else f"Overdue by {words}"


def _duration(seconds: int) -> str:
    minutes = seconds // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)

    def plural(n: int, unit: str) -> str:
        return f"{n} {unit}" if n == 1 else f"{n} {unit}s"

    if days:
        return plural(days, "day") + (f" {plural(hours, 'hour')}" if hours else "")
    if hours:
        return plural(hours, "hour") + (f" {plural(minutes, 'minute')}" if minutes else "")
    return plural(max(minutes, 1), "minute") if seconds >= 60 else "less than a minute"
