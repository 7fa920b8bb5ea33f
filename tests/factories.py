"""Test data built through the same actions the pages use (synthetic names only)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from kindred.access.roles import Role
from kindred.organisation.models import PartnerOrganisation, ServiceArea, Team, Trust, User
from kindred.people import actions
from kindred.people.models import Person

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def trust() -> Trust:
    found = Trust.objects.first()
    return found or Trust.objects.create(name="Test Children's Trust", la_code="330", ons_code="E08000025")


def team(name: str = "Assessment Team North", kind: str = Team.Kind.ASSESSMENT) -> Team:
    area, _ = ServiceArea.objects.get_or_create(trust=trust(), name="Children's social care")
    found, _ = Team.objects.get_or_create(service_area=area, name=name, defaults={"kind": kind})
    return found


def partner(
    name: str = "Hollybank Primary School", kind: str = PartnerOrganisation.Kind.SCHOOL, urn: str = ""
) -> PartnerOrganisation:
    found, _ = PartnerOrganisation.objects.get_or_create(
        trust=trust(), name=name, defaults={"kind": kind, "urn": urn}
    )
    return found


def user(
    role: Role | str, *, username: str | None = None, team_obj: Team | None = None, **extra: Any
) -> User:
    role = Role(role)
    n = next(_counter)
    username = username or f"{role.value}{n}"
    fields: dict[str, Any] = {
        "role": role.value,
        "first_name": role.label.split()[0],
        "last_name": f"User{n}",
    }
    if role == Role.PARTNER:
        fields["partner_organisation"] = extra.pop("partner_organisation", None) or partner()
    else:
        fields["team"] = team_obj or team()
    fields.update(extra)
    return User.objects.create_user(username=username, password=PASSWORD, **fields)


def person(*, by: User | None = None, restricted: bool = False, **fields: Any) -> Person:
    by = by or user(Role.SOCIAL_WORKER)
    defaults: dict[str, Any] = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "date_of_birth": date(2015, 4, 12),
        "sex": "F",
        "ethnicity": "BAFR",
    }
    defaults.update(fields)
    return actions.create_person(by=by, restricted=restricted, **defaults)


def contact(*, by: User | None = None, children: list[dict[str, Any]] | None = None, **fields: Any) -> Any:
    """A contact recorded at the front door (or submitted by a partner, when `by` is a partner user)."""
    from kindred.frontdoor import actions as frontdoor_actions

    by = by or user(Role.FRONT_DOOR)
    kids = children if children is not None else [{"first_name": "Amara", "last_name": "Okafor"}]
    defaults: dict[str, Any] = {
        "concern": "Amara came to school with a bruise on her arm and said her stepfather hit her.",
    }
    if by.role != Role.PARTNER.value:
        defaults.update(
            source="2A", referrer_name="Ms Joan Teacher", referrer_organisation="Hollybank Primary"
        )
    defaults.update(fields)
    return frontdoor_actions.record_contact(
        by=by, children=[frontdoor_actions.ChildDetails(**kid) for kid in kids], **defaults
    )


def episode(
    *,
    person_obj: Person | None = None,
    referral_date: date = date(2026, 3, 2),
    by: User | None = None,
    source: str = "2A",
    primary_need: str = "N1",
    allocate_to: User | None = None,
) -> Any:
    """A child in need episode opened by a referral (as front-door sign-off opens it), optionally allocated
    to a worker by a team manager."""
    from kindred.casework import actions as casework_actions

    by = by or user(Role.TEAM_MANAGER)
    person_obj = person_obj or person(by=by)
    found = casework_actions.open_episode(
        person=person_obj,
        referral_date=referral_date,
        referral_source=source,
        primary_need=primary_need,
        by=by,
    )
    if allocate_to is not None:
        manager = by if by.role == Role.TEAM_MANAGER.value else user(Role.TEAM_MANAGER)
        casework_actions.allocate_episode(episode=found, worker=allocate_to, by=manager, on=referral_date)
        found.refresh_from_db()
    return found
