"""Merging and un-merging duplicate records of one person (ADR 0005).

A merge never moves or deletes anything: the duplicate points at the survivor (`Person.merged_into`) and
keeps everything recorded on it, so an un-merge is lossless. Reading code shows a survivor with the records
of everyone merged into it (`record_ids`). Merges are decided by a manager with a reason, never automatically
(PERFORMANCE.md § Person search); both are audited on both people.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.audit import log
from kindred.people.models import Person, PersonMerge

REASON_MAX_LENGTH = 1000


def merge_problems(duplicate: Person, survivor: Person) -> list[str]:
    """Why these two records cannot be merged (the duplicate into the survivor), in plain English; empty if
    they can. Shown on the confirm page before anyone presses the button, and enforced by merge_people."""
    if duplicate.pk == survivor.pk:
        return ["A record cannot be merged into itself"]
    problems = []
    if duplicate.merged_into_id is not None:
        problems.append("The record you are merging has already been merged into another record")
    if survivor.merged_into_id is not None:
        problems.append(
            "The record you are keeping has itself been merged into another record: keep that record instead"
        )
    if Person.objects.filter(merged_into=duplicate).exists():
        problems.append(
            "Other records have been merged into the record you are merging. Keep this record instead, "
            "or un-merge those records first"
        )
    if duplicate.restricted != survivor.restricted:
        problems.append(
            "One record is restricted and the other is not. Restrict both first, so that nobody new can see "
            "what was restricted and nothing restricted is left open on the other record"
        )
    elif duplicate.restricted and _named(duplicate) != _named(survivor):
        problems.append(
            "Different people are named on the two restricted records. Name the same people on both first"
        )
    return problems


def _named(person: Person) -> set[int]:
    from kindred.access.models import RestrictedAccess

    return set(RestrictedAccess.objects.filter(person=person).values_list("user_id", flat=True))


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Enter why these records are the same person"})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"Reason must be {REASON_MAX_LENGTH} characters or fewer"})
    return reason


def _visible_ids(by: Any, ids: set[int]) -> set[int]:
    return set(Person.objects.visible_to(by).filter(pk__in=ids).values_list("pk", flat=True))


def merge_people(*, duplicate: Person, survivor: Person, reason: str, by: Any) -> PersonMerge:
    """Merge `duplicate` into `survivor`: the duplicate stops appearing in searches and lists, and its
    records are read as the survivor's. Refuses a merge into itself, of a record already merged, into a
    merged record, or of a record others are merged into (no chains)."""
    if not can(by, Capability.MERGE_PEOPLE):
        raise PermissionDenied
    if duplicate.pk == survivor.pk:
        raise ValidationError(merge_problems(duplicate, survivor))
    reason = _clean_reason(reason)
    with transaction.atomic():
        # Lock both rows, in a fixed order, so two managers cannot build a chain between them.
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update()
            .filter(pk__in=[duplicate.pk, survivor.pk])
            .order_by("pk")
        }
        if len(locked) != 2 or _visible_ids(by, set(locked)) != set(locked):
            raise PermissionDenied
        dup, keep = locked[duplicate.pk], locked[survivor.pk]
        problems = merge_problems(dup, keep)
        if problems:
            raise ValidationError(problems)
        dup.merged_into = keep
        dup.version += 1
        dup.save(update_fields=["merged_into", "version", "updated_at"])
        merge = PersonMerge.objects.create(
            duplicate=dup, survivor=keep, reason=reason, merged_by=by, merged_at=timezone.now()
        )
        changes = {
            "merged_into": [None, str(keep.uuid)],
            "duplicate": [None, str(dup.uuid)],
            "survivor": [None, str(keep.uuid)],
        }
        log.record_about(
            "person.merged", people=(dup, keep), target=merge, changes=changes, reason=reason, by=by
        )
    duplicate.merged_into, duplicate.version = keep, dup.version
    return merge


def unmerge_person(*, person: Person, reason: str, by: Any) -> Person:
    """Undo a merge: the record stands on its own again, with everything recorded on it."""
    if not can(by, Capability.MERGE_PEOPLE):
        raise PermissionDenied
    reason = _clean_reason(reason)
    with transaction.atomic():
        current = Person.objects.select_for_update().filter(pk=person.pk).first()
        if current is None or not _visible_ids(by, {current.pk}):
            raise PermissionDenied
        if current.merged_into_id is None:
            raise ValidationError("This record has not been merged into another record")
        survivor = Person.objects.get(pk=current.merged_into_id)
        merge = (
            PersonMerge.objects.select_for_update()
            .filter(duplicate=current, survivor=survivor, unmerged_at__isnull=True)
            .first()
        )
        current.merged_into = None
        current.version += 1
        current.save(update_fields=["merged_into", "version", "updated_at"])
        if merge is not None:
            merge.unmerged_at = timezone.now()
            merge.unmerged_by = by
            merge.unmerge_reason = reason
            merge.save(update_fields=["unmerged_at", "unmerged_by", "unmerge_reason"])
        changes = {
            "merged_into": [str(survivor.uuid), None],
            "duplicate": [str(current.uuid), None],
            "survivor": [str(survivor.uuid), None],
        }
        target = merge if merge is not None else current
        log.record_about(
            "person.unmerged",
            people=(current, survivor),
            target=target,
            changes=changes,
            reason=reason,
            by=by,
        )
    person.merged_into, person.version = None, current.version
    return current


def record_ids(person: Person) -> list[int]:
    """The ids whose records make up this person's: their own and those of every record merged into them.
    Reading code filters on these (`person_id__in=record_ids(child)`) to show a survivor's whole history."""
    return [person.pk, *Person.objects.filter(merged_into=person).order_by("pk").values_list("pk", flat=True)]


def open_merge(person: Person) -> PersonMerge | None:
    """The merge that made this record a duplicate, if it is one now."""
    return (
        PersonMerge.objects.filter(duplicate=person, unmerged_at__isnull=True)
        .select_related("survivor", "merged_by")
        .first()
    )
