"""Break-glass access (RELIABILITY.md check 7): a reason, one record, one hour, the manager told, audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from kindred.access import actions
from kindred.access.models import Alert, BreakGlass
from kindred.access.roles import Role
from kindred.audit.models import AuditEvent
from kindred.organisation.models import User
from kindred.people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Police called: the child may be at this address tonight"
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def owner() -> User:
    """The social worker who recorded the restricted record (so is named on it), in the assessment team."""
    return factories.user(
        Role.SOCIAL_WORKER, username="owner", team_obj=factories.team("Assessment Team North")
    )


@pytest.fixture
def restricted(owner: User) -> Person:
    return factories.person(by=owner, restricted=True, first_name="Tamsin", last_name="Vellacott")


@pytest.fixture
def worker() -> User:
    """Someone in another team who is not named on the record."""
    return factories.user(
        Role.SOCIAL_WORKER, username="out-of-hours", team_obj=factories.team("Emergency Duty")
    )


def detail(person: Person | uuid.UUID) -> str:
    return reverse("people:detail", kwargs={"person_uuid": getattr(person, "uuid", person)})


def ask(client: Client, reference: object, reason: str) -> Any:
    return client.post(reverse("access:break_glass"), {"reference": str(reference), "reason": reason})


@pytest.mark.parametrize("reason", ["", "   ", "urgent", "a b c d e"])
def test_break_glass_is_refused_without_a_real_reason(
    reason: str, restricted: Person, worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker)
    response = ask(client, restricted.uuid, reason)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Explain why you need to see this record now" in response.content
    assert not BreakGlass.objects.exists()
    assert not Alert.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="access.break_glass").exists()
    assert client.get(detail(restricted)).status_code == 404


def test_break_glass_opens_only_that_record_and_only_for_an_hour(
    restricted: Person,
    owner: User,
    worker: User,
    client_for: Callable[[User], Client],
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(START, tick=False)
    other = factories.person(by=owner, restricted=True, first_name="Another", last_name="Sealed")
    client = client_for(worker)
    assert client.get(detail(restricted)).status_code == 404

    response = ask(client, restricted.uuid, REASON)
    assert response.status_code == 302
    assert response["Location"] == detail(restricted)
    assert client.get(detail(restricted)).status_code == 200
    assert client.get(reverse("people:edit", kwargs={"person_uuid": restricted.uuid})).status_code == 200
    assert client.get(detail(other)).status_code == 404  # only that record
    assert (
        client_for(factories.user(Role.SOCIAL_WORKER)).get(detail(restricted)).status_code == 404
    )  # only them

    time_machine.shift(timedelta(minutes=59))
    assert client.get(detail(restricted)).status_code == 200
    time_machine.shift(timedelta(minutes=2))  # 61 minutes after it was granted
    assert client.get(detail(restricted)).status_code == 404
    assert not Person.objects.visible_to(worker).filter(pk=restricted.pk).exists()


def test_break_glass_alerts_the_records_managers_and_is_audited(
    restricted: Person, owner: User, worker: User, client_for: Callable[[User], Client]
) -> None:
    owners_manager = factories.user(Role.TEAM_MANAGER, username="owners-manager", team_obj=owner.team)
    workers_manager = factories.user(Role.TEAM_MANAGER, username="workers-manager", team_obj=worker.team)
    service_manager = factories.user(Role.SERVICE_MANAGER, username="head-of-service")

    ask(client_for(worker), restricted.uuid, REASON)

    grant = BreakGlass.objects.get()
    assert (grant.user, grant.person, grant.reason) == (worker, restricted, REASON)
    assert grant.expires_at - grant.granted_at == timedelta(minutes=60)
    alerts = Alert.objects.filter(break_glass=grant)
    assert [a.recipient for a in alerts] == [owners_manager]  # the manager of the team named on the record
    assert not Alert.objects.filter(recipient__in=[workers_manager, service_manager]).exists()
    assert worker.display_name in alerts[0].message and REASON in alerts[0].message
    event = AuditEvent.objects.get(action="access.break_glass")
    assert (event.actor_id, event.person_uuid, event.reason) == (worker.pk, restricted.uuid, REASON)
    assert event.target_id == str(grant.uuid)


def test_break_glass_alerts_service_managers_when_no_team_manager_is_responsible(
    restricted: Person, worker: User, client_for: Callable[[User], Client]
) -> None:
    service_manager = factories.user(Role.SERVICE_MANAGER, username="head-of-service")
    ask(client_for(worker), restricted.uuid, REASON)
    assert [a.recipient for a in Alert.objects.all()] == [service_manager]


def test_break_glass_alert_gives_the_reference_not_the_childs_name(
    restricted: Person, owner: User, worker: User, client_for: Callable[[User], Client]
) -> None:
    """The alerted manager is not necessarily named on the record: the alert must not disclose it."""
    manager = factories.user(Role.TEAM_MANAGER, team_obj=owner.team)
    ask(client_for(worker), restricted.uuid, REASON)
    alert = Alert.objects.get(recipient=manager)
    assert str(restricted.uuid) in alert.message
    assert "Tamsin" not in alert.message and "Vellacott" not in alert.message
    home = client_for(manager).get(reverse("ui:home")).content.decode()
    assert str(restricted.uuid) in home and "Vellacott" not in home


def test_break_glass_on_a_reference_that_does_not_exist_is_refused_and_recorded(
    worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker)
    reference = uuid.uuid4()
    response = ask(client, reference, REASON)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 404  # the same answer as a hidden record
    assert not BreakGlass.objects.exists() and not Alert.objects.exists()
    refused = AuditEvent.objects.get(action="access.break_glass_refused")
    assert refused.actor_id == worker.pk
    assert refused.changes == {"reference": [None, str(reference)]}
    assert refused.reason == REASON
    assert not AuditEvent.objects.filter(action="access.break_glass").exists()


def test_break_glass_on_a_record_that_is_not_restricted_is_refused_and_recorded(
    owner: User, worker: User, client_for: Callable[[User], Client]
) -> None:
    ordinary = factories.person(by=owner)
    ask(client_for(worker), ordinary.uuid, REASON)
    assert not BreakGlass.objects.exists() and not Alert.objects.exists()
    refused = AuditEvent.objects.get(action="access.break_glass_refused")
    assert refused.changes == {"reference": [None, str(ordinary.uuid)]}


def test_break_glass_is_refused_for_a_record_the_user_can_already_see(
    restricted: Person, owner: User, client_for: Callable[[User], Client]
) -> None:
    response = ask(client_for(owner), restricted.uuid, REASON)
    assert response.status_code == 200
    assert b"You can already see this record" in response.content
    assert not BreakGlass.objects.exists() and not Alert.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.COMMISSIONER, Role.PARTNER, Role.ADMINISTRATOR])
def test_break_glass_is_not_open_to_roles_without_it(
    role: Role, restricted: Person, client_for: Callable[[User], Client]
) -> None:
    user = factories.user(role)
    client = client_for(user)
    assert client.get(reverse("access:break_glass")).status_code == 403
    assert ask(client, restricted.uuid, REASON).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.break_glass(person=restricted, reason=REASON, by=user)
    assert not BreakGlass.objects.exists()
    # Analysts may view records but not this one; partners get 404 on every record's URL.
    assert client.get(detail(restricted)).status_code == (
        404 if role in (Role.ANALYST, Role.PARTNER) else 403
    )


def test_break_glass_action_requires_a_reason_of_ten_characters(restricted: Person, worker: User) -> None:
    with pytest.raises(ValidationError) as error:
        actions.break_glass(person=restricted, reason="  too   short ", by=worker)  # "too short": 9
    assert "reason" in error.value.message_dict
    grant = actions.break_glass(person=restricted, reason="ten chars!", by=worker)
    assert grant.reason == "ten chars!"
