"""Object-level access rules. Every read of people goes through `visible_people`; it fails closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from kindred.access.roles import Capability, Role, can

if TYPE_CHECKING:
    from kindred.people.models import Person, PersonQuerySet


def visible_people(queryset: PersonQuerySet, user: Any) -> PersonQuerySet:
    """People this user may see: non-restricted records for anyone who may view people; a restricted record
    only for the people named on it and anyone with live break-glass access to it."""
    from kindred.access.models import BreakGlass, RestrictedAccess

    if not can(user, Capability.VIEW_PEOPLE):
        return queryset.none()
    named = RestrictedAccess.objects.filter(user=user).values("person_id")
    glass = BreakGlass.objects.active().filter(user=user).values("person_id")
    return queryset.filter(Q(restricted=False) | Q(pk__in=named) | Q(pk__in=glass))


def can_see_person(user: Any, person: Person) -> bool:
    from kindred.people.models import Person

    return Person.objects.visible_to(user).filter(pk=person.pk).exists()


def can_edit_person(user: Any, person: Person) -> bool:
    """Edits belong to practitioners who can see the record. (Once casework records allocations, this narrows
    to the allocated worker, their team and managers.)"""
    return (
        can(user, Capability.EDIT_PEOPLE) and person.merged_into_id is None and can_see_person(user, person)
    )


def managers_of(person: Person) -> list[Any]:
    """Who manages this record, for alerts: the team managers of the people named on a restricted record,
    or else the service managers. (Casework will add the allocated worker's team manager.)"""
    from kindred.organisation.models import User

    team_ids = person.restricted_access.values("user__team_id")
    managers = list(User.objects.filter(is_active=True, role=Role.TEAM_MANAGER, team_id__in=team_ids))
    if managers:
        return managers
    return list(User.objects.filter(is_active=True, role=Role.SERVICE_MANAGER))


def is_named_on(user: Any, person: Person) -> bool:
    """Named on a restricted record. (Break-glass lets someone see a record; never manage who else may.)"""
    from kindred.access.models import RestrictedAccess

    return RestrictedAccess.objects.filter(person=person, user=user).exists()


def merge_group(person: Person) -> list[Person]:
    """The record a person's details live on and every record merged into it: access is decided for the
    group as one, because they hold the same person's details."""
    from kindred.people.models import Person

    survivor_id = person.merged_into_id or person.pk
    return list(Person.objects.filter(Q(pk=survivor_id) | Q(merged_into_id=survivor_id)).order_by("pk"))
