"""A small trust for access tests: one user in every role, and records each of them can and cannot see."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kindred.access.models import Alert, BreakGlass, RestrictedAccess
from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people import actions as people_actions
from kindred.people.models import Person, Relationship
from tests import factories

ANON = "anonymous"
# The matrix's columns: every role, in the order Role declares them, then the anonymous visitor.
COLUMNS: tuple[str, ...] = (*(role.value for role in Role), ANON)

# Distinctive enough that finding it in a page means the record leaked.
HIDDEN_FIRST_NAME = "Zephyrine"
HIDDEN_LAST_NAME = "Quillfeather"
HIDDEN_NHS_NUMBER = "9434765919"


@dataclass
class World:
    users: dict[str, User]  # role value -> a user in that role (one team, or a partner organisation)
    owner: User  # the social worker who recorded the restricted records; not one of `users`
    visible: Person  # an ordinary record
    named: Person  # a restricted record every user in `users` is named on
    hidden: Person  # a restricted record none of `users` is named on
    alerts: dict[str, Alert] = field(default_factory=dict)  # role value -> an alert of that user's
    owners_alert: Alert | None = None  # an alert of someone else's
    relative: Person | None = None  # an ordinary record related to each of the three above
    relationships: dict[int, Relationship] = field(
        default_factory=dict
    )  # person pk -> theirs with `relative`

    def user(self, column: str) -> User | None:
        return self.users.get(column)


def build_world() -> World:
    owner = factories.user(Role.SOCIAL_WORKER, username="record-owner")
    users = {role.value: factories.user(role, username=f"matrix-{role.value}") for role in Role}
    visible = factories.person(by=owner, first_name="Amara", last_name="Okafor")
    named = factories.person(by=owner, restricted=True, first_name="Nia", last_name="Restricted")
    hidden = factories.person(
        by=owner,
        restricted=True,
        first_name=HIDDEN_FIRST_NAME,
        last_name=HIDDEN_LAST_NAME,
        nhs_number=HIDDEN_NHS_NUMBER,
    )
    # Naming is done directly (not through name_on_restricted_record, which refuses people who cannot view
    # records) so that the matrix also shows that naming a partner or commissioner would grant nothing.
    RestrictedAccess.objects.bulk_create(
        [RestrictedAccess(person=named, user=user, granted_by=owner) for user in users.values()]
    )
    world = World(users=users, owner=owner, visible=visible, named=named, hidden=hidden)
    # Each record has a relationship with an ordinary relative, and a staff-safety warning, so the pages about
    # a relationship or a warning have something to show.
    world.relative = factories.person(by=owner, first_name="Kwame", last_name="Okafor")
    for person in (visible, named, hidden):
        world.relationships[person.pk] = people_actions.add_relationship(
            from_person=person, to_person=world.relative, kind="sibling", by=owner
        )
        people_actions.add_warning(
            person=person, text="Dog at the address", review_date=date.today() + timedelta(days=90), by=owner
        )
    for column, user in users.items():
        world.alerts[column] = Alert.objects.create(recipient=user, message=f"An alert for {column}")
    world.owners_alert = Alert.objects.create(recipient=owner, message="An alert for the record's owner")
    return world


@dataclass(frozen=True)
class Target:
    """One way of filling in a URL's parameters, and whether the user should see the object it names."""

    label: str
    kwargs: dict[str, Any]
    shown: bool


def _people(world: World, user: User | None) -> list[Target]:
    return [
        Target("a visible record", {"person_uuid": world.visible.uuid}, shown=True),
        Target("a restricted record the user is named on", {"person_uuid": world.named.uuid}, shown=True),
        Target("a restricted record the user is not named on", {"person_uuid": world.hidden.uuid}, False),
        Target("a record that does not exist", {"person_uuid": uuid.uuid4()}, shown=False),
    ]


def _relationships(world: World, user: User | None) -> list[Target]:
    def of(person: Person, relationship_of: Person | None = None) -> dict[str, Any]:
        relationship = world.relationships[(relationship_of or person).pk]
        return {"person_uuid": person.uuid, "relationship_uuid": relationship.uuid}

    return [
        Target("a visible record's relationship", of(world.visible), shown=True),
        Target("a relationship of a restricted record the user is named on", of(world.named), shown=True),
        Target("a relationship of a restricted record the user is not named on", of(world.hidden), False),
        Target("another record's relationship", of(world.visible, world.named), shown=False),
        Target(
            "a relationship that does not exist",
            {"person_uuid": world.visible.uuid, "relationship_uuid": uuid.uuid4()},
            shown=False,
        ),
        Target(
            "a record that does not exist",
            {"person_uuid": uuid.uuid4(), "relationship_uuid": world.relationships[world.visible.pk].uuid},
            shown=False,
        ),
    ]


def _alerts(world: World, user: User | None) -> list[Target]:
    assert world.owners_alert is not None
    own = world.alerts[user.role] if user is not None else world.owners_alert
    return [
        Target("the user's own alert", {"alert_uuid": own.uuid}, shown=True),
        Target("someone else's alert", {"alert_uuid": world.owners_alert.uuid}, shown=False),
        Target("an alert that does not exist", {"alert_uuid": uuid.uuid4()}, shown=False),
    ]


# How to fill in each combination of path parameters. A URL with parameters not listed here fails the
# matrix with a message saying so: add a function that returns targets the user can and cannot see.
PARAMETERS: dict[frozenset[str], Callable[[World, User | None], list[Target]]] = {
    frozenset(): lambda world, user: [Target("", {}, shown=True)],
    frozenset({"person_uuid"}): _people,
    frozenset({"alert_uuid"}): _alerts,
    frozenset({"person_uuid", "relationship_uuid"}): _relationships,
}


def fingerprint() -> tuple[Any, ...]:
    """Everything a denied request must leave as it was: every write leaves an audit event, and the access
    tables are compared directly as well."""
    return (
        AuditEvent.objects.count(),
        tuple(Person.objects.order_by("pk").values_list("pk", "version", "restricted", "merged_into_id")),
        tuple(RestrictedAccess.objects.order_by("pk").values_list("pk", "person_id", "user_id")),
        BreakGlass.objects.count(),
        tuple(Alert.objects.order_by("pk").values_list("pk", "read_at")),
        tuple(User.objects.order_by("pk").values_list("pk", "is_active", "access_version", "team", "role")),
    )
