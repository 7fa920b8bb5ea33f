"""The append-only, hash-chained audit trail (DESIGN.md principle 4).

Each event's hash covers its own fields and the previous event's hash, so editing or deleting any row breaks
the chain at that row; `python manage.py verify_audit` finds it. The model refuses updates and deletes, and
database triggers refuse them too (migration 0002), so only someone able to drop triggers can tamper, and the
chain shows it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted")

    def about(self, person_uuid: object) -> AuditEventQuerySet:
        return self.filter(person_uuid=person_uuid)

    def views(self) -> AuditEventQuerySet:
        return self.filter(action__in=VIEW_ACTIONS)


# Actions that expose a person's record to someone: these make up "who has viewed this record".
VIEW_ACTIONS = ("person.viewed", "person.listed", "person.exported", "person.printed")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.CharField(max_length=150, blank=True)  # the username, kept as it was at the time
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    person_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["person_uuid", "action", "at"]),
            # A record's own history (who wrote in an assessment, so they may not authorise it).
            models.Index(fields=["target_id", "target_type"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor or 'system'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a form that survives a database round trip."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor": self.actor,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "person_uuid": str(self.person_uuid) if self.person_uuid else None,
            "changes": self.changes,
            "reason": self.reason,
            "request_id": self.request_id,
            "ip": self.ip,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditChainHead(models.Model):
    """The chain's last sequence number and hash: one row, locked while an event is appended.

    Locking one row serialises audit writes; see docs/adr/0004-audit-hash-chain.md for why that is acceptable
    at a trust's volume and what replaces it at national scale.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at #{self.last_seq}"
