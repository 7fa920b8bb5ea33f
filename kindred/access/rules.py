"""Object-level access rules. Every read of people goes through `visible_people`; it fails closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from kindred.access.roles import Capability, Role, can, role_of

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
    """Edits (details, network, case notes) belong to practitioners who can see the record and, while the
    child has an open episode with a team, to those who may work on it: the allocated worker, their team and
    its managers, service managers, and the reviewing officers who chair the child's conferences (DESIGN.md
    § Roles, "edits belong to the allocated worker, their team and managers"). A record that is nobody's case
    (an adult in the network, a child at the front door, a closed case, a referral waiting for a team) stays
    open to every practitioner, as the front door needs."""
    if not (
        can(user, Capability.EDIT_PEOPLE) and person.merged_into_id is None and can_see_person(user, person)
    ):
        return False
    from kindred.casework.models import Episode

    episodes = list(Episode.objects.open().filter(person=person, team__isnull=False))
    return not episodes or any(can_work_on(user, episode, chair=True) for episode in episodes)


def can_work_on(user: Any, episode: Any, *, chair: bool = False) -> bool:
    """Casework on an episode belongs to the allocated worker, their team and its managers (DESIGN.md §
    Roles), and to service managers. A case waiting for a worker is the team managers' to allocate; an
    independent chair records the conferences they chair (`chair`)."""
    role = role_of(user)
    if role == Role.SERVICE_MANAGER:
        return True
    if chair and role == Role.REVIEWING_OFFICER:
        return True
    if episode.allocated_to_id is not None and episode.allocated_to_id == getattr(user, "pk", None):
        return True
    if episode.team_id is None:
        return role == Role.TEAM_MANAGER
    return getattr(user, "team_id", None) == episode.team_id and role in (
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
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
