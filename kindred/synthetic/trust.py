"""The synthetic trust, built step by step: the organisation, then each domain's part (the people and the
front door, then over two years of casework; care as that domain arrives).

A step is a function `(trust, progress) -> summary` that records its part through its domain's actions and
keeps what later steps need on the SyntheticTrust it is given. Each step runs in one transaction and leaves a
SyntheticStep marker, so loading again skips the steps already loaded rather than duplicating them. To add a
domain: write kindred/synthetic/<domain>.py with a step function, and append it to STEPS.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from kindred.organisation.models import Trust, User
from kindred.people.models import Address, Disability, Identifier, Person, PersonName, Relationship
from kindred.synthetic import casework, frontdoor
from kindred.synthetic.models import SyntheticStep
from kindred.synthetic.organisation import build_organisation, build_staff
from kindred.synthetic.people import PeopleManifest, Progress, build_people

DEFAULT_SEED = 2026
DEFAULT_CHILDREN = 300


@dataclass
class SyntheticTrust:
    """What has been built so far, handed from step to step."""

    seed: int
    children: int
    reference_date: date
    organisation: Trust | None = None
    staff: dict[str, User] = field(default_factory=dict)
    people: PeopleManifest | None = None
    frontdoor_weeks: int = frontdoor.DEFAULT_WEEKS  # how much front-door history to build
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)  # steps built by this run
    loaded: list[str] = field(default_factory=list)  # steps built by this run
    skipped: dict[str, SyntheticStep] = field(default_factory=dict)  # steps already in the database
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def parameters(self) -> dict[str, Any]:
        return {"children": self.children, "reference_date": self.reference_date.isoformat()}


def people_step(trust: SyntheticTrust, progress: Progress) -> dict[str, Any]:
    trust.people = build_people(
        seed=trust.seed, children=trust.children, reference_date=trust.reference_date, progress=progress
    )
    return trust.people.summary()


Step = Callable[[SyntheticTrust, Progress], dict[str, Any]]
STEPS: list[tuple[str, Step]] = [
    ("people", people_step),
    ("frontdoor", frontdoor.contacts_step),
    ("casework", casework.casework_step),
]


def build_trust(
    *,
    seed: int = DEFAULT_SEED,
    children: int = DEFAULT_CHILDREN,
    reference_date: date | None = None,
    frontdoor_weeks: int = frontdoor.DEFAULT_WEEKS,
    progress: Progress | None = None,
    steps: Collection[str] | None = None,
) -> SyntheticTrust:
    """Build (or finish building) the synthetic trust. Safe to run again: nothing is duplicated. `steps`
    builds only the steps named (a domain's tests: ("people", "frontdoor") stops before the casework)."""
    say = progress or (lambda message: None)
    trust = SyntheticTrust(
        seed=seed,
        children=children,
        reference_date=reference_date or date.today(),
        frontdoor_weeks=frontdoor_weeks,
    )
    if trust.reference_date > date.today():
        raise ValueError("The reference date cannot be in the future")
    started = time.perf_counter()
    trust.organisation = build_organisation()
    trust.staff = build_staff()
    trust.seconds["organisation"] = time.perf_counter() - started
    done = {s.name: s for s in SyntheticStep.objects.all()}
    for name, step in STEPS:
        if steps is not None and name not in steps:
            continue
        if name in done:
            trust.skipped[name] = done[name]
            marker = done[name]
            say(f"{name.capitalize()}: already loaded (seed {marker.seed}, {marker.parameters}); skipped.")
            continue
        say(f"{name.capitalize()}: building (seed {seed}, {trust.parameters})")
        started = time.perf_counter()
        with transaction.atomic():
            summary = step(trust, say)
            SyntheticStep.objects.create(name=name, seed=seed, parameters=trust.parameters, summary=summary)
        trust.seconds[name] = time.perf_counter() - started
        trust.summaries[name] = summary
        trust.loaded.append(name)
    return trust


def people_digest() -> str:
    """A fingerprint of the people in the database (names, dates, codes, identifiers, addresses, network),
    independent of UUIDs, primary keys and timestamps: two builds from one seed give the same digest."""
    h = hashlib.sha256()
    people = Person.objects.order_by("pk").values_list(
        "pk",
        "first_name",
        "middle_names",
        "last_name",
        "date_of_birth",
        "expected_date_of_birth",
        "date_of_death",
        "sex",
        "ethnicity",
        "first_language",
        "religion",
        "nhs_number",
        "upn",
        "upn_unknown_reason",
        "job_title",
        "organisation__name",
        "restricted",
    )
    # Primary keys differ between builds; the order people were recorded in does not.
    position = {}
    for n, row in enumerate(people.iterator()):
        position[row[0]] = n
        h.update(repr(row[1:]).encode())
    rows: list[tuple[Any, ...]] = []
    for pk, *rest in Address.objects.values_list(
        "person_id", "line1", "line2", "postcode", "start_date", "end_date"
    ):
        rows.append(("address", position[pk], *rest))
    for pk, *rest in PersonName.objects.values_list("person_id", "kind", "first_name", "last_name"):
        rows.append(("name", position[pk], *rest))
    for pk, *rest in Identifier.objects.values_list("person_id", "kind", "value"):
        rows.append(("identifier", position[pk], *rest))
    for pk, *rest in Disability.objects.values_list("person_id", "code", "start_date"):
        rows.append(("disability", position[pk], *rest))
    for a, b, *more in Relationship.objects.values_list(
        "from_person_id",
        "to_person_id",
        "kind",
        "start_date",
        "end_date",
        "parental_responsibility",
        "lives_with",
        "contact_restriction",
    ):
        rows.append(("relationship", position[a], position[b], *more))
    for row in sorted(rows, key=repr):
        h.update(repr(row).encode())
    return h.hexdigest()
