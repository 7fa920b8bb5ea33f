"""Case notes: writes. A note is drafted as the worker types (saved on the server, so nothing is lost to a
time-out), recorded once it is finished, and after that only changed with a reason, keeping the earlier
wording (CaseNoteRevision).

Each action runs in one transaction, checks permission, validates and writes its audit event (DESIGN.md
principle 2). Autosaving a draft is not audited keystroke by keystroke: starting, recording, changing and
discarding a note are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.access.rules import can_edit_person
from kindred.audit import log
from kindred.casework.models import CaseNote, CaseNoteRevision
from kindred.people.actions import ConflictError
from kindred.people.models import Person, Relationship

__all__ = [
    "ConflictError",
    "discard_draft",
    "edit_note",
    "may_edit_note",
    "record_note",
    "save_draft",
    "siblings_of",
    "start_note",
]

MAX_TITLE = 200
MAX_TEXT = 50_000
MAX_REASON = 2_000
MAX_SUBJECTS = 12
# A clock a few minutes fast on the worker's computer is not a note about the future.
FUTURE_SLACK = dt.timedelta(minutes=5)
SIBLING_KINDS = ("sibling", "half_sibling", "step_sibling")
# What a draft may change before it is recorded. After that, only the wording (what a revision keeps).
DRAFT_FIELDS = ("kind", "occurred_at", "title", "text", "analysis", "significant")
WORDING_FIELDS = ("title", "text", "analysis", "significant")

_UNSET: Any = object()


def siblings_of(person: Person, user: Any) -> list[Person]:
    """The child's current brothers and sisters (full, half and step) from their network, as far as this user
    may see them: the people one note about the whole sibling group may also be about."""
    today = timezone.localdate()
    ties = (
        Relationship.objects.current(today)
        .filter(kind__in=SIBLING_KINDS)
        .filter(Q(from_person=person) | Q(to_person=person))
        .values_list("from_person_id", "to_person_id")
    )
    ids = {a if b == person.pk else b for a, b in ties} - {person.pk}
    return list(
        Person.objects.visible_to(user)
        .current()
        .filter(pk__in=ids)
        .order_by("date_of_birth", "first_name", "last_name", "pk")
    )


def may_edit_note(user: Any, note: CaseNote) -> bool:
    """A recorded note is changed only by its author or a manager (and only by someone who records notes)."""
    if not can(user, Capability.EDIT_PEOPLE):
        return False
    return note.author_id == getattr(user, "pk", None) or can(user, Capability.MANAGE_CASEWORK)


# --- checks -------------------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return (value or "").strip()


def _check_kind(kind: str, by: Any) -> None:
    if kind not in CaseNote.Kind.values:
        raise ValidationError({"kind": ["Select what kind of note this is"]})
    if kind == CaseNote.Kind.MANAGEMENT_DIRECTION and not can(by, Capability.MANAGE_CASEWORK):
        # The form offers management direction to managers only: anyone else asking for it is refused.
        raise PermissionDenied


def _check_when(occurred_at: dt.datetime, errors: dict[str, list[str]]) -> None:
    if timezone.is_naive(occurred_at):
        errors.setdefault("occurred_at", []).append("Enter the date and time it happened")
    elif occurred_at > timezone.now() + FUTURE_SLACK:
        errors.setdefault("occurred_at", []).append("The date and time must be now or in the past")


def _check_lengths(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for name, limit in (("title", MAX_TITLE), ("text", MAX_TEXT), ("analysis", MAX_TEXT)):
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            errors.setdefault(name, []).append(f"Must be {limit:,} characters or fewer")


def _subjects(people: Iterable[Person], by: Any, errors: dict[str, list[str]]) -> list[Person]:
    """The people a note is about: at least one, each a current record this user may see and change."""
    chosen: dict[int, Person] = {}
    for person in people:
        chosen.setdefault(person.pk, person)
    if not chosen:
        errors.setdefault("subjects", []).append("Select who the note is about")
        return []
    if len(chosen) > MAX_SUBJECTS:
        errors.setdefault("subjects", []).append(f"A note can be about at most {MAX_SUBJECTS} people")
        return []
    current = {
        p.pk: p for p in Person.objects.visible_to(by).filter(pk__in=chosen).select_related("merged_into")
    }
    for pk in chosen:
        found = current.get(pk)
        if found is None:
            # Never name a record the user may not see.
            errors.setdefault("subjects", []).append(
                "You can only record a note about people whose records you can see"
            )
        elif found.merged_into_id is not None:
            errors.setdefault("subjects", []).append(
                f"{found.full_name}'s record has been merged into another: record the note there"
            )
        elif not can_edit_person(by, found):
            errors.setdefault("subjects", []).append(
                f"{found.full_name}'s case is held by another team: ask them to record the note there"
            )
    return [current[pk] for pk in chosen if pk in current]


def _locked(note: CaseNote, by: Any) -> CaseNote:
    """The note, locked for this change, if this user may see it (a hidden note is refused, never named)."""
    locked = CaseNote.objects.select_for_update().filter(pk=note.pk).first()
    if locked is None or not CaseNote.objects.visible_to(by).filter(pk=note.pk).exists():
        raise PermissionDenied
    return locked


def _own_draft(note: CaseNote, by: Any, version: int | None) -> CaseNote:
    if not can(by, Capability.EDIT_PEOPLE):
        raise PermissionDenied
    note = _locked(note, by)
    if note.author_id != by.pk:
        raise PermissionDenied
    if note.status != CaseNote.Status.DRAFT:
        raise ValidationError("This note has already been recorded: change it with a reason instead")
    if version is not None and note.version != version:
        raise ConflictError
    return note


def _apply(note: CaseNote, values: dict[str, Any], by: Any, errors: dict[str, list[str]]) -> None:
    """Put the given draft values on the note (unchecked values are left as they were)."""
    if "kind" in values:
        _check_kind(values["kind"], by)
        note.kind = values["kind"]
    if "occurred_at" in values:
        _check_when(values["occurred_at"], errors)
        note.occurred_at = values["occurred_at"]
    _check_lengths(values, errors)
    for name in ("title", "text", "analysis"):
        if name in values:
            setattr(note, name, _text(values[name]))
    if "significant" in values:
        note.significant = bool(values["significant"])


def _given(**values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not _UNSET}


def _set_subjects(note: CaseNote, subjects: list[Person]) -> None:
    if {p.pk for p in subjects} != set(note.subjects.values_list("pk", flat=True)):
        note.subjects.set(subjects)


# --- actions ------------------------------------------------------------------------------------------------


def start_note(
    *,
    person: Person,
    by: Any,
    kind: str = CaseNote.Kind.CASE_NOTE,
    occurred_at: dt.datetime | None = None,
    title: str = "",
    text: str = "",
    analysis: str = "",
    significant: bool = False,
    subjects: Iterable[Person] | None = None,
) -> CaseNote:
    """A new draft note, started from a child's record. `subjects` (the child and any brothers and sisters it
    is also about) defaults to the child alone."""
    if not can(by, Capability.EDIT_PEOPLE) or not can_edit_person(by, person):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        people = _subjects(list(subjects) if subjects is not None else [person], by, errors)
        note = CaseNote(author=by, occurred_at=timezone.now(), status=CaseNote.Status.DRAFT)
        values = {
            "kind": kind,
            "title": title,
            "text": text,
            "analysis": analysis,
            "significant": significant,
        }
        if occurred_at is not None:
            values["occurred_at"] = occurred_at
        _apply(note, values, by, errors)
        if errors:
            raise ValidationError(errors)
        note.save()
        note.subjects.set(people)
        log.record_about(
            "case_note.draft_started", people=people, by=by, target=note, changes={"kind": [None, note.kind]}
        )
    return note


def save_draft(
    *,
    note: CaseNote,
    version: int,
    by: Any,
    kind: str = _UNSET,
    occurred_at: dt.datetime = _UNSET,
    title: str = _UNSET,
    text: str = _UNSET,
    analysis: str = _UNSET,
    significant: bool = _UNSET,
    subjects: Iterable[Person] = _UNSET,
) -> int:
    """Autosave: the author's draft as it stands, called every few seconds as they type. Only what is passed
    changes. Returns the draft's new version, which the next save must quote (two windows on one draft do not
    silently overwrite each other). Not audited: the recording is."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        note = _own_draft(note, by, version)
        values = _given(
            kind=kind,
            occurred_at=occurred_at,
            title=title,
            text=text,
            analysis=analysis,
            significant=significant,
        )
        _apply(note, values, by, errors)
        people = _subjects(subjects, by, errors) if subjects is not _UNSET else None
        if errors:
            raise ValidationError(errors)
        note.version += 1
        note.save()
        if people is not None:
            _set_subjects(note, people)
    return note.version


def record_note(
    *,
    note: CaseNote,
    version: int,
    by: Any,
    kind: str = _UNSET,
    occurred_at: dt.datetime = _UNSET,
    title: str = _UNSET,
    text: str = _UNSET,
    analysis: str = _UNSET,
    significant: bool = _UNSET,
    subjects: Iterable[Person] = _UNSET,
) -> CaseNote:
    """The draft becomes part of the record of everyone it is about (one note for brothers and sisters seen
    together appears on each child's record and chronology)."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        note = _own_draft(note, by, version)
        values = _given(
            kind=kind,
            occurred_at=occurred_at,
            title=title,
            text=text,
            analysis=analysis,
            significant=significant,
        )
        _apply(note, values, by, errors)
        _check_kind(note.kind, by)  # who may record it is decided now, whatever the draft said
        _check_when(note.occurred_at, errors)
        if not note.text:
            errors.setdefault("text", []).append("Enter what happened")
        people = _subjects(subjects if subjects is not _UNSET else note.subjects.all(), by, errors)
        if errors:
            raise ValidationError(errors)
        note.status = CaseNote.Status.FINAL
        note.version += 1
        note.save()
        _set_subjects(note, people)
        log.record_about(
            "case_note.recorded",
            people=people,
            by=by,
            target=note,
            changes={
                "kind": [None, note.kind],
                "occurred_at": [None, note.occurred_at.isoformat()],
                "significant": [None, note.significant],
                "subjects": [None, len(people)],
            },
        )
    return note


def edit_note(
    *,
    note: CaseNote,
    version: int,
    by: Any,
    reason: str,
    title: str = _UNSET,
    text: str = _UNSET,
    analysis: str = _UNSET,
    significant: bool = _UNSET,
) -> CaseNote:
    """Change a recorded note's wording, with a reason. The earlier wording is kept as a revision, so the
    history of the note can always be read back."""
    errors: dict[str, list[str]] = {}
    if not _text(reason):
        errors["reason"] = ["Say why the note is being changed"]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [f"Must be {MAX_REASON:,} characters or fewer"]
    with transaction.atomic():
        note = _locked(note, by)
        if not may_edit_note(by, note):
            raise PermissionDenied
        if note.status != CaseNote.Status.FINAL:
            raise ValidationError("This note is still a draft: finish and record it instead")
        if note.version != version:
            raise ConflictError
        before = {name: getattr(note, name) for name in WORDING_FIELDS}
        _apply(note, _given(title=title, text=text, analysis=analysis, significant=significant), by, errors)
        if not note.text:
            errors.setdefault("text", []).append("Enter what happened")
        changed = [name for name in WORDING_FIELDS if getattr(note, name) != before[name]]
        if not changed and not errors:
            errors.setdefault("text", []).append("Nothing has changed: change the note, or go back")
        if errors:
            raise ValidationError(errors)
        CaseNoteRevision.objects.create(
            note=note,
            version=note.version,
            edited_by=by,
            edited_at=timezone.now(),
            reason=_text(reason),
            **before,
        )
        note.version += 1
        note.save()
        log.record_about(
            "case_note.edited",
            people=list(note.subjects.all()),
            by=by,
            target=note,
            # Which parts changed, not the words: the revision keeps those, where the note's readers see them.
            changes={"changed": [None, changed], "version": [version, note.version]},
            reason=_text(reason),
        )
    return note


def discard_draft(*, note: CaseNote, by: Any, version: int | None = None) -> None:
    """The author throws their draft away. A draft is not yet part of anyone's record."""
    with transaction.atomic():
        note = _own_draft(note, by, version)
        people = list(note.subjects.all())
        log.record_about("case_note.draft_discarded", people=people, by=by, target=note)
        note.delete()
