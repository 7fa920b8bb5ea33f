"""Writes to people and their networks. Each action runs in one transaction, checks permission, validates,
and writes its audit event (DESIGN.md principle 2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kindred.access.roles import Capability, can
from kindred.access.rules import can_edit_person, can_see_person
from kindred.audit import log
from kindred.people.models import Person
from kindred.people.names import name_keys
from kindred.people.validators import normalise_nhs_number, normalise_upn

PERSON_FIELDS = (
    "first_name",
    "middle_names",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "gender_identity",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "religion",
    "nhs_number",
    "upn",
    "former_upn",
    "upn_unknown_reason",
    "job_title",
)


class ConflictError(Exception):
    """Someone else changed the record since it was opened (optimistic locking)."""


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for key in ("first_name", "middle_names", "last_name", "gender_identity", "first_language", "job_title"):
        if key in values and isinstance(values[key], str):
            values[key] = " ".join(values[key].split())
    if values.get("nhs_number"):
        values["nhs_number"] = normalise_nhs_number(values["nhs_number"])
    for key in ("upn", "former_upn"):
        if values.get(key):
            values[key] = normalise_upn(values[key])
    return values


def _check_dates(person: Person) -> None:
    today = date.today()
    errors: dict[str, str] = {}
    if person.date_of_birth and person.date_of_birth > today:
        errors["date_of_birth"] = "Date of birth must be today or in the past"
    if person.date_of_birth and person.expected_date_of_birth:
        errors["expected_date_of_birth"] = (
            "Enter either a date of birth or an expected date of birth, not both"
        )
    if person.date_of_death and person.date_of_death > today:
        errors["date_of_death"] = "Date of death must be today or in the past"
    if person.date_of_death and person.date_of_birth and person.date_of_death < person.date_of_birth:
        errors["date_of_death"] = "Date of death must be on or after the date of birth"
    if person.is_unborn and person.sex != "U":
        # CIN census rule 8750: an unborn child's sex is recorded as U.
        errors["sex"] = "Record the sex of an unborn baby as unknown"
    if errors:
        raise ValidationError(errors)


def create_person(*, by: Any, restricted: bool = False, organisation: Any = None, **fields: Any) -> Person:
    if not can(by, Capability.EDIT_PEOPLE):
        raise PermissionDenied
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    values = _normalise(fields)
    with transaction.atomic():
        person = Person(**values, organisation=organisation, restricted=restricted)
        person.__dict__.update(name_keys(person.first_name, person.last_name))
        person.full_clean()
        _check_dates(person)
        person.save()
        if restricted:
            from kindred.access.models import RestrictedAccess

            RestrictedAccess.objects.create(person=person, user=by, granted_by=by)
        log.record(
            "person.created",
            by=by,
            target=person,
            person=person,
            changes={
                k: [None, v] for k, v in log.snapshot(person, PERSON_FIELDS).items() if v not in ("", None)
            },
        )
    return person


def update_person(*, person: Person, version: int, by: Any, reason: str = "", **fields: Any) -> Person:
    """Change a person's details. `version` is the one the editor started from: a later change by someone
    else raises ConflictError instead of being silently overwritten."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        if not can_edit_person(by, current):
            raise PermissionDenied
        if current.version != version:
            raise ConflictError
        before = log.snapshot(current, PERSON_FIELDS)
        for key, value in _normalise(fields).items():
            setattr(current, key, value)
        current.__dict__.update(name_keys(current.first_name, current.last_name))
        current.full_clean()
        _check_dates(current)
        changes = log.diff(before, log.snapshot(current, PERSON_FIELDS))
        if not changes:
            return current
        current.version += 1
        current.save()
        log.record("person.updated", by=by, target=current, person=current, changes=changes, reason=reason)
    return current


def record_person_viewed(*, person: Person, by: Any, purpose: str = "") -> None:
    """Opening a record is an access: it is audited, and managers can see who looked."""
    if not can_see_person(by, person):
        raise PermissionDenied
    log.record("person.viewed", by=by, target=person, person=person, reason=purpose)
