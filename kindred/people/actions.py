"""Writes to people and their networks. Each action runs in one transaction, checks permission, validates,
and writes its audit event (DESIGN.md principle 2)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from kindred.access.roles import Capability, can
from kindred.access.rules import can_edit_person, can_see_person
from kindred.audit import log
from kindred.people.models import (
    SYMMETRIC_KINDS,
    Address,
    ContactDetail,
    Disability,
    Identifier,
    Person,
    PersonName,
    Relationship,
    Warning,
)
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
        # Our own date rules first: they say what is wrong in words a practitioner understands, where the
        # database constraint behind them would only say "constraint violated".
        _check_dates(person)
        person.full_clean()
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
        _check_dates(current)
        current.full_clean()
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


# --- The person's details and network ------------------------------------------------------------------


def _editable(person: Person, by: Any) -> None:
    if not can_edit_person(by, person):
        raise PermissionDenied


def _linkable(one: Person, other: Person, by: Any) -> None:
    """A relationship belongs to both records: whoever may change either may record or change it (a worker
    who learns that their child has a brother whose case another team holds records the tie from their
    side), if they can see both and neither has been merged away."""
    for person in (one, other):
        if person.merged_into_id is not None or not can_see_person(by, person):
            raise PermissionDenied
    if not (can_edit_person(by, one) or can_edit_person(by, other)):
        raise PermissionDenied


def _clean_and_save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


def _dated(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": "End date must be on or after the start date"})


# Who can hold parental responsibility (Children Act 1989 ss.2-4A, 14C): parents, step-parents (by agreement
# or order), relatives and others named in a child arrangements order, and special guardians. Foster carers
# and professionals do not; the local authority shares it under a care order, recorded on the care record.
PARENTAL_RESPONSIBILITY_MESSAGE = (
    "Only a parent, step-parent, relative or special guardian can hold parental responsibility"
)
PARENTAL_RESPONSIBILITY_KINDS = {
    "parent",
    "step_parent",
    "grandparent",
    "aunt_uncle",
    "sibling",
    "half_sibling",
    "kinship_carer",
    "special_guardian",
    "partner",
    "household_member",
}


def add_relationship(
    *,
    from_person: Person,
    to_person: Person,
    kind: str,
    by: Any,
    start_date: date | None = None,
    end_date: date | None = None,
    parental_responsibility: bool = False,
    lives_with: bool = False,
    contact_restriction: str = "",
    note: str = "",
) -> Relationship:
    """Record that <from_person> is the <kind> of <to_person> (read the other way by its reciprocal)."""
    _linkable(from_person, to_person, by)
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "A person cannot be related to themselves"})
    if parental_responsibility and kind not in PARENTAL_RESPONSIBILITY_KINDS:
        raise ValidationError({"parental_responsibility": PARENTAL_RESPONSIBILITY_MESSAGE})
    _dated(start_date, end_date)
    with transaction.atomic():
        duplicate = Relationship.objects.current().filter(
            models.Q(from_person=from_person, to_person=to_person)
            | models.Q(from_person=to_person, to_person=from_person, kind__in=SYMMETRIC_KINDS),
            kind=kind,
        )
        if duplicate.exists():
            raise ValidationError({"kind": "This relationship is already recorded"})
        relationship = Relationship(
            from_person=from_person,
            to_person=to_person,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            parental_responsibility=parental_responsibility,
            lives_with=lives_with,
            contact_restriction=contact_restriction.strip(),
            note=note.strip(),
        )
        _clean_and_save(relationship)
        changes = {
            "kind": [None, kind],
            "from": [None, str(from_person.uuid)],
            "to": [None, str(to_person.uuid)],
            "parental_responsibility": [None, parental_responsibility],
            "lives_with": [None, lives_with],
        }
        if contact_restriction:
            changes["contact_restriction"] = [None, contact_restriction]
        log.record_about(
            "relationship.added", people=(from_person, to_person), target=relationship, changes=changes, by=by
        )
    return relationship


RELATIONSHIP_FIELDS = (
    "kind",
    "start_date",
    "end_date",
    "parental_responsibility",
    "lives_with",
    "contact_restriction",
    "note",
)


def update_relationship(*, relationship: Relationship, version: int, by: Any, **fields: Any) -> Relationship:
    unknown = set(fields) - set(RELATIONSHIP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown relationship fields: {sorted(unknown)}")
    with transaction.atomic():
        current = (
            Relationship.objects.select_for_update()
            .select_related("from_person", "to_person")
            .get(pk=relationship.pk)
        )
        _linkable(current.from_person, current.to_person, by)
        if current.version != version:
            raise ConflictError
        before = log.snapshot(current, RELATIONSHIP_FIELDS)
        for key, value in fields.items():
            setattr(current, key, value.strip() if isinstance(value, str) else value)
        _dated(current.start_date, current.end_date)
        if current.parental_responsibility and current.kind not in PARENTAL_RESPONSIBILITY_KINDS:
            raise ValidationError({"parental_responsibility": PARENTAL_RESPONSIBILITY_MESSAGE})
        changes = log.diff(before, log.snapshot(current, RELATIONSHIP_FIELDS))
        if not changes:
            return current
        current.version += 1
        _clean_and_save(current)
        log.record_about(
            "relationship.updated",
            people=(current.from_person, current.to_person),
            target=current,
            changes=changes,
            by=by,
        )
    return current


def add_address(
    *,
    person: Person,
    line1: str,
    by: Any,
    line2: str = "",
    town: str = "",
    postcode: str = "",
    uprn: str = "",
    start_date: date | None = None,
    end_previous: bool = True,
) -> Address:
    """Record a new address. By default the current address ends the day before the new one starts, so the
    history stays continuous."""
    _editable(person, by)
    postcode = normalise_postcode(postcode)
    with transaction.atomic():
        if end_previous and start_date:
            for previous in person.addresses.filter(end_date__isnull=True, start_date__lt=start_date):
                previous.end_date = start_date - timedelta(days=1)
                previous.save(update_fields=["end_date"])
        address = Address(
            person=person,
            line1=line1.strip(),
            line2=line2.strip(),
            town=town.strip(),
            postcode=postcode,
            uprn=uprn.strip(),
            start_date=start_date,
        )
        _clean_and_save(address)
        log.record(
            "address.added",
            by=by,
            target=address,
            person=person,
            changes={"address": [None, str(address)], "start_date": [None, start_date]},
        )
    return address


def normalise_postcode(value: str) -> str:
    """ "b11 1aa" → "B11 1AA". UK postcodes end in a digit and two letters (the inward code)."""
    compact = "".join((value or "").split()).upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def add_other_name(
    *,
    person: Person,
    kind: str,
    first_name: str,
    last_name: str,
    by: Any,
    start_date: date | None = None,
    end_date: date | None = None,
) -> PersonName:
    _editable(person, by)
    _dated(start_date, end_date)
    with transaction.atomic():
        name = PersonName(
            person=person,
            kind=kind,
            first_name=" ".join(first_name.split()),
            last_name=" ".join(last_name.split()),
            start_date=start_date,
            end_date=end_date,
        )
        name.__dict__.update(name_keys(name.first_name, name.last_name))
        _clean_and_save(name)
        log.record(
            "person_name.added",
            by=by,
            target=person,
            person=person,
            changes={"kind": [None, kind], "name": [None, str(name)]},
        )
    return name


def add_identifier(*, person: Person, kind: str, value: str, by: Any) -> Identifier:
    _editable(person, by)
    with transaction.atomic():
        identifier = Identifier(person=person, kind=kind, value=value.strip())
        _clean_and_save(identifier)
        log.record(
            "identifier.added",
            by=by,
            target=person,
            person=person,
            changes={"kind": [None, kind], "value": [None, identifier.value]},
        )
    return identifier


def add_contact_detail(*, person: Person, kind: str, value: str, by: Any, note: str = "") -> ContactDetail:
    _editable(person, by)
    with transaction.atomic():
        detail = ContactDetail(person=person, kind=kind, value=value.strip(), note=note.strip())
        _clean_and_save(detail)
        log.record(
            "contact_detail.added",
            by=by,
            target=person,
            person=person,
            changes={"kind": [None, kind], "value": [None, detail.value]},
        )
    return detail


def record_disability(*, person: Person, code: str, by: Any, start_date: date | None = None) -> Disability:
    """Record a DfE disability code. NONE cannot sit beside another code (CIN census rule 8790)."""
    _editable(person, by)
    current = set(person.disabilities.filter(end_date__isnull=True).values_list("code", flat=True))
    if code in current:
        raise ValidationError({"code": "This disability is already recorded"})
    if (code == "NONE" and current) or (code != "NONE" and "NONE" in current):
        raise ValidationError({"code": "'No disability' cannot be recorded alongside a disability"})
    with transaction.atomic():
        disability = Disability(person=person, code=code, start_date=start_date)
        _clean_and_save(disability)
        log.record("disability.recorded", by=by, target=person, person=person, changes={"code": [None, code]})
    return disability


def add_warning(*, person: Person, text: str, review_date: date, by: Any) -> Warning:
    """A staff-safety warning, shown at the top of the record until it is ended; reviewed by a date."""
    _editable(person, by)
    if review_date < date.today():
        raise ValidationError({"review_date": "Review date must be today or in the future"})
    with transaction.atomic():
        warning = Warning(person=person, text=" ".join(text.split()), review_date=review_date, recorded_by=by)
        _clean_and_save(warning)
        log.record(
            "warning.added",
            by=by,
            target=person,
            person=person,
            changes={"text": [None, warning.text], "review_date": [None, review_date]},
        )
    return warning


def end_warning(*, warning: Warning, reason: str, by: Any) -> Warning:
    _editable(warning.person, by)
    with transaction.atomic():
        warning.ended_at = timezone.now()
        warning.save(update_fields=["ended_at"])
        log.record(
            "warning.ended",
            by=by,
            target=warning.person,
            person=warning.person,
            reason=reason,
            changes={"text": [warning.text, None]},
        )
    return warning


def record_people_searched(*, terms: dict[str, Any], shown: list[Person], total: int, by: Any) -> None:
    """A search is an access: one `person.searched` event with what was searched for and how many were
    found, and one `person.listed` event per person shown, so each record's "who has viewed this" includes
    appearing in someone's results. `shown` must come from a visible_to(by) search."""
    if not can(by, Capability.VIEW_PEOPLE):
        raise PermissionDenied
    log.record_many(
        [
            log.EventSpec(
                "person.searched", None, None, {"terms": terms, "results": total, "shown": len(shown)}
            ),
            *(log.EventSpec("person.listed", person, person) for person in shown),
        ],
        by=by,
    )


def add_person_to_network(
    *,
    person: Person,
    kind: str,
    new_person: dict[str, Any],
    by: Any,
    person_is_from: bool = False,
    start_date: date | None = None,
    end_date: date | None = None,
    parental_responsibility: bool = False,
    lives_with: bool = False,
    contact_restriction: str = "",
    note: str = "",
) -> Relationship:
    """Record someone new and how they are related to `person`, together: both are saved or neither is.

    By default the new person is the <kind> of `person` (a new mother: kind="parent"); with
    `person_is_from=True`, `person` is the <kind> of the new person (an adult's new baby: kind="parent")."""
    with transaction.atomic():
        other = create_person(by=by, **new_person)
        from_person, to_person = (person, other) if person_is_from else (other, person)
        return add_relationship(
            from_person=from_person,
            to_person=to_person,
            kind=kind,
            by=by,
            start_date=start_date,
            end_date=end_date,
            parental_responsibility=parental_responsibility,
            lives_with=lives_with,
            contact_restriction=contact_restriction,
            note=note,
        )
