"""The synthetic trust's people, recorded through the same actions the pages use (so every record has its
audit events), from a deterministic plan (kindred.synthetic.people_plan)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from kindred.organisation.models import PartnerOrganisation, User
from kindred.people import actions
from kindred.people.models import Person
from kindred.synthetic.people_plan import PeoplePlan, plan_people

Progress = Callable[[str], None]


@dataclass(frozen=True)
class KnownDuplicate:
    """A child recorded twice: search should offer the pair; only a person may merge them."""

    original: uuid.UUID
    duplicate: uuid.UUID
    field: str  # which name was misspelt: first_name or last_name
    original_name: str
    duplicate_name: str
    spelling: str  # transliteration, or the kind of one-letter slip
    dob_error: str  # day_month_swapped, plus_one_day, minus_one_day or missing
    recorded_by: str


@dataclass(frozen=True)
class FamilyRecord:
    group: str
    structure: str
    children: list[uuid.UUID]
    adults: list[uuid.UUID]
    restricted_to: str | None


@dataclass
class PeopleManifest:
    """What was built, for later steps (front door, casework) and for tests."""

    seed: int
    reference_date: date
    children: list[uuid.UUID] = field(default_factory=list)
    unborn: list[uuid.UUID] = field(default_factory=list)
    adults: list[uuid.UUID] = field(default_factory=list)
    professionals: list[uuid.UUID] = field(default_factory=list)
    duplicates: list[KnownDuplicate] = field(default_factory=list)
    restricted: dict[uuid.UUID, str] = field(default_factory=dict)  # person → the worker named on it
    families: list[FamilyRecord] = field(default_factory=list)
    relationships: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "children": len(self.children),
            "unborn": len(self.unborn),
            "adults": len(self.adults),
            "professionals": len(self.professionals),
            "duplicates": len(self.duplicates),
            "restricted": len(self.restricted),
            "families": len(self.families),
            "relationships": self.relationships,
        }

    def summary(self) -> dict[str, Any]:
        """A JSON-able record of the build, kept with the step's marker."""
        return {
            "counts": self.counts,
            "duplicates": [{k: str(v) for k, v in asdict(d).items()} for d in self.duplicates],
            "restricted": {str(k): v for k, v in self.restricted.items()},
        }


def build_people(
    *, seed: int, children: int, reference_date: date, progress: Progress | None = None
) -> PeopleManifest:
    """Plan the people for this seed and record them. Call inside a transaction (the trust's loader does)."""
    if reference_date > date.today():
        raise ValueError("The reference date cannot be in the future (dates of birth must be in the past)")
    plan = plan_people(seed=seed, children=children, reference_date=reference_date)
    return record_plan(plan, progress or (lambda message: None))


def record_plan(plan: PeoplePlan, progress: Progress) -> PeopleManifest:
    users = {u.username: u for u in User.objects.filter(username__in=plan.usernames())}
    missing = plan.usernames() - set(users)
    if missing:
        raise LookupError(f"Build the organisation and staff first; missing workers: {sorted(missing)}")
    partner_names = {p.organisation for p in plan.people if p.organisation}
    partners = {p.name: p for p in PartnerOrganisation.objects.filter(name__in=partner_names)}
    if partner_names - set(partners):
        raise LookupError(
            f"Build the organisation first; missing partners: {sorted(partner_names - set(partners))}"
        )
    today = date.today()
    persons: dict[int, Person] = {}
    step = max(1, len(plan.people) // 10)
    for n, p in enumerate(plan.people, start=1):
        by = users[p.recorded_by]
        person = actions.create_person(
            by=by,
            restricted=p.restricted,
            organisation=partners[p.organisation] if p.organisation else None,
            **p.person_fields(),
        )
        persons[p.key] = person
        for address in p.addresses:
            actions.add_address(
                person=person,
                by=by,
                line1=address.line1,
                line2=address.line2,
                town=address.town,
                postcode=address.postcode,
                start_date=address.start_date,
            )
        for kind, first_name, last_name, start, end in p.other_names:
            actions.add_other_name(
                person=person,
                kind=kind,
                first_name=first_name,
                last_name=last_name,
                start_date=start,
                end_date=end,
                by=by,
            )
        for kind, value in p.identifiers:
            actions.add_identifier(person=person, kind=kind, value=value, by=by)
        for kind, value, note in p.contact_details:
            actions.add_contact_detail(person=person, kind=kind, value=value, note=note, by=by)
        for code, start in p.disabilities:
            actions.record_disability(person=person, code=code, start_date=start, by=by)
        for text, review_date in p.warnings:
            # A warning's review date can't be in the past: an old reference date moves it to today.
            actions.add_warning(person=person, text=text, review_date=max(review_date, today), by=by)
        if n % step == 0 or n == len(plan.people):
            progress(f"  people: {n:,} of {len(plan.people):,} recorded")
    step = max(1, len(plan.relationships) // 5)
    for n, r in enumerate(plan.relationships, start=1):
        actions.add_relationship(
            from_person=persons[r.from_key],
            to_person=persons[r.to_key],
            kind=r.kind,
            by=users[r.recorded_by],
            start_date=r.start_date,
            end_date=r.end_date,
            parental_responsibility=r.parental_responsibility,
            lives_with=r.lives_with,
            contact_restriction=r.contact_restriction,
            note=r.note,
        )
        if n % step == 0 or n == len(plan.relationships):
            progress(f"  relationships: {n:,} of {len(plan.relationships):,} recorded")
    return _manifest(plan, persons)


def _manifest(plan: PeoplePlan, persons: dict[int, Person]) -> PeopleManifest:
    manifest = PeopleManifest(seed=plan.seed, reference_date=plan.reference_date)
    for p in plan.people:
        ident = persons[p.key].uuid
        if p.role == "child":
            manifest.children.append(ident)
            if p.is_unborn:
                manifest.unborn.append(ident)
        elif p.role == "adult":
            manifest.adults.append(ident)
        elif p.role == "professional":
            manifest.professionals.append(ident)
        if p.restricted:
            manifest.restricted[ident] = p.recorded_by
    for family in plan.families:
        manifest.families.append(
            FamilyRecord(
                group=family.group,
                structure=family.structure,
                children=[persons[k].uuid for k in family.children],
                adults=[persons[k].uuid for k in family.adults],
                restricted_to=family.restricted_to,
            )
        )
    for d in plan.duplicates:
        manifest.duplicates.append(
            KnownDuplicate(
                original=persons[d.original].uuid,
                duplicate=persons[d.duplicate].uuid,
                field=d.field,
                original_name=d.original_name,
                duplicate_name=d.duplicate_name,
                spelling=d.spelling,
                dob_error=d.dob_error,
                recorded_by=plan.people[d.duplicate].recorded_by,
            )
        )
    manifest.relationships = len(plan.relationships)
    return manifest
