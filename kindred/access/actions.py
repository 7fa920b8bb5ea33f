"""Writes to access: restricting a record, naming who may see it, and break-glass access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kindred.access.models import Alert, BreakGlass, RestrictedAccess
from kindred.access.roles import Capability, can
from kindred.access.rules import can_see_person, is_named_on, managers_of, merge_group
from kindred.audit import log
from kindred.people.models import Person

MIN_REASON_LENGTH = 10


def break_glass(*, person: Person, reason: str, by: Any) -> BreakGlass:
    """Open a restricted record for a short time. The reason is required and the record's managers are
    alerted. Granted only for a restricted record the user cannot already see."""
    if not can(by, Capability.BREAK_GLASS):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {"reason": "Explain why you need to see this record now (at least 10 characters)"}
        )
    if not person.restricted or person.merged_into_id is not None:
        raise ValidationError({"reference": "This record does not need break-glass access"})
    if can_see_person(by, person):
        raise ValidationError({"reference": "You can already see this record"})
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlass.objects.create(
            user=by,
            person=person,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )
        # The message names the record by its reference, not the child's name: a manager who is alerted is
        # not necessarily named on the record (RELIABILITY.md check 6: notifications are a read path).
        message = (
            f"{by.display_name} used break-glass access to a restricted record you manage "
            f"(reference {person.uuid}) at {timezone.localtime(now):%H:%M on %-d %B %Y}. Reason: {reason}"
        )
        Alert.objects.bulk_create(
            [Alert(recipient=manager, break_glass=grant, message=message) for manager in managers_of(person)]
        )
        log.record(
            "access.break_glass",
            by=by,
            target=grant,
            person=person,
            reason=reason,
            changes={"expires_at": [None, grant.expires_at.isoformat()]},
        )
    return grant


def _may_manage_access(by: Any, person: Person) -> bool:
    if not can(by, Capability.MANAGE_RESTRICTIONS) or not can_see_person(by, person):
        return False
    # On a restricted record only the people named on it decide who else may see it: break-glass access
    # is for reading, for an hour, not for granting anyone (including oneself) lasting access.
    return not person.restricted or is_named_on(by, person)


def break_glass_by_reference(*, reference: Any, reason: str, by: Any) -> BreakGlass | None:
    """Break glass on the record with this reference. A reference that is not a restricted record grants
    nothing, but the attempt is recorded, so probing for references leaves a trail."""
    if not can(by, Capability.BREAK_GLASS):
        raise PermissionDenied
    person = Person.objects.filter(uuid=reference, restricted=True, merged_into__isnull=True).first()
    if person is None:
        with transaction.atomic():
            log.record(
                "access.break_glass_refused",
                by=by,
                reason=" ".join((reason or "").split()),
                changes={"reference": [None, str(reference)]},
            )
        return None
    return break_glass(person=person, reason=reason, by=by)


def set_restricted(*, person: Person, restricted: bool, reason: str, by: Any) -> Person:
    """Restrict a record (or lift the restriction). Whoever restricts it stays named on it. A record and the
    records merged into it change together: they hold the same person's details."""
    person = Person.objects.get(pk=person.pk)  # decide on the record as it is now, not as the caller read it
    if not _may_manage_access(by, person):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the record's access is changing"})
    with transaction.atomic():
        group = list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in merge_group(person)]))
        changed = [member for member in group if member.restricted != restricted]
        for member in changed:
            member.restricted = restricted
            member.version += 1
            member.save(update_fields=["restricted", "version", "updated_at"])
        if restricted:
            for member in group:
                RestrictedAccess.objects.get_or_create(person=member, user=by, defaults={"granted_by": by})
        log.record_many(
            [
                log.EventSpec(
                    "person.restricted" if restricted else "person.unrestricted",
                    member,
                    member,
                    {"restricted": [not restricted, restricted]},
                    reason,
                )
                for member in changed
            ],
            by=by,
        )
    return next(member for member in group if member.pk == person.pk)


def name_on_restricted_record(*, person: Person, user: Any, by: Any) -> RestrictedAccess:
    """Name someone who may see a restricted record (and the records merged with it). Only staff who may
    view records can be named (naming anyone else would grant nothing and mislead whoever reads the list).
    Naming someone twice changes nothing."""
    person = Person.objects.get(pk=person.pk)  # decide on the record as it is now, not as the caller read it
    if not _may_manage_access(by, person):
        raise PermissionDenied
    if not person.restricted:
        raise ValidationError(
            {"username": "This record is not restricted: everyone who may view records can see it"}
        )
    if not can(user, Capability.VIEW_PEOPLE):
        raise ValidationError({"username": "Enter the username of a member of staff who can view records"})
    with transaction.atomic():
        specs = []
        for member in merge_group(person):
            access, created = RestrictedAccess.objects.get_or_create(
                person=member, user=user, defaults={"granted_by": by}
            )
            if member.pk == person.pk:
                result = access
            if created:
                specs.append(
                    log.EventSpec(
                        "person.access_granted", member, member, {"named_user": [None, user.username]}
                    )
                )
        log.record_many(specs, by=by)
    return result


def mark_alert_read(*, alert: Alert, by: Any) -> Alert:
    """The recipient has seen an alert. Only the recipient can mark it; marking it again changes nothing."""
    if getattr(by, "pk", None) is None or alert.recipient_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        changed = Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(read_at=timezone.now())
        alert.refresh_from_db()
        if changed:
            glass = alert.break_glass
            log.record(
                "alert.read",
                by=by,
                target=alert,
                person=glass.person if glass is not None else None,
                changes={"read_at": [None, alert.read_at.isoformat() if alert.read_at else None]},
            )
    return alert
