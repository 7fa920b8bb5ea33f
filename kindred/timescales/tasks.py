"""Writes to the Task table: the due items that My work and the team board list. Casework actions start,
move and stop clocks through these functions, inside their own transactions; nothing else writes tasks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kindred.timescales import rules
from kindred.timescales.models import Task

if TYPE_CHECKING:
    from kindred.casework.models import Episode


def moment(day: dt.date) -> dt.datetime:
    """A day as a moment (midday, local time), for when only the day of something is recorded."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


# Clocks that are the team's managers' work, not the allocated worker's (no one authorises their own work).
FOR_MANAGERS = {rules.ASSESSMENT_AUTHORISATION}


def start_clock(
    *, episode: Episode, rule_key: str, title: str, start: dt.date, value: int | None = None
) -> Task:
    """Start (or restart) the episode's clock under this rule: one open task per rule on an episode, due on
    the rule's date counted from `start`. `value` is a plan's own frequency where it sets one. The task is
    the allocated worker's, or the team managers' for a manager's step."""
    rule = rules.rule(rule_key)
    due = rules.due_date_after(rule, start, value=value)
    with transaction.atomic():
        task = (
            Task.objects.select_for_update().filter(episode=episode, rule_key=rule_key, done_at=None).first()
        )
        if task is None:
            task = Task(episode=episode, person_id=episode.person_id, rule_key=rule_key)
        task.title = title
        task.due_date = due
        task.rule_version = rule.version
        task.assignee_id = None if rule_key in FOR_MANAGERS else episode.allocated_to_id
        task.team_id = episode.team_id
        task.save()
    return task


def stop_clock(
    *, episode: Episode, rule_key: str, on: dt.date, late_reason: str = "", stopped: bool = False
) -> Task | None:
    """The work the clock was for is done (on `on`), or with `stopped` no longer needed. Returns the task,
    or None when there was no open one."""
    task = Task.objects.select_for_update().filter(episode=episode, rule_key=rule_key, done_at=None).first()
    if task is None:
        return None
    task.done_at = moment(on)
    task.late_reason = late_reason
    task.stopped = stopped
    task.save(update_fields=["done_at", "late_reason", "stopped"])
    return task


def due_date(*, episode: Episode, rule_key: str) -> dt.date | None:
    task = Task.objects.filter(episode=episode, rule_key=rule_key, done_at=None).first()
    return task.due_date if task else None


def stop_all(*, episode: Episode, on: dt.date, rule_keys: list[str] | None = None) -> int:
    """Stop the episode's open clocks (all, or those under these rules): the plan or the episode ended, so
    the work is no longer due (marked `stopped`: not done, so never counted as on time or late)."""
    found = Task.objects.filter(episode=episode, done_at=None)
    if rule_keys is not None:
        found = found.filter(rule_key__in=rule_keys)
    return found.update(done_at=moment(on), stopped=True)


def follow_allocation(*, episode: Episode) -> int:
    """The episode's open tasks go to whoever now holds the case."""
    open_tasks = Task.objects.filter(episode=episode, done_at=None)
    open_tasks.filter(rule_key__in=FOR_MANAGERS).update(team_id=episode.team_id)
    return open_tasks.exclude(rule_key__in=FOR_MANAGERS).update(
        assignee_id=episode.allocated_to_id, team_id=episode.team_id
    )
