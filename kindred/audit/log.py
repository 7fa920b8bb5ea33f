"""Writing to the audit trail. Call these inside the action's transaction: if the audit write fails, the
action's changes roll back with it (DESIGN.md principle 2)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kindred.audit import context
from kindred.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class EventSpec:
    action: str
    target: models.Model | None = None
    person: Any = None  # a Person (or anything with .uuid) the event is about
    changes: dict[str, Any] | None = None
    reason: str = ""


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value or {}, default=str))


def _target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    label = target._meta.label_lower
    ident = getattr(target, "uuid", None) or target.pk
    return label, str(ident)


def record(
    action: str,
    *,
    by: Any,
    target: models.Model | None = None,
    person: Any = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain."""
    return record_many([EventSpec(action, target, person, changes, reason)], by=by)[0]


def record_about(
    action: str,
    *,
    people: Iterable[Any],
    by: Any,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> list[AuditEvent]:
    """The same event once on each person it concerns (both ends of a relationship, both sides of a merge), so
    each record's history shows it."""
    return record_many([EventSpec(action, target, person, changes, reason) for person in people], by=by)


def record_many(specs: Iterable[EventSpec], *, by: Any) -> list[AuditEvent]:
    """Append several events in one go (a search's results), one lock and one insert."""
    specs = list(specs)
    if not specs:
        return []
    ctx = context.current.get()
    actor_id = getattr(by, "pk", None) if by is not None else None
    actor = getattr(by, "username", "") if by is not None else ""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        now = timezone.now()  # after the lock, so events' times run in the same order as their sequence
        events: list[AuditEvent] = []
        prev_hash = head.last_hash
        seq = head.last_seq
        for spec in specs:
            seq += 1
            target_type, target_id = _target_of(spec.target)
            person_uuid = getattr(spec.person, "uuid", spec.person)
            event = AuditEvent(
                seq=seq,
                at=now,
                actor_id=actor_id,
                actor=actor,
                action=spec.action,
                target_type=target_type,
                target_id=target_id,
                person_uuid=person_uuid,
                changes=_jsonable(spec.changes),
                reason=spec.reason,
                request_id=ctx.request_id,
                ip=ctx.ip,
                prev_hash=prev_hash,
            )
            event.hash = event.compute_hash()
            prev_hash = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events)
        head.last_seq = seq
        head.last_hash = prev_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return events


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Old and new values of the fields that changed: {"field": [old, new]}."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _jsonable({"v": getattr(instance, f)})["v"] for f in fields}
