"""Changing the trust's own timescales. A change applies to clocks started after it; a clock already running
keeps the due date worked out under the rule's version at its start (Task.rule_version says which)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kindred.access.roles import Capability, can
from kindred.audit import log
from kindred.people.actions import ConflictError
from kindred.timescales.models import Rule

MAX_VALUE = 400


def is_statutory(rule: Rule) -> bool:
    """A timescale set by statutory guidance, as opposed to a trust's own standard."""
    return not rule.basis.lower().startswith("local")


def set_local_value(*, rule: Rule, version: int, value: int | None, reason: str, by: Any) -> Rule:
    """Set (or, with None, clear) the trust's own value for a clock. A statutory timescale is a longest time
    allowed (Working Together to Safeguard Children 2023): a trust may set a shorter one, never a longer
    one. A local standard may be set either way."""
    if not can(by, Capability.SET_TIMESCALES):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Say why the timescale is changing"]
    if value is not None:
        if not 1 <= value <= MAX_VALUE:
            errors["value"] = [f"Enter a number from 1 to {MAX_VALUE}"]
        elif is_statutory(rule) and value > rule.national_default:
            errors["value"] = [
                f"The statutory timescale is {rule.national_default} {rule.get_unit_display()}: "
                "a local value can be shorter, not longer"
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Rule.objects.select_for_update().get(pk=rule.pk)
        if locked.version != version:
            raise ConflictError
        before = locked.local_value
        locked.local_value = value
        locked.version += 1
        locked.save(update_fields=["local_value", "version", "updated_at"])
        log.record(
            "timescale.changed",
            by=by,
            target=locked,
            changes={"local_value": [before, value], "rule": [None, locked.key]},
            reason=reason,
        )
    return locked
