"""The child's page as one read: the person and everything recorded about them, in a single query.

The page shows a person's names, identifiers, addresses, contact details, disabilities, warnings and merged
records. Fetched one table at a time that is eight queries; here each list is a correlated subquery
aggregated to JSON (`json_group_array` on SQLite, `jsonb_agg` on PostgreSQL) on the person's own row, so the
page costs the same number of queries whatever is recorded (../shared/PERFORMANCE.md § Pages). The rows come
back as unsaved model instances, so templates use them as usual (`get_kind_display`, `__str__`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.http import Http404
from django.utils import timezone

from kindred.people.models import Address, ContactDetail, Disability, Identifier, Person, PersonName, Warning

M = TypeVar("M", bound=models.Model)


class JSONList(models.Aggregate):
    """The rows of a group as a JSON array (SQLite json_group_array, PostgreSQL jsonb_agg)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra)


def _rows(model: type[models.Model], fields: tuple[str, ...], **filters: Any) -> Subquery:
    """A subquery: this person's rows of `model` as a JSON array of objects with `fields`."""
    return Subquery(
        model._default_manager.filter(person=OuterRef("pk"), **filters)
        .order_by()
        .values("person")
        .annotate(rows=JSONList(JSONObject(**{f: F(f) for f in fields})))
        .values("rows"),
        output_field=models.TextField(),
    )


def _decode(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    decoded = json.loads(value) if isinstance(value, str) else value
    return decoded if isinstance(decoded, list) else []


def _to_python(model: type[models.Model], name: str, value: Any) -> Any:
    if value is None:
        return None
    field_ = model._meta.get_field(name)
    assert isinstance(field_, models.Field)
    if isinstance(field_, models.ForeignKey):
        return value
    if isinstance(field_, models.DateTimeField):
        parsed = dt.datetime.fromisoformat(str(value))
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)
    if isinstance(field_, models.DateField):
        return dt.date.fromisoformat(str(value)[:10])
    return field_.to_python(value)


def _instances(model: type[M], rows: list[dict[str, Any]]) -> list[M]:
    made = []
    for row in rows:
        values = {}
        for key, value in row.items():
            if key == "id":
                values["id"] = value
            else:
                field_ = model._meta.get_field(key)
                assert isinstance(field_, models.Field)
                attname = field_.attname
                values[attname] = _to_python(model, key, value)
        made.append(model(**values))
    return made


NAME_FIELDS = ("id", "kind", "first_name", "last_name", "start_date", "end_date")
IDENTIFIER_FIELDS = ("id", "kind", "value")
ADDRESS_FIELDS = ("id", "line1", "line2", "town", "postcode", "uprn", "start_date", "end_date")
CONTACT_FIELDS = ("id", "kind", "value", "note")
DISABILITY_FIELDS = ("id", "code", "start_date", "end_date")
WARNING_FIELDS = ("id", "text", "review_date", "recorded_at", "recorded_by")


@dataclass
class MergedRecord:
    uuid: UUID
    name: str
    date_of_birth: dt.date | None
    visible: bool


@dataclass
class PersonRecord:
    person: Person
    other_names: list[PersonName] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    contact_details: list[ContactDetail] = field(default_factory=list)
    disabilities: list[Disability] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)  # the live ones, oldest first
    merged_records: list[MergedRecord] = field(default_factory=list)
    merged_into_visible: bool = False

    @property
    def preferred_name(self) -> PersonName | None:
        return next((n for n in self.other_names if n.kind == PersonName.Kind.PREFERRED and _live(n)), None)

    @property
    def current_address(self) -> Address | None:
        return next((a for a in self.addresses if a.is_current), None)

    @property
    def previous_addresses(self) -> list[Address]:
        current = self.current_address
        return [a for a in self.addresses if a is not current]

    @property
    def current_disabilities(self) -> list[Disability]:
        return [d for d in self.disabilities if d.end_date is None]

    @property
    def nhs_number(self) -> str:
        """Shown as people read it: 943 476 5919."""
        n = self.person.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 10 else n

    @property
    def age(self) -> str:
        return age_text(self.person)


def age_text(person: Person) -> str:
    """ "10 years old", "8 months old", "Due 3 May 2026", "Died 1 June 2024"; empty when not known."""
    today = dt.date.today()
    if person.date_of_death:
        return f"Died {person.date_of_death.day} {person.date_of_death:%B %Y}"
    if person.is_unborn and person.expected_date_of_birth:
        due = person.expected_date_of_birth
        return f"Due {due.day} {due:%B %Y}"
    dob = person.date_of_birth
    if dob is None:
        return ""
    months = (today.year - dob.year) * 12 + today.month - dob.month - (1 if today.day < dob.day else 0)
    if months < 24:
        return f"{months} month{'' if months == 1 else 's'} old"
    years = months // 12
    return f"{years} years old"


def _live(item: Any) -> bool:
    return item.end_date is None or item.end_date >= dt.date.today()


def load_person_record(user: Any, person_uuid: UUID | str) -> PersonRecord:
    """The person and their recorded details, if this user may see them; otherwise 404 (missing or not
    visible alike, as `get_visible_person`)."""
    visible = Person.objects.visible_to(user)
    warning_rows = Subquery(
        Warning.objects.filter(person=OuterRef("pk"), ended_at__isnull=True)
        .order_by()
        .values("person")
        .annotate(
            rows=JSONList(
                JSONObject(
                    **{f: F(f) for f in WARNING_FIELDS},
                    recorded_by_first=F("recorded_by__first_name"),
                    recorded_by_last=F("recorded_by__last_name"),
                )
            )
        )
        .values("rows"),
        output_field=models.TextField(),
    )
    merged_rows = Subquery(
        Person.objects.filter(merged_into=OuterRef("pk"))
        .order_by()
        .values("merged_into")
        .annotate(
            rows=JSONList(
                JSONObject(
                    uuid=F("uuid"),
                    first_name=F("first_name"),
                    last_name=F("last_name"),
                    date_of_birth=F("date_of_birth"),
                    visible=Exists(visible.filter(pk=OuterRef("pk"))),
                )
            )
        )
        .values("rows"),
        output_field=models.TextField(),
    )
    person = (
        visible.filter(uuid=person_uuid)
        .select_related("merged_into", "organisation")
        .annotate(
            names_json=_rows(PersonName, NAME_FIELDS),
            identifiers_json=_rows(Identifier, IDENTIFIER_FIELDS),
            addresses_json=_rows(Address, ADDRESS_FIELDS),
            contacts_json=_rows(ContactDetail, CONTACT_FIELDS),
            disabilities_json=_rows(Disability, DISABILITY_FIELDS),
            warnings_json=warning_rows,
            merged_json=merged_rows,
            merged_into_visible=Exists(visible.filter(pk=OuterRef("merged_into_id"))),
        )
        .first()
    )
    if person is None:
        raise Http404("No person here")
    data: Any = person
    names = _instances(PersonName, _decode(data.names_json))
    names.sort(key=lambda n: (list(PersonName.Kind.values).index(n.kind), n.start_date or dt.date.min))
    addresses = _instances(Address, _decode(data.addresses_json))
    addresses.sort(key=lambda a: (a.start_date or dt.date.min, a.id), reverse=True)
    identifiers = _instances(Identifier, _decode(data.identifiers_json))
    identifiers.sort(key=lambda i: (i.kind, i.value))
    contacts = _instances(ContactDetail, _decode(data.contacts_json))
    contacts.sort(key=lambda c: c.id)
    disabilities = _instances(Disability, _decode(data.disabilities_json))
    disabilities.sort(key=lambda d: d.id)
    warnings = []
    for row in _decode(data.warnings_json):
        first = row.pop("recorded_by_first", "") or ""
        last = row.pop("recorded_by_last", "") or ""
        (warning,) = _instances(Warning, [row])
        warning.recorded_by_name = f"{first} {last}".strip()  # type: ignore[attr-defined]
        warning.overdue = warning.review_date < dt.date.today()  # type: ignore[attr-defined]
        warnings.append(warning)
    warnings.sort(key=lambda w: (w.review_date, w.id))
    merged = [
        MergedRecord(
            uuid=UUID(str(row["uuid"])),
            name=" ".join(p for p in (row.get("first_name"), row.get("last_name")) if p) or "Name not known",
            date_of_birth=_to_python(Person, "date_of_birth", row.get("date_of_birth")),
            visible=bool(row.get("visible")),
        )
        for row in _decode(data.merged_json)
    ]
    merged.sort(key=lambda m: m.name)
    return PersonRecord(
        person=person,
        other_names=names,
        identifiers=identifiers,
        addresses=addresses,
        contact_details=contacts,
        disabilities=disabilities,
        warnings=warnings,
        merged_records=merged,
        merged_into_visible=bool(data.merged_into_visible),
    )
